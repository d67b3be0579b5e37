/**
 * The attack corpus against a real authority process (`authority serve`, HTTP on loopback, its
 * SQLite file) and through `authority import`: every case gets its FORMATS.md answer and changes
 * nothing but the quarantine. (test/healthUnderLoad.test.ts: the service keeps answering while
 * it refuses or opens a heavy package.)
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../authority/cli';
import { corpusDir, type CorpusCase } from './attackCorpus';
import {
  authorityProcess as serve,
  sendCorpusRequest as send,
  stopAuthorityProcesses,
  stopLastAuthorityProcess,
} from './support/authorityProcess';
import { corpusDataDir, dataDirInspector, expectQuarantined } from './support/corpusAuthority';

const index = JSON.parse(await readFile(path.join(corpusDir, 'index.json'), 'utf8')) as CorpusCase[];
const file = (name: string) => readFile(path.join(corpusDir, name)).then((b) => new Uint8Array(b));

/** What a data folder holds (everything an acceptance may change), its quarantine count and newest row. */
function inspect(dir: string) {
  const inspector = dataDirInspector(dir);
  try {
    return { held: inspector.fingerprint(), quarantined: inspector.quarantined(), last: inspector.lastQuarantined() };
  } finally {
    inspector.close();
  }
}

afterEach(stopAuthorityProcesses);

describe('the attack corpus against a real authority process', { timeout: 120_000 }, () => {
  it('over HTTP: every case answered as FORMATS.md prescribes, changing nothing but the quarantine', async () => {
    for (const c of index) {
      const dir = await corpusDataDir();
      const base = await serve(dir);
      for (const before of c.before ?? [])
        expect((await send(base, { route: 'batches' }, await file(before))).status, `${c.name}: before`).toBe(200);
      const was = inspect(dir);
      const bytes = await file(c.file);
      expect(await send(base, c, bytes), c.name).toMatchObject(c.expect);
      const now = inspect(dir);
      if (c.expect.error) expect(now.held, `${c.name}: nothing held changed`).toBe(was.held);
      expectQuarantined(c, bytes, now.quarantined - was.quarantined, now.last);
      await stopLastAuthorityProcess();
    }
    console.log(`attack corpus (real process): ${index.length} cases over HTTP answered as prescribed`);
  });

  it('through `authority import`: every package case refused with its code, changing nothing but the quarantine', async () => {
    for (const c of index.filter((x) => x.route === 'packages')) {
      const dir = await corpusDataDir();
      const was = inspect(dir);
      const lines: string[] = [];
      const code = await main(['import', path.join(corpusDir, c.file), '--data', dir], (line) => lines.push(line));
      const output = lines.join('\n');
      if (c.expect.error) {
        expect([c.name, code]).toEqual([c.name, 1]);
        expect(output, c.name).toMatch(new RegExp(`(REFUSED ${c.expect.error}:|rejected ${c.expect.error})`));
        expect(inspect(dir).held, c.name).toBe(was.held);
      } else expect([c.name, code]).toEqual([c.name, 0]);
      expectQuarantined(c, await file(c.file), inspect(dir).quarantined - was.quarantined, inspect(dir).last);
    }
    console.log(
      `attack corpus (authority import): ${index.filter((x) => x.route === 'packages').length} package cases answered as prescribed`,
    );
  });
});
