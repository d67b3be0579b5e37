/**
 * The archive bundle (考核档案) a closed session yields: every printed record as PDF, the
 * session's events as the ledger holds them, its photos, and a signed manifest with the
 * retention date (electronic records are kept at least 5 years, DESIGN.md §2). It is a zip like a
 * package (an `archive.json` manifest signed by the device, each entry listed with its SHA-256
 * and size), sealed like a package (FORMATS.md §5a) to the authority and the site's devices, and
 * kept by the authority (`authority archive keep`). docs/formats.md describes it.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { z } from 'zod';
import { canonicalBytes } from '../ledger/canonical';
import { WireError } from '../ledger/errors';
import { sha256Hex } from '../ledger/hash';
import { signDocument, verifyDocument, type Signer, type VerifySignature } from '../ledger/signing';
import { parseStrictJson } from '../ledger/strictJson';
import type { LedgerEvent } from '../ledger/event';
import { uuidPattern } from '../ledger/ids';
import { parseBody } from '../domain/events';

export const archiveManifestPath = 'archive.json';
/** Electronic records are kept at least this long (DESIGN.md §2, archive). */
export const archiveRetentionYears = 5;
/** An archive's entries: records, the events, photos; nothing else opens. */
const entryPattern = /^(records\/[a-z0-9-]{1,40}\.pdf|events\.json|photos\/[0-9a-f]{64})$/;
const maxArchiveBytes = 2 * 1024 * 1024 * 1024;

const archiveManifestSchema = z.strictObject({
  v: z.literal(1),
  kind: z.literal('kaodian.archive'),
  id: z.string().regex(uuidPattern),
  session: z.string().regex(uuidPattern),
  sessionName: z.string().max(200),
  site: z.string().max(32),
  device: z.string().regex(uuidPattern),
  kid: z.string(),
  createdAt: z.string(),
  /** The first day the archive may be discarded (YYYY-MM-DD): 5 years after it was made. */
  retainUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  entries: z.array(z.strictObject({ path: z.string().regex(entryPattern), sha256: z.string(), size: z.number() })),
  sig: z.string(),
});
export type ArchiveManifest = z.infer<typeof archiveManifestSchema>;

export interface ArchiveInfo {
  id: string;
  session: string;
  sessionName: string;
  site: string;
  device: string;
  createdAt: string;
}

/** The retention date of an archive made at `createdAt`: the same day, five years on. */
export function retainUntil(createdAt: string): string {
  const year = Number(createdAt.slice(0, 4)) + archiveRetentionYears;
  const day = createdAt.slice(5, 10) === '02-29' ? '03-01' : createdAt.slice(5, 10);
  return `${year}-${day}`;
}

/** Writes the archive zip: the signed manifest first, then every entry. */
export async function writeArchive(
  info: ArchiveInfo,
  files: ReadonlyMap<string, Uint8Array>,
  signer: Signer & { kid: string },
): Promise<Uint8Array> {
  const paths = [...files.keys()].sort();
  for (const path of paths) if (!entryPattern.test(path)) throw new Error(`not an archive entry: ${path}`);
  const manifest = await signDocument(
    {
      v: 1 as const,
      kind: 'kaodian.archive' as const,
      ...info,
      kid: signer.kid,
      retainUntil: retainUntil(info.createdAt),
      entries: paths.map((path) => ({ path, sha256: sha256Hex(files.get(path)!), size: files.get(path)!.length })),
    },
    signer,
  );
  const zippable: Zippable = { [archiveManifestPath]: [canonicalBytes(manifest), { level: 6 }] };
  for (const path of paths)
    zippable[path] = [files.get(path)!, { level: path.startsWith('photos/') || path.endsWith('.pdf') ? 0 : 6 }];
  return zipSync(zippable);
}

/**
 * Opens an archive zip: the manifest signed by the key `publicKeyOf` gives for its kid, exactly
 * the listed entries, each with its size and hash. Throws a WireError with the FORMATS code.
 */
export async function readArchive(
  zip: Uint8Array,
  publicKeyOf: (kid: string) => Uint8Array | undefined,
  verify: VerifySignature,
): Promise<{ manifest: ArchiveManifest; files: Map<string, Uint8Array> }> {
  if (zip.length > maxArchiveBytes) throw new WireError('too_large', 'the archive is larger than 2 GiB');
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    throw new WireError('bad_zip', 'the archive is not a readable zip');
  }
  const manifestBytes = entries[archiveManifestPath];
  if (!manifestBytes) throw new WireError('missing_entry', `the archive has no ${archiveManifestPath}`);
  const parsed = archiveManifestSchema.safeParse(parseStrictJson(manifestBytes));
  if (!parsed.success) throw new WireError('bad_schema', 'the archive manifest is malformed');
  const manifest = parsed.data;
  const key = publicKeyOf(manifest.kid);
  if (!key) throw new WireError('unknown_key', `the archive was signed by an unknown key ${manifest.kid}`);
  if (!(await verifyDocument(manifest, key, verify)))
    throw new WireError('bad_signature', 'the archive manifest signature does not verify');
  const files = new Map<string, Uint8Array>();
  for (const path of Object.keys(entries)) {
    if (path === archiveManifestPath) continue;
    if (!manifest.entries.some((e) => e.path === path))
      throw new WireError('unlisted_entry', `the archive holds ${path}, which its manifest does not list`);
  }
  for (const entry of manifest.entries) {
    const bytes = entries[entry.path];
    if (!bytes) throw new WireError('missing_entry', `the archive lacks ${entry.path}`);
    if (bytes.length !== entry.size || sha256Hex(bytes) !== entry.sha256)
      throw new WireError('hash_mismatch', `${entry.path} does not match its manifest entry`);
    files.set(entry.path, bytes);
  }
  return { manifest, files };
}

const referenceMembers = ['amends', 'misconduct', 'request'] as const;

/**
 * The events an archive of a session holds: those naming the session, those naming an event of
 * it (an amendment, a confirmation, a review's decision), the certificate numbers for it, and the
 * specification and people it used. In the ledger's order.
 */
export function sessionEvents(events: readonly LedgerEvent[], session: string): LedgerEvent[] {
  const included = new Set<string>();
  const specs = new Set<string>();
  const people = new Set<string>();
  for (const e of events) {
    if (e.body.session !== session) continue;
    included.add(e.id);
    if (e.type === 'session.created') specs.add(`${String(e.body.spec)}@${String(e.body.specVersion)}`);
    if (typeof e.body.person === 'string') people.add(e.body.person);
    people.add(e.actor);
  }
  for (const e of events) {
    const refersToSession = referenceMembers.some((m) => included.has(String(e.body[m] ?? '')));
    const certificates =
      e.type === 'certificates.assigned' &&
      parseBody('certificates.assigned', e.body)?.certificates.some((c) => c.session === session);
    if (refersToSession || certificates) {
      included.add(e.id);
      people.add(e.actor);
    }
  }
  return events.filter((e) => {
    if (included.has(e.id)) return true;
    if (e.type === 'spec.defined') {
      const spec = parseBody('spec.defined', e.body)?.spec;
      return spec !== undefined && specs.has(`${spec.code}@${spec.version}`);
    }
    return (e.type === 'person.registered' || e.type === 'person.updated') && people.has(String(e.body.person));
  });
}
