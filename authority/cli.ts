/**
 * The authority's command line. Every command takes `--data <dir>` (default ./data).
 *
 *   serve [--port N] [--host H] [--host-name N …] [--trust-proxy true|<addresses>] [--tls-cert <pem> --tls-key <pem>]
 *                                               the HTTP API (default command), 127.0.0.1:8787
 *   enroll-code --site <code> [--device <uuid>] prints a one-time code as its last line (a re-key code with --device)
 *   codes                                       the enrolment codes: site, device, state
 *   cancel-code <code>                          an unused code can no longer be used
 *   enroll --file <request.json> --out <reply>  offline enrolment
 *   import <file.kdpkg>                         the same path as POST /v1/packages
 *   status                                      devices, accepted seq and head, last seen, quarantine
 *   export --format csv|xlsx --out <file>       results computed by shared/state
 *   revoke --device <uuid> | --kid <kid>        every key of a device, or one key, from now on
 *   purge --older-than <N>d                     drops quarantined bodies older than N days (rows stay)
 *   plan publish --file <plan.json> --out <signed.json>   (carries every revocation)
 *   outbox --site <code> --out <file.kdpkg> [--plan <signed.json> …]
 *   migrate [--dry-run]                         applies (or lists) the schema migrations the store lacks
 *   certificates assign [--region <code>] [--rule <template>]
 *                                               numbers every passer of every closed session (统一编码)
 *   subsidy export --fee <yuan> --out <file.xlsx>  补贴申领花名册 of every closed session
 *   archive keep <file.kdarc> | archive list       a session's sealed archive bundle, kept with its retention date
 *   certificates list | export --out <file.xlsx>
 *                                               the numbers assigned; `plan publish` sends a site its own
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tableCsv, tableXlsx } from '../shared/domain/exports';
import { isWireError } from '../shared/ledger/errors';
import { parseStrictJson } from '../shared/ledger/strictJson';
import { wireErrorMessage } from '../shared/sync/errorMessages';
import { verifyPlan } from '../shared/sync/package';
import { nodeVerify } from './nodeCrypto';
import { buildServer } from './http';
import { createInflatePool } from './inflatePool';
import { describeAuthority, loadOrCreateAuthority, UnsafeDataFolderError } from './identity';
import { authorityIdPattern } from '../shared/sync/schemas';
import {
  acceptPackage,
  assignCertificates,
  heldEvents,
  keepArchive,
  certificateTable,
  cancelCode,
  codeState,
  createService,
  enroll,
  newEnrollCode,
  outboxPackage,
  publishPlan,
  purgeQuarantine,
  revokeDevice,
  revokeKey,
  subsidyRosterTable,
  type CertificateRuleError,
} from './service';
import { isPostgresUrl, openStore } from './store';
import { latestVersion, migrate, type MigrationReport } from './migrations';
import { migratePostgres } from './postgresMigrations';
import { redactedUrl } from './postgresStore';
import { copyStore } from './copy';
import { addOperator, auditTable, disableOperator } from './operators';
import { resultRows } from './consoleViews';
import pg from 'pg';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
function options(args: string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name && args[i + 1] ? [args[i + 1]!] : []));
}

export async function main(argv: string[], print: (line: string) => void = console.log): Promise<number> {
  const [first, ...rest] = argv;
  const command = !first || first.startsWith('--') ? 'serve' : first;
  const args = command === 'serve' && first?.startsWith('--') ? argv : rest;
  const dataDir = path.resolve(option(args, '--data') ?? 'data');
  // --db postgres://… puts the store in PostgreSQL (the key and kept archives stay in --data).
  const db = option(args, '--db') ?? process.env.KAODIAN_DB;
  if (db !== undefined && !isPostgresUrl(db)) {
    print('REFUSED: --db takes a postgres:// URL (without it the store is SQLite in --data)');
    return 2;
  }
  // Before anything opens the store (which applies the migrations itself).
  if (command === 'migrate') return migrateCommand(db ?? dataDir, args.includes('--dry-run'), print);
  if (command === 'copy') return copyCommand(args, print);
  let identity;
  try {
    // The district's id on the wire (ASCII, FORMATS.md), set once at first start: site managers read
    // it beside 区市鉴定机构 when they enrol and import plans.
    const id = option(args, '--id');
    if (id !== undefined && !authorityIdPattern.test(id)) {
      print(`REFUSED: --id must be letters, digits and . _ : - (up to 64), e.g. weihai-hrss`);
      return 2;
    }
    identity = await loadOrCreateAuthority(dataDir, id);
  } catch (error) {
    if (!(error instanceof UnsafeDataFolderError)) throw error;
    print(`REFUSED: ${error.message}`);
    return 2;
  }
  if (identity.created) print(`created the authority key in ${path.join(dataDir, 'authority.key')} (mode 0600)`);
  // --max-group 1: a commit per batch (group commit off), the anchor the load figures compare with.
  const maxGroup = option(args, '--max-group');
  if (maxGroup !== undefined && !(Number.isInteger(Number(maxGroup)) && Number(maxGroup) >= 1)) {
    print('REFUSED: --max-group takes the most batches one commit may hold (a whole number, at least 1)');
    return 2;
  }
  const store = await openStore(db ?? dataDir);
  const service = createService(identity, store, Date.now, maxGroup ? { maxGroup: Number(maxGroup) } : {});
  const where = db ? redactedUrl(db) : dataDir;
  try {
    switch (command) {
      case 'serve': {
        const port = Number(option(args, '--port') ?? 8787);
        const host = option(args, '--host') ?? '127.0.0.1';
        const trustProxy = option(args, '--trust-proxy');
        // Requests a minute from one address (default 1,200); a load test from one host lifts it.
        const rateLimit = option(args, '--rate-limit');
        if (rateLimit !== undefined && !(Number(rateLimit) >= 1)) {
          print('REFUSED: --rate-limit takes requests a minute from one address (a number, at least 1)');
          return 2;
        }
        const certFile = option(args, '--tls-cert');
        const keyFile = option(args, '--tls-key');
        if ((certFile === undefined) !== (keyFile === undefined)) {
          print('REFUSED: --tls-cert and --tls-key go together (PEM files: the certificate chain and its key)');
          return 2;
        }
        const tls = certFile && keyFile ? { cert: await readFile(certFile), key: await readFile(keyFile) } : undefined;
        const app = buildServer(service, {
          ...(tls ? { tls } : {}),
          logger: true,
          inflatePool: createInflatePool(),
          ...(rateLimit !== undefined ? { rateLimit: Number(rateLimit) } : {}),
          hostNames: [host, ...options(args, '--host-name')],
          ...(trustProxy ? { trustProxy: trustProxy === 'true' ? true : trustProxy.split(',') } : {}),
        });
        // Fastify names the address http:// whatever server it was given.
        const address = (await app.listen({ port, host })).replace(/^http:/, tls ? 'https:' : 'http:');
        print(`${describeAuthority(identity)}`);
        print(`listening on ${address}/ (store: ${store.engine} ${where}; key in ${dataDir})`);
        // SIGTERM drains: the listener closes, requests in flight are answered (new ones get 503,
        // so a load balancer moves on), then the store closes in the finally below.
        await new Promise<void>((resolve) => {
          const stop = () => {
            print('draining: answering the requests in flight, then stopping');
            void app.close().then(resolve);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        print('stopped');
        return 0;
      }
      case 'enroll-code': {
        const site = option(args, '--site');
        const device = option(args, '--device');
        if (!site) return usage(print);
        const code = await newEnrollCode(service, site, device);
        print(
          device
            ? `one-time re-key code for device ${device} of site ${site}, valid 7 days (its earlier keys are revoked when it is used):`
            : `one-time code for site ${site}, valid 7 days:`,
        );
        print(code);
        return 0;
      }
      case 'codes': {
        const now = Date.now();
        for (const c of await store.codes.all()) {
          const state = {
            cancelled: 'cancelled',
            used: `used by ${c.used_by}`,
            expired: 'expired',
            valid: `valid until ${new Date(c.expires_at).toISOString()}`,
          }[codeState(c, now)];
          print(`${c.code}\t${c.site}\t${c.device ? `re-key ${c.device}` : 'ordinary'}\t${state}`);
        }
        return 0;
      }
      case 'cancel-code': {
        const code = args.find((a) => !a.startsWith('--') && a !== option(args, '--data'));
        if (!code) return usage(print);
        if (!(await cancelCode(service, code))) {
          print(`no unused code ${code}`);
          return 1;
        }
        print(`cancelled ${code}`);
        return 0;
      }
      case 'purge': {
        const age = /^(\d+)d$/.exec(option(args, '--older-than') ?? '');
        if (!age) return usage(print);
        const purged = await purgeQuarantine(service, Number(age[1]) * 24 * 3600_000);
        print(
          `dropped the kept bodies of ${purged} quarantine row(s) older than ${age[1]} days (the rows and reasons stay)`,
        );
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
        for (const b of result.batches)
          print(`${b.device} ${b.from}-${b.to} ${b.status}${b.error ? ` ${b.error}` : ''}`);
        return result.batches.some((b) => b.status === 'rejected') ? 1 : 0;
      }
      case 'status': {
        print(describeAuthority(identity));
        print(`store: ${store.engine} ${where}`);
        for (const d of await store.devices.all())
          print(
            `${d.site}\t${d.device}\t${d.name}\tthrough ${d.through ?? 0}\thead ${(d.head ?? '').slice(0, 16)}\tlast seen ${d.last_seen ? new Date(d.last_seen).toISOString() : '-'}${d.revoked ? '\tREVOKED' : ''}`,
          );
        const quarantine = await store.quarantineList.all();
        print(`quarantine: ${quarantine.length}`);
        for (const q of quarantine.slice(0, 20))
          print(`  ${new Date(q.received_at).toISOString()}\t${q.device ?? '-'}\t${q.reason}\t${q.detail}`);
        return 0;
      }
      case 'export': {
        const format = option(args, '--format') ?? 'csv';
        const out = option(args, '--out');
        if (!out || !['csv', 'xlsx'].includes(format)) return usage(print);
        const table = resultRows(await heldEvents(service));
        if (format === 'csv') await writeFile(out, tableCsv(table));
        else await writeFile(out, await tableXlsx([table]));
        print(`wrote ${table.rows.length} results to ${out}`);
        return 0;
      }
      case 'revoke': {
        const device = option(args, '--device');
        const kid = option(args, '--kid');
        if (device) print(`revoked ${await revokeDevice(service, device)} key(s) of ${device}`);
        else if (kid) print((await revokeKey(service, kid)) ? `revoked key ${kid}` : `no unrevoked key ${kid}`);
        else return usage(print);
        return 0;
      }
      case 'plan': {
        const file = option(args, '--file');
        const out = option(args, '--out');
        if (rest[0] !== 'publish' || !file || !out) return usage(print);
        const plan = await publishPlan(service, parseStrictJson(await readFile(file)), 'cli');
        await writeFile(out, `${JSON.stringify(plan, null, 2)}\n`);
        print(
          `signed plan ${plan.id} for site ${plan.site} written to ${out}` +
            (plan.certificates?.length ? ` with ${plan.certificates.length} certificate numbers` : ''),
        );
        return 0;
      }
      case 'outbox': {
        const site = option(args, '--site');
        const out = option(args, '--out');
        if (!site || !out) return usage(print);
        const plans = await Promise.all(
          options(args, '--plan').map(async (p) =>
            verifyPlan(parseStrictJson(await readFile(p)), identity.signer.publicKey, nodeVerify),
          ),
        );
        const outbox = await outboxPackage(service, site, plans);
        await writeFile(out, outbox.bytes);
        print(`wrote ${out}: ${outbox.receipts} receipts, ${plans.length} plans`);
        return 0;
      }
      case 'archive': {
        if (rest[0] === 'list') {
          for (const a of await store.archives.all())
            print(`${a.id}\t${a.site}\t${a.session}\tmade ${a.created_at}\tkeep until ${a.retain_until}\t${a.file}`);
          return 0;
        }
        const file = rest[1];
        if (rest[0] !== 'keep' || !file || file.startsWith('--')) return usage(print);
        const {
          manifest,
          file: kept,
          kept: isNew,
        } = await keepArchive(service, dataDir, new Uint8Array(await readFile(file)));
        print(
          `${isNew ? 'kept' : 'already kept'} the archive of session ${manifest.sessionName} (${manifest.site}): ${manifest.entries.length} entries, keep until ${manifest.retainUntil} — ${kept}`,
        );
        return 0;
      }
      case 'subsidy': {
        const out = option(args, '--out');
        const fee = Number(option(args, '--fee') ?? 'NaN');
        if (rest[0] !== 'export' || !out || !(fee >= 0)) return usage(print);
        const table = await subsidyRosterTable(service, fee);
        await writeFile(out, await tableXlsx([table]));
        print(`wrote ${table.rows.length} subsidy roster lines to ${out}`);
        return 0;
      }
      case 'operator': {
        const action = rest[0];
        const login = rest[1] !== undefined && !rest[1].startsWith('--') ? rest[1] : undefined;
        if (action === 'add' && login) {
          const added = await addOperator(store, login, option(args, '--role'), 'cli');
          if ('problem' in added) {
            print(`REFUSED ${added.problem}: ${operatorMessages[added.problem]}`);
            return 2;
          }
          print(
            `added operator ${login} (${option(args, '--role')}); the initial password, to be changed at first login:`,
          );
          print(added.password);
          return 0;
        }
        if (action === 'list') {
          for (const o of await store.operators.all())
            print(
              `${o.login}\t${o.role}\t${o.disabled_at ? 'disabled' : o.must_change ? 'initial password' : 'active'}\tadded ${new Date(o.created_at).toISOString()}`,
            );
          return 0;
        }
        if (action === 'disable' && login) {
          if (!(await disableOperator(store, login, 'cli'))) {
            print(`no enabled operator ${login}`);
            return 1;
          }
          print(`disabled ${login}`);
          return 0;
        }
        return usage(print);
      }
      case 'audit': {
        const filter = {
          ...(option(args, '--login') !== undefined ? { login: option(args, '--login') } : {}),
          ...(option(args, '--action') !== undefined ? { action: option(args, '--action') } : {}),
        };
        const table = await auditTable(store, filter);
        if (rest[0] === 'list') {
          for (const row of table.rows) print(row.join('\t'));
          return 0;
        }
        const out = option(args, '--out');
        if (rest[0] !== 'export' || !out) return usage(print);
        await writeFile(out, await tableXlsx([table]));
        print(`wrote ${table.rows.length} audit rows to ${out}`);
        return 0;
      }
      case 'certificates': {
        const action = rest[0];
        if (action === 'assign') {
          const result = await assignCertificates(service, {
            ...(option(args, '--rule') !== undefined ? { rule: option(args, '--rule') } : {}),
            ...(option(args, '--region') !== undefined ? { region: option(args, '--region') } : {}),
          });
          if ('problem' in result) {
            print(`REFUSED ${result.problem}: ${certificateRuleMessages[result.problem]}`);
            return 2;
          }
          print(`assigned ${result.assigned} certificate number(s); ${result.total} passer(s) hold one`);
          return 0;
        }
        if (action === 'list') {
          for (const c of await store.certificates.all())
            print(`${c.number}\t${c.site}\t${c.session}\t${c.candidate}\t${new Date(c.assigned_at).toISOString()}`);
          return 0;
        }
        const out = option(args, '--out');
        if (action !== 'export' || !out) return usage(print);
        const table = await certificateTable(service);
        await writeFile(out, await tableXlsx([table]));
        print(`wrote ${table.rows.length} certificate numbers to ${out}`);
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
    await store.close();
  }
}

/** `migrate`: what the store lacks, applied (or only listed with --dry-run); SQLite or PostgreSQL. */
async function migrateCommand(location: string, dryRun: boolean, print: (line: string) => void): Promise<number> {
  let report: MigrationReport;
  if (isPostgresUrl(location)) {
    const pool = new pg.Pool({ connectionString: location, max: 1 });
    try {
      report = await migratePostgres(pool, { dryRun });
    } finally {
      await pool.end();
    }
  } else {
    const file = path.join(location, 'authority.sqlite');
    if (!existsSync(file)) {
      print(`no store at ${file}: it is made, at the latest schema (${latestVersion}), when the service first starts`);
      return dryRun ? 0 : 1;
    }
    const db = new Database(file);
    try {
      report = migrate(db, { dryRun });
    } finally {
      db.close();
    }
  }
  if (report.pending.length === 0) print(`the store is at schema version ${report.from}: nothing to apply`);
  else {
    print(
      dryRun
        ? `the store is at schema version ${report.from}; would apply ${report.pending.length}:`
        : `applied ${report.pending.length} migration(s): ${report.from} → ${report.to}`,
    );
    for (const m of report.pending) print(`  ${m.version}  ${m.name}`);
  }
  return 0;
}

/** `copy --from <dir> --to postgres://…`: a SQLite authority into PostgreSQL, then verified. */
async function copyCommand(args: string[], print: (line: string) => void): Promise<number> {
  const from = option(args, '--from');
  const to = option(args, '--to');
  if (!from || !to || !isPostgresUrl(to)) return usage(print);
  const report = await copyStore(path.resolve(from), to, print);
  if (!report.ok) {
    print(`REFUSED: ${report.problem}`);
    return 1;
  }
  print(
    `copied and verified: ${report.devices} device(s), ${report.events} event(s) with every chain re-hashed, ${report.receipts} receipt(s) identical, into ${redactedUrl(to)}`,
  );
  return 0;
}

/** What the CLI says when an operator cannot be added. */
const operatorMessages = {
  bad_login: 'a login is 2–32 lower-case letters, digits, . _ or -, starting with a letter or digit',
  bad_role: '--role is admin, operator or auditor',
  exists: 'that login is taken (operator list)',
} as const;

/** What an operator reads when the coding rule is refused. */
const certificateRuleMessages: Record<CertificateRuleError, string> = {
  no_rule:
    'no region code yet: run once with --region <code> (e.g. 371002), and --rule if not the default {region}{year}{spec}{serial:5}',
  no_serial: 'the rule needs exactly one {serial} or {serial:N}',
  serial_not_last: 'the {serial} must end the rule (the part before it keys its counter)',
  unknown_token: 'the rule knows {region}, {year}, {spec} and {serial:N} only',
  bad_characters: 'a certificate number holds letters, digits and - only',
};

function usage(print: (line: string) => void): number {
  print(
    'usage: authority [serve|enroll-code|codes|cancel-code|enroll|import|status|export|revoke|purge|plan publish|outbox|certificates assign|list|export|subsidy export|archive keep|list|migrate|copy --from <dir> --to postgres://…|operator add <login> --role admin|operator|auditor|operator list|operator disable <login>|audit list|export [--login L] [--action A]] --data <dir> [--db postgres://…] … (see authority/cli.ts)',
  );
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(await main(process.argv.slice(2)));
}
