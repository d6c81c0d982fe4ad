// Notices to residents (SMS, email, a letter from reception): rows written with the status
// that asks or decides (./requests.ts), claimed with a lease like deliveries, sent outside any
// transaction, recorded by the holder of the claim only.
import { randomUUID } from 'node:crypto';
import { UNFLUSHED_LEASE, type StoreContext } from '../context.ts';
import type { ClaimedNotice, NoticeChannel, NoticeView, Store } from '../types.ts';
import { fromJson, iso, present } from '../values.ts';

export function noticesPart(
  ctx: StoreContext,
): Pick<Store, 'claimNotices' | 'recordNotice' | 'recordNoticeReceipt' | 'listNotices' | 'lettersToSend' | 'settleLetter'> {
  const release = { lease_until: null, claim_token: null } as const;
  return {
    async claimNotices({ now, limit, leaseMs, channel }) {
      if (limit <= 0) return [];
      const at = now.toISOString();
      const token = randomUUID();
      return ctx.transaction(async (tx) => {
        const leased = await tx.db
          .updateTable('notices')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), lease_until: new Date(now.getTime() + leaseMs).toISOString(), claim_token: token }))
          .where('id', 'in', (eb) => {
            let due = eb
              .selectFrom('notices')
              .select('id')
              .where('state', '=', 'pending')
              .where('next_attempt_at', '<=', at)
              .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<=', at)]));
            if (channel) due = due.where('channel', '=', channel);
            return ctx.dialect.lockRows(due.orderBy('next_attempt_at').orderBy('id').limit(limit), { skipLocked: true });
          })
          .returning(['id', 'submission_id', 'channel', 'status', 'attempts'])
          .execute();
        if (leased.length === 0) return [];
        const submissions = new Map(
          (
            await tx.db
              .selectFrom('submissions')
              .select(['id', 'reference', 'locale'])
              .where('id', 'in', [...new Set(leased.map((row) => row.submission_id))])
              .execute()
          ).map((s) => [s.id, s]),
        );
        return leased.map(
          (row): ClaimedNotice => ({
            id: row.id,
            submissionId: row.submission_id,
            reference: submissions.get(row.submission_id)!.reference,
            locale: submissions.get(row.submission_id)!.locale,
            channel: row.channel as NoticeChannel,
            status: row.status,
            attempt: row.attempts,
            claimToken: token,
          }),
        );
      }, UNFLUSHED_LEASE);
    },

    async recordNotice(r) {
      const at = r.at.toISOString();
      return ctx.transaction(async (tx) => {
        const held = await ctx.dialect
          .lockRows(
            tx.db
              .selectFrom('notices')
              .select(['submission_id', 'channel', 'status', 'attempts'])
              .where('id', '=', r.id)
              .where('claim_token', '=', r.claimToken)
              .where('state', '=', 'pending'),
          )
          .executeTakeFirst();
        if (!held) return false;
        const row = tx.db.updateTable('notices').where('id', '=', r.id);
        const data = { notice: r.id, channel: held.channel, status: held.status, attempts: held.attempts };
        switch (r.outcome) {
          case 'sent':
            await row
              .set({ ...release, state: 'sent', sent_at: at, last_error: null, message_ids_json: r.messageIds ? JSON.stringify(r.messageIds) : null })
              .execute();
            tx.audit({ at, kind: 'notice.sent', actor: 'notices', submissionId: held.submission_id, data });
            break;
          case 'retry':
            await row.set({ ...release, next_attempt_at: r.nextAttemptAt.toISOString(), last_error: r.error }).execute();
            break;
          case 'dead':
            await row.set({ ...release, state: 'dead', last_error: r.error }).execute();
            tx.audit({ at, kind: 'notice.failed', actor: 'notices', submissionId: held.submission_id, data: { ...data, error: r.error } });
            break;
        }
        return true;
      });
    },

    async recordNoticeReceipt({ noticeId, state, at }) {
      const updated = await ctx
        .db()
        .updateTable('notices')
        .set({ receipt_state: state, receipt_at: at.toISOString() })
        // A receipt may come back before the sender has recorded the notice as sent.
        .where('id', '=', noticeId)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) > 0;
    },

    async lettersToSend({ limit }) {
      const rows = await ctx
        .db()
        .selectFrom('notices as n')
        .innerJoin('submissions as s', 's.id', 'n.submission_id')
        .innerJoin('request_events as e', 'e.id', 'n.request_event_id')
        .select(['n.id', 's.reference', 's.procedure_id', 's.locale', 'n.status', 'e.at'])
        .where('n.channel', '=', 'letter')
        .where('n.state', '=', 'pending')
        .orderBy('e.at')
        .orderBy('n.id')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ id: row.id, reference: row.reference, procedureId: row.procedure_id, locale: row.locale, status: row.status, at: iso(row.at) }));
    },

    async settleLetter({ id, at, actor, how }) {
      return ctx.transaction(async (tx) => {
        const held = await ctx.dialect
          .lockRows(tx.db.selectFrom('notices').select(['submission_id', 'status']).where('id', '=', id).where('channel', '=', 'letter').where('state', '=', 'pending'))
          .executeTakeFirst();
        if (!held) return false;
        await tx.db.updateTable('notices').set({ ...release, state: 'sent', sent_at: at.toISOString(), last_error: null }).where('id', '=', id).execute();
        // Who told the person, and how: never what was said.
        tx.audit({ at: at.toISOString(), kind: 'notice.sent', actor, submissionId: held.submission_id, data: { notice: id, channel: 'letter', status: held.status, how } });
        return true;
      });
    },

    async listNotices(submissionId) {
      const rows = await ctx.db().selectFrom('notices').selectAll().where('submission_id', '=', submissionId).orderBy('request_event_id').orderBy('channel').execute();
      return rows.map(
        (row): NoticeView => ({
          id: row.id,
          channel: row.channel as NoticeChannel,
          status: row.status,
          state: row.state as NoticeView['state'],
          attempts: row.attempts,
          ...present('lastError', row.last_error),
          ...present('messageIds', row.message_ids_json === null ? null : (fromJson(row.message_ids_json) as string[])),
          ...present('sentAt', row.sent_at === null ? null : iso(row.sent_at)),
          ...present('receiptState', row.receipt_state),
        }),
      );
    },
  };
}
