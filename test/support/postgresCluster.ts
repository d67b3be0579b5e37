/**
 * A throw-away PostgreSQL cluster for the tests (issue 18): initdb and pg_ctl in a temp folder,
 * on a free port on loopback, stopped and removed after. The binaries come from PATH or Debian's
 * /usr/lib/postgresql/<version>/bin (`apt-get install -y postgresql`, which .ci/run does). As
 * root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';

export interface PostgresCluster {
  /** The URL of a database in the cluster. */
  url(database: string): string;
  stop(): Promise<void>;
}

/** The folder holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function postgresBinaries(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return path.dirname(onPath);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => path.join(root, v, 'bin')).find((bin) => existsSync(path.join(bin, 'pg_ctl')));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const user = 'kaodian';

/**
 * `settings`: server settings beyond the defaults (`name=value`), e.g. the memory and checkpoint
 * sizes a production server is given; the tests run with the defaults.
 */
export async function startPostgresCluster(settings: readonly string[] = []): Promise<PostgresCluster> {
  const bin = postgresBinaries();
  if (!bin)
    throw new Error(
      'PostgreSQL is not installed: the authority tests run on both engines (apt-get install -y postgresql)',
    );
  const root = mkdtempSync(path.join(os.tmpdir(), 'kaodian-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(root, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), 0);
  const run = (program: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : path.join(bin, program),
      asRoot ? ['-u', 'postgres', '--', path.join(bin, program), ...args] : args,
      {
        stdio: 'pipe',
      },
    );
  const data = path.join(root, 'data');
  run('initdb', ['-D', data, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  // fsync and synchronous_commit stay on: the tests judge durability as production runs it.
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(root, 'server.log'),
    '-w',
    '-o',
    `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=300${settings.map((s) => ` -c ${s}`).join('')}`,
    'start',
  ]);
  return {
    url: (database) => `postgres://${user}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/** The CLI's arguments that put its store where `location` says (none for SQLite in --data). */
export const dbArgs = (location: string): string[] => (location.startsWith('postgres') ? ['--db', location] : []);

/** A new empty database in the cluster at `baseUrl` (any database URL of it); its URL. */
export async function createDatabase(baseUrl: string): Promise<string> {
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
