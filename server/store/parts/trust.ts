// Trust (issue 22): what a purge leaves of mandates and of the database file, and terminals'
// credentials (the sha256 of each enrolled terminal's secret).
import { sql } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { Store, StoredAttachment } from '../types.ts';
import { fromJson } from '../values.ts';
import { mandateOf, mandateValues } from './staff.ts';

type TrustMethods =
  | 'purgeMandates'
  | 'scrubRemoved'
  | 'enrolTerminal'
  | 'terminalSecretHash'
  | 'revokeTerminal'
  | 'endMandateBy'
  | 'renewMandate'
  | 'residentMandates'
  | 'eraseSubmission';

export function trustPart(ctx: StoreContext): Pick<Store, TrustMethods> {
  return {
    async purgeMandates({ endedBefore, at }) {
      const when = at.toISOString();
      return ctx.transaction(async (tx) => {
        const due = await ctx.dialect
          .lockRows(
            tx.db
              .selectFrom('mandates')
              .select('id')
              .where('purged_at', 'is', null)
              // UTC ISO text on SQLite, timestamptz on PostgreSQL: compared as instants.
              .where(ctx.dialect.instant(sql.ref('expires_at')), '<', ctx.dialect.instant(sql.val(endedBefore.toISOString())))
              .orderBy('id'),
          )
          .execute();
        for (const { id } of due) {
          await tx.db.updateTable('mandates').set({ resident_name: '', resident_code: null, purged_at: when }).where('id', '=', id).execute();
          tx.audit({ at: when, kind: 'mandate.purged', actor: 'retention', data: { mandate: id } });
        }
        return due.length;
      });
    },

    async scrubRemoved() {
      if (ctx.dialect.kind !== 'sqlite') return;
      // TRUNCATE: the log's frames still hold page images written before the purge; a
      // checkpoint that only copies them leaves them in the -wal file until overwritten.
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.db());
    },

    async enrolTerminal({ terminalId, secretHash, site, by, at }) {
      const when = at.toISOString();
      await ctx.transaction(async (tx) => {
        await tx.db
          .insertInto('terminal_credentials')
          .values({ terminal_id: terminalId, secret_hash: secretHash, site, enrolled_by: by, enrolled_at: when, revoked_at: null })
          .onConflict((oc) =>
            oc.column('terminal_id').doUpdateSet({ secret_hash: secretHash, site, enrolled_by: by, enrolled_at: when, revoked_at: null }),
          )
          .execute();
        tx.audit({ at: when, kind: 'terminal.enrolled', actor: by, terminal: terminalId, data: { site } });
      });
    },

    async terminalSecretHash(terminalId) {
      const row = await ctx
        .db()
        .selectFrom('terminal_credentials')
        .select('secret_hash')
        .where('terminal_id', '=', terminalId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row?.secret_hash;
    },

    async revokeTerminal({ terminalId, by, at }) {
      const when = at.toISOString();
      return ctx.transaction(async (tx) => {
        const done = await tx.db
          .updateTable('terminal_credentials')
          .set({ revoked_at: when })
          .where('terminal_id', '=', terminalId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) === 0) return false;
        tx.audit({ at: when, kind: 'terminal.revoked', actor: by, terminal: terminalId, data: {} });
        return true;
      });
    },

    async endMandateBy({ id, at, actor, by }) {
      const when = at.toISOString();
      return ctx.transaction(async (tx) => {
        const done = await tx.db
          .updateTable('mandates')
          .set({ expires_at: when, ended_by: actor })
          .where('id', '=', id)
          .where(ctx.dialect.instant(sql.ref('expires_at')), '>', ctx.dialect.instant(sql.val(when)))
          .executeTakeFirst();
        if (Number(done.numUpdatedRows) === 0) return false;
        tx.audit({ at: when, kind: 'mandate.ended', actor, data: { mandate: id, by } });
        return true;
      });
    },

    async renewMandate({ mandate, actor }) {
      await ctx.transaction(async (tx) => {
        await tx.db.insertInto('mandates').values(mandateValues(mandate)).execute();
        await tx.db
          .updateTable('mandates')
          .set({ expires_at: mandate.createdAt, ended_by: actor })
          .where('id', '=', mandate.renews)
          .where(ctx.dialect.instant(sql.ref('expires_at')), '>', ctx.dialect.instant(sql.val(mandate.createdAt)))
          .execute();
        tx.audit({
          at: mandate.createdAt,
          kind: 'mandate.renewed',
          actor,
          terminal: mandate.terminal,
          data: { mandate: mandate.id, renews: mandate.renews, procedures: mandate.procedureIds, scope: mandate.scope, expiresAt: mandate.expiresAt },
        });
      });
    },

    async residentMandates(residentCode) {
      const rows = await ctx.db().selectFrom('mandates').selectAll().where('resident_code', '=', residentCode).orderBy('created_at').orderBy('id').execute();
      return rows.map(mandateOf);
    },

    async eraseSubmission({ reference, at, actor }) {
      const when = at.toISOString();
      return ctx.transaction(async (tx) => {
        const row = await ctx.dialect
          .lockRows(tx.db.selectFrom('submissions').select(['id', 'status', 'purged_at', 'attachments_json']).where('reference', '=', reference))
          .executeTakeFirst();
        if (!row) return { outcome: 'not-found' as const };
        if (row.purged_at !== null) return { outcome: 'already-erased' as const };
        if (row.status === 'received') return { outcome: 'not-delivered' as const };
        const attachments = fromJson(row.attachments_json) as StoredAttachment[];
        await tx.db.updateTable('submissions').set({ answers_json: null, attachments_json: '[]', purged_at: when }).where('id', '=', row.id).execute();
        await tx.db.deleteFrom('submission_files').where('submission_id', '=', row.id).execute();
        const dropped = await tx.db
          .updateTable('receipt_emails')
          .set({ state: 'dead', last_error: 'Réponses effacées à la demande de la personne.', lease_until: null, claim_token: null })
          .where('submission_id', '=', row.id)
          .where('state', '=', 'pending')
          .executeTakeFirst();
        tx.audit({
          at: when,
          kind: 'submission.erased',
          actor,
          submissionId: row.id,
          data: { reference, attachments: attachments.length, emailsGivenUp: Number(dropped.numUpdatedRows) },
        });
        return { outcome: 'erased' as const, attachments };
      });
    },
  };
}
