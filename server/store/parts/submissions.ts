// Submissions: procedure versions, acceptance (group-committed), replays, the resident's view,
// and the retention purge.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Answers, Procedure } from '../../../content/model/index.ts';
import { newReference, newTrackingCode } from '../../references.ts';
import { groupCommit, type StoreContext, type Tx } from '../context.ts';
import type { Database } from '../schema.ts';
import type { Acceptance, NewSubmission, PurgedSubmission, Remembered, Store, StoreOptions, StoredAttachment, StoredSubmission, SubmissionStatus } from '../types.ts';
import { fromJson, iso, num, present } from '../values.ts';
import { attributionRow } from './staff.ts';

/** A reference collision is about one in 10^11 per draw; ten in a row means something else. */
const REFERENCE_ATTEMPTS = 10;
/** Rows a multi-row INSERT carries at most: far under both databases' limits on bound values. */
const ROWS_PER_INSERT = 200;

const chunks = <T>(rows: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(rows.slice(i, i + ROWS_PER_INSERT));
  return out;
};

/** Inserts rows into a table, a chunk per statement; nothing when there are none. */
async function insertRows<T extends keyof Database & string>(tx: Tx, table: T, rows: ReadonlyArray<Insertable<Database[T]>>): Promise<void> {
  for (const chunk of chunks(rows)) await tx.db.insertInto(table).values(chunk as never).execute();
}
const PURGED_EMAIL = 'Réponses effacées à la fin de la durée de conservation.';

type SubmissionRow = Selectable<Database['submissions']>;

const replay = (row: Pick<SubmissionRow, 'body_hash' | 'reference' | 'tracking_code' | 'received_at'>, bodyHash: string): Acceptance =>
  row.body_hash === bodyHash
    ? { outcome: 'replay', receipt: { reference: row.reference, trackingCode: row.tracking_code, receivedAt: row.received_at } }
    : { outcome: 'conflict' };

type SubmissionMethods = Pick<
  Store,
  | 'rememberProcedureVersion'
  | 'getProcedureVersion'
  | 'replayOf'
  | 'acceptSubmission'
  | 'findSubmission'
  | 'countSubmissions'
  | 'purgeSubmissions'
  | 'attachmentInUse'
> & {
  /** Answers every accept still queued; called by dispose() before the database closes. */
  drain(): Promise<void>;
};

export function submissionsPart(ctx: StoreContext, options: StoreOptions): SubmissionMethods {
  const makeReference = options.newReference ?? newReference;
  const makeTrackingCode = options.newTrackingCode ?? newTrackingCode;

  /**
   * Accepts submissions together: one multi-row INSERT per table for the lot, whatever their
   * number, then the audit entries. A key already stored (by an earlier accept, another
   * instance, or an item before it in the same lot) is answered as a replay of the stored row.
   * Results in the items' order.
   */
  const acceptAll = async (tx: Tx, items: readonly NewSubmission[]): Promise<Acceptance[]> => {
    const drawn = items.map((s) => ({ s, reference: makeReference(), trackingCode: makeTrackingCode() }));
    const inserted = new Set<string>();
    for (const chunk of chunks(drawn))
      for (const { id } of await tx.db
        .insertInto('submissions')
        .values(
          chunk.map(({ s, reference, trackingCode }) => ({
            id: s.id,
            reference,
            tracking_code: trackingCode,
            procedure_id: s.procedureId,
            procedure_version: s.procedureVersion,
            locale: s.locale,
            answers_json: JSON.stringify(s.answers),
            attachments_json: JSON.stringify(s.attachments),
            body_hash: s.bodyHash,
            received_at: s.receivedAt,
            status: 'received',
          })),
        )
        // A concurrent accept of the same key (another instance) waits here, then inserts nothing.
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute())
        inserted.add(id);
    // The first item of each inserted key is the one stored; any other is a replay of it.
    const created = drawn.filter((d) => inserted.delete(d.s.id));
    const isCreated = new Set(created);
    const others = drawn.filter((d) => !isCreated.has(d));
    const existing = new Map(
      others.length === 0
        ? []
        : (
            await tx.db
              .selectFrom('submissions')
              .select(['id', 'body_hash', 'reference', 'tracking_code', 'received_at'])
              .where('id', 'in', [...new Set(others.map((d) => d.s.id))])
              .execute()
          ).map((row) => [row.id, row]),
    );

    const newOnes = created.map((d) => d.s);
    await insertRows(tx, 'deliveries', newOnes.flatMap((s) => s.routes.map((route) => ({ submission_id: s.id, route, state: 'pending', attempts: 0, next_attempt_at: new Date(s.receivedAt).toISOString() }))));
    await insertRows(tx, 'status_history', newOnes.map((s) => ({ submission_id: s.id, status: 'received', at: s.receivedAt })));
    await insertRows(tx, 'receipt_emails', newOnes.filter((s) => s.emailReceipts).map((s) => ({ submission_id: s.id, kind: 'registration', next_attempt_at: new Date(s.receivedAt).toISOString() })));
    await insertRows(tx, 'submission_files', newOnes.flatMap((s) => [...new Set(s.attachments.map((a) => a.sha256))].map((sha256) => ({ submission_id: s.id, sha256 }))));
    await insertRows(tx, 'submission_attribution', newOnes.flatMap((s) => (s.attribution ? [attributionRow(s.id, s.attribution)] : [])));

    for (const { s, reference } of created) {
      const actor = s.actor ?? 'kiosk';
      const terminal = s.terminal ?? null;
      tx.audit({
        at: s.receivedAt,
        kind: 'submission.received',
        actor,
        terminal,
        submissionId: s.id,
        data: {
          reference,
          procedureId: s.procedureId,
          procedureVersion: s.procedureVersion,
          locale: s.locale,
          attachments: s.attachments.length,
          routes: s.routes,
          emailReceipts: s.emailReceipts === true,
        },
      });
      if (s.continuingSession) await continueHandoff(tx, s, actor, terminal);
    }
    return drawn.map((d): Acceptance => {
      if (isCreated.has(d)) return { outcome: 'created', receipt: { reference: d.reference, trackingCode: d.trackingCode, receivedAt: d.s.receivedAt } };
      const row = existing.get(d.s.id);
      if (!row) throw new Error(`Submission ${d.s.id} was neither inserted nor found.`);
      return replay(row, d.s.bodyHash);
    });
  };

  /** Reception continues what a person began on a terminal: the audit says where it began. */
  const continueHandoff = async (tx: Tx, s: NewSubmission, actor: string, terminal: string | null): Promise<void> => {
    const handoff = await tx.db
      .updateTable('handoffs')
      .set({ continued_by: s.id })
      .where('id', '=', (eb) =>
        ctx.dialect.lockRows(
          eb
            .selectFrom('handoffs')
            .select('id')
            .where('opened_session', '=', s.continuingSession!)
            .where('procedure_id', '=', s.procedureId)
            .where('continued_by', 'is', null)
            .orderBy('opened_at', 'desc')
            .limit(1),
        ),
      )
      .returning(['id', 'terminal'])
      .executeTakeFirst();
    if (handoff)
      tx.audit({
        at: s.receivedAt,
        kind: 'submission.handed-off',
        actor,
        terminal,
        submissionId: s.id,
        data: { handoff: handoff.id, fromTerminal: handoff.terminal, channel: s.attribution?.channel ?? null },
      });
  };

  /**
   * One submission alone: the lot's way, for one; a taken reference (about one in 10^11) is
   * drawn again in a savepoint of its own.
   */
  const acceptOne = async (tx: Tx, s: NewSubmission): Promise<Acceptance> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await tx.savepoint(() => acceptAll(tx, [s])))[0]!;
      } catch (error) {
        if (tx.broken || !ctx.dialect.isUniqueViolation(error, 'submissions', 'reference') || attempt >= REFERENCE_ATTEMPTS) throw error;
      }
    }
  };
  // A batch is accepted as one lot; when the lot fails (a reference drawn twice), item by item.
  const accepts = groupCommit(ctx, acceptOne, { order: (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0), many: acceptAll });

  return {
    drain: accepts.drain,

    async rememberProcedureVersion(version): Promise<Remembered> {
      const added = await ctx
        .db()
        .insertInto('procedure_versions')
        .values({
          id: version.id,
          version: version.version,
          hash: version.hash,
          procedure_json: JSON.stringify(version.procedure),
          first_seen_at: new Date().toISOString(),
        })
        .onConflict((oc) => oc.columns(['id', 'version']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (added) return 'added';
      const stored = await ctx.db().selectFrom('procedure_versions').select('hash').where('id', '=', version.id).where('version', '=', version.version).executeTakeFirst();
      return stored?.hash === version.hash ? 'unchanged' : 'changed';
    },

    async getProcedureVersion(id, version) {
      const row = await ctx.db().selectFrom('procedure_versions').select(['hash', 'procedure_json']).where('id', '=', id).where('version', '=', version).executeTakeFirst();
      return row ? { id, version, hash: row.hash, procedure: fromJson(row.procedure_json) as Procedure } : undefined;
    },

    async replayOf(id, bodyHash) {
      const row = await ctx.db().selectFrom('submissions').select(['body_hash', 'reference', 'tracking_code', 'received_at']).where('id', '=', id).executeTakeFirst();
      return row ? replay(row, bodyHash) : undefined;
    },

    acceptSubmission: accepts.submit,

    async findSubmission(reference) {
      const db = ctx.db();
      const row = await db.selectFrom('submissions').selectAll().where('reference', '=', reference).executeTakeFirst();
      if (!row) return undefined;
      const [history, deliveries] = await Promise.all([
        db.selectFrom('status_history').select(['status', 'at']).where('submission_id', '=', row.id).orderBy('id').execute(),
        db.selectFrom('deliveries').select(['route', 'state', 'attempts']).where('submission_id', '=', row.id).orderBy('id').execute(),
      ]);
      const found: StoredSubmission = {
        id: row.id,
        reference: row.reference,
        trackingCode: row.tracking_code,
        procedureId: row.procedure_id,
        procedureVersion: row.procedure_version,
        locale: row.locale,
        status: row.status as SubmissionStatus,
        receivedAt: row.received_at,
        history: history.map((h) => ({ status: h.status as SubmissionStatus, at: h.at })),
        deliveries,
        answers: row.answers_json === null ? undefined : (fromJson(row.answers_json) as Answers),
        ...present('purgedAt', row.purged_at === null ? null : iso(row.purged_at)),
      };
      return found;
    },

    async countSubmissions() {
      const row = await ctx.db().selectFrom('submissions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return num(row.n as number | string);
    },

    async purgeSubmissions(request) {
      if (request.limit <= 0) return [];
      const at = request.at.toISOString();
      const { dialect } = ctx;
      return ctx.transaction(async (tx) => {
        const due = await dialect
          .lockRows(
            tx.db
              .selectFrom('submissions as s')
              .select(['s.id', 's.reference', 's.attachments_json'])
              .where('s.procedure_id', '=', request.procedureId)
              .where('s.purged_at', 'is', null)
              .where('s.status', '<>', 'received')
              // UTC ISO text on SQLite, timestamptz on PostgreSQL: compared as written.
              .where('s.last_change_at', '<', request.lastChangeBefore.toISOString())
              .orderBy('s.last_change_at')
              .limit(request.limit),
            { skipLocked: true },
          )
          .execute();
        const purged: PurgedSubmission[] = [];
        for (const row of due) {
          const attachments = fromJson(row.attachments_json) as StoredAttachment[];
          await tx.db.updateTable('submissions').set({ answers_json: null, attachments_json: '[]', purged_at: at }).where('id', '=', row.id).execute();
          await tx.db.deleteFrom('submission_files').where('submission_id', '=', row.id).execute();
          const dropped = await tx.db
            .updateTable('receipt_emails')
            .set({ state: 'dead', last_error: PURGED_EMAIL, lease_until: null, claim_token: null })
            .where('submission_id', '=', row.id)
            .where('state', '=', 'pending')
            .executeTakeFirst();
          tx.audit({
            at,
            kind: 'submission.purged',
            actor: 'retention',
            submissionId: row.id,
            data: { reference: row.reference, attachments: attachments.length, emailsGivenUp: Number(dropped.numUpdatedRows) },
          });
          purged.push({ id: row.id, reference: row.reference, procedureId: request.procedureId, attachments });
        }
        return purged;
      });
    },

    async attachmentInUse(sha256) {
      // submission_files names every file a submission holds until its purge (migration 008).
      const row = await ctx.db().selectFrom('submission_files').select('sha256').where('sha256', '=', sha256).limit(1).executeTakeFirst();
      return row !== undefined;
    },
  };
}
