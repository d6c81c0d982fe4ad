// A throwaway PostgreSQL server for the tests: Debian's postgresql binaries, a cluster made
// by initdb in a temporary folder, started by pg_ctl on a free port of 127.0.0.1 with fsync
// and synchronous_commit on, stopped and removed afterwards. Also the Vitest global setup that
// gives every test file its address (inject('postgresUrl')), and fresh databases for tests.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { freePort } from './server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser connection string to the test cluster's `postgres` database. */
    postgresUrl: string;
  }
}

const DEBIAN_ROOT = '/usr/lib/postgresql';
const MISSING =
  'The PostgreSQL tests need a PostgreSQL server: run `sudo apt-get install postgresql` (Debian), or set PG_BIN to a folder holding initdb and pg_ctl.';

/** The newest `/usr/lib/postgresql/<version>/bin` holding initdb and pg_ctl, or PG_BIN. */
export function findPostgresBin(): string | undefined {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : existsSync(DEBIAN_ROOT)
      ? readdirSync(DEBIAN_ROOT)
          .filter((v) => /^\d+$/.test(v))
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => join(DEBIAN_ROOT, v, 'bin'))
      : [];
  return candidates.find((bin) => existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl')));
}

const isRoot = () => process.getuid?.() === 0;

/** Finds PostgreSQL, installing Debian's package when running as root; throws one clear line otherwise. */
export function ensurePostgres(): string {
  let bin = findPostgresBin();
  if (!bin && isRoot() && !process.env.PG_BIN) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    console.log("PostgreSQL is missing: installing Debian's postgresql package with apt-get…");
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], { stdio: 'inherit', env });
    } catch {
      // Reported by the line below.
    }
    bin = findPostgresBin();
  }
  if (!bin) throw new Error(MISSING);
  return bin;
}

export interface PostgresCluster {
  /** Superuser connection string to the `postgres` database. */
  url: string;
  port: number;
  /** Folder holding the data directory, the socket and the log. */
  dir: string;
  bin: string;
  stop: () => void;
}

/**
 * Creates and starts a cluster. As root it runs as the `postgres` user, since initdb refuses root.
 *
 * @example const cluster = await startPostgres(); ...; cluster.stop();
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = ensurePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'guichet-pg-'));
  const asOwner = (command: string, args: string[]) => {
    const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    execFileSync(file, argv, { stdio: 'pipe', cwd: dir });
  };
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  const port = await freePort();
  try {
    // --no-sync only spares initdb's own files; the running server keeps fsync on.
    asOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const settings = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses='127.0.0.1'",
      '-c fsync=on',
      '-c synchronous_commit=on',
      '-c max_connections=300',
      '-c shared_buffers=64MB',
    ].join(' ');
    asOwner(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', '-o', settings, 'start']);
  } catch (error) {
    const printed = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const output = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr) : String(error);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${output}\n${printed}`);
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    bin,
    stop: () => {
      try {
        asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Vitest global setup: one cluster for the project's run. */
export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgres();
  project.provide('postgresUrl', cluster.url);
  return () => cluster.stop();
}

let counter = 0;

/**
 * A new empty database on the test cluster, as a connection string.
 *
 * @example createPostgresStore({ connectionString: await freshDatabase() })
 */
export async function freshDatabase(adminUrl: string = inject('postgresUrl')): Promise<string> {
  const name = `guichet_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
