// The store at scale: the accept rate with 1,000,000 stored submissions beside an empty store,
// in the same run, and the console's reads (the overview's counts, a deep page of deliveries by
// offset and by keyset) on both. The big store is built once by SQL (a prefill of about a
// minute) in the system's temporary folder and reused by later runs; accepts add to it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteStore } from '../../server/store/index.ts';
import { envelopeBody } from '../durability/load.ts';
import { startServer } from '../support/server.ts';
import type { BenchTable } from './run.ts';
import { httpRun, median, round, type HttpRun } from './submissions.bench.ts';

const ROWS = 1_000_000;
const RUNS = 3;
const SECONDS = 5;
const READS = 7;
const BIG_DIR = join(tmpdir(), `guichet-bench-${ROWS}-v3`);
const READY = join(BIG_DIR, 'prefilled');

/** A data folder whose store holds ROWS delivered submissions of write-to-town-hall, each with two deliveries, its history and its audit entry. */
async function prefill(): Promise<{ dir: string; seconds: number }> {
  if (existsSync(READY)) return { dir: BIG_DIR, seconds: 0 };
  rmSync(BIG_DIR, { recursive: true, force: true });
  const started = performance.now();
  // The server makes the schema and publishes the procedures; SQL then writes the rows.
  const server = await startServer({ GUICHET_RELAY: 'off' }, BIG_DIR);
  await server.stop('SIGTERM');
  const db = new Database(join(BIG_DIR, 'guichet.sqlite'));
  db.pragma('journal_mode = WAL');
  const answers = JSON.parse(envelopeBody()).answers as unknown;
  const range = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})`;
  const id = `printf('00000000-0000-4000-8000-%012d', i)`;
  // The last eleven days of requests, one a second, oldest first: within every procedure's
  // retention period, so that the store is what a busy town holds, not a purge waiting to run.
  const start = new Date(Date.now() - (ROWS + 600) * 1000).toISOString();
  const at = `strftime('%Y-%m-%dT%H:%M:%f+01:00', '${start}', printf('%+d seconds', i + 3600))`;
  const utc = `strftime('%Y-%m-%dT%H:%M:%fZ', '${start}', printf('%+d seconds', i))`;
  const version = db.prepare<[], { version: number }>("SELECT max(version) AS version FROM procedure_versions WHERE id = 'write-to-town-hall'").get()!.version;
  db.transaction(() => {
    db.prepare(
      `${range} INSERT INTO submissions (id, reference, tracking_code, procedure_id, procedure_version, locale, answers_json, attachments_json, body_hash, received_at, status)
       SELECT ${id}, printf('Z%03d-%04d', i / 10000, i % 10000), 'BENCH', 'write-to-town-hall', ?, 'fr', ?, '[]', 'bench', ${at}, 'delivered' FROM n`,
    ).run(version, JSON.stringify(answers));
    for (const route of ['mail-ged', 'hr-mailbox'])
      db.prepare(
        `${range} INSERT INTO deliveries (submission_id, route, state, attempts, next_attempt_at, delivered_at)
         SELECT ${id}, ?, 'delivered', 1, ${utc}, ${utc} FROM n`,
      ).run(route);
    db.exec(`${range} INSERT INTO status_history (submission_id, status, at) SELECT ${id}, 'received', ${at} FROM n`);
    db.exec(`INSERT INTO route_counts (route, delivered) SELECT route, count(*) FROM deliveries WHERE state = 'delivered' GROUP BY route
      ON CONFLICT (route) DO UPDATE SET delivered = excluded.delivered`);
    // Hashes shaped like the chain's, not a chain: audit:verify is not what this measures.
    db.exec(
      `${range} INSERT INTO audit_events (at, kind, actor, terminal, submission_id, data_json, prev_hash, hash)
       SELECT ${at}, 'submission.received', 'kiosk', NULL, ${id}, '{}', printf('%064d', i - 1), printf('%064d', i) FROM n`,
    );
  }).immediate();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  writeFileSync(READY, new Date().toISOString());
  return { dir: BIG_DIR, seconds: (performance.now() - started) / 1000 };
}

interface Reads {
  overview: number;
  deepOffset: number;
  deepKeyset: number;
}

/** The console's reads through the store, median of READS each, in milliseconds. */
async function reads(dir: string): Promise<Reads> {
  const store = createSqliteStore({ file: join(dir, 'guichet.sqlite') });
  await store.migrate();
  try {
    const time = async (work: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < READS; i++) {
        const started = performance.now();
        await work();
        times.push(performance.now() - started);
      }
      return median(times);
    };
    const total = (await store.deliverySummary()).reduce((n, s) => n + s.pending + s.delivered + s.dead, 0);
    const newest = (await store.listDeliveries({ limit: 1 }))[0]?.id ?? 0;
    // The middle of the list: page N/2 of the console, by offset and by keyset.
    const middle = Math.floor(total / 2);
    return {
      overview: await time(() => store.deliverySummary()),
      deepOffset: await time(() => store.listDeliveries({ limit: 51, offset: middle })),
      deepKeyset: await time(() => store.listDeliveries({ limit: 51, before: newest - middle })),
    };
  } finally {
    await store.dispose();
  }
}

/** One run of accepts after a warm-up, on a server started on `dir`. */
async function acceptRun(dir: string, body: string): Promise<HttpRun> {
  // The relay off: the routes are not configured here, and this measures the accepts alone.
  const server = await startServer({ GUICHET_RELAY: 'off' }, dir);
  try {
    await httpRun(server.url, body, 1);
    return await httpRun(server.url, body, SECONDS);
  } finally {
    await server.stop('SIGTERM');
  }
}

export default async function scaleBench(): Promise<BenchTable> {
  const body = envelopeBody();
  const big = await prefill();
  const emptyDir = mkdtempSync(join(tmpdir(), 'guichet-bench-empty-'));
  try {
    // Alternated, so that a busy moment of the machine falls on both.
    const empty: HttpRun[] = [];
    const full: HttpRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      empty.push(await acceptRun(emptyDir, body));
      full.push(await acceptRun(big.dir, body));
    }
    const [emptyReads, fullReads] = [await reads(emptyDir), await reads(big.dir)];
    const rate = (runs: HttpRun[]) => median(runs.map((r) => r.perSecond));
    const row = (store: string, runs: HttpRun[], r: Reads) => ({
      store,
      'accepted/s': round(rate(runs)),
      'p99 ms': round(median(runs.map((x) => x.p99)), 1),
      'overview ms': round(r.overview, 1),
      'page at the middle, offset ms': round(r.deepOffset, 1),
      'same page, keyset ms': round(r.deepKeyset, 1),
    });
    return {
      title: `The store at ${ROWS.toLocaleString('en')} submissions beside an empty one (SQLite)`,
      rows: [
        row('empty', empty, emptyReads),
        row(`${ROWS.toLocaleString('en')} submissions`, full, fullReads),
        { store: 'ratio full / empty', 'accepted/s': Number((rate(full) / rate(empty)).toPrecision(2)) },
      ],
      notes: [
        `Accepts: HTTP, 50 clients, ${SECONDS} s runs alternated between the two stores, median of ${RUNS}; relay off. Target: full/empty >= 0.9.`,
        `Reads: the store's calls behind the console, median of ${READS}. Budgets at 1M rows: overview <= 250 ms, a page at any depth by keyset <= 20 ms.`,
        big.seconds ? `The big store (deliveries delivered, received in the last ${Math.round(ROWS / 86_400)} days) was built in ${round(big.seconds)} s, in ${BIG_DIR} (reused by later runs).` : `The big store was reused from ${BIG_DIR}.`,
      ],
    };
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
  }
}
