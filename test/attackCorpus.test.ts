/**
 * The attack corpus (test/attack-corpus/) against a real authority (HTTP API, SQLite): each
 * hostile input gets its prescribed answer, nothing it rejects changes the database (only the
 * quarantine, which keeps rejected input for review), and the files are exactly what
 * test/attackCorpus.ts makes.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDevice, corpusDir, makeCorpus, type CorpusCase } from './attackCorpus';
import { corpusAuthority, expectQuarantined } from './support/corpusAuthority';
import { engines } from './support/engines';

const index = JSON.parse(await readFile(path.join(corpusDir, 'index.json'), 'utf8')) as CorpusCase[];
const file = (name: string) => readFile(path.join(corpusDir, name)).then((b) => new Uint8Array(b));

describe('the attack corpus', { timeout: 60_000 }, () => {
  it('is exactly what test/attackCorpus.ts makes', async () => {
    const { cases, files } = await makeCorpus();
    expect(cases).toEqual(index);
    expect((await readdir(corpusDir)).sort()).toEqual([...files.keys(), 'index.json'].sort());
    // Compared as buffers: a deep comparison of a 2.7 MB file byte by byte takes half a minute.
    for (const [name, bytes] of files)
      expect(Buffer.from(await file(name)).equals(Buffer.from(bytes)), name).toBe(true);
  });

  it.each(engines.flatMap((engine) => index.map((c) => [c.name, engine, c] as const)))(
    '%s (%s): answered as prescribed, and a rejection changes nothing',
    async (_name, engine, c) => {
      const authority = await corpusAuthority({ engine });
      try {
        for (const before of c.before ?? [])
          expect((await authority.post('batches', await file(before))).statusCode).toBe(200);
        const held = await authority.fingerprint();
        const quarantinedBefore = await authority.quarantined();
        const bytes = await file(c.file);
        const response = await authority.post(c.route, bytes, c.contentType);
        const body = response.json() as {
          error?: string;
          accepted?: number;
          duplicate?: number;
          batches?: { status: string; error?: string }[];
        };
        const error = body.error ?? body.batches?.find((b) => b.status === 'rejected')?.error;
        expect({
          status: response.statusCode,
          error,
          accepted: body.accepted,
          duplicate: body.duplicate,
        }).toMatchObject(c.expect);
        if (c.expect.error) expect(await authority.fingerprint()).toBe(held);
        expectQuarantined(
          c,
          bytes,
          (await authority.quarantined()) - quarantinedBefore,
          await authority.lastQuarantined(),
        );
      } finally {
        await authority.close();
      }
    },
  );

  it('is counted for the soak report', () => {
    console.log(
      `attack corpus (in process): ${index.length} cases, ${index.filter((c) => c.quarantined).length} kept in the quarantine`,
    );
    expect(index.length).toBeGreaterThanOrEqual(25);
  });

  it('the valid package next to them is accepted (the corpus tests the attacks, not a broken setup)', async () => {
    const authority = await corpusAuthority();
    try {
      const response = await authority.post('packages', await file('valid-package.kdpkg'));
      expect(response.statusCode).toBe(200);
      expect(response.json().batches).toEqual([{ device: corpusDevice, from: 1, to: 5, status: 'accepted' }]);
    } finally {
      await authority.close();
    }
  });
});
