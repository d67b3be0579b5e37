/**
 * Moving a district: `authority copy --from <dir> --to postgres://…` copies a SQLite authority
 * that holds a scored session (events, receipts, quarantine, codes, certificates) into an empty
 * PostgreSQL database and verifies it; the service then runs on the copy with the same answers
 * (the same receipts, results and quarantine), and a second copy into a non-empty database is
 * refused with nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../shared/ledger/canonical';
import { chunkEvents, makeBatch } from '../shared/sync/batch';
import { buildDemoDevices, demoAuthorityId } from '../tools/demoPackage';
import { runCli } from '../test/support/authorityCli';
import { authorityDataDir } from '../test/support/corpusAuthority';
import { storeLocation } from '../test/support/engines';
import { testAuthorityIdentity } from '../test/support/authorityIdentity';
import { acceptBatch, createService, heldEvents, holdCerts, newEnrollCode, receiptFor, type Service } from './service';
import { openStore } from './store';
import { resultRows } from './consoleViews';

/** What both stores must answer alike. */
async function answers(service: Service, devices: string[]) {
  return {
    receipts: await Promise.all(devices.map((d) => receiptFor(service, d).then(canonicalize))),
    results: resultRows(await heldEvents(service)).rows,
    quarantine: (await service.store.quarantineList.all()).map(({ reason, detail, device }) => ({
      reason,
      detail,
      device,
    })),
    codes: (await service.store.codes.all()).map((c) => c.code),
    devices: (await service.store.devices.all()).map(({ device, through, head }) => ({ device, through, head })),
  };
}

describe('authority copy', { timeout: 120_000 }, () => {
  it('copies a SQLite authority into PostgreSQL, verifies it, and the service answers the same there', async () => {
    const { authority, authoritySealSeed, office, bench, certs } = await buildDemoDevices();
    const dir = await authorityDataDir(demoAuthorityId, authority, authoritySealSeed);
    const identity = await testAuthorityIdentity(demoAuthorityId, authority, authoritySealSeed);
    const sqlite = createService(identity, await openStore(dir));
    await holdCerts(sqlite, certs, 'demo');
    for (const d of [office, bench])
      for (const chunk of chunkEvents(d.events, 9))
        expect((await acceptBatch(sqlite, await makeBatch(chunk, d.signer))).status).toBe('accepted');
    // A fork (the office's first events re-signed after other ones) is quarantined.
    const forked = [{ ...office.events[0]!, body: { ...office.events[0]!.body, name: '改过的' } }];
    await acceptBatch(sqlite, await makeBatch(forked, office.signer)).catch(() => undefined);
    await newEnrollCode(sqlite, 'WH-0301');
    const devices = [office.device, bench.device];
    const before = await answers(sqlite, devices);
    expect(before.quarantine.length).toBeGreaterThan(0);
    await sqlite.store.close();

    const url = await storeLocation('postgres', dir);
    const copied = await runCli(['copy', '--from', dir, '--to', url]);
    expect(copied.code, copied.lines.join('\n')).toBe(0);
    const events = office.events.length + bench.events.length;
    expect(copied.lines.at(-1)).toContain(
      `copied and verified: 2 device(s), ${events} event(s) with every chain re-hashed`,
    );
    expect(copied.lines.at(-1)).toMatch(/, (\d+) receipt\(s\) identical, into postgres:/);

    const postgres = createService(identity, await openStore(url));
    expect(await answers(postgres, devices)).toEqual(before);
    // The quarantine's ids go on from where SQLite's ended.
    const ids = (await postgres.store.quarantineList.all()).map((q) => q.id);
    await postgres.store.quarantine.run(Date.now(), null, 'bad_json', 'after the copy', null, null, null);
    expect((await postgres.store.quarantineList.all())[0]!.id).toBe(Math.max(...ids) + 1);
    await postgres.store.close();

    const again = await runCli(['copy', '--from', dir, '--to', url]);
    expect(again.code).toBe(1);
    expect(again.lines.at(-1)).toMatch(/already holds devices or events/);
  });
});
