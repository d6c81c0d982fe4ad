// From a stored submission to its acknowledgment: the AEE while the submission is on its way,
// the ARE once the service in charge has it (status delivered or later).
import type { Answers, Content, Procedure } from '../content/model/index.ts';
import { GuichetError } from './errors.ts';
import { receptionDate } from './receipts/calendar.ts';
import { buildReceipt, buildRegistration, receiptContextOf, type Acknowledgment } from './receipts/index.ts';
import { assistanceOf } from './staff/assistance.ts';
import type { Store, StoredSubmission } from './store/types.ts';

/** The version of the procedure the submission was made against, as published then. */
export async function procedureOf(content: Content, store: Store, submission: Pick<StoredSubmission, 'procedureId' | 'procedureVersion'>): Promise<Procedure> {
  const current = content.procedures.find((p) => p.id === submission.procedureId && p.version === submission.procedureVersion);
  if (current) return current;
  const stored = await store.getProcedureVersion(submission.procedureId, submission.procedureVersion);
  if (!stored) throw new Error(`procedure ${submission.procedureId} v${submission.procedureVersion} is not stored`);
  return stored.procedure;
}

/** Which acknowledgment a submission gets now: the ARE once the service has it. */
export function acknowledgmentKindOf(submission: Pick<StoredSubmission, 'status'>): Acknowledgment['kind'] {
  return submission.status === 'received' ? 'registration' : 'receipt';
}

/**
 * The AEE or the ARE of a stored submission, `kind` chosen by its status unless given. Throws
 * `submission-purged` once its answers are gone: the acknowledgment names the person's
 * address and is no longer produced after the retention period.
 *
 * @example await acknowledgmentOf(content, store, await store.findSubmission('K7QD-4MZ9'))
 */
export async function acknowledgmentOf(
  content: Content,
  store: Store,
  submission: StoredSubmission,
  kind: Acknowledgment['kind'] = acknowledgmentKindOf(submission),
): Promise<Acknowledgment> {
  if (submission.answers === undefined) throw purged(submission);
  const procedure = await procedureOf(content, store, submission);
  const assistance = await assistanceOf(store, content, submission.id);
  const input = {
    reference: submission.reference,
    receivedAt: new Date(submission.receivedAt),
    procedure,
    locale: submission.locale,
    answers: submission.answers as Answers,
    ...(assistance ? { assistance } : {}),
  };
  const context = receiptContextOf(content.site);
  // Completed after an incomplete period: the delay ran again from the last completion (L114-5).
  const life = await store.requestLife(submission.reference);
  const completed = life?.history.findLast((entry) => entry.completed === true);
  if (completed) Object.assign(input, { completedOn: receptionDate(new Date(completed.at), context.calendar?.timeZone) });
  return kind === 'registration' ? buildRegistration(input, context) : buildReceipt(input, context);
}

export function purged(submission: Pick<StoredSubmission, 'reference' | 'purgedAt'>): GuichetError {
  const on = submission.purgedAt ? ` le ${submission.purgedAt.slice(0, 10)}` : '';
  return new GuichetError(
    'submission-purged',
    `Les réponses de la demande ${submission.reference} ont été effacées${on}, à la fin de leur durée de conservation : son accusé ne peut plus être produit. Son suivi reste consultable.`,
  );
}
