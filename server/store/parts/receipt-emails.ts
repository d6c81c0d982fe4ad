// Acknowledgments by email (L112-11): rows written by acceptance (AEE) and by the move to
// `delivered` (ARE, by trigger), claimed with a lease like deliveries.
import { randomUUID } from 'node:crypto';
import { UNFLUSHED_LEASE, type StoreContext } from '../context.ts';
import type { ClaimedReceiptEmail, Store } from '../types.ts';
import { num } from '../values.ts';

export function receiptEmailsPart(ctx: StoreContext): Pick<Store, 'claimReceiptEmails' | 'recordReceiptEmail'> {
  const release = { lease_until: null, claim_token: null } as const;
  return {
    async claimReceiptEmails({ now, limit, leaseMs }) {
      if (limit <= 0) return [];
      const at = now.toISOString();
      const token = randomUUID();
      return ctx.transaction(async (tx) => {
        const leased = await tx.db
          .updateTable('receipt_emails')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), lease_until: new Date(now.getTime() + leaseMs).toISOString(), claim_token: token }))
          .where('id', 'in', (eb) =>
            ctx.dialect.lockRows(
              eb
                .selectFrom('receipt_emails')
                .select('id')
                .where('state', '=', 'pending')
                .where('next_attempt_at', '<=', at)
                .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<=', at)]))
                .orderBy('next_attempt_at')
                .orderBy('id')
                .limit(limit),
              { skipLocked: true },
            ),
          )
          .returning(['id', 'submission_id', 'kind', 'attempts'])
          .execute();
        if (leased.length === 0) return [];
        const references = new Map(
          (
            await tx.db
              .selectFrom('submissions')
              .select(['id', 'reference'])
              .where('id', 'in', leased.map((row) => row.submission_id))
              .execute()
          ).map((s) => [s.id, s.reference]),
        );
        return leased
          .map(
            (row): ClaimedReceiptEmail => ({
              id: num(row.id),
              submissionId: row.submission_id,
              reference: references.get(row.submission_id)!,
              kind: row.kind as ClaimedReceiptEmail['kind'],
              attempt: row.attempts,
              claimToken: token,
            }),
          )
          .sort((a, b) => a.id - b.id);
      }, UNFLUSHED_LEASE);
    },

    async recordReceiptEmail(r) {
      const at = r.at.toISOString();
      return ctx.transaction(async (tx) => {
        const held = await ctx.dialect
          .lockRows(
            tx.db
              .selectFrom('receipt_emails')
              .select(['submission_id', 'kind', 'attempts'])
              .where('id', '=', r.id)
              .where('claim_token', '=', r.claimToken)
              .where('state', '=', 'pending'),
          )
          .executeTakeFirst();
        if (!held) return false;
        const row = tx.db.updateTable('receipt_emails').where('id', '=', r.id);
        const data = { emailId: r.id, acknowledgment: held.kind, attempts: held.attempts };
        switch (r.outcome) {
          case 'sent':
            await row.set({ ...release, state: 'sent', sent_at: at, last_error: null }).execute();
            tx.audit({ at, kind: 'receipt.emailed', actor: 'receipts', submissionId: held.submission_id, data });
            break;
          case 'retry':
            await row.set({ ...release, next_attempt_at: r.nextAttemptAt.toISOString(), last_error: r.error }).execute();
            break;
          case 'dead':
            await row.set({ ...release, state: 'dead', last_error: r.error }).execute();
            tx.audit({ at, kind: 'receipt.email-failed', actor: 'receipts', submissionId: held.submission_id, data: { ...data, error: r.error } });
            break;
        }
        return true;
      });
    },
  };
}
