/**
 * The journal at rest (issue 16): each append is one sealed record line, `kdj1:` and
 * base64url(12-byte nonce ‖ AES-256-GCM(K, the appended lines)), and the marker's settings
 * snapshot (PIN verifiers, the site profile) is sealed the same way. The marker's counts, device
 * and head hash stay readable, so the loss alarm works before anyone gives a key.
 *
 * K lives in the device's database for everyday use and, for a restore after that database is
 * lost, in a key file beside the journal: sealed by the operating system (Electron's safeStorage,
 * DPAPI on Windows) or, where there is none (browser mode), wrapped under the site manager's PIN.
 */
import { z } from 'zod';
import type { SealCrypto } from '../sync/seal';
import { fromBase64url, toBase64url } from './base64url';

export const sealedRecordPrefix = 'kdj1:';

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
export const journalKeyEnvelopeSchema = z.discriminatedUnion('protection', [
  z.strictObject({
    v: z.literal(1),
    kind: z.literal('kaodian.journal-key'),
    /** K sealed by the operating system (safeStorage), base64url. */
    protection: z.literal('os'),
    sealed: base64url,
  }),
  z.strictObject({
    v: z.literal(1),
    kind: z.literal('kaodian.journal-key'),
    /** K wrapped under PBKDF2-SHA-256(the site manager's PIN, salt). */
    protection: z.literal('pin'),
    salt: base64url,
    iterations: z.number().int().min(100_000),
    wrapped: base64url,
  }),
]);
export type JournalKeyEnvelope = z.infer<typeof journalKeyEnvelopeSchema>;

type Bytes = Uint8Array<ArrayBuffer>;

/** K as a WebCrypto AES-GCM key (extractable, so that it can be wrapped again under a new PIN). */
export function importJournalKey(crypto: SealCrypto, raw: Uint8Array): Promise<unknown> {
  return crypto.subtle.importKey('raw', new Uint8Array(raw) as Bytes, { name: 'AES-GCM' }, true, [
    'encrypt',
    'decrypt',
  ]);
}

export async function encryptBytes(crypto: SealCrypto, key: unknown, plain: Uint8Array): Promise<Uint8Array> {
  const nonce = crypto.getRandomValues(new Uint8Array(12) as Bytes);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce }, key as never, new Uint8Array(plain) as Bytes),
  );
  const out = new Uint8Array(12 + sealed.length);
  out.set(nonce);
  out.set(sealed, 12);
  return out;
}

export class JournalKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalKeyError';
  }
}

export async function decryptBytes(crypto: SealCrypto, key: unknown, sealed: Uint8Array): Promise<Uint8Array> {
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: new Uint8Array(sealed.subarray(0, 12)) as Bytes },
        key as never,
        new Uint8Array(sealed.subarray(12)) as Bytes,
      ),
    );
  } catch {
    throw new JournalKeyError('the journal does not open with this key');
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One sealed record (no newline): what an append of `text` writes. */
export async function sealJournalText(crypto: SealCrypto, key: unknown, text: string): Promise<string> {
  return `${sealedRecordPrefix}${toBase64url(await encryptBytes(crypto, key, encoder.encode(text)))}`;
}

export function isSealedText(text: string): boolean {
  return text.startsWith(sealedRecordPrefix);
}

export async function openJournalText(crypto: SealCrypto, key: unknown, record: string): Promise<string> {
  const bytes = isSealedText(record) ? fromBase64url(record.slice(sealedRecordPrefix.length)) : undefined;
  if (!bytes) throw new JournalKeyError('not a sealed journal record');
  return decoder.decode(await decryptBytes(crypto, key, bytes));
}

/**
 * The journal as stored → its plain event lines. Plain lines (a journal from before sealing) pass
 * through; each sealed record is opened. A last line without its newline (a crash mid-append) is
 * passed on as it is, for readJournal to set aside as torn.
 */
export async function openJournal(crypto: SealCrypto, key: unknown | undefined, stored: string): Promise<string> {
  const lines = stored.split('\n');
  const torn = lines.pop() ?? '';
  let out = '';
  for (const line of lines) {
    if (!isSealedText(line)) out += `${line}\n`;
    else if (key === undefined) throw new JournalKeyError('the journal is sealed and no key was given');
    else out += await openJournalText(crypto, key, line);
  }
  return isSealedText(torn) ? out : out + torn;
}
