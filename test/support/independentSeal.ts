/**
 * A second, independent reading of FORMATS.md §5a, written from the text with node:crypto's
 * classic API (no WebCrypto, nothing from shared/): the check that the app's, the authority's
 * and kdpkg's sealed packages follow the format rather than the code that wrote them.
 */
import {
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  hkdfSync,
  verify,
  type KeyObject,
} from 'node:crypto';

const magic = Buffer.from('KDSEAL1\n');
const pkcs8Prefix = Buffer.from('302e020100300506032b656e04220420', 'hex');
const x25519SpkiPrefix = Buffer.from('302a300506032b656e032100', 'hex');
const ed25519SpkiPrefix = Buffer.from('302a300506032b6570032100', 'hex');

const b64 = (text: string) => Buffer.from(text, 'base64url');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest();

/** JCS for what a header holds (objects, arrays, ASCII strings, safe integers, null). */
function jcs(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(jcs).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${jcs((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

function signedBy(document: Record<string, unknown>, publicKey: Buffer): boolean {
  const { sig, ...rest } = document;
  const key = createPublicKey({ key: Buffer.concat([ed25519SpkiPrefix, publicKey]), format: 'der', type: 'spki' });
  return verify(null, Buffer.from(jcs(rest)), key, b64(sig as string));
}

export interface IndependentlyOpened {
  header: Record<string, unknown>;
  plain: Buffer;
}

/**
 * Opens a sealed package with a raw X25519 private key (32 bytes, hex), checking the header's
 * signature under its cert (verified under `authorityPub`) or under `authorityPub` itself.
 * Throws a plain Error saying what failed.
 */
export function openSealedIndependently(
  file: Uint8Array,
  sealSeedHex: string,
  authorityPub: string,
): IndependentlyOpened {
  const bytes = Buffer.from(file);
  if (!bytes.subarray(0, magic.length).equals(magic)) throw new Error('no KDSEAL1 magic');
  const end = bytes.indexOf(0x0a, magic.length);
  const headerBytes = bytes.subarray(magic.length, end);
  const header = JSON.parse(headerBytes.toString('utf8')) as Record<string, unknown>;
  if (jcs(header) !== headerBytes.toString('utf8')) throw new Error('header is not canonical');
  if (header.chunk !== 1_048_576) throw new Error('chunk is not 1 MiB');

  const authority = b64(authorityPub);
  const cert = header.cert as Record<string, unknown> | null;
  let packer = authority;
  if (cert) {
    if (!signedBy(cert, authority)) throw new Error('the cert is not signed by the authority');
    if (cert.deviceKid !== header.kid || cert.device !== header.by) throw new Error('the cert is not the packer’s');
    packer = b64(cert.devicePub as string);
  }
  if (!signedBy(header, packer)) throw new Error('the header signature does not verify');

  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([pkcs8Prefix, Buffer.from(sealSeedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });
  const myPub = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
  const myKid = sha256(myPub).toString('hex').slice(0, 32);
  const entry = (header.recipients as { kid: string; epk: string; key: string }[]).find((r) => r.kid === myKid);
  if (!entry) throw new Error('not a recipient');
  const epk = b64(entry.epk);
  const shared = diffieHellman({
    privateKey,
    publicKey: createPublicKey({ key: Buffer.concat([x25519SpkiPrefix, epk]), format: 'der', type: 'spki' }),
  });
  const w = Buffer.from(hkdfSync('sha256', shared, Buffer.concat([epk, myPub]), 'kaodian.seal.v1', 32));
  const wrapped = b64(entry.key);
  const unwrap = createDecipheriv('aes-256-gcm', w, Buffer.alloc(12));
  unwrap.setAuthTag(wrapped.subarray(32));
  const payloadKey = Buffer.concat([unwrap.update(wrapped.subarray(0, 32)), unwrap.final()]);

  const size = header.size as number;
  const count = Math.max(1, Math.ceil(size / 1_048_576));
  const aad = sha256(headerBytes);
  const pieces: Buffer[] = [];
  let offset = end + 1;
  for (let i = 0; i < count; i += 1) {
    const length = Math.min(1_048_576, size - i * 1_048_576);
    const sealed = bytes.subarray(offset, offset + length + 16);
    if (sealed.length !== length + 16) throw new Error(`chunk ${i} is cut short`);
    offset += length + 16;
    const nonce = Buffer.alloc(12);
    nonce.writeUIntBE(i, 5, 6); // i fits in 48 bits; bytes 0–4 stay zero
    nonce[11] = i === count - 1 ? 1 : 0;
    const decipher = createDecipheriv('aes-256-gcm', payloadKey, nonce);
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(length));
    pieces.push(decipher.update(sealed.subarray(0, length)), decipher.final());
  }
  if (offset !== bytes.length) throw new Error('bytes follow the last chunk');
  const plain = Buffer.concat(pieces);
  if (plain.length !== size) throw new Error('the total is not the header’s size');
  return { header, plain };
}
