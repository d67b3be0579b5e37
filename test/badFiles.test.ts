/**
 * Bad roster and specification files: each is refused whole or row by row with its reason, and
 * nothing is ever partly imported (the ledger writes a file's rows in one transaction or not at
 * all). Runs the app's own readers (renderer/features/roster, renderer/features/specs) in Node,
 * its ledger on fake-indexeddb.
 */
import { eventCount } from '../renderer/db/eventStore';
import 'fake-indexeddb/auto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../shared/domain/csv';
import { demoSite } from '../shared/domain/demoSite';
import { makeIdNumber } from '../shared/domain/idNumber';
import { autoMapColumns, checkRoster, requiredRosterFields } from '../shared/domain/roster';
import { RuleError } from '../shared/domain/rules';
import { uuidV4 } from '../shared/ledger/ids';
import { KaodianDatabase } from '../renderer/db/database';
import { openLedger } from '../renderer/db/ledger';
import { maxRosterFileBytes, maxRosterRows, readRosterFile, RosterFileError } from '../shared/domain/rosterFile';
import { readSpecJson, readSpecXlsx } from '../renderer/features/specs/specFile';

const header = ['准考证号', '姓名', '身份证号', '性别'];
const row = (i: number) => [
  `ZK${String(i).padStart(4, '0')}`,
  `考生${i}`,
  makeIdNumber('371002', '19900307', (11 + i * 2) % 1000),
  '男',
];
const context = { existing: [], priorityGroups: [] };
const csv = (rows: string[][]) => new TextEncoder().encode(formatCsv(rows));

async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RosterFileError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('bad roster files', () => {
  it('a 50 MB file is refused before it is read', async () => {
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x41);
    expect(big.length).toBeGreaterThan(maxRosterFileBytes);
    expect(await refused(readRosterFile('名册.csv', big))).toBe('too_large');
  });

  it('too many rows, an empty file and a damaged workbook are refused whole', async () => {
    expect(
      await refused(
        readRosterFile('名册.csv', csv([header, ...Array.from({ length: maxRosterRows + 1 }, (_, i) => row(i))])),
      ),
    ).toBe('too_many_rows');
    expect(await refused(readRosterFile('名册.csv', csv([header])))).toBe('empty');
    expect(
      await refused(readRosterFile('名册.xlsx', new TextEncoder().encode('PK\u0003\u0004 not really a workbook'))),
    ).toBe('unreadable');
  });

  it('a missing ID column leaves every row without its ID: each row names the missing field', async () => {
    const table = await readRosterFile(
      '名册.csv',
      csv([
        ['准考证号', '姓名', '性别'],
        ['ZK0001', '张三', '男'],
      ]),
    );
    const mapping = autoMapColumns(table.headers);
    expect(requiredRosterFields.filter((f) => mapping[f] === undefined)).toEqual(['idNumber']);
    expect(checkRoster(table.rows, mapping, context)[0]!.errors).toContainEqual({
      code: 'missing_field',
      field: 'idNumber',
    });
  });

  it('the wrong encoding (UTF-16) maps no column, so nothing can be imported', async () => {
    const text = formatCsv([header, row(1)]);
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...Array.from(text).flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]),
    ]);
    const table = await readRosterFile('名册.csv', utf16);
    const mapping = autoMapColumns(table.headers);
    expect(requiredRosterFields.every((f) => mapping[f] === undefined)).toBe(true);
    expect(checkRoster(table.rows, mapping, context).every((r) => r.errors.length > 0)).toBe(true);
  });

  it('invalid ID numbers, duplicates and formula cells in an .xlsx are named row by row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名册');
    sheet.addRow(header);
    sheet.addRow(row(1));
    sheet.addRow(['ZK0002', '李四', '371002199003070120', '男']); // wrong check character
    sheet.addRow(row(1)); // the same candidate again
    sheet.addRow([
      'ZK0004',
      { formula: 'HYPERLINK("http://evil.example","王五")' },
      makeIdNumber('371002', '19900307', 31),
      '男',
    ]);
    const table = await readRosterFile('名册.xlsx', new Uint8Array(await workbook.xlsx.writeBuffer()));
    const checked = checkRoster(table.rows, autoMapColumns(table.headers), context);
    expect(checked.map((r) => r.errors.map((e) => e.code))).toEqual([
      [],
      ['id_check'],
      ['duplicate_in_file', 'duplicate_in_file'],
      ['formula'],
    ]);
  });

  it('nothing is partly imported: a file whose rows break a rule writes no row at all', async () => {
    const db = new KaodianDatabase(`bad-files-${uuidV4()}`);
    const ledger = await openLedger(uuidV4(), db);
    const site = demoSite();
    await ledger.appendAll(
      site.setup.filter((d) => d.type !== 'candidate.registered' && d.type !== 'candidate.checked_in'),
    );
    const before = await eventCount(db);
    const candidate = (ticket: string, idNumber: string) => ({
      actor: site.manager,
      type: 'candidate.registered',
      body: {
        candidate: uuidV4(),
        session: site.session,
        ticket,
        name: '考生',
        idType: 'resident_id',
        idNumber,
        sex: 'male',
      },
    });
    const id = makeIdNumber('371002', '19900307', 11);
    // The same ticket twice (a file the check would have refused, forced through): all or nothing.
    await expect(
      ledger.appendAll([
        candidate('ZK0001', id),
        candidate('ZK0002', makeIdNumber('371002', '19900307', 13)),
        candidate('ZK0001', makeIdNumber('371002', '19900307', 15)),
      ]),
    ).rejects.toBeInstanceOf(RuleError);
    expect(await eventCount(db)).toBe(before);
    expect(Object.keys(ledger.state().candidates)).toHaveLength(0);
    db.close();
  });
});

describe('bad specification files', () => {
  it('JSON: not JSON, a __proto__ member, weights not adding to 100 — each refused with its reason', async () => {
    expect(readSpecJson(new TextEncoder().encode('{"code": "X",'))).toMatchObject({ ok: false });
    expect(readSpecJson(new TextEncoder().encode('{"__proto__": {"admin": true}}'))).toMatchObject({
      ok: false,
      reasons: [{ problem: 'unreadable', params: { code: 'forbidden_key' } }],
    });
    const spec = {
      ...site().spec,
      tasks: site().spec.tasks.map((t, i) => (i === 0 ? { ...t, weight: t.weight + 5 } : t)),
    };
    const result = readSpecJson(new TextEncoder().encode(JSON.stringify(spec)));
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ reasons: [{ problem: 'weights_sum', params: { total: 105 } }] });
  });

  it('Excel: a damaged workbook is refused with a reason', async () => {
    expect(await readSpecXlsx(new TextEncoder().encode('not a workbook'))).toMatchObject({ ok: false });
  });
});

function site() {
  const spec = demoSite().setup.find((d) => d.type === 'spec.defined')!.body
    .spec as import('../shared/domain/events').Specification;
  return { spec };
}
