// A request's life after sending: its history (request_events), the back-offices' webhook ids
// (request_event_ids), and the notices its statuses queue (notices), all written in the
// transaction that applies the event with the status model (server/requests/status.ts).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Procedure } from '../../../content/model/index.ts';
import type { ApplyOutcome, EventSource, RequestView } from '../../requests/request-life.ts';
import { applyStatusEvent, legalDates, statusOf, termsOf, type Actor, type HistoryEntry } from '../../requests/status.ts';
import { NOTICE_STATUSES, type NoticeStatus } from '../../notices/sms-text.ts';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema.ts';
import type { RequestLifeRow, Store, StoredAttachment } from '../types.ts';
import { fromJson } from '../values.ts';

const NOTIFYING: ReadonlySet<string> = new Set<NoticeStatus>(NOTICE_STATUSES);

/**
 * The idempotency keys of residents' completions sit beside the back-offices' webhook ids, under
 * a route name no site.yaml route can take (route names are kebab-case words).
 */
const RESIDENT_ROUTE = '#resident';

/** The (route, id) an event source is remembered under, when it is one that may come again. */
function onceKey(source: EventSource): { route: string; id: string; fingerprint: string } | undefined {
  if (source.kind === 'back-office') return { route: source.route, id: source.webhookId, fingerprint: source.fingerprint };
  if (source.kind === 'resident') return { route: RESIDENT_ROUTE, id: source.key, fingerprint: source.fingerprint };
  return undefined;
}

function actorColumns(actor: Actor): { actor_kind: string; actor_id: string | null } {
  return {
    actor_kind: actor.kind,
    actor_id: actor.kind === 'instructor' ? actor.id : actor.kind === 'back-office' ? actor.route : null,
  };
}

/** The audit log's actor: who, never what they wrote. */
function auditActor(actor: Actor): string {
  return actor.kind === 'instructor' ? `instructor:${actor.id}` : actor.kind === 'back-office' ? `back-office:${actor.route}` : actor.kind;
}

async function historyOf(tx: { db: Kysely<Database> }, submissionId: string): Promise<HistoryEntry[]> {
  const rows = await tx.db.selectFrom('request_events').select('entry_json').where('submission_id', '=', submissionId).orderBy('id').execute();
  return rows.map((row) => fromJson(row.entry_json) as HistoryEntry);
}

export function requestsPart(ctx: StoreContext): Pick<Store, 'requestLife' | 'applyRequestEvent' | 'awaitingDecision'> {
  const lifeOf = async (tx: { db: Kysely<Database> }, reference: string, lock: boolean): Promise<(RequestLifeRow & { answers: unknown }) | undefined> => {
    const select = tx.db
      .selectFrom('submissions')
      .select(['id', 'reference', 'procedure_id', 'procedure_version', 'locale', 'answers_json'])
      .where('reference', '=', reference);
    const row = await (lock ? ctx.dialect.lockRows(select) : select).executeTakeFirst();
    if (!row) return undefined;
    const [history, routes] = await Promise.all([
      historyOf(tx, row.id),
      tx.db.selectFrom('deliveries').select('route').where('submission_id', '=', row.id).orderBy('id').execute(),
    ]);
    return {
      submissionId: row.id,
      reference: row.reference,
      procedureId: row.procedure_id,
      procedureVersion: row.procedure_version,
      locale: row.locale,
      routes: routes.map((r) => r.route),
      history,
      answers: row.answers_json === null ? undefined : fromJson(row.answers_json),
    };
  };

  return {
    async requestLife(reference) {
      const life = await lifeOf({ db: ctx.db() }, reference, false);
      if (!life) return undefined;
      const { answers: _answers, ...row } = life;
      return row;
    },

    async awaitingDecision({ after, limit }) {
      let query = ctx
        .db()
        .selectFrom('request_events as e')
        .innerJoin('submissions as s', 's.id', 'e.submission_id')
        .select('s.reference')
        .where('e.status', '=', 'received')
        .where('e.id', '=', (eb) => eb.selectFrom('request_events as last').select((l) => l.fn.max('last.id').as('id')).whereRef('last.submission_id', '=', 'e.submission_id'));
      if (after !== undefined) query = query.where('s.reference', '>', after);
      const rows = await query.orderBy('s.reference').limit(limit).execute();
      return rows.map((row) => row.reference);
    },

    async applyRequestEvent({ reference, event, source, at, notify, completion }): Promise<ApplyOutcome> {
      return ctx.transaction(async (tx) => {
        const life = await lifeOf(tx, reference, true);
        if (!life || life.history.length === 0) return { outcome: 'not-found' };
        if (source.kind === 'back-office' && !life.routes.includes(source.route)) return { outcome: 'not-found' };
        const once = onceKey(source);
        if (once) {
          const seen = await tx.db
            .selectFrom('request_event_ids')
            .select(['fingerprint', 'answer_json', 'submission_id'])
            .where('route', '=', once.route)
            .where('webhook_id', '=', once.id)
            .executeTakeFirst();
          if (seen)
            return seen.fingerprint === once.fingerprint && seen.submission_id === life.submissionId
              ? { outcome: 'replayed', request: fromJson(seen.answer_json) as RequestView }
              : { outcome: 'id-reused' };
        }
        const version = await tx.db
          .selectFrom('procedure_versions')
          .select('procedure_json')
          .where('id', '=', life.procedureId)
          .where('version', '=', life.procedureVersion)
          .executeTakeFirstOrThrow();
        const procedure = fromJson(version.procedure_json) as Procedure;
        const record = { terms: termsOf(procedure), history: life.history };
        const result = applyStatusEvent(record, event, at);
        if (!result.ok) return { outcome: 'refused', refusal: result.refusal };

        if (completion) await mergeCompletion(tx, life.submissionId, life.answers, completion);
        const channels = notify?.({ procedureId: life.procedureId, locale: life.locale, answers: life.answers as never }) ?? [];
        for (const entry of result.added) {
          const inserted = await tx.db
            .insertInto('request_events')
            .values({ submission_id: life.submissionId, status: entry.status, at: entry.at, ...actorColumns(entry.actor), entry_json: JSON.stringify(entry) })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (NOTIFYING.has(entry.status) && channels.length > 0)
            await tx.db
              .insertInto('notices')
              .values(
                [...new Set(channels)].map((channel) => ({
                  id: randomUUID(),
                  submission_id: life.submissionId,
                  request_event_id: inserted.id,
                  channel,
                  status: entry.status,
                  next_attempt_at: entry.at,
                })),
              )
              .execute();
          tx.audit({
            at: entry.at,
            kind: 'request.status',
            actor: auditActor(entry.actor),
            submissionId: life.submissionId,
            data: { reference: life.reference, status: entry.status, ...(entry.implied ? { implied: true } : {}), notices: NOTIFYING.has(entry.status) ? channels : [] },
          });
        }
        const request: RequestView = {
          reference: life.reference,
          status: statusOf(result.record),
          history: [...result.record.history],
          dates: legalDates(result.record),
        };
        if (once)
          await tx.db
            .insertInto('request_event_ids')
            .values({
              route: once.route,
              webhook_id: once.id,
              submission_id: life.submissionId,
              fingerprint: once.fingerprint,
              answer_json: JSON.stringify(request),
              at: at.toISOString(),
            })
            .execute();
        return { outcome: 'applied', request };
      });
    },
  };
}

/**
 * A completion's answers over the submission's (a field asked again replaces its answer, a
 * document joins as its own `missingN` answer) and its files beside the others, with their
 * rows in submission_files so the purge and the orphan check see them.
 */
async function mergeCompletion(
  tx: { db: Kysely<Database> },
  submissionId: string,
  answers: unknown,
  completion: { answers: Record<string, unknown>; attachments: StoredAttachment[] },
): Promise<void> {
  const row = await tx.db.selectFrom('submissions').select('attachments_json').where('id', '=', submissionId).executeTakeFirstOrThrow();
  const before = fromJson(row.attachments_json) as StoredAttachment[];
  // A document asked again replaces the files of the same answer key.
  const replaced = new Set(Object.keys(completion.answers));
  const attachments = [...before.filter((a) => !replaced.has(a.field)), ...completion.attachments];
  const merged = { ...((answers as Record<string, unknown> | undefined) ?? {}), ...completion.answers };
  await tx.db
    .updateTable('submissions')
    .set({ answers_json: JSON.stringify(merged), attachments_json: JSON.stringify(attachments) })
    .where('id', '=', submissionId)
    .execute();
  const known = new Set(before.map((a) => a.sha256));
  const files = [...new Set(completion.attachments.map((a) => a.sha256))].filter((sha256) => !known.has(sha256));
  if (files.length) await tx.db.insertInto('submission_files').values(files.map((sha256) => ({ submission_id: submissionId, sha256 }))).execute();
}
