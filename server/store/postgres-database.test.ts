// What the PostgreSQL store leaves in its database and how it talks to it, seen from a second
// connection as an operator would.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { freshDatabase } from '../../test/support/postgres.ts';
import { readFileSync } from 'node:fs';
import { verifyAuditChain } from './audit-chain.ts';
import { createPostgresStore } from './index.ts';

async function inspect<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL database', () => {
  it('does nothing before migrate(), and several instances migrating at once apply each migration once', async () => {
    const url = await freshDatabase();
    const stores = Array.from({ length: 4 }, () => createPostgresStore({ connectionString: url }));
    await expect(stores[0]!.health()).rejects.toThrow(/migrate/);
    expect(await inspect(url, "SELECT 1 FROM pg_tables WHERE schemaname = 'public'")).toEqual([]);
    try {
      await Promise.all(stores.map((store) => store.migrate()));
      await Promise.all(stores.map((store) => store.migrate()));
    } finally {
      await Promise.all(stores.map((store) => store.dispose()));
    }
    const migrations = await inspect<{ version: number; name: string }>(url, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(migrations[0]).toEqual({ version: 1, name: '001_submissions.sql' });
    expect(new Set(migrations.map((m) => m.version)).size).toBe(migrations.length);
    const tables = (await inspect<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).map(
      (t) => t.tablename,
    );
    expect(tables).toEqual(
      expect.arrayContaining(['audit_events', 'deliveries', 'procedure_versions', 'schema_migrations', 'status_history', 'submissions']),
    );
  });

  it('commits durably: its sessions keep synchronous_commit on even where the database turns it off', async () => {
    const url = await freshDatabase();
    const name = new URL(url).pathname.slice(1);
    await inspect(url, `ALTER DATABASE ${name} SET synchronous_commit = off`);
    const store = createPostgresStore({ connectionString: url });
    await store.migrate();
    try {
      // A trigger notes the setting of the session that writes, that is the store's own.
      await inspect(
        url,
        `CREATE TABLE seen (setting text);
         CREATE FUNCTION note_setting() RETURNS trigger LANGUAGE plpgsql AS
           $$ BEGIN INSERT INTO seen VALUES (current_setting('synchronous_commit')); RETURN NEW; END $$;
         CREATE TRIGGER note AFTER INSERT ON procedure_versions FOR EACH ROW EXECUTE FUNCTION note_setting();`,
      );
      const procedure = { id: 'p', version: 1 } as unknown as Procedure;
      await store.rememberProcedureVersion({ id: 'p', version: 1, hash: 'h', procedure });
      expect(await inspect(url, 'SELECT setting FROM seen')).toEqual([{ setting: 'on' }]);
      expect(await inspect(url, "SELECT current_setting('synchronous_commit') AS setting")).toEqual([{ setting: 'off' }]);
      expect(await inspect(url, "SELECT current_setting('fsync') AS setting")).toEqual([{ setting: 'on' }]);
    } finally {
      await store.dispose();
    }
  });

  it('seals audit entries written before the chain existed, once, at migrate', async () => {
    const url = await freshDatabase();
    const migration = (name: string) => readFileSync(new URL(`./postgres/migrations/${name}`, import.meta.url), 'utf8');
    await inspect(
      url,
      `CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL);
       ${migration('001_submissions.sql')}
       ${migration('002_relay.sql')}
       INSERT INTO schema_migrations VALUES (1, '001_submissions.sql', now()), (2, '002_relay.sql', now());
       INSERT INTO audit_events (at, kind, data_json) VALUES
         ('2026-11-01T10:00:00.000+01:00', 'console.sign-in', '{"who":"a"}'),
         ('2026-11-02T10:00:00.000+01:00', 'console.sign-out', '{"who":"a"}');`,
    );
    const store = createPostgresStore({ connectionString: url });
    try {
      await store.migrate();
      await store.appendAudit({ at: '2026-11-03T10:00:00.000+01:00', kind: 'console.sign-in', actor: 'agent:1', data: {} });
      await store.migrate();
      const log = await store.auditLog({ limit: 10 });
      expect(log.map((e) => [e.kind, e.actor])).toEqual([
        ['console.sign-in', null],
        ['console.sign-out', null],
        ['console.sign-in', 'agent:1'],
      ]);
      expect(verifyAuditChain(log).breaks).toEqual([]);
      await expect(inspect(url, "UPDATE audit_events SET kind = 'x' WHERE id = 1")).rejects.toThrow(/append-only/);
      await expect(inspect(url, 'DELETE FROM audit_events')).rejects.toThrow(/append-only/);
      await expect(inspect(url, "INSERT INTO audit_events (at, kind, data_json) VALUES ('t', 'k', '{}')")).rejects.toThrow(/through the store/);
    } finally {
      await store.dispose();
    }
  });
});
