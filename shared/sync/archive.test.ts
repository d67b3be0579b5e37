import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { closedDemoSession } from '../../test/support/closedSession';
import { generateSigner, nodeVerify } from '../../authority/nodeCrypto';
import { isWireError } from '../ledger/errors';
import { readArchive, retainUntil, sessionEvents, writeArchive } from './archive';

const info = {
  id: '0193a5b2-0000-7000-8000-00000000a001',
  session: '0193a5b2-0000-4000-8000-00000000a002',
  sessionName: '理论实操 2026 年第 5 期',
  site: 'WH-0301',
  device: '0193a5b2-0000-4000-8000-00000000a003',
  createdAt: '2026-12-02T16:00:00.000+08:00',
};

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isWireError(error) ? error.code : String(error);
  }
}

describe('the archive bundle', () => {
  const signer = generateSigner();
  const keyOf = (kid: string) => (kid === signer.kid ? signer.publicKey : undefined);
  const files = new Map([
    ['records/summary.pdf', strToU8('%PDF-1.7 summary')],
    ['events.json', strToU8('[]')],
  ]);

  it('is kept at least five years, and reads back exactly as written', async () => {
    expect(retainUntil('2026-12-02T16:00:00.000+08:00')).toBe('2031-12-02');
    expect(retainUntil('2028-02-29T09:00:00.000+08:00')).toBe('2033-03-01');
    const zip = await writeArchive(info, files, signer);
    const { manifest, files: read } = await readArchive(zip, keyOf, nodeVerify);
    expect(manifest).toMatchObject({ ...info, retainUntil: '2031-12-02', kind: 'kaodian.archive' });
    expect(new TextDecoder().decode(read.get('records/summary.pdf'))).toBe('%PDF-1.7 summary');
  });

  it('refuses a changed entry, an unlisted one, an unknown key and a path outside its layout', async () => {
    const zip = await writeArchive(info, files, signer);
    const entries = unzipSync(zip);
    const rezip = (changes: Record<string, Uint8Array>) => zipSync({ ...entries, ...changes });
    expect(await codeOf(readArchive(rezip({ 'records/summary.pdf': strToU8('%PDF forged') }), keyOf, nodeVerify))).toBe(
      'hash_mismatch',
    );
    expect(await codeOf(readArchive(rezip({ 'records/extra.pdf': strToU8('x') }), keyOf, nodeVerify))).toBe(
      'unlisted_entry',
    );
    expect(await codeOf(readArchive(zip, () => undefined, nodeVerify))).toBe('unknown_key');
    expect(await codeOf(readArchive(strToU8('not a zip'), keyOf, nodeVerify))).toBe('bad_zip');
    await expect(writeArchive(info, new Map([['../evil', strToU8('x')]]), signer)).rejects.toThrow(
      /not an archive entry/,
    );
  });

  it('holds the session’s events, those referring to them, and the specification and people they used', () => {
    const { site, chain } = closedDemoSession(5);
    const held = sessionEvents(chain.events, site.session);
    const types = new Set(held.map((e) => e.type));
    for (const type of [
      'spec.defined',
      'person.registered',
      'session.created',
      'candidate.registered',
      'score.submitted',
      'session.closed',
    ])
      expect(types).toContain(type);
    expect(sessionEvents(chain.events, '0193a5b2-0000-4000-8000-0000000000ff')).toEqual([]);
  });
});
