// Indicators: the kiosks' journey reports and the question after sending, added to day counts
// (migration 016) and read back for the dashboard (/indicators) and open data; and the facts of
// the requests (what, when, how, statuses) they count. A report is never stored as it came: it
// only adds one to the row of its kind, so no row ever describes one journey alone.
import { sql } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { Channel, JourneyDay, JourneyOutcome, RequestFact, SatisfactionDay, SatisfactionRating, Store } from '../types.ts';
import { iso } from '../values.ts';

type IndicatorMethods = 'terminalSite' | 'recordJourneys' | 'journeyDays' | 'satisfactionDays' | 'requestFacts' | 'noticeCounts';

const JOURNEY_KEY = ['day', 'procedure_id', 'site', 'channel', 'locale', 'assisted', 'outcome', 'step', 'read_aloud', 'text_size', 'theme'] as const;
/** A batch sent again comes within days (a terminal offline for weeks keeps it that long at most). */
const BATCH_IDS_KEPT_DAYS = 90;
const SATISFACTION_KEY = ['day', 'procedure_id', 'site', 'channel', 'locale', 'rating'] as const;

/** Adds up a batch's reports of the same kind first: one statement may not touch a row twice (PostgreSQL). */
function sumBy<T, R extends object>(items: readonly T[], key: (item: T) => string, make: (item: T) => R, add: (into: R, item: T) => void): R[] {
  const rows = new Map<string, R>();
  for (const item of items) {
    const k = key(item);
    const row = rows.get(k);
    if (row) add(row, item);
    else rows.set(k, make(item));
  }
  return [...rows.values()];
}

export function indicatorsPart(ctx: StoreContext): Pick<Store, IndicatorMethods> {
  return {
    async terminalSite(terminalId) {
      const row = await ctx.db().selectFrom('terminals').select('site').where('id', '=', terminalId).executeTakeFirst();
      return row?.site;
    },

    async recordJourneys(batch) {
      const journeys = sumBy(
        batch.journeys,
        (j) => JSON.stringify([j.day, j.procedureId, j.locale, j.assisted, j.outcome, j.step, j.readAloud, j.textSize, j.theme]),
        (j) => ({
          day: j.day,
          procedure_id: j.procedureId,
          site: batch.site,
          channel: batch.channel,
          locale: j.locale,
          assisted: j.assisted ? 1 : 0,
          outcome: j.outcome,
          step: j.step,
          read_aloud: j.readAloud ? 1 : 0,
          text_size: j.textSize,
          theme: j.theme,
          journeys: 1,
          duration_seconds: j.durationSeconds,
        }),
        (row, j) => {
          row.journeys += 1;
          row.duration_seconds += j.durationSeconds;
        },
      );
      const answers = sumBy(
        batch.satisfaction,
        (s) => JSON.stringify([s.day, s.procedureId, s.locale, s.rating]),
        (s) => ({ day: s.day, procedure_id: s.procedureId, site: batch.site, channel: batch.channel, locale: s.locale, rating: s.rating, answers: 1 }),
        (row) => {
          row.answers += 1;
        },
      );
      return ctx.transaction(async (tx) => {
        const first = await tx.db
          .insertInto('journey_batches')
          .values({ id: batch.id, received_at: batch.at.toISOString() })
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        if (Number(first.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        const forgotten = new Date(batch.at.getTime() - BATCH_IDS_KEPT_DAYS * 86_400_000).toISOString();
        await tx.db.deleteFrom('journey_batches').where(ctx.dialect.instant(sql.ref('received_at')), '<', ctx.dialect.instant(sql.val(forgotten))).execute();
        if (journeys.length)
          await tx.db
            .insertInto('journey_days')
            .values(journeys)
            .onConflict((oc) =>
              oc.columns([...JOURNEY_KEY]).doUpdateSet({
                journeys: sql`journey_days.journeys + excluded.journeys`,
                duration_seconds: sql`journey_days.duration_seconds + excluded.duration_seconds`,
              }),
            )
            .execute();
        if (answers.length)
          await tx.db
            .insertInto('satisfaction_days')
            .values(answers)
            .onConflict((oc) => oc.columns([...SATISFACTION_KEY]).doUpdateSet({ answers: sql`satisfaction_days.answers + excluded.answers` }))
            .execute();
        return true;
      });
    },

    async journeyDays(range) {
      let query = ctx.db().selectFrom('journey_days').selectAll().where('day', '>=', range.from).where('day', '<=', range.to);
      for (const column of JOURNEY_KEY) query = query.orderBy(column);
      const rows = await query.execute();
      return rows.map(
        (row): JourneyDay => ({
          day: row.day,
          procedureId: row.procedure_id,
          site: row.site,
          channel: row.channel,
          locale: row.locale,
          assisted: Number(row.assisted) === 1,
          outcome: row.outcome as JourneyOutcome,
          step: Number(row.step),
          readAloud: Number(row.read_aloud) === 1,
          textSize: Number(row.text_size),
          theme: row.theme,
          journeys: Number(row.journeys),
          durationSeconds: Number(row.duration_seconds),
        }),
      );
    },

    async satisfactionDays(range) {
      let query = ctx.db().selectFrom('satisfaction_days').selectAll().where('day', '>=', range.from).where('day', '<=', range.to);
      for (const column of SATISFACTION_KEY) query = query.orderBy(column);
      const rows = await query.execute();
      return rows.map(
        (row): SatisfactionDay => ({
          day: row.day,
          procedureId: row.procedure_id,
          site: row.site,
          channel: row.channel,
          locale: row.locale,
          rating: row.rating as SatisfactionRating,
          answers: Number(row.answers),
        }),
      );
    },

    async requestFacts(range) {
      const { dialect } = ctx;
      const db = ctx.db();
      const submissions = await db
        .selectFrom('submissions as s')
        .leftJoin('submission_attribution as a', 'a.submission_id', 's.id')
        .select(['s.id', 's.procedure_id', 's.received_at', 'a.channel', 'a.mediator_id'])
        .where(dialect.instant(sql.ref('s.received_at')), '>=', dialect.instant(sql.val(range.from)))
        .where(dialect.instant(sql.ref('s.received_at')), '<', dialect.instant(sql.val(range.to)))
        .orderBy(dialect.instant(sql.ref('s.received_at')))
        .orderBy('s.id')
        .execute();
      const histories = new Map<string, { status: string; at: string }[]>();
      // In pages, so a year of requests never makes one statement with too many parameters.
      for (let i = 0; i < submissions.length; i += 500) {
        const ids = submissions.slice(i, i + 500).map((s) => s.id);
        const events = await db.selectFrom('request_events').select(['submission_id', 'status', 'at']).where('submission_id', 'in', ids).orderBy('id').execute();
        for (const event of events) {
          const list = histories.get(event.submission_id) ?? [];
          list.push({ status: event.status, at: iso(event.at) });
          histories.set(event.submission_id, list);
        }
      }
      return submissions.map(
        (s): RequestFact => ({
          procedureId: s.procedure_id,
          receivedAt: s.received_at,
          channel: (s.channel ?? null) as Channel | null,
          assisted: s.mediator_id !== null && s.mediator_id !== undefined,
          history: histories.get(s.id) ?? [],
        }),
      );
    },

    // For the operations metrics (/metrics): counts only, read at each scrape.
    async noticeCounts() {
      const rows = await ctx
        .db()
        .selectFrom('notices')
        .select(['channel', 'state', (eb) => eb.fn.countAll().as('notices')])
        .groupBy(['channel', 'state'])
        .orderBy('channel')
        .orderBy('state')
        .execute();
      return rows.map((row) => ({ channel: row.channel, state: row.state, notices: Number(row.notices) }));
    },
  };
}
