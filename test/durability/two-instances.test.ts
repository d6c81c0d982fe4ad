// Two server processes on one PostgreSQL database, as behind a load balancer: they migrate at
// the same moment, then take 1,000 concurrent submissions between them, some keys sent to both
// at once (a kiosk retrying through the other instance). No reference twice, none lost.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../support/postgres.ts';
import { startServer } from '../support/server.ts';
import { Ledger, envelopeBody, pool, post } from './load.ts';

const SUBMISSIONS = 1000;
const IN_FLIGHT = 100;

describe('two server processes on one PostgreSQL', () => {
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'guichet-two-')));
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it(`take ${SUBMISSIONS} concurrent submissions with no duplicate reference and none lost`, async () => {
    const env = { DATABASE_URL: await freshDatabase() };
    const servers = await Promise.all(dirs.map((dir) => startServer(env, dir)));
    const ledger = new Ledger();
    const body = envelopeBody();
    try {
      const health = await Promise.all(servers.map(async (s) => (await fetch(`${s.url}/api/health`)).json()));
      expect(health).toMatchObject([{ storage: 'postgresql' }, { storage: 'postgresql' }]);

      const keys = Array.from({ length: SUBMISSIONS }, () => randomUUID());
      await pool(
        keys.map((key, i) => [i, key] as const),
        IN_FLIGHT,
        async ([i, key]) => {
          ledger.sent.add(key);
          const [first, other] = [servers[i % 2]!, servers[(i + 1) % 2]!];
          if (i % 10 !== 0) return ledger.note(key, await post(first.url, key, body, 60_000));
          // One key in ten goes to both instances at the same moment: one creates, one replays.
          const both = await Promise.all([first, other].map((s) => post(s.url, key, body, 60_000)));
          const receipts = both.flatMap((o) => (o.kind === 'receipt' ? [o] : []));
          if (receipts.length !== 2) return void ledger.problems.push(`${key}: ${JSON.stringify(both)}`);
          if (receipts[0]!.reference !== receipts[1]!.reference) ledger.problems.push(`${key}: two references ${JSON.stringify(both)}`);
          if (receipts.filter((r) => r.replayed).length !== 1) ledger.problems.push(`${key}: not one creation and one replay ${JSON.stringify(both)}`);
          ledger.receipts.set(key, receipts[0]!.reference);
        },
      );
    } finally {
      for (const server of servers) expect(await server.stop('SIGTERM')).toBe(0);
    }
    const output = servers.map((s) => s.output()).join('\n');
    expect(output).not.toMatch(/Unexpected error/);
    expect(ledger.problems).toEqual([]);
    expect(ledger.receipts.size).toBe(SUBMISSIONS);
    expect(new Set(ledger.receipts.values()).size).toBe(SUBMISSIONS);

    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const rows = (await client.query<{ id: string; reference: string }>('SELECT id, reference FROM submissions')).rows;
      expect(rows).toHaveLength(SUBMISSIONS);
      expect(new Map(rows.map((r) => [r.id, r.reference]))).toEqual(ledger.receipts);
      const deliveries = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries');
      expect(deliveries.rows[0]?.n).toBeGreaterThanOrEqual(SUBMISSIONS);
    } finally {
      await client.end();
    }
  });
});
