import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { uuidV4 } from '../../shared/ledger/ids';
import { checkPin, hasPin, isCurrentPin, makeCredential, setPin } from './credentials';
import { KaodianDatabase } from './database';

let db: KaodianDatabase;
afterEach(async () => {
  await db.delete();
});

describe('PIN credentials', () => {
  it('store only a PBKDF2 verifier, with 600,000 iterations', async () => {
    db = new KaodianDatabase(`cred-${uuidV4()}`);
    const person = uuidV4();
    await setPin(person, '2468', db);
    const row = (await db.credentials.get(person))!;
    expect(row.iterations).toBeGreaterThanOrEqual(600_000);
    expect(JSON.stringify(row)).not.toContain('2468');
    expect(await hasPin(person, db)).toBe(true);
    expect(await checkPin(person, '2468', Date.now(), db)).toEqual({ result: 'ok' });
  });

  it('lock a person out after five wrong PINs, for longer each time', async () => {
    db = new KaodianDatabase(`cred-${uuidV4()}`);
    const person = uuidV4();
    await setPin(person, '1357', db);
    let now = 1_000_000;
    for (let i = 4; i >= 1; i -= 1)
      expect(await checkPin(person, '0000', now, db)).toEqual({ result: 'wrong', remaining: i });
    expect(await checkPin(person, '0000', now, db)).toEqual({ result: 'locked', until: now + 60_000 });
    // Even the right PIN is refused while locked.
    expect(await checkPin(person, '1357', now + 1_000, db)).toEqual({ result: 'locked', until: now + 60_000 });
    now += 61_000;
    for (let i = 0; i < 4; i += 1) await checkPin(person, '0000', now, db);
    expect(await checkPin(person, '0000', now, db)).toEqual({ result: 'locked', until: now + 120_000 });
    now += 121_000;
    expect(await checkPin(person, '1357', now, db)).toEqual({ result: 'ok' });
  }, 60_000);

  it('refuse a PIN that is not 4–8 digits, and say when a person has none here', async () => {
    db = new KaodianDatabase(`cred-${uuidV4()}`);
    await expect(setPin(uuidV4(), '12', db)).rejects.toThrow();
    await expect(setPin(uuidV4(), 'abcd', db)).rejects.toThrow();
    expect(await checkPin(uuidV4(), '1234', Date.now(), db)).toEqual({ result: 'no_pin' });
  });

  it('a PIN someone else set is one-time: right, it is must_change until the owner chooses their own', async () => {
    db = new KaodianDatabase(`cred-${uuidV4()}`);
    const person = uuidV4();
    await db.credentials.put(await makeCredential(person, '2222', true));
    expect(await checkPin(person, '2222', Date.now(), db)).toEqual({ result: 'must_change' });
    expect(await checkPin(person, '9999', Date.now(), db)).toMatchObject({ result: 'wrong' });
    expect(await isCurrentPin(person, '2222', db)).toBe(true);
    await setPin(person, '2468', db);
    expect(await isCurrentPin(person, '2222', db)).toBe(false);
    expect(await checkPin(person, '2468', Date.now(), db)).toEqual({ result: 'ok' });
  });
});
