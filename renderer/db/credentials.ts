/** PIN credentials on this device, with lockout after repeated wrong PINs (shared/domain/lockout.ts). */
import { afterFailure, afterSuccess, isLocked, isValidPin, noAttempts } from '../../shared/domain/lockout';
import { derivePinHash, newSalt, pinIterations, sameBytes } from '../auth/pin';
import { database, type CredentialRow, type KaodianDatabase } from './database';

export type PinCheck =
  | { result: 'ok' }
  /** The right PIN, but one someone else set: its owner must choose their own before acting. */
  | { result: 'must_change' }
  | { result: 'wrong'; remaining: number }
  | { result: 'locked'; until: number }
  | { result: 'no_pin' };

/**
 * A PIN's verifier for a person (PBKDF2, slow on purpose): made before a transaction that writes it.
 * `oneTime`: set by someone other than the person (a one-time PIN, with a `pin.reset` event).
 */
export async function makeCredential(person: string, pin: string, oneTime = false): Promise<CredentialRow> {
  if (!isValidPin(pin)) throw new Error('a PIN is 4 to 8 digits');
  const salt = newSalt();
  return {
    person,
    salt,
    hash: await derivePinHash(pin, salt),
    iterations: pinIterations,
    attempts: noAttempts,
    ...(oneTime ? { mustChange: true } : {}),
  };
}

export async function setPin(person: string, pin: string, db: KaodianDatabase = database()): Promise<void> {
  await db.credentials.put(await makeCredential(person, pin));
}

/** Whether `pin` is the person's current PIN (a one-time PIN is not kept as one's own). Counts no attempt. */
export async function isCurrentPin(person: string, pin: string, db: KaodianDatabase = database()): Promise<boolean> {
  const row = await db.credentials.get(person);
  return row !== undefined && sameBytes(await derivePinHash(pin, row.salt, row.iterations), row.hash);
}

export async function hasPin(person: string, db: KaodianDatabase = database()): Promise<boolean> {
  return (await db.credentials.get(person)) !== undefined;
}

export async function peopleWithPins(db: KaodianDatabase = database()): Promise<Set<string>> {
  return new Set((await db.credentials.toCollection().primaryKeys()) as string[]);
}

export async function checkPin(
  person: string,
  pin: string,
  now: number = Date.now(),
  db: KaodianDatabase = database(),
): Promise<PinCheck> {
  const row = await db.credentials.get(person);
  if (!row) return { result: 'no_pin' };
  if (isLocked(row.attempts, now)) return { result: 'locked', until: row.attempts.lockedUntil };
  // Derived outside any transaction: it takes a moment, on purpose.
  const hash = await derivePinHash(pin, row.salt, row.iterations);
  const right = sameBytes(hash, row.hash);
  return db.transaction('rw', db.credentials, async () => {
    const current = (await db.credentials.get(person))!;
    if (right) {
      await db.credentials.put({ ...current, attempts: afterSuccess() });
      return current.mustChange ? ({ result: 'must_change' } as const) : ({ result: 'ok' } as const);
    }
    const attempts = afterFailure(current.attempts, now);
    await db.credentials.put({ ...current, attempts });
    if (isLocked(attempts, now)) return { result: 'locked', until: attempts.lockedUntil } as const;
    return { result: 'wrong', remaining: 5 - attempts.failures } as const;
  });
}
