// The audit log is append-only and chained: the store refuses edits, and an edit made straight
// in the SQLite file (triggers dropped, as someone with the file could) is found by
// `npm run audit:verify`, which names the entry and exits 1.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, chainHash, verifyAuditChain, type AuditEntry } from './audit-chain.ts';
import { createSqliteStore } from './index.ts';
import type { Store } from './types.ts';

const run = promisify(execFile);
const ROOT = new URL('../../', import.meta.url).pathname;

const procedure = {
  id: 'p',
  version: 1,
  audience: 'resident' as const,
  category: 'contact',
  pictogram: 'letter',
  title: { fr: 'P' },
  summary: { fr: 'P' },
  intro: { needs: [], minutes: 1 },
  steps: [{ id: 's', title: { fr: 'S' }, fields: [{ id: 'm', type: 'longText' as const, label: { fr: 'M' } }] }],
};

async function filledStore(dir: string): Promise<Store> {
  const store = createSqliteStore({ file: join(dir, 'guichet.sqlite') });
  await store.migrate();
  await store.rememberProcedureVersion({ id: 'p', version: 1, hash: 'h', procedure });
  for (let i = 0; i < 3; i++)
    await store.acceptSubmission({
      id: randomUUID(),
      procedureId: 'p',
      procedureVersion: 1,
      locale: 'fr',
      answers: { m: `message ${i}` },
      attachments: [],
      bodyHash: `b${i}`,
      receivedAt: `2026-11-28T11:00:0${i}.000+01:00`,
      routes: ['r'],
      terminal: 'epn-mediatheque-1',
    });
  await store.appendAudit({ at: '2026-11-28T12:00:00.000Z', kind: 'console.reprint', actor: 'agent:1234', terminal: 'accueil-2', data: { reference: 'X' } });
  return store;
}

async function verifyCli(dir: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Opens the file as an intruder would: the store's triggers dropped first. */
function tamper(dir: string, change: (db: Database.Database) => void): void {
  const db = new Database(join(dir, 'guichet.sqlite'));
  db.exec('DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;');
  change(db);
  db.close();
}

describe('the audit chain', () => {
  const opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.dispose()));
  });
  const fresh = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-audit-'));
    const store = await filledStore(dir);
    opened.push(store);
    return { dir, store };
  };

  it('chains every entry to the one before, with who, when, what and which terminal', async () => {
    const { store } = await fresh();
    const log = await store.auditLog({ limit: 100 });
    expect(log).toHaveLength(4);
    expect(log[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < log.length; i++) expect(log[i]!.prevHash).toBe(log[i - 1]!.hash);
    expect(log[0]).toMatchObject({ kind: 'submission.received', actor: 'kiosk', terminal: 'epn-mediatheque-1' });
    expect(log[3]).toMatchObject({ kind: 'console.reprint', actor: 'agent:1234', terminal: 'accueil-2', submission: null });
    expect(log[3]!.hash).toBe(chainHash(log[2]!.hash!, log[3]!));
    expect(verifyAuditChain(log)).toMatchObject({ entries: 4, head: log[3]!.hash, breaks: [] });
    // Pages follow on from one another.
    expect(await store.auditLog({ afterId: log[1]!.id, limit: 1 })).toEqual([log[2]]);
  });

  it('refuses to edit, delete or write an unchained entry through SQL', async () => {
    const { dir } = await fresh();
    const db = new Database(join(dir, 'guichet.sqlite'));
    expect(() => db.exec(`UPDATE audit_events SET kind = 'x' WHERE id = 1`)).toThrow(/append-only/);
    expect(() => db.exec('DELETE FROM audit_events WHERE id = 1')).toThrow(/append-only/);
    expect(() => db.exec(`INSERT INTO audit_events (at, kind, data_json) VALUES ('t', 'k', '{}')`)).toThrow(/through the store/);
    db.close();
  });

  it('passes audit:verify untouched, and names an entry edited in the file', async () => {
    const { dir, store } = await fresh();
    await store.dispose();
    const clean = await verifyCli(dir);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^4 entries, 0 broken; head [0-9a-f]{64}$/m);

    tamper(dir, (db) => db.exec(`UPDATE audit_events SET data_json = '{"reference":"FORGED"}' WHERE id = 2`));
    const edited = await verifyCli(dir);
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('entry 2 (submission.received, 2026-11-28T11:00:01.000+01:00) was edited after it was written');
    expect(edited.stderr).not.toContain('entry 3');
  });

  it('detects a removed entry, and one whose hash was recomputed to hide an edit', async () => {
    const removed = await fresh();
    await removed.store.dispose();
    tamper(removed.dir, (db) => db.exec('DELETE FROM audit_events WHERE id = 2'));
    const afterRemoval = await verifyCli(removed.dir);
    expect(afterRemoval.code).toBe(1);
    expect(afterRemoval.stderr).toContain('entry 3 does not follow the entry before it');

    const rehashed = await fresh();
    await rehashed.store.dispose();
    tamper(rehashed.dir, (db) => {
      const row = db.prepare<[], AuditEntry & { data_json: string; submission_id: string; prev_hash: string }>('SELECT * FROM audit_events WHERE id = 2').get()!;
      const forged = { at: row.at, kind: row.kind, actor: row.actor, terminal: row.terminal, submission: row.submission_id, data: { reference: 'FORGED' } };
      db.prepare('UPDATE audit_events SET data_json = ?, hash = ? WHERE id = 2').run(JSON.stringify(forged.data), chainHash(row.prev_hash, forged));
    });
    const afterRehash = await verifyCli(rehashed.dir);
    expect(afterRehash.code).toBe(1);
    expect(afterRehash.stderr).toContain('entry 3 does not follow the entry before it');
  });

  it('seals entries written before the chain existed, once, at migrate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-audit-'));
    const file = join(dir, 'guichet.sqlite');
    const store = createSqliteStore({ file });
    await store.migrate();
    await store.dispose();
    // Back to a file as migration 002 left it, with two unchained entries.
    const db = new Database(file);
    db.exec(`DROP TRIGGER audit_events_chained; DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;
      INSERT INTO audit_events (at, kind, data_json) VALUES ('2026-01-01T00:00:00Z', 'old.one', '{"n":1}'), ('2026-01-02T00:00:00Z', 'old.two', '{"n":2}');
      DELETE FROM schema_migrations WHERE version = 3;`);
    db.exec(`DROP INDEX submissions_purge_due; ALTER TABLE submissions DROP COLUMN purged_at; DROP TRIGGER receipt_email_when_delivered; DROP TABLE receipt_emails; DROP INDEX audit_events_hash; DROP INDEX audit_events_submission;
      ALTER TABLE audit_events DROP COLUMN actor; ALTER TABLE audit_events DROP COLUMN terminal; ALTER TABLE audit_events DROP COLUMN prev_hash; ALTER TABLE audit_events DROP COLUMN hash;`);
    db.close();
    const again = createSqliteStore({ file });
    opened.push(again);
    await again.migrate();
    const log = await again.auditLog({ limit: 10 });
    expect(log.map((e) => e.kind)).toEqual(['old.one', 'old.two']);
    expect(verifyAuditChain(log).breaks).toEqual([]);
  });
});
