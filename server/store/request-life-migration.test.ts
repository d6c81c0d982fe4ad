// Migration 009 writes the life of requests taken before it: registered at their receipt, and
// received when already delivered. Run here on real data: the rows the triggers wrote are
// removed, then the migration's backfill statement runs alone, as it did on an older database.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { freshDatabase } from '../../test/support/postgres.ts';
import { createPostgresStore, createSqliteStore } from './index.ts';
import type { Store } from './types.ts';

const procedure: Procedure = {
  id: 'p',
  version: 1,
  audience: 'resident',
  category: 'contact',
  pictogram: 'letter',
  title: { fr: 'P' },
  summary: { fr: 'P' },
  intro: { needs: [], minutes: 1 },
  steps: [{ id: 's', title: { fr: 'S' }, fields: [{ id: 'f', type: 'text', label: { fr: 'F' } }] }],
  routes: ['r'],
};

function backfill(dialect: 'sqlite' | 'postgres'): string {
  const text = readFileSync(new URL(`./${dialect}/migrations/009_request_life.sql`, import.meta.url), 'utf8');
  return text.slice(text.lastIndexOf('\nINSERT INTO request_events'));
}

async function twoRequests(store: Store): Promise<{ delivered: string; waiting: string }> {
  await store.migrate();
  await store.rememberProcedureVersion({ id: 'p', version: 1, hash: 'h', procedure });
  const refs: string[] = [];
  for (const receivedAt of ['2026-01-31T23:30:00.000+01:00', '2026-02-01T10:00:00.000+01:00']) {
    const accepted = await store.acceptSubmission({ id: randomUUID(), procedureId: 'p', procedureVersion: 1, locale: 'fr', answers: { f: 'x' }, attachments: [], bodyHash: 'b', receivedAt, routes: ['r'] });
    if (accepted.outcome !== 'created') throw new Error('not created');
    refs.push(accepted.receipt.reference);
  }
  const [claimed] = await store.claimDeliveries({ route: 'r', limit: 1, now: new Date('2026-02-02T08:00:00.000Z'), leaseMs: 60_000 });
  await store.recordDelivery({ id: claimed!.id, claimToken: claimed!.claimToken, at: new Date('2026-02-02T08:00:00.000Z'), outcome: 'delivered' });
  const first = await store.findSubmission(refs[0]!);
  return first!.status === 'delivered' ? { delivered: refs[0]!, waiting: refs[1]! } : { delivered: refs[1]!, waiting: refs[0]! };
}

async function expectBackfilled(store: Store, requests: { delivered: string; waiting: string }) {
  const history = async (reference: string) => (await store.requestLife(reference))!.history.map((entry) => [entry.status, entry.at, entry.actor.kind]);
  const delivered = await history(requests.delivered);
  expect(delivered.map(([status]) => status)).toEqual(['registered', 'received']);
  expect(delivered[1]).toEqual(['received', '2026-02-02T08:00:00.000Z', 'system']);
  expect((await history(requests.waiting)).map(([status]) => status)).toEqual(['registered']);
  expect([...delivered, ...(await history(requests.waiting))].every(([, at]) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(at as string))).toBe(true);
}

describe('migration 009 on requests taken before it', () => {
  it('SQLite', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'guichet-009-')), 'guichet.sqlite');
    const before = createSqliteStore({ file });
    const requests = await twoRequests(before);
    await before.dispose();
    const db = new Database(file);
    db.exec('DELETE FROM request_events');
    db.exec(backfill('sqlite'));
    db.close();
    const after = createSqliteStore({ file });
    await after.migrate();
    try {
      await expectBackfilled(after, requests);
    } finally {
      await after.dispose();
    }
  });

  it('PostgreSQL', async () => {
    const connectionString = await freshDatabase();
    const before = createPostgresStore({ connectionString });
    const requests = await twoRequests(before);
    await before.dispose();
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query('DELETE FROM request_events');
      await client.query(backfill('postgres'));
    } finally {
      await client.end();
    }
    const after = createPostgresStore({ connectionString });
    await after.migrate();
    try {
      await expectBackfilled(after, requests);
    } finally {
      await after.dispose();
    }
  });
});
