/**
 * PIN lockout: after 5 wrong PINs in a row the person is locked out, for a time that doubles
 * with each further lockout (1, 2, 4 … minutes, at most 24 hours). A right PIN resets the count.
 */
export const maxPinAttempts = 5;
const baseLockMs = 60_000;
const maxLockMs = 24 * 60 * 60_000;

export interface PinAttempts {
  failures: number;
  lockouts: number;
  lockedUntil: number;
}

export const noAttempts: PinAttempts = { failures: 0, lockouts: 0, lockedUntil: 0 };

export function isLocked(attempts: PinAttempts, now: number): boolean {
  return attempts.lockedUntil > now;
}

export function afterFailure(attempts: PinAttempts, now: number): PinAttempts {
  const failures = attempts.failures + 1;
  if (failures < maxPinAttempts) return { ...attempts, failures };
  const lockouts = attempts.lockouts + 1;
  return { failures: 0, lockouts, lockedUntil: now + Math.min(maxLockMs, baseLockMs * 2 ** (lockouts - 1)) };
}

export function afterSuccess(): PinAttempts {
  return noAttempts;
}

/** PINs are 4 to 8 digits. */
export function isValidPin(pin: string): boolean {
  return /^\d{4,8}$/.test(pin);
}
