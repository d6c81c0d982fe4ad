// Staff: accounts (argon2id hashes only), sessions (token hashes only), mandates, and who made
// each submission.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema.ts';
import type { AttributedSubmission, Attribution, Channel, Mandate, StaffAccount, StaffRole, Store, SubmissionStatus } from '../types.ts';
import { fromJson, iso, num, present } from '../values.ts';

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

type AccountRow = Selectable<Database['staff_accounts']>;
type AttributionRow = Omit<Selectable<Database['submission_attribution']>, 'submission_id'>;

const accountOf = (row: AccountRow): StaffAccount => ({
  id: num(row.id),
  role: row.role as StaffRole,
  login: row.login,
  displayName: row.display_name,
  passwordHash: row.password_hash,
  disabled: Boolean(row.disabled),
  createdAt: row.created_at,
  ...present('site', row.site || null),
  ...present('services', row.services_json === null ? null : fromJson<string[]>(row.services_json)),
});

export const mandateOf = (row: Selectable<Database['mandates']>): Mandate => ({
  id: row.id,
  mediatorId: num(row.mediator_id),
  residentName: row.resident_name,
  procedureIds: fromJson(row.procedure_ids_json),
  scope: row.scope as Mandate['scope'],
  createdAt: row.created_at,
  expiresAt: iso(row.expires_at),
  consentConfirmedAt: row.consent_confirmed_at,
  channel: row.channel as Channel | null,
  terminal: row.terminal,
  ...present('residentCode', row.resident_code),
  ...present('endedBy', row.ended_by),
  ...present('renews', row.renews),
  ...present('purgedAt', row.purged_at === null ? null : iso(row.purged_at)),
});

/** A mandate as its row is written (parts/trust.ts writes renewals in its own transaction). */
export const mandateValues = (m: Mandate) => ({
  id: m.id,
  mediator_id: m.mediatorId,
  resident_name: m.residentName,
  procedure_ids_json: JSON.stringify(m.procedureIds),
  scope: m.scope,
  created_at: m.createdAt,
  expires_at: m.expiresAt,
  consent_confirmed_at: m.consentConfirmedAt,
  channel: m.channel,
  terminal: m.terminal,
  resident_code: m.residentCode ?? null,
  renews: m.renews ?? null,
});

const optionalId = (value: number | string | null) => (value === null ? null : num(value));

const attributionOfRow = (row: AttributionRow): Attribution => ({
  channel: row.channel as Channel | null,
  ...present('agentId', optionalId(row.agent_id)),
  ...present('mediatorId', optionalId(row.mediator_id)),
  ...present('mandateId', row.mandate_id),
  ...present('receptionId', optionalId(row.reception_id)),
  ...present('site', row.site || null),
});

/** Writes a submission's attribution, inside the transaction that inserts the submission. */
/** The row that says who made a submission and how (see Attribution). */
export function attributionRow(submissionId: string, a: Attribution): Insertable<Database['submission_attribution']> {
  return {
    submission_id: submissionId,
    channel: a.channel,
    agent_id: a.agentId ?? null,
    mediator_id: a.mediatorId ?? null,
    mandate_id: a.mandateId ?? null,
    reception_id: a.receptionId ?? null,
    site: a.site ?? null,
  };
}

export function staffPart(ctx: StoreContext): StaffMethods {
  const accounts = () => ctx.db().selectFrom('staff_accounts').selectAll();
  return {
    async createStaffAccount(a) {
      const row = await ctx
        .db()
        .insertInto('staff_accounts')
        .values({ role: a.role, login: a.login, display_name: a.displayName, password_hash: a.passwordHash, created_at: a.createdAt, site: a.site ?? null, services_json: a.services ? JSON.stringify(a.services) : null })
        .onConflict((oc) => oc.columns(['role', 'login']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return row ? accountOf(row) : 'exists';
    },
    async findStaffAccount(role, login) {
      const row = await accounts().where('role', '=', role).where('login', '=', login).executeTakeFirst();
      return row ? accountOf(row) : undefined;
    },
    async getStaffAccount(id) {
      const row = await accounts().where('id', '=', id).executeTakeFirst();
      return row ? accountOf(row) : undefined;
    },
    async listStaffAccounts() {
      return (await accounts().orderBy('role').orderBy('login').execute()).map(accountOf);
    },
    async updateStaffAccount(id, change) {
      return ctx.transaction(async (tx) => {
        const found = await ctx.dialect.lockRows(tx.db.selectFrom('staff_accounts').select('id').where('id', '=', id)).executeTakeFirst();
        if (!found) return false;
        if (change.passwordHash !== undefined || change.disabled !== undefined)
          await tx.db
            .updateTable('staff_accounts')
            .set({
              ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
              ...(change.disabled !== undefined ? { disabled: change.disabled } : {}),
            })
            .where('id', '=', id)
            .execute();
        // A new code or a disabled account ends every session of the account.
        await tx.db.deleteFrom('staff_sessions').where('account_id', '=', id).execute();
        return true;
      });
    },
    async createStaffSession(s) {
      const db = ctx.db();
      await db.deleteFrom('staff_sessions').where('expires_at', '<=', s.createdAt).execute();
      await db.insertInto('staff_sessions').values({ token_hash: s.tokenHash, account_id: s.accountId, created_at: s.createdAt, expires_at: s.expiresAt }).execute();
    },
    async findStaffSession(tokenHash, now) {
      const row = await ctx
        .db()
        .selectFrom('staff_sessions as s')
        .innerJoin('staff_accounts as a', 'a.id', 's.account_id')
        .selectAll('a')
        .select(['s.token_hash', 's.account_id', 's.created_at as s_created_at', 's.expires_at'])
        .where('s.token_hash', '=', tokenHash)
        .where('s.expires_at', '>', now.toISOString())
        .where('a.disabled', '=', false)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        session: { tokenHash: row.token_hash, accountId: num(row.account_id), createdAt: row.s_created_at, expiresAt: iso(row.expires_at) },
        account: accountOf(row),
      };
    },
    async deleteStaffSession(tokenHash) {
      await ctx.db().deleteFrom('staff_sessions').where('token_hash', '=', tokenHash).execute();
    },
    async createMandate(m) {
      await ctx
        .db()
        .insertInto('mandates')
        .values(mandateValues(m))
        .execute();
    },
    async getMandate(id) {
      const row = await ctx.db().selectFrom('mandates').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? mandateOf(row) : undefined;
    },
    async endMandate(id, at) {
      const now = at.toISOString();
      await ctx.db().updateTable('mandates').set({ expires_at: now }).where('id', '=', id).where('expires_at', '>', now).execute();
    },
    async listMandates({ mediatorId, since }) {
      const rows = await ctx
        .db()
        .selectFrom('mandates')
        .selectAll()
        .where('mediator_id', '=', mediatorId)
        // `since` comes in town time (startOfTownDay), rows in UTC: compared as instants, not text,
        // or a mandate made between midnight in town and midnight UTC is not of "today".
        .where(ctx.dialect.instant(sql.ref('created_at')), '>=', ctx.dialect.instant(sql.val(since)))
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(mandateOf);
    },
    async attributionOf(submissionId) {
      const row = await ctx.db().selectFrom('submission_attribution').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
      return row ? attributionOfRow(row) : undefined;
    },
    async listAttributed(q) {
      const { dialect } = ctx;
      let query = ctx
        .db()
        .selectFrom('submission_attribution as a')
        .innerJoin('submissions as s', 's.id', 'a.submission_id')
        .select(['a.submission_id', 'a.channel', 'a.agent_id', 'a.mediator_id', 'a.mandate_id', 'a.reception_id', 'a.site'])
        .select(['s.reference', 's.procedure_id', 's.status', 's.received_at']);
      if (q.agentId !== undefined) query = query.where('a.agent_id', '=', q.agentId);
      if (q.mediatorId !== undefined) query = query.where('a.mediator_id', '=', q.mediatorId);
      if (q.mandateId !== undefined) query = query.where('a.mandate_id', '=', q.mandateId);
      if (q.site !== undefined) query = query.where('a.site', '=', q.site);
      if (q.since !== undefined) query = query.where(dialect.instant(sql.ref('s.received_at')), '>=', dialect.instant(sql.val(q.since)));
      const rows = await query.orderBy(dialect.instant(sql.ref('s.received_at')), 'desc').orderBy('s.id').limit(q.limit).execute();
      return rows.map(
        (row): AttributedSubmission => ({
          ...attributionOfRow(row),
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
