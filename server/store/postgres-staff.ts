// The PostgreSQL store's staff tables (migration 005): accounts, sessions, mandates and who
// made each submission. Spread into createPostgresStore's object; uses its pool.
import type pg from 'pg';
import { accountOf, attributionOfRow, mandateOf } from './sqlite-staff.ts';
import type { AttributedSubmission, Attribution, Store, SubmissionStatus } from './types.ts';

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

// Rows as node-postgres returns them: bigint ids as strings, booleans as booleans.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

const account = (row: Row) => accountOf({ ...row, id: Number(row.id), disabled: row.disabled ? 1 : 0 } as Parameters<typeof accountOf>[0]);

/** Writes a submission's attribution inside the caller's transaction. */
export async function insertAttributionPg(client: pg.PoolClient, submissionId: string, a: Attribution): Promise<void> {
  await client.query(
    `INSERT INTO submission_attribution (submission_id, channel, agent_id, mediator_id, mandate_id, reception_id, site) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [submissionId, a.channel, a.agentId ?? null, a.mediatorId ?? null, a.mandateId ?? null, a.receptionId ?? null, a.site ?? null],
  );
}

export function postgresStaff(open: () => pg.Pool): StaffMethods {
  const query = async (text: string, values: unknown[] = []): Promise<Row[]> => (await open().query(text, values)).rows;

  return {
    async createStaffAccount(a) {
      const [row] = await query(
        `INSERT INTO staff_accounts (role, login, display_name, password_hash, created_at, site) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (role, login) DO NOTHING RETURNING *`,
        [a.role, a.login, a.displayName, a.passwordHash, a.createdAt, a.site ?? null],
      );
      return row ? account(row) : 'exists';
    },
    async findStaffAccount(role, login) {
      const [row] = await query('SELECT * FROM staff_accounts WHERE role = $1 AND login = $2', [role, login]);
      return row ? account(row) : undefined;
    },
    async getStaffAccount(id) {
      const [row] = await query('SELECT * FROM staff_accounts WHERE id = $1', [id]);
      return row ? account(row) : undefined;
    },
    async listStaffAccounts() {
      return (await query('SELECT * FROM staff_accounts ORDER BY role, login')).map(account);
    },
    async updateStaffAccount(id, change) {
      const client = await open().connect();
      try {
        await client.query('BEGIN');
        const found = await client.query('SELECT id FROM staff_accounts WHERE id = $1 FOR UPDATE', [id]);
        if (found.rowCount === 0) {
          await client.query('ROLLBACK');
          return false;
        }
        if (change.passwordHash !== undefined) await client.query('UPDATE staff_accounts SET password_hash = $1 WHERE id = $2', [change.passwordHash, id]);
        if (change.disabled !== undefined) await client.query('UPDATE staff_accounts SET disabled = $1 WHERE id = $2', [change.disabled, id]);
        await client.query('DELETE FROM staff_sessions WHERE account_id = $1', [id]);
        await client.query('COMMIT');
        return true;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async createStaffSession(s) {
      await query('DELETE FROM staff_sessions WHERE expires_at <= $1', [s.createdAt]);
      await query('INSERT INTO staff_sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        s.tokenHash,
        s.accountId,
        s.createdAt,
        s.expiresAt,
      ]);
    },
    async findStaffSession(tokenHash, now) {
      const [row] = await query(
        `SELECT a.*, s.token_hash, s.account_id, s.created_at AS s_created_at, s.expires_at FROM staff_sessions s
         JOIN staff_accounts a ON a.id = s.account_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT a.disabled`,
        [tokenHash, now.toISOString()],
      );
      if (!row) return undefined;
      return {
        session: {
          tokenHash: row.token_hash,
          accountId: Number(row.account_id),
          createdAt: row.s_created_at,
          expiresAt: new Date(row.expires_at).toISOString(),
        },
        account: account(row),
      };
    },
    async deleteStaffSession(tokenHash) {
      await query('DELETE FROM staff_sessions WHERE token_hash = $1', [tokenHash]);
    },
    async createMandate(m) {
      await query(
        `INSERT INTO mandates (id, mediator_id, resident_name, procedure_ids_json, scope, created_at, expires_at, consent_confirmed_at, channel, terminal)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [m.id, m.mediatorId, m.residentName, JSON.stringify(m.procedureIds), m.scope, m.createdAt, m.expiresAt, m.consentConfirmedAt, m.channel, m.terminal],
      );
    },
    async getMandate(id) {
      const [row] = await query('SELECT * FROM mandates WHERE id = $1', [id]);
      return row ? mandateOf(row as Parameters<typeof mandateOf>[0]) : undefined;
    },
    async endMandate(id, at) {
      await query('UPDATE mandates SET expires_at = $1 WHERE id = $2 AND expires_at > $1', [at.toISOString(), id]);
    },
    async listMandates({ mediatorId, since }) {
      const rows = await query('SELECT * FROM mandates WHERE mediator_id = $1 AND created_at >= $2 ORDER BY created_at DESC, id', [mediatorId, since]);
      return rows.map((row) => mandateOf(row as Parameters<typeof mandateOf>[0]));
    },
    async attributionOf(submissionId) {
      const [row] = await query('SELECT * FROM submission_attribution WHERE submission_id = $1', [submissionId]);
      return row ? attributionOfRow(row as Parameters<typeof attributionOfRow>[0]) : undefined;
    },
    async listAttributed(q) {
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (clause: string, value: unknown) => {
        values.push(value);
        where.push(clause.replace('?', `$${values.length}`));
      };
      if (q.agentId !== undefined) add('a.agent_id = ?', q.agentId);
      if (q.mediatorId !== undefined) add('a.mediator_id = ?', q.mediatorId);
      if (q.mandateId !== undefined) add('a.mandate_id = ?', q.mandateId);
      if (q.site !== undefined) add('a.site = ?', q.site);
      if (q.since !== undefined) add('s.received_at::timestamptz >= ?::timestamptz', q.since);
      values.push(q.limit);
      const rows = await query(
        `SELECT a.*, s.reference, s.procedure_id, s.status, s.received_at FROM submission_attribution a
         JOIN submissions s ON s.id = a.submission_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY s.received_at::timestamptz DESC, s.id LIMIT $${values.length}`,
        values,
      );
      return rows.map(
        (row): AttributedSubmission => ({
          ...attributionOfRow(row as Parameters<typeof attributionOfRow>[0]),
          submissionId: row.submission_id,
          reference: row.reference,
          procedureId: row.procedure_id,
          status: row.status as SubmissionStatus,
          receivedAt: row.received_at,
        }),
      );
    },
  };
}
