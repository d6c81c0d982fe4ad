// Terminals: the last heartbeat of each kiosk.
import type { StoreContext } from '../context.ts';
import type { Store, TerminalView } from '../types.ts';
import { iso } from '../values.ts';

export function terminalsPart(ctx: StoreContext): Pick<Store, 'recordHeartbeat' | 'listTerminals'> {
  return {
    async recordHeartbeat(h) {
      const at = h.at.toISOString();
      await ctx
        .db()
        .insertInto('terminals')
        .values({
          id: h.terminalId,
          site: h.site,
          app_version: h.appVersion,
          content_version: h.contentVersion,
          outbox_length: h.outboxLength,
          oldest_age_seconds: h.oldestAgeSeconds,
          first_seen_at: at,
          last_seen_at: at,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            site: eb.ref('excluded.site'),
            app_version: eb.ref('excluded.app_version'),
            content_version: eb.ref('excluded.content_version'),
            outbox_length: eb.ref('excluded.outbox_length'),
            oldest_age_seconds: eb.ref('excluded.oldest_age_seconds'),
            last_seen_at: eb.ref('excluded.last_seen_at'),
          })),
        )
        .execute();
    },

    async listTerminals() {
      const rows = await ctx.db().selectFrom('terminals').selectAll().orderBy('last_seen_at', 'desc').orderBy('id').execute();
      return rows.map(
        (row): TerminalView => ({
          terminalId: row.id,
          site: row.site,
          appVersion: row.app_version,
          contentVersion: row.content_version,
          outboxLength: row.outbox_length,
          oldestAgeSeconds: row.oldest_age_seconds,
          firstSeenAt: iso(row.first_seen_at),
          lastSeenAt: iso(row.last_seen_at),
        }),
      );
    },
  };
}
