// What the SQLite store leaves in its file, seen from a second connection as an operator would.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from './index.ts';

describe('the SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-sqlite-'));
  const file = join(dir, 'guichet.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('does nothing before migrate(), then is in WAL mode with every migration recorded once', async () => {
    const store = createSqliteStore({ file });
    await expect(store.health()).rejects.toThrow(/migrate/);
    expect(existsSync(file)).toBe(false);
    await store.migrate();
    await store.dispose();
    const reopened = createSqliteStore({ file });
    await reopened.migrate();
    await reopened.dispose();

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const migrations = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      const files = readdirSync(new URL('./sqlite/migrations/', import.meta.url)).filter((f) => f.endsWith('.sql')).sort();
      expect(migrations).toEqual(files.map((name) => ({ version: Number(name.slice(0, 3)), name })));
      expect(migrations[0]).toEqual({ version: 1, name: '001_submissions.sql' });
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
      expect(tables).toEqual(
        expect.arrayContaining(['audit_events', 'deliveries', 'procedure_versions', 'status_history', 'submissions']),
      );
    } finally {
      db.close();
    }
  });
});
