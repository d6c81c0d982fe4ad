// The SQLite store's staff tables (migration 005): accounts, sessions, mandates and who made
// each submission. Spread into createSqliteStore's object; uses its connection.
import type Database from 'better-sqlite3';
import type { AttributedSubmission, Attribution, Channel, Mandate, StaffAccount, StaffRole, Store, SubmissionStatus } from './types.ts';

type StaffMethods = Pick<
  Store,
  | 'createStaffAccount'
  | 'findStaffAccount'
  | 'getStaffAccount'
  | 'listStaffAccounts'
  | 'updateStaffAccount'
  | 'createStaffSession'
  | 'findStaffSession'
  | 'deleteStaffSession'
  | 'createMandate'
  | 'getMandate'
  | 'endMandate'
  | 'listMandates'
  | 'attributionOf'
  | 'listAttributed'
>;

interface AccountRow {
  id: number;
  role: StaffRole;
  login: string;
  display_name: string;
  password_hash: string;
  disabled: number;
  created_at: string;
  site: string | null;
}

interface MandateRow {
  id: string;
  mediator_id: number;
  resident_name: string;
  procedure_ids_json: string;
  scope: 'session' | 'duration';
  created_at: string;
  expires_at: string;
  consent_confirmed_at: string;
  channel: Channel | null;
  terminal: string | null;
}

interface AttributionRow {
  channel: Channel | null;
  agent_id: number | null;
  mediator_id: number | null;
  mandate_id: string | null;
  reception_id: number | null;
  site: string | null;
}

export const accountOf = (row: AccountRow): StaffAccount => ({
  id: row.id,
  role: row.role,
  login: row.login,
  displayName: row.display_name,
  passwordHash: row.password_hash,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
  ...(row.site ? { site: row.site } : {}),
});

export const mandateOf = (row: MandateRow): Mandate => ({
  id: row.id,
  mediatorId: Number(row.mediator_id),
  residentName: row.resident_name,
  procedureIds: (typeof row.procedure_ids_json === 'string' ? JSON.parse(row.procedure_ids_json) : row.procedure_ids_json) as string[],
  scope: row.scope,
  createdAt: row.created_at,
  expiresAt: typeof row.expires_at === 'string' ? row.expires_at : new Date(row.expires_at).toISOString(),
  consentConfirmedAt: row.consent_confirmed_at,
  channel: row.channel,
  terminal: row.terminal,
});

export const attributionOfRow = (row: AttributionRow): Attribution => ({
  channel: row.channel,
  ...(row.agent_id === null ? {} : { agentId: Number(row.agent_id) }),
  ...(row.mediator_id === null ? {} : { mediatorId: Number(row.mediator_id) }),
  ...(row.mandate_id === null ? {} : { mandateId: row.mandate_id }),
  ...(row.reception_id === null ? {} : { receptionId: Number(row.reception_id) }),
  ...(row.site ? { site: row.site } : {}),
});

/** Writes a submission's attribution; call inside the transaction that inserts the submission. */
export function insertAttribution(db: Database.Database, submissionId: string, a: Attribution): void {
  db.prepare(
    `INSERT INTO submission_attribution (submission_id, channel, agent_id, mediator_id, mandate_id, reception_id, site) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(submissionId, a.channel, a.agentId ?? null, a.mediatorId ?? null, a.mandateId ?? null, a.receptionId ?? null, a.site ?? null);
}

export function sqliteStaff(open: () => Database.Database): StaffMethods {
  const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
  const sql = <P extends unknown[] = unknown[], R = unknown>(text: string): Database.Statement<P, R> => {
    const db = open();
    let statements = cache.get(db);
    if (!statements) cache.set(db, (statements = new Map()));
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = db.prepare(text)));
    return statement as Database.Statement<P, R>;
  };

  return {
    async createStaffAccount(a) {
      const row = sql<[string, string, string, string, string, string | null], AccountRow>(
        `INSERT INTO staff_accounts (role, login, display_name, password_hash, created_at, site) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (role, login) DO NOTHING RETURNING *`,
      ).get(a.role, a.login, a.displayName, a.passwordHash, a.createdAt, a.site ?? null);
      return row ? accountOf(row) : 'exists';
    },
    async findStaffAccount(role, login) {
      const row = sql<[string, string], AccountRow>('SELECT * FROM staff_accounts WHERE role = ? AND login = ?').get(role, login);
      return row ? accountOf(row) : undefined;
    },
    async getStaffAccount(id) {
      const row = sql<[number], AccountRow>('SELECT * FROM staff_accounts WHERE id = ?').get(id);
      return row ? accountOf(row) : undefined;
    },
    async listStaffAccounts() {
      return sql<[], AccountRow>('SELECT * FROM staff_accounts ORDER BY role, login').all().map(accountOf);
    },
    async updateStaffAccount(id, change) {
      const db = open();
      return db
        .transaction(() => {
          const found = sql<[number], { id: number }>('SELECT id FROM staff_accounts WHERE id = ?').get(id);
          if (!found) return false;
          if (change.passwordHash !== undefined) sql('UPDATE staff_accounts SET password_hash = ? WHERE id = ?').run(change.passwordHash, id);
          if (change.disabled !== undefined) sql('UPDATE staff_accounts SET disabled = ? WHERE id = ?').run(change.disabled ? 1 : 0, id);
          // A new code or a disabled account ends every session of the account.
          sql('DELETE FROM staff_sessions WHERE account_id = ?').run(id);
          return true;
        })
        .immediate();
    },
    async createStaffSession(s) {
      sql('DELETE FROM staff_sessions WHERE expires_at <= ?').run(s.createdAt);
      sql('INSERT INTO staff_sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
        s.tokenHash,
        s.accountId,
        s.createdAt,
        s.expiresAt,
      );
    },
    async findStaffSession(tokenHash, now) {
      const row = sql<[string, string], AccountRow & { token_hash: string; account_id: number; s_created_at: string; expires_at: string }>(
        `SELECT a.*, s.token_hash, s.account_id, s.created_at AS s_created_at, s.expires_at FROM staff_sessions s
         JOIN staff_accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires_at > ? AND a.disabled = 0`,
      ).get(tokenHash, now.toISOString());
      if (!row) return undefined;
      return {
        session: { tokenHash: row.token_hash, accountId: row.account_id, createdAt: row.s_created_at, expiresAt: row.expires_at },
        account: accountOf(row),
      };
    },
    async deleteStaffSession(tokenHash) {
      sql('DELETE FROM staff_sessions WHERE token_hash = ?').run(tokenHash);
    },
    async createMandate(m) {
      sql(
        `INSERT INTO mandates (id, mediator_id, resident_name, procedure_ids_json, scope, created_at, expires_at, consent_confirmed_at, channel, terminal)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(m.id, m.mediatorId, m.residentName, JSON.stringify(m.procedureIds), m.scope, m.createdAt, m.expiresAt, m.consentConfirmedAt, m.channel, m.terminal);
    },
    async getMandate(id) {
      const row = sql<[string], MandateRow>('SELECT * FROM mandates WHERE id = ?').get(id);
      return row ? mandateOf(row) : undefined;
    },
    async endMandate(id, at) {
      sql('UPDATE mandates SET expires_at = ? WHERE id = ? AND expires_at > ?').run(at.toISOString(), id, at.toISOString());
    },
    async listMandates({ mediatorId, since }) {
      return sql<[number, string], MandateRow>('SELECT * FROM mandates WHERE mediator_id = ? AND created_at >= ? ORDER BY created_at DESC, id')
        .all(mediatorId, since)
        .map(mandateOf);
    },
    async attributionOf(submissionId) {
      const row = sql<[string], AttributionRow>('SELECT * FROM submission_attribution WHERE submission_id = ?').get(submissionId);
      return row ? attributionOfRow(row) : undefined;
    },
    async listAttributed(q) {
      const where: string[] = [];
      const values: unknown[] = [];
      if (q.agentId !== undefined) (where.push('a.agent_id = ?'), values.push(q.agentId));
      if (q.mediatorId !== undefined) (where.push('a.mediator_id = ?'), values.push(q.mediatorId));
      if (q.mandateId !== undefined) (where.push('a.mandate_id = ?'), values.push(q.mandateId));
      if (q.site !== undefined) (where.push('a.site = ?'), values.push(q.site));
      if (q.since !== undefined) (where.push('julianday(s.received_at) >= julianday(?)'), values.push(q.since));
      const rows = open()
        .prepare<unknown[], AttributionRow & { submission_id: string; reference: string; procedure_id: string; status: SubmissionStatus; received_at: string }>(
          `SELECT a.*, s.reference, s.procedure_id, s.status, s.received_at FROM submission_attribution a
           JOIN submissions s ON s.id = a.submission_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY julianday(s.received_at) DESC, s.id LIMIT ?`,
        )
        .all(...values, q.limit);
      return rows.map(
        (row): AttributedSubmission => ({
          ...attributionOfRow(row),
          submissionId: row.submission_id,
          reference: row.reference,
          procedureId: row.procedure_id,
          status: row.status,
          receivedAt: row.received_at,
        }),
      );
    },
  };
}

