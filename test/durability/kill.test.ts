// Durable means durable: 50 clients post envelopes while the real server process is killed
// with SIGKILL at random moments, ten times, and restarted on the same data each time. Every
// key that got a 201 must be stored afterwards, and every retry of every key must get the same
// reference. Clients behave as the kiosk's outbox: a lost answer is retried with the same key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/postgres.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { Ledger, envelopeBody, pool, post, sleep } from './load.ts';

const CLIENTS = 50;
const KILLS = 10;

interface Storage {
  name: string;
  env: () => Promise<Record<string, string>>;
  /** Stored submissions' keys and references, read after the server stopped. */
  rows: (env: Record<string, string>, dataDir: string) => Promise<Array<{ id: string; reference: string }>>;
}

const storages: Storage[] = [
  {
    name: 'SQLite',
    env: async () => ({}),
    rows: async (_env, dataDir) => {
      const db = new Database(join(dataDir, 'guichet.sqlite'), { readonly: true });
      try {
        return db.prepare<[], { id: string; reference: string }>('SELECT id, reference FROM submissions').all();
      } finally {
        db.close();
      }
    },
  },
  {
    name: 'PostgreSQL',
    env: async () => ({ DATABASE_URL: await freshDatabase() }),
    rows: async (env) => {
      const client = new pg.Client({ connectionString: env.DATABASE_URL });
      await client.connect();
      try {
        return (await client.query<{ id: string; reference: string }>('SELECT id, reference FROM submissions')).rows;
      } finally {
        await client.end();
      }
    },
  },
];

describe.each(storages)('SIGKILL under load ($name)', (storage) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`keeps every acknowledged submission through ${KILLS} kills, and every retry gets the same reference`, async () => {
    const env = await storage.env();
    const body = envelopeBody();
    const ledger = new Ledger();
    let server: RunningServer = await startServer(env, dataDir);
    let running = true;
    // While the server is down, clients wait for it instead of knocking: the restart gets the CPU.
    let ready: Promise<void> = Promise.resolve();

    const client = async () => {
      let unanswered: string | undefined;
      while (running) {
        // One time in ten, a retry of a key already acknowledged: its reference must not change.
        const replay = unanswered ? undefined : Math.random() < 0.1 ? ledger.randomReceiptKey() : undefined;
        const key = unanswered ?? replay ?? ledger.newKey();
        const outcome = await post(server.url, key, body);
        ledger.note(key, outcome);
        unanswered = outcome.kind === 'lost' ? key : undefined;
        if (outcome.kind === 'lost') await Promise.all([ready, sleep(20)]);
      }
    };
    const clients = Array.from({ length: CLIENTS }, client);

    const output: string[] = [];
    let receiptsAtLastKill = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(300 + Math.random() * 1200);
      receiptsAtLastKill = ledger.receipts.size;
      let restarted = () => {};
      ready = new Promise((resolve) => (restarted = resolve));
      server.process.kill('SIGKILL');
      await server.stop();
      output.push(server.output());
      server = await startServer(env, dataDir);
      restarted();
    }
    await sleep(500);
    running = false;
    await Promise.all(clients);

    // Every key ever sent, again: stored ones are replayed with their reference, the others
    // (never answered) are accepted now.
    const acknowledged = new Map(ledger.receipts);
    await pool([...ledger.sent], CLIENTS, async (key) => {
      const outcome = await post(server.url, key, body);
      if (outcome.kind !== 'receipt') ledger.problems.push(`${key}: final retry ${JSON.stringify(outcome)}`);
      else ledger.note(key, outcome);
      if (acknowledged.has(key) && outcome.kind === 'receipt' && !outcome.replayed)
        ledger.problems.push(`${key}: acknowledged before a kill, then not found`);
    });
    expect(await server.stop('SIGTERM')).toBe(0);
    output.push(server.output());

    const rows = await storage.rows(env, dataDir);
    const stored = new Map(rows.map((row) => [row.id, row.reference]));
    for (const [key, reference] of acknowledged)
      if (stored.get(key) !== reference) ledger.problems.push(`${key}: acknowledged ${reference}, stored ${stored.get(key)}`);
    console.log(
      `${storage.name}: ${KILLS} kills, ${ledger.sent.size} keys, ${acknowledged.size} acknowledged during the run ` +
        `(${receiptsAtLastKill} before the last kill), ${ledger.lost} answers lost (killed in flight, or refused while down) and retried, ${ledger.replaysChecked} replays checked`,
    );
    expect(ledger.problems).toEqual([]);
    expect(output.join('\n')).not.toMatch(/Unexpected error/);
    expect(rows).toHaveLength(ledger.sent.size);
    expect(new Set(rows.map((row) => row.reference)).size).toBe(rows.length);
    expect(receiptsAtLastKill).toBeGreaterThan(0);
  });
});
