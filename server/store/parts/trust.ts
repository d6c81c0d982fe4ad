// Trust (issue 22): what a purge leaves of mandates, and of the database file itself.
import { sql } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { Store } from '../types.ts';

export function trustPart(ctx: StoreContext): Pick<Store, 'purgeMandates' | 'scrubRemoved'> {
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
          await tx.db.updateTable('mandates').set({ resident_name: '', purged_at: when }).where('id', '=', id).execute();
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
  };
}
