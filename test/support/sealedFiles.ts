/** Taking a sealed package apart and putting it back together, for the tests that tamper with one. */
import { canonicalBytes } from '../../shared/ledger/canonical';
import { signDocument, type Signer } from '../../shared/ledger/signing';
import { readSealedFile, sealMagic } from '../../shared/sync/seal';

/** The header (as a plain object to change), its bytes, and the encrypted body. */
export function sealedParts(bytes: Uint8Array) {
  const file = readSealedFile(bytes);
  return { ...file, header: structuredClone(file.header) as Record<string, unknown> };
}

/** "KDSEAL1\n" | header | "\n" | body, whatever the parts say. */
export function joinSealed(headerBytes: Uint8Array, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(sealMagic.length + headerBytes.length + 1 + body.length);
  out.set(sealMagic);
  out.set(headerBytes, sealMagic.length);
  out[sealMagic.length + headerBytes.length] = 0x0a;
  out.set(body, sealMagic.length + headerBytes.length + 1);
  return out;
}

/** A changed header signed again (by the packer, or by `signer`), as bytes(H). */
export async function resignedHeader(header: Record<string, unknown>, signer: Signer): Promise<Uint8Array> {
  const { sig: _sig, ...unsigned } = header;
  return canonicalBytes(await signDocument(unsigned, signer));
}

export function flipByte(bytes: Uint8Array, at: number): Uint8Array {
  const out = bytes.slice();
  out[at]! ^= 1;
  return out;
}
