// The audit log: append-only, each entry chained to the one before by a hash (../audit-chain.ts).
// Entries are written by ../context.ts at the end of the transaction that caused them.
import type { StoreContext } from '../context.ts';
import { GENESIS_HASH, chainHash, type AuditEntry } from '../audit-chain.ts';
import type { AuditEvent, Store } from '../types.ts';
import { fromJson, num } from '../values.ts';

type AuditMethods = Pick<Store, 'auditTrail' | 'appendAudit' | 'auditLog'> & {
  /** Entries written before migration 003 have no hash: chains them once, in id order, before any chained entry. */
  sealLegacy(): Promise<void>;
};

export function auditPart(ctx: StoreContext): AuditMethods {
  return {
    async auditTrail(submissionId) {
      const rows = await ctx
        .db()
        .selectFrom('audit_events')
        .select(['at', 'kind', 'actor', 'terminal', 'data_json'])
        .where('submission_id', '=', submissionId)
        .orderBy('id')
        .execute();
      return rows.map((row): AuditEvent => ({ at: row.at, kind: row.kind, actor: row.actor, terminal: row.terminal, data: fromJson(row.data_json) }));
    },

    async appendAudit(event) {
      await ctx.transaction(async (tx) => tx.audit(event));
    },

    async auditLog({ afterId = 0, limit }) {
      const rows = await ctx.db().selectFrom('audit_events').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
      return rows.map(
        (row): AuditEntry => ({
          id: num(row.id),
          at: row.at,
          kind: row.kind,
          actor: row.actor,
          terminal: row.terminal,
          submission: row.submission_id,
          data: fromJson(row.data_json),
          prevHash: row.prev_hash,
          hash: row.hash,
        }),
      );
    },

    async sealLegacy() {
      const db = ctx.db();
      const first = await db.selectFrom('audit_events').select((eb) => eb.fn.min('id').as('id')).where('hash', 'is not', null).executeTakeFirst();
      const firstSealed = first?.id === null || first?.id === undefined ? null : num(first.id as number | string);
      let legacy = db.selectFrom('audit_events').select(['id', 'at', 'kind', 'submission_id', 'data_json']).where('hash', 'is', null);
      if (firstSealed !== null) legacy = legacy.where('id', '<', firstSealed);
      const rows = await legacy.orderBy('id').execute();
      if (rows.length === 0) return;
      if (firstSealed !== null) throw new Error('audit_events: unsealed entries before sealed ones; run npm run audit:verify');
      await ctx.transaction(async (tx) => {
        await ctx.dialect.lockAuditChain(tx.db);
        let prevHash = GENESIS_HASH;
        for (const row of rows) {
          const hash = chainHash(prevHash, { at: row.at, kind: row.kind, actor: null, terminal: null, submission: row.submission_id, data: fromJson(row.data_json) });
          await tx.db.updateTable('audit_events').set({ prev_hash: prevHash, hash }).where('id', '=', num(row.id)).execute();
          prevHash = hash;
        }
      });
    },
  };
}
