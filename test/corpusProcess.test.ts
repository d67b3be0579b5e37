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
import { corpusDataDir, storeInspector, expectQuarantined } from './support/corpusAuthority';
import { dbArgs, engines } from './support/engines';

const index = JSON.parse(await readFile(path.join(corpusDir, 'index.json'), 'utf8')) as CorpusCase[];
const file = (name: string) => readFile(path.join(corpusDir, name)).then((b) => new Uint8Array(b));

/** What a store holds (everything an acceptance may change), its quarantine count and newest row. */
async function inspect(location: string) {
  const inspector = storeInspector(location);
  try {
    return {
      held: await inspector.fingerprint(),
      quarantined: await inspector.quarantined(),
      last: await inspector.lastQuarantined(),
    };
  } finally {
    await inspector.close();
  }
}

afterEach(stopAuthorityProcesses);

describe.each(engines)('the attack corpus against a real authority process on %s', { timeout: 180_000 }, (engine) => {
  it('over HTTP: every case answered as FORMATS.md prescribes, changing nothing but the quarantine', async () => {
    for (const c of index) {
      const { dir, location } = await corpusDataDir(engine);
      const base = await serve(dir, location);
      for (const before of c.before ?? [])
        expect((await send(base, { route: 'batches' }, await file(before))).status, `${c.name}: before`).toBe(200);
      const was = await inspect(location);
      const bytes = await file(c.file);
      expect(await send(base, c, bytes), c.name).toMatchObject(c.expect);
      const now = await inspect(location);
      if (c.expect.error) expect(now.held, `${c.name}: nothing held changed`).toBe(was.held);
      expectQuarantined(c, bytes, now.quarantined - was.quarantined, now.last);
      await stopLastAuthorityProcess();
    }
    console.log(`attack corpus (real process): ${index.length} cases over HTTP answered as prescribed`);
  });

  it('through `authority import`: every package case refused with its code, changing nothing but the quarantine', async () => {
    for (const c of index.filter((x) => x.route === 'packages')) {
      const { dir, location } = await corpusDataDir(engine);
      const was = await inspect(location);
      const lines: string[] = [];
      const code = await main(['import', path.join(corpusDir, c.file), '--data', dir, ...dbArgs(location)], (line) =>
        lines.push(line),
      );
      const output = lines.join('\n');
      if (c.expect.error) {
        expect([c.name, code]).toEqual([c.name, 1]);
        expect(output, c.name).toMatch(new RegExp(`(REFUSED ${c.expect.error}:|rejected ${c.expect.error})`));
        expect((await inspect(location)).held, c.name).toBe(was.held);
      } else expect([c.name, code]).toEqual([c.name, 0]);
      const now = await inspect(location);
      expectQuarantined(c, await file(c.file), now.quarantined - was.quarantined, now.last);
    }
    console.log(
      `attack corpus (authority import): ${index.filter((x) => x.route === 'packages').length} package cases answered as prescribed`,
    );
  });
});
