// Hand-offs: sealed drafts waiting for the reception desk, opened once, deleted at expiry.
import { sql } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { OpenedHandoff, Store } from '../types.ts';
import { iso, num } from '../values.ts';

export function handoffsPart(ctx: StoreContext): Pick<Store, 'createHandoff' | 'openHandoff' | 'purgeHandoffs'> {
  const { dialect } = ctx;
  return {
    async createHandoff(h) {
      await ctx
        .db()
        .insertInto('handoffs')
        .values({
          id: h.id,
          lookup: h.lookup,
          sealed: h.sealed,
          procedure_id: h.procedureId,
          procedure_version: h.procedureVersion,
          terminal: h.terminal,
          site: h.site,
          created_at: h.createdAt,
          expires_at: h.expiresAt,
        })
        .execute();
    },

    async openHandoff(lookup, opening) {
      const at = opening.at.toISOString();
      return ctx.transaction(async (tx): Promise<OpenedHandoff | undefined> => {
        const row = await dialect
          .lockRows(
            tx.db
              .selectFrom('handoffs')
              .selectAll()
              .where('lookup', '=', lookup)
              .where('sealed', 'is not', null)
              .where(dialect.instant(sql.ref('expires_at')), '>', dialect.instant(sql.val(at))),
          )
          .executeTakeFirst();
        if (!row || row.sealed === null) return undefined;
        const keepUntil = new Date(Math.max(new Date(iso(row.expires_at)).getTime(), opening.keepUntil.getTime())).toISOString();
        await tx.db
          .updateTable('handoffs')
          .set({ lookup: null, sealed: null, opened_at: at, opened_by: opening.by, opened_session: opening.session, expires_at: keepUntil })
          .where('id', '=', row.id)
          .execute();
        return {
          id: row.id,
          sealed: row.sealed,
          procedureId: row.procedure_id,
          procedureVersion: num(row.procedure_version),
          terminal: row.terminal,
          site: row.site,
          createdAt: row.created_at,
        };
      });
    },

    async purgeHandoffs(now) {
      const result = await ctx
        .db()
        .deleteFrom('handoffs')
        .where(dialect.instant(sql.ref('expires_at')), '<=', dialect.instant(sql.val(now.toISOString())))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
