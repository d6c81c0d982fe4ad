// Three server processes on one PostgreSQL database, as behind a load balancer: they migrate at
// the same moment, then take concurrent submissions between them while one of them at a time is
// killed with SIGKILL and restarted; a client whose answer is lost retries the same key through
// another instance (the kiosk's outbox behind the balancer), and one key in ten goes to two
// instances at once. No submission lost, none stored twice, every retry the same reference, and
// the audit chain whole.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type AuditEntry } from '../../server/store/audit-chain.ts';
import { freshDatabase } from '../support/postgres.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { Ledger, envelopeBody, pool, post, sleep } from './load.ts';

const INSTANCES = 3;
const CLIENTS = 60;
const KILLS = 6;

describe(`${INSTANCES} server processes on one PostgreSQL`, () => {
  const dirs = Array.from({ length: INSTANCES }, () => mkdtempSync(join(tmpdir(), 'guichet-three-')));
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('lose nothing and store nothing twice while instances are killed in turn', async () => {
    const env = { DATABASE_URL: await freshDatabase() };
    // Started together: the migrations run once, under their advisory lock.
    const servers: RunningServer[] = await Promise.all(dirs.map((dir) => startServer(env, dir)));
    const health = await Promise.all(servers.map(async (s) => (await fetch(`${s.url}/api/health`)).json()));
    expect(health).toEqual(Array.from({ length: INSTANCES }, () => expect.objectContaining({ storage: 'postgresql' })));

    const ledger = new Ledger();
    const body = envelopeBody();
    const down = new Set<number>();
    const up = () => [...servers.keys()].filter((i) => !down.has(i));
    const pick = (not?: number) => {
      const choices = up().filter((i) => i !== not);
      return choices[Math.floor(Math.random() * choices.length)] ?? 0;
    };
    let running = true;

    const resident = async () => {
      let unanswered: string | undefined;
      while (running) {
        const key = unanswered ?? ledger.newKey();
        const first = pick();
        if (!unanswered && Math.random() < 0.1) {
          // The same key through two instances at the same moment: one creates, the other replays.
          const second = pick(first);
          const both = await Promise.all([first, second].map((i) => post(servers[i]!.url, key, body)));
          const receipts = both.flatMap((o) => (o.kind === 'receipt' ? [o] : []));
          if (receipts.length === 2 && receipts.filter((r) => !r.replayed).length !== 1)
            ledger.problems.push(`${key}: not one creation and one replay ${JSON.stringify(both)}`);
          // The creation first: the ledger expects any later answer to be a replay.
          for (const outcome of [...both].sort((a, b) => Number(a.kind === 'receipt' && a.replayed) - Number(b.kind === 'receipt' && b.replayed)))
            ledger.note(key, outcome);
          unanswered = both.some((o) => o.kind === 'receipt') ? undefined : key;
          continue;
        }
        const outcome = await post(servers[first]!.url, key, body);
        ledger.note(key, outcome);
        unanswered = outcome.kind === 'receipt' ? undefined : key;
        if (unanswered) await sleep(20);
      }
    };
    const clients = Array.from({ length: CLIENTS }, resident);

    const output: string[] = [];
    let receiptsAtLastKill = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      await sleep(400 + Math.random() * 1200);
      receiptsAtLastKill = ledger.receipts.size;
      const victim = kill % INSTANCES;
      down.add(victim);
      servers[victim]!.process.kill('SIGKILL');
      await servers[victim]!.stop();
      output.push(servers[victim]!.output());
      servers[victim] = await startServer(env, dirs[victim]);
      down.delete(victim);
    }
    await sleep(500);
    running = false;
    await Promise.all(clients);

    // Every key ever sent, again, through any instance: stored ones replay their reference.
    const acknowledged = new Map(ledger.receipts);
    await pool([...ledger.sent], CLIENTS, async (key) => {
      const outcome = await post(servers[pick()]!.url, key, body);
      if (outcome.kind !== 'receipt') ledger.problems.push(`${key}: final retry ${JSON.stringify(outcome)}`);
      else ledger.note(key, outcome);
      if (acknowledged.has(key) && outcome.kind === 'receipt' && !outcome.replayed)
        ledger.problems.push(`${key}: acknowledged before a kill, then not found`);
    });
    for (const server of servers) {
      expect(await server.stop('SIGTERM')).toBe(0);
      output.push(server.output());
    }

    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    try {
      const rows = (await client.query<{ id: string; reference: string }>('SELECT id, reference FROM submissions')).rows;
      const stored = new Map(rows.map((row) => [row.id, row.reference]));
      for (const [key, reference] of acknowledged)
        if (stored.get(key) !== reference) ledger.problems.push(`${key}: acknowledged ${reference}, stored ${stored.get(key)}`);
      console.log(
        `PostgreSQL, ${INSTANCES} instances: ${KILLS} kills, ${ledger.sent.size} keys, ${acknowledged.size} acknowledged during the run ` +
          `(${receiptsAtLastKill} before the last kill), ${ledger.lost} answers lost and retried, ${ledger.replaysChecked} replays checked`,
      );
      // What the servers said about an error, so that a failure says why.
      const errors = output.join('\n').split('\n').filter((line) => /error/i.test(line));
      if (errors.length) console.log(errors.slice(0, 20).join('\n'));
      expect(ledger.problems).toEqual([]);
      expect(output.join('\n')).not.toMatch(/Unexpected error/);
      expect(rows).toHaveLength(ledger.sent.size);
      expect(new Set(rows.map((row) => row.reference)).size).toBe(rows.length);
      expect(receiptsAtLastKill).toBeGreaterThan(0);

      const audit = (
        await client.query<{ id: string; at: string; kind: string; actor: string | null; terminal: string | null; submission_id: string | null; data_json: Record<string, unknown>; prev_hash: string | null; hash: string | null }>(
          'SELECT * FROM audit_events ORDER BY id',
        )
      ).rows.map(
        (row): AuditEntry => ({
          id: Number(row.id),
          at: row.at,
          kind: row.kind,
          actor: row.actor,
          terminal: row.terminal,
          submission: row.submission_id,
          data: row.data_json,
          prevHash: row.prev_hash,
          hash: row.hash,
        }),
      );
      expect(audit.filter((e) => e.kind === 'submission.received')).toHaveLength(rows.length);
      expect(verifyAuditChain(audit)).toMatchObject({ entries: audit.length, breaks: [] });
    } finally {
      await client.end();
    }
  });
});
