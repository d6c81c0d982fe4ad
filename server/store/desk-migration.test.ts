// Migration 013 on a SQLite database made before it: staff_accounts is rebuilt to admit
// instructors, and every account, session, mandate and attribution stays as it was, with
// foreign keys still enforced afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readMigrations } from './migrations.ts';
import { createSqliteStore } from './sqlite/index.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('migration 013 (SQLite) on staff accounts made before it', () => {
  it('keeps accounts, sessions and mandates, admits instructors, and still enforces foreign keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-013-'));
    dirs.push(dir);
    const file = join(dir, 'guichet.sqlite');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    old.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
    for (const m of readMigrations(new URL('./sqlite/migrations/', import.meta.url)).filter((m) => m.version <= 12)) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(m.version, m.name, '2026-11-01T00:00:00.000Z');
    }
    old.prepare("INSERT INTO staff_accounts (id, role, login, display_name, password_hash, created_at, site) VALUES (7, 'reception', 'accueil', 'Accueil', 'h', '2026-11-01T00:00:00.000Z', 'mairie')").run();
    old.prepare("INSERT INTO staff_sessions VALUES ('tok', 7, '2026-11-28T09:00:00.000Z', '2026-11-28T17:00:00.000Z')").run();
    old.prepare("INSERT INTO mandates VALUES ('m1', 7, 'Jeanne', '[]', 'session', '2026-11-28T09:00:00.000Z', '2026-11-28T17:00:00.000Z', '2026-11-28T09:00:00.000Z', NULL, NULL)").run();
    expect(() => old.prepare("INSERT INTO staff_accounts (role, login, display_name, password_hash, created_at) VALUES ('instructor', 'x', 'X', 'h', 'now')").run()).toThrow(/CHECK/);
    old.close();

    const store = createSqliteStore({ file });
    await store.migrate();
    const session = await store.findStaffSession('tok', new Date('2026-11-28T10:00:00Z'));
    expect(session?.account).toMatchObject({ id: 7, role: 'reception', login: 'accueil', site: 'mairie' });
    expect((await store.getMandate('m1'))?.mediatorId).toBe(7);
    expect(await store.createStaffAccount({ role: 'instructor', login: 'x', displayName: 'X', passwordHash: 'h', createdAt: '2026-11-28T09:00:00.000Z', services: ['mail'] })).toMatchObject({ services: ['mail'] });
    await expect(store.createStaffSession({ tokenHash: 't2', accountId: 999, createdAt: '2026-11-28T09:00:00.000Z', expiresAt: '2026-11-28T17:00:00.000Z' })).rejects.toThrow(/FOREIGN KEY/);
    await store.dispose();

    const after = new Database(file);
    expect(after.pragma('foreign_key_check')).toEqual([]);
    expect(after.prepare("SELECT sql FROM sqlite_master WHERE name = 'staff_accounts'").pluck().get()).toMatch(/'instructor'/);
    after.close();
  });
});
