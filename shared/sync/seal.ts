/**
 * Sealed packages (FORMATS.md §5a): the plain package encrypted to its recipients, so that a lost
 * USB stick shows nothing but the site code, who sealed it and the recipients' key ids.
 *
 *   "KDSEAL1\n" | bytes(H) | "\n" | chunk 0 | … | chunk n−1
 *
 * A random payload key P encrypts the package in 1 MiB AES-256-GCM chunks bound to the signed
 * header H; each recipient gets P wrapped under HKDF(X25519(ephemeral, recipient)). The crypto is
 * WebCrypto's, which Chromium and Node both have: `SealCrypto` is the part of it used here.
 */
import { fromBase64url, toBase64url } from '../ledger/base64url';
import { canonicalBytes, canonicalize } from '../ledger/canonical';
import { WireError } from '../ledger/errors';
import { sha256Bytes } from '../ledger/hash';
import { kidOf, signDocument, verifyDocument, type Signer, type VerifySignature } from '../ledger/signing';
import { decodeUtf8, parseStrictJson } from '../ledger/strictJson';
import { sealChunkBytes, sealedHeaderSchema, type EnrollReply, type SealedHeader } from './schemas';

const encoder = new TextEncoder();
export const sealMagic = encoder.encode('KDSEAL1\n');
const newline = 0x0a;
/** A header with a cert and 1,000 recipients is about 130 KiB; anything past this is not a header. */
const maxHeaderBytes = 1024 * 1024;
const wrapInfo = encoder.encode('kaodian.seal.v1');
const tagBytes = 16;
/** PKCS #8 of an X25519 private key is this prefix and the raw 32 bytes (RFC 8410). */
const x25519Pkcs8Prefix = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20,
]);

type Bytes = Uint8Array<ArrayBuffer>;

/** The part of WebCrypto's SubtleCrypto that sealing uses (Chromium's and node:crypto's webcrypto alike). */
export interface SealSubtle {
  importKey(
    format: 'raw' | 'pkcs8',
    keyData: Bytes,
    algorithm: { name: string },
    extractable: boolean,
    keyUsages: ('deriveBits' | 'encrypt' | 'decrypt')[],
  ): Promise<unknown>;
  exportKey(format: 'jwk', key: never): Promise<{ x?: string }>;
  deriveBits(
    algorithm: { name: 'X25519'; public: never } | { name: 'HKDF'; hash: string; salt: Bytes; info: Bytes },
    baseKey: never,
    length: number,
  ): Promise<ArrayBuffer>;
  encrypt(
    algorithm: { name: 'AES-GCM'; iv: Bytes; additionalData?: Bytes },
    key: never,
    data: Bytes,
  ): Promise<ArrayBuffer>;
  decrypt(
    algorithm: { name: 'AES-GCM'; iv: Bytes; additionalData?: Bytes },
    key: never,
    data: Bytes,
  ): Promise<ArrayBuffer>;
}

export interface SealCrypto {
  readonly subtle: SealSubtle;
  getRandomValues(array: Bytes): Bytes;
}

/** A key that can open packages sealed to it: a device's (non-extractable) or the authority's. */
export interface SealIdentity {
  /** The raw 32-byte X25519 public key. */
  publicKey: Uint8Array;
  /** The private half as a WebCrypto key usable for X25519 `deriveBits`. */
  privateKey: unknown;
}

/** A seal kid, like a signing kid: the first 32 hex characters of SHA-256(raw public key). */
export const sealKidOf = kidOf;

function copy(bytes: Uint8Array): Bytes {
  return new Uint8Array(bytes) as Bytes;
}

/** The parts one after another, in one new array. */
export function concatBytes(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out as Bytes;
}

/** An X25519 private key from its raw 32 bytes (extractable, so its public half can be read). */
export async function x25519PrivateKey(crypto: SealCrypto, seed: Uint8Array): Promise<unknown> {
  if (seed.length !== 32) throw new Error('an X25519 private key is 32 bytes');
  return crypto.subtle.importKey('pkcs8', concatBytes(x25519Pkcs8Prefix, seed), { name: 'X25519' }, true, [
    'deriveBits',
  ]);
}

/** The public half of an extractable X25519 private key. */
export async function x25519PublicKey(crypto: SealCrypto, privateKey: unknown): Promise<Uint8Array> {
  const { x } = await crypto.subtle.exportKey('jwk', privateKey as never);
  const raw = x === undefined ? undefined : fromBase64url(x);
  if (raw?.length !== 32) throw new Error('not an X25519 private key');
  return raw;
}

/** The seal identity of a raw 32-byte private key (the authority's key file, the demo, test vectors). */
export async function sealIdentityFromSeed(crypto: SealCrypto, seed: Uint8Array): Promise<SealIdentity> {
  const privateKey = await x25519PrivateKey(crypto, seed);
  return { privateKey, publicKey: await x25519PublicKey(crypto, privateKey) };
}

async function agree(crypto: SealCrypto, privateKey: unknown, publicKey: Uint8Array): Promise<Uint8Array> {
  const peer = await crypto.subtle.importKey('raw', copy(publicKey), { name: 'X25519' }, true, []);
  return new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'X25519', public: peer as never }, privateKey as never, 256),
  );
}

/** w = HKDF-SHA-256(ikm s, salt epk ‖ recipient public, info "kaodian.seal.v1"), as an AES-GCM key. */
async function wrappingKey(crypto: SealCrypto, shared: Uint8Array, epk: Uint8Array, recipient: Uint8Array) {
  const ikm = await crypto.subtle.importKey('raw', copy(shared), { name: 'HKDF' }, false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: concatBytes(epk, recipient), info: copy(wrapInfo) },
    ikm as never,
    256,
  );
  return aesKey(crypto, new Uint8Array(bits));
}

function aesKey(crypto: SealCrypto, raw: Uint8Array) {
  return crypto.subtle.importKey('raw', copy(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** Chunk i's nonce: i as 11 bytes big-endian, then 1 for the last chunk and 0 otherwise. */
function chunkNonce(index: number, last: boolean): Bytes {
  const nonce = new Uint8Array(12);
  let rest = index;
  for (let at = 10; at >= 0 && rest > 0; at -= 1) {
    nonce[at] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  nonce[11] = last ? 1 : 0;
  return nonce as Bytes;
}

/** How many chunks a package of `size` bytes is cut into (one empty chunk for an empty package). */
export function chunkCount(size: number): number {
  return Math.max(1, Math.ceil(size / sealChunkBytes));
}

/** The length of the encrypted body for a package of `size` bytes: each chunk and its tag. */
export function sealedBodyLength(size: number): number {
  return size + chunkCount(size) * tagBytes;
}

export interface SealOptions {
  /** The packer's signing key; its cert (null for the authority) goes in the header. */
  signer: Signer & { kid: string };
  cert: EnrollReply | null;
  /** The recipients' raw X25519 public keys (the authority's, the packer's own, the site's devices). */
  recipients: readonly Uint8Array[];
  crypto: SealCrypto;
  /** Test vectors only: a fixed payload key and one ephemeral private key per recipient. */
  fixed?: { payloadKey: Uint8Array; ephemeralSeeds: readonly Uint8Array[] };
  /** Called after each chunk is sealed (done, total), for the progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** The fields the header repeats from the inner manifest. */
export interface SealedPackageInfo {
  id: string;
  createdAt: string;
  by: string;
  site: string;
}

/** Seals a plain package (its bytes as written by writePackage) to its recipients. */
export async function sealPackage(
  plain: Uint8Array,
  info: SealedPackageInfo,
  options: SealOptions,
): Promise<Uint8Array> {
  const { crypto, fixed } = options;
  const random = (n: number) => crypto.getRandomValues(new Uint8Array(n) as Bytes);
  const byKid = new Map<string, Uint8Array>();
  for (const key of options.recipients) {
    if (key.length !== 32) throw new Error('a seal public key is 32 bytes');
    byKid.set(sealKidOf(key), key);
  }
  const payloadKey = fixed?.payloadKey ?? random(32);
  const recipients: SealedHeader['recipients'] = [];
  for (const [kid, recipient] of byKid) {
    const ephemeral = await x25519PrivateKey(crypto, fixed?.ephemeralSeeds[recipients.length] ?? random(32));
    const epk = await x25519PublicKey(crypto, ephemeral);
    const w = await wrappingKey(crypto, await agree(crypto, ephemeral, recipient), epk, recipient);
    const wrapped = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: new Uint8Array(12) as Bytes },
      w as never,
      copy(payloadKey),
    );
    recipients.push({ kid, epk: toBase64url(epk), key: toBase64url(new Uint8Array(wrapped)) });
  }
  const header = await signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.sealed' as const,
      id: info.id,
      createdAt: info.createdAt,
      by: info.by,
      kid: options.signer.kid,
      site: info.site,
      cert: options.cert,
      size: plain.length,
      chunk: sealChunkBytes,
      recipients,
    },
    options.signer,
  );
  const headerBytes = canonicalBytes(header);
  const aad = copy(sha256Bytes(headerBytes));
  const key = await aesKey(crypto, payloadKey);
  const start = sealMagic.length + headerBytes.length + 1;
  const out = new Uint8Array(start + sealedBodyLength(plain.length));
  out.set(sealMagic, 0);
  out.set(headerBytes, sealMagic.length);
  out[start - 1] = newline;
  const total = chunkCount(plain.length);
  let offset = start;
  for (let i = 0; i < total; i += 1) {
    const piece = plain.subarray(i * sealChunkBytes, (i + 1) * sealChunkBytes);
    const sealed = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: chunkNonce(i, i === total - 1), additionalData: aad },
      key as never,
      copy(piece),
    );
    out.set(new Uint8Array(sealed), offset);
    offset += sealed.byteLength;
    options.onProgress?.(i + 1, total);
  }
  return out;
}

export function isSealed(prefix: Uint8Array): boolean {
  return prefix.length >= sealMagic.length && sealMagic.every((byte, i) => prefix[i] === byte);
}

export interface SealedFile {
  header: SealedHeader;
  /** bytes(H) as it came (canonical: checked). */
  headerBytes: Uint8Array;
  /** The encrypted chunks. */
  body: Uint8Array;
}

/**
 * Reads the header of a sealed file: strict canonical JSON of exactly the members of §5a, a size
 * of at most 2 GiB, a chunk of 1 MiB, and a body exactly as long as those say. Any fault is `bad_seal`.
 */
export function readSealedFile(bytes: Uint8Array): SealedFile {
  if (!isSealed(bytes)) throw new WireError('bad_seal', 'not a sealed package');
  const end = bytes.subarray(0, sealMagic.length + maxHeaderBytes).indexOf(newline, sealMagic.length);
  if (end < 0) throw new WireError('bad_seal', 'the sealed header does not end');
  const headerBytes = bytes.subarray(sealMagic.length, end);
  let value: unknown;
  try {
    value = parseStrictJson(headerBytes);
  } catch {
    throw new WireError('bad_seal', 'the sealed header is not strict JSON');
  }
  if (canonicalize(value) !== decodeUtf8(headerBytes))
    throw new WireError('bad_seal', 'the sealed header is not canonical JSON');
  const parsed = sealedHeaderSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WireError(
      'bad_seal',
      `sealed header: ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const header = parsed.data;
  const body = bytes.subarray(end + 1);
  const expected = sealedBodyLength(header.size);
  if (body.length < expected) throw new WireError('bad_seal', 'the sealed package is cut short (a chunk is missing)');
  if (body.length > expected) throw new WireError('bad_seal', 'bytes follow the last chunk of the sealed package');
  return { header, headerBytes, body };
}

/** Checks the header's signature under the packer's key; a wrong one is `bad_seal`. */
export async function verifySealedHeader(
  file: SealedFile,
  packerKey: Uint8Array,
  verify: VerifySignature,
): Promise<void> {
  if (!(await verifyDocument(file.header, packerKey, verify)))
    throw new WireError('bad_seal', 'the sealed header signature does not verify');
}

/**
 * Opens a sealed file whose header has been verified: finds this holder among the recipients
 * (`not_recipient` otherwise, naming who sealed it), unwraps the payload key and decrypts every
 * chunk (`bad_seal` on any failure). Returns the plain package only after the last chunk verifies.
 */
export async function unsealPackage(
  file: SealedFile,
  identities: readonly SealIdentity[],
  crypto: SealCrypto,
): Promise<Uint8Array> {
  const { header } = file;
  const mine = identities
    .map((identity) => ({ identity, entry: header.recipients.find((r) => r.kid === sealKidOf(identity.publicKey)) }))
    .find((match) => match.entry !== undefined);
  if (!mine?.entry)
    throw new WireError('not_recipient', `the package sealed by ${header.by} is not addressed to this holder`, {
      by: header.by,
      site: header.site,
    });
  const epk = fromBase64url(mine.entry.epk)!;
  let payloadKey: Uint8Array;
  try {
    const w = await wrappingKey(
      crypto,
      await agree(crypto, mine.identity.privateKey, epk),
      epk,
      mine.identity.publicKey,
    );
    payloadKey = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(12) as Bytes },
        w as never,
        copy(fromBase64url(mine.entry.key)!),
      ),
    );
  } catch {
    throw new WireError('bad_seal', 'the wrapped payload key does not open');
  }
  const key = await aesKey(crypto, payloadKey);
  const aad = copy(sha256Bytes(file.headerBytes));
  const plain = new Uint8Array(header.size);
  const total = chunkCount(header.size);
  let offset = 0;
  for (let i = 0; i < total; i += 1) {
    const plainLength = Math.min(sealChunkBytes, header.size - i * sealChunkBytes);
    const sealed = file.body.subarray(offset, offset + plainLength + tagBytes);
    offset += sealed.length;
    let opened: ArrayBuffer;
    try {
      opened = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: chunkNonce(i, i === total - 1), additionalData: aad },
        key as never,
        copy(sealed),
      );
    } catch {
      throw new WireError('bad_seal', `chunk ${i} of the sealed package does not decrypt`);
    }
    plain.set(new Uint8Array(opened), i * sealChunkBytes);
  }
  return plain;
}
