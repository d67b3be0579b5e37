import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { unusedSealPub } from '../test/support/world';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { formatTime } from '../shared/ledger/ids';
import { makeBatch } from '../shared/sync/batch';
import { encodePublicKey } from '../shared/ledger/signing';
import { writePackage } from '../shared/sync/package';
import { generateSigner } from './nodeCrypto';
import { extendChain, newChain } from '../test/support/chains';
import { demoSite } from '../shared/domain/demoSite';
import { enrollByFile, runCli } from '../test/support/authorityCli';
import { safeCell } from '../shared/domain/exports';
import { engines, useEngineForCli } from '../test/support/engines';
import { redactedUrl } from './postgresStore';

const run = runCli;

describe.each(engines)('the authority command line on %s', (engine) => {
  beforeEach(() => useEngineForCli(engine));
  afterAll(() => useEngineForCli('sqlite'));

  it('creates its key with mode 0600, enrols offline, imports a package, reports status and exports results', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'authority-cli-'));
    const codeRun = await run(['enroll-code', '--site', 'WH-0301', '--data', data]);
    expect(codeRun.code).toBe(0);
    expect(codeRun.lines[0]).toContain('mode 0600');
    expect((await stat(path.join(data, 'authority.key'))).mode & 0o777).toBe(0o600);
    const code = codeRun.lines.at(-1)!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const signer = generateSigner();
    const chain = newChain();
    expect((await enrollByFile(data, code, chain.device, signer)).code).toBe(0);
    const cert = JSON.parse(await readFile(path.join(data, 'reply.json'), 'utf8'));
    const used = await run([
      'enroll',
      '--file',
      path.join(data, 'request.json'),
      '--out',
      path.join(data, 'reply2.json'),
      '--data',
      data,
    ]);
    expect(used.code).toBe(0); // the same device and key again: the same cert

    const site = demoSite(3);
    extendChain(chain, [...site.setup, ...site.scoring.slice(0, 9)]);
    // A candidate whose name would be a live formula in Excel.
    extendChain(chain, [
      {
        actor: site.manager,
        type: 'candidate.registered',
        body: {
          candidate: '0193a5b2-0000-4000-8000-00000000abcd',
          session: site.session,
          ticket: 'ZK-EVIL',
          name: '=HYPERLINK("x")',
          idType: 'resident_id',
          idNumber: '11010519491231002X',
          sex: 'female',
        },
      },
    ]);
    const pkg = await writePackage(
      {
        id: '0d3c2b1a-9f8e-4d7c-8b6a-5f4e3d2c1b0a',
        createdAt: formatTime(Date.now(), 480),
        by: chain.device,
        site: 'WH-0301',
      },
      { batches: [await makeBatch(chain.events, signer)], certs: [cert] },
      signer,
    );
    await writeFile(path.join(data, 'site.kdpkg'), pkg);
    const imported = await run(['import', path.join(data, 'site.kdpkg'), '--data', data]);
    expect(imported.lines).toEqual([`${chain.device} 1-${chain.events.length} accepted`]);
    const again = await run(['import', path.join(data, 'site.kdpkg'), '--data', data]);
    expect(again.lines).toEqual([`${chain.device} 1-${chain.events.length} duplicate`]);

    const status = await run(['status', '--data', data]);
    expect(status.lines).toContain(
      `store: ${engine} ${engine === 'sqlite' ? data : redactedUrl(process.env.KAODIAN_DB!)}`,
    );
    expect(status.lines.join('\n')).toContain(`through ${chain.events.length}`);

    const out = path.join(data, 'results.csv');
    expect((await run(['export', '--format', 'csv', '--out', out, '--data', data])).code).toBe(0);
    const csv = await readFile(out, 'utf8');
    expect(csv.startsWith('\ufeff考核场次,准考证号')).toBe(true);
    expect(csv).toContain(`'=HYPERLINK(""x"")`);
    expect(csv).toContain('评分中');
    expect(
      (await run(['export', '--format', 'xlsx', '--out', path.join(data, 'results.xlsx'), '--data', data])).code,
    ).toBe(0);

    const outbox = await run(['outbox', '--site', 'WH-0301', '--out', path.join(data, 'outbox.kdpkg'), '--data', data]);
    expect(outbox.lines.at(-1)).toContain('1 receipts');
  });

  it('makes re-key codes, lists and cancels codes, revokes by device or key, carries revocations in plans, and purges quarantined bodies', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'authority-cli-'));
    const code = (await run(['enroll-code', '--site', 'WH-0301', '--data', data])).lines.at(-1)!;
    const signer = generateSigner();
    const device = newChain().device;
    expect((await enrollByFile(data, code, device, signer)).code).toBe(0);

    // A re-key code only for a held device of its own site.
    expect((await run(['enroll-code', '--site', 'WH-0999', '--device', device, '--data', data])).lines.at(-1)).toMatch(
      /^REFUSED bad_code/,
    );
    const rekey = await run(['enroll-code', '--site', 'WH-0301', '--device', device, '--data', data]);
    expect(rekey.lines[0]).toContain('re-key code');
    const spare = (await run(['enroll-code', '--site', 'WH-0301', '--data', data])).lines.at(-1)!;
    expect((await run(['cancel-code', spare, '--data', data])).lines).toEqual([`cancelled ${spare}`]);
    expect((await run(['cancel-code', spare, '--data', data])).code).toBe(1);
    const codes = (await run(['codes', '--data', data])).lines.join('\n');
    expect(codes).toContain(`${code}\tWH-0301\tordinary\tused by ${device}`);
    expect(codes).toContain(`${rekey.lines.at(-1)}\tWH-0301\tre-key ${device}\tvalid until`);
    expect(codes).toContain(`${spare}\tWH-0301\tordinary\tcancelled`);

    expect((await run(['revoke', '--kid', signer.kid, '--data', data])).lines).toEqual([`revoked key ${signer.kid}`]);
    expect((await run(['revoke', '--kid', signer.kid, '--data', data])).lines).toEqual([
      `no unrevoked key ${signer.kid}`,
    ]);
    // A second laptop of the site, enrolled: the plan lists it (with its seal key), not the revoked key.
    const second = { signer: generateSigner(), device: newChain().device };
    const secondCode = (await run(['enroll-code', '--site', 'WH-0301', '--data', data])).lines.at(-1)!;
    expect((await enrollByFile(data, secondCode, second.device, second.signer)).code).toBe(0);
    await writeFile(
      path.join(data, 'plan.json'),
      JSON.stringify({
        site: 'WH-0301',
        specs: [],
        sessions: [],
        people: [],
        candidates: [],
        assignments: [],
        devices: [],
      }),
    );
    expect(
      (
        await run([
          'plan',
          'publish',
          '--file',
          path.join(data, 'plan.json'),
          '--out',
          path.join(data, 'signed.json'),
          '--data',
          data,
        ])
      ).code,
    ).toBe(0);
    const plan = JSON.parse(await readFile(path.join(data, 'signed.json'), 'utf8'));
    expect(plan.revoked).toEqual([{ device, kid: signer.kid, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }]);
    expect(plan.devices).toEqual([
      {
        device: second.device,
        kid: second.signer.kid,
        pub: encodePublicKey(second.signer.publicKey),
        sealPub: unusedSealPub,
      },
    ]);

    // A refused package is quarantined with its bytes; purge drops the bytes of rows older than the age, keeping the rows.
    await writeFile(path.join(data, 'junk.kdpkg'), 'not a zip at all, but kept for review');
    expect((await run(['import', path.join(data, 'junk.kdpkg'), '--data', data])).lines.at(-1)).toMatch(
      /^REFUSED bad_zip/,
    );
    expect((await run(['purge', '--older-than', '180d', '--data', data])).lines[0]).toContain('0 quarantine row(s)');
    expect((await run(['purge', '--older-than', '0d', '--data', data])).lines[0]).toContain('1 quarantine row(s)');
    expect((await run(['status', '--data', data])).lines.join('\n')).toContain('quarantine: 1');
  });

  it('takes the district’s wire id at first start (--id), refusing one the format does not allow', async () => {
    const data = await mkdtemp(path.join(os.tmpdir(), 'authority-cli-'));
    const refused = await run(['enroll-code', '--site', 'WH-0301', '--id', '威海 鉴定', '--data', data]);
    expect(refused.code).toBe(2);
    expect(refused.lines.at(-1)).toContain('--id must be letters, digits');
    expect((await run(['enroll-code', '--site', 'WH-0301', '--id', 'weihai-hrss', '--data', data])).code).toBe(0);
    expect((await readFile(path.join(data, 'authority.id'), 'utf8')).trim()).toBe('weihai-hrss');
  });

  it('neutralises cells that would start a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '正常'].map(safeCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      '正常',
    ]);
  });
});
