/**
 * Certificate numbers (统一编码) at the authority: assigned once to every passer of a closed
 * session under the coding rule, unique and never reused (also with two processes at once),
 * exported for printing, and sent back to the site in its signed plan, which the site folds.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { engines, useEngineForCli } from '../test/support/engines';
import { certificateNumber, checkCertificateRule, passers } from '../shared/domain/certificates';
import { formatTime } from '../shared/ledger/ids';
import { parseStrictJson } from '../shared/ledger/strictJson';
import { makeBatch } from '../shared/sync/batch';
import { verifyPlan, writePackage } from '../shared/sync/package';
import { applyIncrementally } from '../shared/state/project';
import { planDrafts } from '../renderer/features/plan/importPlan';
import { closedDemoSession } from '../test/support/closedSession';
import { extendChain } from '../test/support/chains';
import { enrollByFile, runCli } from '../test/support/authorityCli';
import { generateSigner, nodeVerify } from './nodeCrypto';
import { decodePublicKey } from '../shared/ledger/signing';

const run = runCli;

/** An authority holding the demo session, closed, as the site's package brought it. */
async function authorityWithClosedSession() {
  const data = await mkdtemp(path.join(os.tmpdir(), 'authority-certs-'));
  const code = (await run(['enroll-code', '--site', 'WH-0301', '--data', data])).lines.at(-1)!;
  const { site, state, chain, run: write } = closedDemoSession(5);
  const signer = generateSigner();
  await enrollByFile(data, code, chain.device, signer);
  const cert = JSON.parse(await readFile(path.join(data, 'reply.json'), 'utf8'));
  const pkg = await writePackage(
    {
      id: '0d3c2b1a-9f8e-4d7c-8b6a-5f4e3d2c1b0b',
      createdAt: formatTime(Date.now(), 480),
      by: chain.device,
      site: 'WH-0301',
    },
    { batches: [await makeBatch(chain.events, signer)], certs: [cert] },
    signer,
  );
  await writeFile(path.join(data, 'site.kdpkg'), pkg);
  expect((await run(['import', path.join(data, 'site.kdpkg'), '--data', data])).code).toBe(0);
  return { data, site, state, chain, write };
}

describe.each(engines)('certificate numbers on %s', (engine) => {
  beforeEach(() => useEngineForCli(engine));
  afterAll(() => useEngineForCli('sqlite'));

  it('checks the coding rule', () => {
    expect(checkCertificateRule('{region}{year}{spec}{serial:5}')).toBeUndefined();
    expect(checkCertificateRule('{region}{year}')).toBe('no_serial');
    expect(checkCertificateRule('{serial:5}{region}')).toBe('serial_not_last');
    expect(checkCertificateRule('{region}{month}{serial}')).toBe('unknown_token');
    expect(checkCertificateRule('证{region}{serial}')).toBe('bad_characters');
    expect(
      certificateNumber('{region}{year}{spec}{serial:5}', { region: '371002', year: '2026', spec: 'SD-01' }, 42),
    ).toBe('3710022026SD-0100042');
  });

  it('assigns each passer one number, never twice, exports them and sends the site its own in a plan', async () => {
    const { data, site, state } = await authorityWithClosedSession();
    const due = passers(state);
    expect(due.length).toBeGreaterThan(0);
    expect((await run(['certificates', 'assign', '--data', data])).lines.at(-1)).toMatch(/^REFUSED no_rule/);
    const first = await run(['certificates', 'assign', '--region', '371002', '--data', data]);
    expect(first.lines.at(-1)).toBe(`assigned ${due.length} certificate number(s); ${due.length} passer(s) hold one`);
    const again = await run(['certificates', 'assign', '--data', data]);
    expect(again.lines.at(-1)).toBe(`assigned 0 certificate number(s); ${due.length} passer(s) hold one`);
    const listed = (await run(['certificates', 'list', '--data', data])).lines.map((l) => l.split('\t')[0]!);
    expect(new Set(listed).size).toBe(due.length);
    expect(listed[0]).toBe('3710022026SD-JDHBB-00100001');

    const xlsx = path.join(data, 'certificates.xlsx');
    expect((await run(['certificates', 'export', '--out', xlsx, '--data', data])).lines.at(-1)).toBe(
      `wrote ${due.length} certificate numbers to ${xlsx}`,
    );
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('证书编号');
    expect(sheet.getRow(2).getCell(1).value).toBe(listed[0]);

    // The district's 补贴申领花名册 carries the same numbers.
    const subsidy = path.join(data, 'subsidy.xlsx');
    const subsidyRun = await run(['subsidy', 'export', '--fee', '180', '--out', subsidy, '--data', data]);
    expect(subsidyRun.lines.at(-1)).toMatch(/^wrote [1-9]\d* subsidy roster lines/);
    const subsidyBook = new ExcelJS.Workbook();
    await subsidyBook.xlsx.readFile(subsidy);
    const lines = subsidyBook.worksheets[0]!;
    expect(lines.getRow(1).getCell(9).value).toBe('考核鉴定费（元）');
    expect(String(lines.getRow(2).getCell(7).value)).toMatch(/^3710022026SD-JDHBB-001\d{5}$/);
    expect(listed).toContain(String(lines.getRow(2).getCell(7).value));

    // The plan back to the site carries the numbers; the site folds them into its state.
    await writeFile(
      path.join(data, 'plan.json'),
      JSON.stringify({ site: 'WH-0301', specs: [], sessions: [], people: [], candidates: [], assignments: [] }),
    );
    const published = await run([
      'plan',
      'publish',
      '--file',
      path.join(data, 'plan.json'),
      '--out',
      path.join(data, 'signed.json'),
      '--data',
      data,
    ]);
    expect(published.lines.at(-1)).toContain(`with ${due.length} certificate numbers`);
    const key = JSON.parse(await readFile(path.join(data, 'reply.json'), 'utf8')).authorityPub as string;
    const plan = await verifyPlan(
      parseStrictJson(await readFile(path.join(data, 'signed.json'))),
      decodePublicKey(key)!,
      nodeVerify,
    );
    const siteChain = { ...closedDemoSession(5) };
    applyIncrementally(siteChain.state, extendChain(siteChain.chain, planDrafts(plan, siteChain.state, site.manager)));
    const passer = due[0]!;
    expect(siteChain.state.certificates[`${passer.session}/${passer.candidate}`]?.number).toBe(listed[0]);
  });

  it('two processes assigning at once take distinct serials', async () => {
    const { data, state } = await authorityWithClosedSession();
    const due = passers(state).length;
    const exec = promisify(execFile);
    const tsx = path.resolve('node_modules/.bin/tsx');
    const [a, b] = await Promise.all(
      [1, 2].map(() => exec(tsx, ['authority/cli.ts', 'certificates', 'assign', '--region', '371002', '--data', data])),
    );
    const counts = [a!.stdout, b!.stdout].map((out) => Number(/assigned (\d+)/.exec(out)![1]));
    expect(counts[0]! + counts[1]!).toBe(due);
    const listed = (await run(['certificates', 'list', '--data', data])).lines.map((l) => l.split('\t')[0]!);
    expect(new Set(listed).size).toBe(due);
    expect(listed.at(-1)).toBe(`3710022026SD-JDHBB-001${String(due).padStart(5, '0')}`);
  }, 60_000);
});
