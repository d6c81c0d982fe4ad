// The relay's outbox: one delivery per submission and route, leased by a claim, its outcome
// recorded by the holder of the claim; and the console's views of it.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { groupCommit, UNFLUSHED_LEASE, type StoreContext, type Tx } from '../context.ts';
import type { Database } from '../schema.ts';
import type { ClaimedDelivery, DeliveryRecord, DeliveryState, DeliveryView, RecordResult, RetryResult, RouteSummary, Store, StoredAttachment } from '../types.ts';
import { fromJson, iso, isoOrUndefined, num, present } from '../values.ts';

type DeliveryMethods = Pick<
  Store,
  'claimDeliveries' | 'recordDelivery' | 'noteUndeliverableRoute' | 'retryDeliveryNow' | 'listDeliveries' | 'deliverySummary'
> & {
  /** Answers every outcome still queued; called by dispose() before the database closes. */
  drain(): Promise<void>;
};

const VIEW_COLUMNS = [
  'd.id',
  'd.submission_id',
  's.reference',
  's.procedure_id',
  'd.route',
  'd.state',
  'd.attempts',
  'd.next_attempt_at',
  'd.last_error',
  'd.lease_until',
  'd.failing_since',
  'd.delivered_at',
] as const;

type ViewRow = Pick<Selectable<Database['deliveries']>, 'id' | 'submission_id' | 'route' | 'state' | 'attempts' | 'next_attempt_at' | 'last_error' | 'lease_until' | 'failing_since' | 'delivered_at'> &
  Pick<Selectable<Database['submissions']>, 'reference' | 'procedure_id'>;

const viewOf = (row: ViewRow): DeliveryView => ({
  id: num(row.id),
  submissionId: row.submission_id,
  reference: row.reference,
  procedureId: row.procedure_id,
  route: row.route,
  state: row.state as DeliveryState,
  attempts: row.attempts,
  nextAttemptAt: iso(row.next_attempt_at),
  ...present('lastError', row.last_error),
  ...present('leaseUntil', isoOrUndefined(row.lease_until)),
  ...present('failingSince', isoOrUndefined(row.failing_since)),
  ...present('deliveredAt', isoOrUndefined(row.delivered_at)),
});

export function deliveriesPart(ctx: StoreContext): DeliveryMethods {
  const { dialect } = ctx;
  const release = { lease_until: null, claim_token: null } as const;

  /** One outcome, in its savepoint of a batch (records are group-committed like accepts). */
  const recordOne = async (tx: Tx, r: DeliveryRecord): Promise<RecordResult & { route?: string }> => {
    const at = r.at.toISOString();
    const held = await dialect
      .lockRows(
        tx.db
          .selectFrom('deliveries')
          .select(['submission_id', 'route', 'attempts'])
          .where('id', '=', r.id)
          .where('claim_token', '=', r.claimToken)
          .where('state', '=', 'pending'),
      )
      .executeTakeFirst();
    if (!held) return { recorded: false };
    const audit = (kind: string, data: Record<string, unknown>) =>
      tx.audit({ at, kind, actor: 'relay', submissionId: held.submission_id, data });
    const failingSince = sql<string>`coalesce(failing_since, ${at})`;
    const row = tx.db.updateTable('deliveries').where('id', '=', r.id);
    switch (r.outcome) {
      case 'retry':
        await row.set({ ...release, next_attempt_at: r.nextAttemptAt.toISOString(), last_error: r.error, failing_since: failingSince }).execute();
        return { recorded: true };
      case 'dead':
        await row.set({ ...release, state: 'dead', last_error: r.error, failing_since: failingSince }).execute();
        audit('delivery.dead', { deliveryId: r.id, route: held.route, attempts: held.attempts, error: r.error });
        return { recorded: true };
      case 'released':
        await row
          .set({ ...release, next_attempt_at: at, attempts: sql<number>`CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END` })
          .execute();
        return { recorded: true };
      case 'delivered':
        break;
    }
    // Two instances delivering a submission's last two deliveries at once: the lock on the
    // submission makes the second wait, then count the first one's delivery as done.
    await dialect.lockRows(tx.db.selectFrom('submissions').select('id').where('id', '=', held.submission_id)).execute();
    await row.set({ ...release, state: 'delivered', delivered_at: at, failing_since: null }).execute();
    audit('delivery.delivered', { deliveryId: r.id, route: held.route, attempts: held.attempts });
    const open = await tx.db
      .selectFrom('deliveries')
      .select('id')
      .where('submission_id', '=', held.submission_id)
      .where('state', '<>', 'delivered')
      .limit(1)
      .executeTakeFirst();
    if (open) return { recorded: true, route: held.route };
    const moved = await tx.db
      .updateTable('submissions')
      .set({ status: 'delivered' })
      .where('id', '=', held.submission_id)
      .where('status', '=', 'received')
      .returning('reference')
      .executeTakeFirst();
    if (!moved) return { recorded: true, route: held.route };
    // The ARE's email row follows by trigger when an AEE row exists (migration 003).
    await tx.db.insertInto('status_history').values({ submission_id: held.submission_id, status: 'delivered', at }).execute();
    audit('submission.delivered', { reference: moved.reference });
    return { recorded: true, route: held.route, submissionDelivered: { submissionId: held.submission_id, reference: moved.reference } };
  };
  const records = groupCommit(ctx, recordOne, {
    // The console's count of delivered rows per route, kept rather than counted (migration 011):
    // added once per batch, routes in name order, after every row lock, so batches never wait
    // for each other in a circle.
    finish: async (tx, done) => {
      const delivered = new Map<string, number>();
      for (const { item, value } of done)
        if (item.outcome === 'delivered' && value.recorded && value.route) delivered.set(value.route, (delivered.get(value.route) ?? 0) + 1);
      for (const route of [...delivered.keys()].sort())
        await tx.db
          .insertInto('route_counts')
          .values({ route, delivered: delivered.get(route)! })
          .onConflict((oc) => oc.column('route').doUpdateSet((eb) => ({ delivered: eb('route_counts.delivered', '+', eb.ref('excluded.delivered')) })))
          .execute();
    },
    // A delivered outcome locks its submission (see recordOne): all of a batch's first, in id order.
    lockFirst: async (tx, batch) => {
      const delivered = batch.filter((r) => r.outcome === 'delivered').map((r) => r.id);
      if (delivered.length === 0) return;
      await dialect
        .lockRows(
          tx.db
            .selectFrom('submissions')
            .select('id')
            .where('id', 'in', (eb) => eb.selectFrom('deliveries').select('submission_id').where('id', 'in', delivered))
            .orderBy('id'),
        )
        .execute();
    },
  });

  return {
    drain: records.drain,

    async claimDeliveries({ route, limit, now, leaseMs }) {
      if (limit <= 0) return [];
      const at = now.toISOString();
      const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
      const token = randomUUID();
      return ctx.transaction(async (tx) => {
        // One statement leases the rows: SQLite runs it under the write lock; on PostgreSQL,
        // SKIP LOCKED passes over rows another claim is taking, and a row another claim has just
        // leased fails the WHERE clause when it is read again after the lock.
        const leased = await tx.db
          .updateTable('deliveries')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), lease_until: leaseUntil, claim_token: token }))
          .where('id', 'in', (eb) =>
            dialect.lockRows(
              eb
                .selectFrom('deliveries')
                .select('id')
                .where('route', '=', route)
                .where('state', '=', 'pending')
                .where('next_attempt_at', '<=', at)
                .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<=', at)]))
                .orderBy('next_attempt_at')
                .orderBy('id')
                .limit(limit),
              { skipLocked: true },
            ),
          )
          .returning(['id', 'submission_id', 'attempts'])
          .execute();
        if (leased.length === 0) return [];
        const submissions = new Map(
          (
            await tx.db
              .selectFrom('submissions')
              .select(['id', 'reference', 'procedure_id', 'procedure_version', 'locale', 'received_at', 'answers_json', 'attachments_json'])
              .where('id', 'in', [...new Set(leased.map((row) => row.submission_id))])
              .execute()
          ).map((s) => [s.id, s]),
        );
        return leased
          .map((row) => ({ ...row, id: num(row.id) }))
          .sort((a, b) => a.id - b.id)
          .map((row): ClaimedDelivery => {
            const s = submissions.get(row.submission_id)!;
            return {
              id: row.id,
              route,
              attempt: row.attempts,
              claimToken: token,
              leaseUntil,
              submission: {
                id: s.id,
                reference: s.reference,
                procedureId: s.procedure_id,
                procedureVersion: s.procedure_version,
                locale: s.locale,
                receivedAt: s.received_at,
                answers: s.answers_json === null ? undefined : (fromJson(s.answers_json) as ClaimedDelivery['submission']['answers']),
                attachments: fromJson(s.attachments_json) as StoredAttachment[],
              },
            };
          });
      }, UNFLUSHED_LEASE);
    },

    async recordDelivery(record) {
      const { route: _counted, ...result } = await records.submit(record);
      return result;
    },

    async noteUndeliverableRoute(route, error) {
      const result = await ctx
        .db()
        .updateTable('deliveries')
        .set({ last_error: error })
        .where('route', '=', route)
        .where('state', '=', 'pending')
        .where((eb) => eb.or([eb('last_error', 'is', null), eb('last_error', '<>', error)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async retryDeliveryNow(id, request): Promise<RetryResult> {
      const at = request.at.toISOString();
      const byId = (db: Kysely<Database>) =>
        db.selectFrom('deliveries as d').innerJoin('submissions as s', 's.id', 'd.submission_id').select(VIEW_COLUMNS).where('d.id', '=', id);
      return ctx.transaction(async (tx) => {
        const row = await dialect.lockRows(byId(tx.db)).executeTakeFirst();
        if (!row) return { outcome: 'not-found' };
        if (row.state === 'delivered') return { outcome: 'already-delivered' };
        if (row.state === 'pending' && row.lease_until !== null && iso(row.lease_until) > at) return { outcome: 'in-flight' };
        await tx.db
          .updateTable('deliveries')
          .set({ ...release, state: 'pending', attempts: 0, next_attempt_at: at })
          .where('id', '=', id)
          .execute();
        tx.audit({
          at,
          kind: 'delivery.retry-requested',
          actor: request.by,
          submissionId: row.submission_id,
          data: { deliveryId: id, route: row.route, by: request.by, previousState: row.state, previousAttempts: row.attempts },
        });
        return { outcome: 'retried', delivery: viewOf((await byId(tx.db).executeTakeFirst())!) };
      });
    },

    async listDeliveries({ state, route, site, limit, offset = 0, before, after }) {
      let query = ctx
        .db()
        .selectFrom('deliveries as d')
        .innerJoin('submissions as s', 's.id', 'd.submission_id')
        .select(VIEW_COLUMNS);
      if (state === 'waiting') query = query.where('d.state', '=', 'pending').where('d.last_error', 'is not', null);
      else if (state) query = query.where('d.state', '=', state);
      if (route) query = query.where('d.route', '=', route);
      if (site)
        query = query.where('d.submission_id', 'in', (eb) => eb.selectFrom('submission_attribution').select('submission_id').where('site', '=', site));
      // Keyset: a page next to a known row costs the same at any depth, where an offset reads
      // every row it skips. The offset stays for callers that count pages.
      if (before !== undefined) query = query.where('d.id', '<', before);
      if (after !== undefined) {
        const newer = await query.where('d.id', '>', after).orderBy('d.id', 'asc').limit(limit).execute();
        return newer.reverse().map(viewOf);
      }
      const rows = await query.orderBy('d.id', 'desc').limit(limit).offset(offset).execute();
      return rows.map(viewOf);
    },

    async deliverySummary() {
      const db = ctx.db();
      // Pending and dead rows are few and indexed by state; delivered ones are counted as they go.
      const [open, delivered] = await Promise.all([
        db
          .selectFrom('deliveries')
          .select((eb) => [
            'route',
            eb.fn.countAll().filterWhere('state', '=', 'pending').as('pending'),
            eb.fn.countAll().filterWhere('state', '=', 'pending').filterWhere('last_error', 'is not', null).as('waiting'),
            eb.fn.countAll().filterWhere('state', '=', 'dead').as('dead'),
            eb.fn.min('failing_since').filterWhere('state', '=', 'pending').as('failing_since'),
          ])
          .where('state', 'in', ['pending', 'dead'])
          .groupBy('route')
          .execute(),
        db.selectFrom('route_counts').select(['route', 'delivered']).where('delivered', '>', 0).execute(),
      ]);
      const routes = new Map<string, RouteSummary>();
      const summary = (route: string) => routes.get(route) ?? routes.set(route, { route, pending: 0, waiting: 0, delivered: 0, dead: 0 }).get(route)!;
      for (const row of open)
        Object.assign(summary(row.route), {
          pending: num(row.pending as number),
          waiting: num(row.waiting as number),
          dead: num(row.dead as number),
          ...present('failingSince', isoOrUndefined(row.failing_since as string | Date | null)),
        });
      for (const row of delivered) summary(row.route).delivered = num(row.delivered);
      return [...routes.values()].sort((a, b) => (a.route < b.route ? -1 : a.route > b.route ? 1 : 0));
    },
  };
}
