import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../shared/ledger/hash';
import { webCryptoEntrySha256 } from './webCrypto';

describe('the native entry hash', () => {
  it('gives the pure-JS SHA-256, byte for byte, from empty to megabytes', async () => {
    for (const size of [0, 1, 55, 56, 64, 1000, 65_537, 3 * 1024 * 1024 + 7]) {
      const bytes = Uint8Array.from({ length: size }, (_, i) => (i * 31 + size) & 255);
      expect([size, await webCryptoEntrySha256(bytes)]).toEqual([size, sha256Hex(bytes)]);
    }
  });
});
