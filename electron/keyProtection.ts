/**
 * Whether secrets can be protected by the operating system (Electron's safeStorage: DPAPI on
 * Windows, the Keychain on macOS, the Secret Service or KWallet on Linux). On Linux without a
 * keyring, safeStorage falls back to `basic_text` — a fixed, public key — and that is refused:
 * a secret stored so would only look protected.
 *
 * The device's signing key never passes through here: it is a non-extractable WebCrypto key in
 * IndexedDB, and a lost key is replaced by enrolling again with a new one.
 */
import type { SafeStorage } from 'electron';

export type SecretProtection = 'os_protected' | 'refused_basic_text' | 'unavailable';

type Storage = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'
>;

export function secretProtection(storage: Storage, platform: NodeJS.Platform): SecretProtection {
  if (!storage.isEncryptionAvailable()) return 'unavailable';
  if (platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text') return 'refused_basic_text';
  return 'os_protected';
}

export class SecretProtectionError extends Error {
  constructor(readonly protection: Exclude<SecretProtection, 'os_protected'>) {
    super(`secrets cannot be protected here (${protection})`);
  }
}

export function protectSecret(storage: Storage, platform: NodeJS.Platform, secret: string): Buffer {
  const protection = secretProtection(storage, platform);
  if (protection !== 'os_protected') throw new SecretProtectionError(protection);
  return storage.encryptString(secret);
}

export function revealSecret(storage: Storage, platform: NodeJS.Platform, sealed: Buffer): string {
  const protection = secretProtection(storage, platform);
  if (protection !== 'os_protected') throw new SecretProtectionError(protection);
  return storage.decryptString(sealed);
}
