/**
 * The authority's command line. Every command takes `--data <dir>` (default ./data).
 *
 *   serve [--port N] [--host H]                 the HTTP API (default command), 127.0.0.1:8787
 *   enroll-code --site <code>                   prints a one-time enrolment code as its last line
 *   enroll --file <request.json> --out <reply>  offline enrolment
 *   import <file.kdpkg>                         the same path as POST /v1/packages
 *   status                                      devices, accepted seq and head, last seen, quarantine
 *   export --format csv|xlsx --out <file>       results computed by shared/state
 *   revoke --device <uuid>
 *   plan publish --file <plan.json> --out <signed.json>
 *   outbox --site <code> --out <file.kdpkg> [--plan <signed.json> …]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resultsTable, tableCsv, tableXlsx, type ExportTable } from '../shared/domain/exports';
import { isWireError } from '../shared/ledger/errors';
import { formatTime, uuidV4 } from '../shared/ledger/ids';
import { signDocument } from '../shared/ledger/signing';
import { parseStrictJson } from '../shared/ledger/strictJson';
import { wireErrorMessage } from '../shared/sync/errorMessages';
import { verifyPlan, writePackage } from '../shared/sync/package';
import type { LedgerEvent } from '../shared/ledger/event';
import { project } from '../shared/state/project';
import { nodeSha256, nodeVerify } from '../tools/nodeCrypto';
import { useSha256 } from '../shared/ledger/hash';

useSha256(nodeSha256);
import { buildServer } from './http';
import { describeAuthority, loadOrCreateAuthority } from './identity';
import { acceptPackage, createService, enroll, newEnrollCode, receiptFor, revokeDevice } from './service';
import { openStore } from './store';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
function options(args: string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name && args[i + 1] ? [args[i + 1]!] : []));
}

/** The district's results file: every session's candidates, the columns the provincial system takes. */
export function resultRows(events: LedgerEvent[]): ExportTable {
  const state = project(events);
  return resultsTable(state, Object.keys(state.sessions), ['session', 'ticket', 'name', 'idNumber', 'sex', 'trainingUnit', 'final', 'result']);
}

export async function main(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const [first, ...rest] = argv;
  const command = !first || first.startsWith('--') ? 'serve' : first;
  const args = command === 'serve' && first?.startsWith('--') ? argv : rest;
  const dataDir = path.resolve(option(args, '--data') ?? 'data');
  const identity = await loadOrCreateAuthority(dataDir);
  if (identity.created) print(`created the authority key in ${path.join(dataDir, 'authority.key')} (mode 0600)`);
  const store = openStore(dataDir);
  const service = createService(identity, store);
  try {
    switch (command) {
      case 'serve': {
        const port = Number(option(args, '--port') ?? 8787);
        const host = option(args, '--host') ?? '127.0.0.1';
        const app = buildServer(service, { logger: true });
        await app.listen({ port, host });
        print(`${describeAuthority(identity)}`);
        print(`listening on http://${host}:${port}/ (data in ${dataDir})`);
        await new Promise<void>((resolve) => {
          const stop = () => void app.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        return 0;
      }
      case 'enroll-code': {
        const site = option(args, '--site');
        if (!site) return usage(print);
        print(`one-time code for site ${site}, valid 7 days:`);
        print(newEnrollCode(service, site));
        return 0;
      }
      case 'enroll': {
        const file = option(args, '--file');
        const out = option(args, '--out');
        if (!file || !out) return usage(print);
        const reply = await enroll(service, parseStrictJson(await readFile(file)));
        await writeFile(out, `${JSON.stringify(reply, null, 2)}\n`);
        print(`enrolled device ${reply.device} (key ${reply.deviceKid}); reply written to ${out}`);
        return 0;
      }
      case 'import': {
        const file = args.find((a) => !a.startsWith('--') && a !== option(args, '--data'));
        if (!file) return usage(print);
        const result = await acceptPackage(service, new Uint8Array(await readFile(file)));
        for (const b of result.batches) print(`${b.device} ${b.from}-${b.to} ${b.status}${b.error ? ` ${b.error}` : ''}`);
        return result.batches.some((b) => b.status === 'rejected') ? 1 : 0;
      }
      case 'status': {
        print(describeAuthority(identity));
        for (const d of store.devices.all()) print(`${d.site}\t${d.device}\t${d.name}\tthrough ${d.through ?? 0}\thead ${(d.head ?? '').slice(0, 16)}\tlast seen ${d.last_seen ? new Date(d.last_seen).toISOString() : '-'}${d.revoked ? '\tREVOKED' : ''}`);
        const quarantine = store.quarantineList.all();
        print(`quarantine: ${quarantine.length}`);
        for (const q of quarantine.slice(0, 20)) print(`  ${new Date(q.received_at).toISOString()}\t${q.device ?? '-'}\t${q.reason}\t${q.detail}`);
        return 0;
      }
      case 'export': {
        const format = option(args, '--format') ?? 'csv';
        const out = option(args, '--out');
        if (!out || !['csv', 'xlsx'].includes(format)) return usage(print);
        const table = resultRows(store.allEvents.all().map((row) => JSON.parse(row.event) as LedgerEvent));
        if (format === 'csv') await writeFile(out, tableCsv(table));
        else await writeFile(out, await tableXlsx([table]));
        print(`wrote ${table.rows.length} results to ${out}`);
        return 0;
      }
      case 'revoke': {
        const device = option(args, '--device');
        if (!device) return usage(print);
        print(`revoked ${revokeDevice(service, device)} key(s) of ${device}`);
        return 0;
      }
      case 'plan': {
        const file = option(args, '--file');
        const out = option(args, '--out');
        if (rest[0] !== 'publish' || !file || !out) return usage(print);
        const { sig: _sig, ...draft } = parseStrictJson(await readFile(file)) as Record<string, unknown>;
        const plan = await signDocument({ ...draft, v: 1, kind: 'kaodian.plan', id: (draft.id as string) ?? uuidV4(), authority: identity.id, kid: identity.signer.kid, issuedAt: formatTime(Date.now(), 480) }, identity.signer);
        await verifyPlan(plan, identity.signer.publicKey, nodeVerify);
        await writeFile(out, `${JSON.stringify(plan, null, 2)}\n`);
        print(`signed plan ${plan.id} for site ${String(draft.site)} written to ${out}`);
        return 0;
      }
      case 'outbox': {
        const site = option(args, '--site');
        const out = option(args, '--out');
        if (!site || !out) return usage(print);
        const devices = store.devices.all().filter((d) => d.site === site && (d.through ?? 0) > 0);
        const receipts = await Promise.all(devices.map((d) => receiptFor(service, d.device)));
        const plans = await Promise.all(options(args, '--plan').map(async (p) => verifyPlan(parseStrictJson(await readFile(p)), identity.signer.publicKey, nodeVerify)));
        const bytes = await writePackage({ id: uuidV4(), createdAt: formatTime(Date.now(), 480), by: identity.id, site }, { receipts, plans }, identity.signer);
        await writeFile(out, bytes);
        print(`wrote ${out}: ${receipts.length} receipts, ${plans.length} plans`);
        return 0;
      }
      default:
        return usage(print);
    }
  } catch (error) {
    if (isWireError(error)) {
      print(`REFUSED ${error.code}: ${error.message} — ${wireErrorMessage(error.code, 'zh-CN')}`);
      return 1;
    }
    throw error;
  } finally {
    store.close();
  }
}

function usage(print: (line: string) => void): number {
  print('usage: authority [serve|enroll-code|enroll|import|status|export|revoke|plan publish|outbox] --data <dir> … (see authority/cli.ts)');
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await main(process.argv.slice(2)));
}
