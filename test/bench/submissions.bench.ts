// Durable submissions accepted per second through HTTP (the real server process, 50 concurrent
// clients with autocannon, a fresh Idempotency-Key per request), beside what the storage does
// alone in the same run: single-row WAL + synchronous=FULL commits straight into better-sqlite3,
// and pgbench running a single-row insert from 50 clients on the same PostgreSQL server.
// Median of RUNS runs each. Targets: HTTP/raw at least 0.5 on SQLite, p99 at most 50 ms.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { envelopeBody } from '../durability/load.ts';
import { startPostgres, type PostgresCluster } from '../support/postgres.ts';
import { startServer } from '../support/server.ts';
import type { BenchTable } from './run.ts';

const RUNS = 3;
const CLIENTS = 50;
const SECONDS = 5;
const RAW_SECONDS = 3;

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
export const round = (value: number, digits = 0) => Number(value.toFixed(digits));

export interface HttpRun {
  perSecond: number;
  p99: number;
  p50: number;
  failed: number;
}

export async function httpRun(url: string, body: string, seconds: number): Promise<HttpRun> {
  const result = await autocannon({
    url: `${url}/api/submissions`,
    connections: CLIENTS,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() } }) }],
  });
  return {
    perSecond: result['2xx'] / result.duration,
    p99: result.latency.p99,
    p50: result.latency.p50,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/** Sequential single-row commits, each its own transaction, into a fresh WAL file with synchronous=FULL. */
function sqliteRaw(body: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-bench-raw-'));
  const db = new Database(join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE rows (id TEXT PRIMARY KEY, body TEXT NOT NULL, at TEXT NOT NULL) STRICT');
    const insert = db.prepare('INSERT INTO rows (id, body, at) VALUES (?, ?, ?)');
    let n = 0;
    const started = performance.now();
    const until = started + RAW_SECONDS * 1000;
    while (performance.now() < until) {
      insert.run(randomUUID(), body, new Date().toISOString());
      n++;
    }
    return n / ((performance.now() - started) / 1000);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** pgbench, 50 clients, the same single-row insert, in a database of its own. */
async function pgbenchRaw(cluster: PostgresCluster, database: string, body: string, clients: number): Promise<{ tps: number; p99?: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-pgbench-'));
  try {
    const script = join(dir, 'insert.sql');
    // The body travels as a literal, like the store's parameter; the id is new each time.
    writeFileSync(script, `INSERT INTO rows (id, body, at) VALUES (gen_random_uuid()::text, '${body.replaceAll("'", "''")}', now());\n`);
    const output = execFileSync(
      join(cluster.bin, 'pgbench'),
      ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', '-n', '-c', String(clients), '-j', '2', '-T', String(SECONDS), '-f', script, database],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1]);
    return { tps };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function serverRuns(env: Record<string, string>, body: string): Promise<HttpRun[]> {
  const server = await startServer(env);
  try {
    await httpRun(server.url, body, 1); // warm-up: JIT, prepared statements, pool connections
    const runs: HttpRun[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await httpRun(server.url, body, SECONDS));
    return runs;
  } finally {
    await server.stop();
  }
}

function row(storage: string, http: HttpRun[], baselineName: string, baseline: number[]) {
  const perSecond = median(http.map((r) => r.perSecond));
  const raw = median(baseline);
  return {
    storage,
    'accepted/s (HTTP, 50 clients)': round(perSecond),
    'p50 ms': round(median(http.map((r) => r.p50)), 1),
    'p99 ms': round(median(http.map((r) => r.p99)), 1),
    'not 201': http.reduce((n, r) => n + r.failed, 0),
    baseline: baselineName,
    'baseline/s': round(raw),
    'HTTP/baseline': Number((perSecond / raw).toPrecision(2)),
  };
}

export default async function submissionsBench(): Promise<BenchTable> {
  const body = envelopeBody();
  const rows: BenchTable['rows'] = [];

  const sqliteRawRates = Array.from({ length: RUNS }, () => sqliteRaw(body));
  const sqliteHttp = await serverRuns({}, body);
  rows.push(row('SQLite', sqliteHttp, 'better-sqlite3, 1 row per commit', sqliteRawRates));

  let cluster: PostgresCluster | undefined;
  try {
    cluster = await startPostgres();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bench_raw');
    await admin.query('CREATE DATABASE bench_server');
    await admin.end();
    const raw = new pg.Client({ connectionString: cluster.url.replace(/\/postgres$/, '/bench_raw') });
    await raw.connect();
    await raw.query('CREATE TABLE rows (id text PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL)');
    await raw.end();
    const pgbench: number[] = [];
    for (let i = 0; i < RUNS; i++) pgbench.push((await pgbenchRaw(cluster, 'bench_raw', body, CLIENTS)).tps);
    const pgHttp = await serverRuns({ DATABASE_URL: cluster.url.replace(/\/postgres$/, '/bench_server') }, body);
    rows.push(row('PostgreSQL', pgHttp, 'pgbench, 1-row insert, 50 clients', pgbench));
  } catch (error) {
    rows.push({ storage: 'PostgreSQL', baseline: `not measured: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
  } finally {
    cluster?.stop();
  }

  return {
    title: 'Durable submissions: HTTP intake beside the storage alone',
    rows,
    notes: [
      `Median of ${RUNS} runs of ${SECONDS} s (raw SQLite: ${RAW_SECONDS} s) after a 1 s warm-up; every 201 came after its commit reached the disk`,
      '(SQLite WAL + synchronous=FULL with group commit; PostgreSQL fsync and synchronous_commit on). Targets: HTTP/baseline >= 0.5 on SQLite, p99 <= 50 ms.',
      'The body is a valid write-to-town-hall envelope; each request has its own Idempotency-Key, so each one is a new submission.',
    ],
  };
}
