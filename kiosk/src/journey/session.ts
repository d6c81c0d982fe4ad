// Owns the person's session on the terminal: the one journey in progress and its sender.
// `endSession` forgets everything, so nothing is left for the next person.
import { signal } from '@preact/signals';
import { completionProcedure, todayIn, type NamedPiece, type Procedure, type Site } from '../../../content/model/index.ts';
import { submitThroughOutbox } from '../offline/outbox-link.ts';
import { helpOrigin } from '../staff/assisted-session.ts';
import { createJourney, type Journey, type Receipt } from './journey.ts';
import { createSender } from './send.ts';

export interface ActiveJourney {
  journey: Journey;
  sender: ReturnType<typeof createSender>;
}

export const active = signal<ActiveJourney | undefined>(undefined);

/**
 * An incomplete request being completed (L114-5): the procedure of its missing pieces only, under
 * an id of its own for the kiosk's addresses (`<procedure>~<reference>`), and what the envelope
 * needs to name the request. The runner, the check page and the outbox are the usual ones.
 */
export interface Completion {
  procedure: Procedure;
  originalId: string;
  reference: string;
  code: string;
}

export const completing = signal<Completion | undefined>(undefined);

/** The procedure of the completion in progress when a kiosk address names it. */
export function completionNamed(procedureId: string): Procedure | undefined {
  const current = completing.value;
  return current && current.procedure.id === procedureId ? current.procedure : undefined;
}

/**
 * Starts completing a request: a new journey through its missing pieces, whose envelope names
 * the request's procedure and carries its reference and code.
 *
 * @example const { procedure } = startCompletion(original, life.missing, 1, 'K7QD-4MZ9', 'H4TR8P', site); navigate({ name: 'step', procedureId: procedure.id, stepId: procedure.steps[0].id })
 */
export function startCompletion(original: Procedure, missing: readonly NamedPiece[], round: number, reference: string, code: string, site: Site): Completion {
  const procedure = { ...completionProcedure(original, missing, round), id: `${original.id}~${reference}` };
  const completion: Completion = { procedure, originalId: original.id, reference, code };
  completing.value = completion;
  const journey = createJourney(procedure, { today: () => todayIn(), postcodes: site.postcodes });
  const sender = createSender(journey, {
    submit: (envelope) =>
      submitThroughOutbox({ ...envelope, body: { ...envelope.body, procedureId: original.id, completes: { reference, code } } }, helpOrigin()),
  });
  active.value = { journey, sender };
  return completion;
}

/** The journey through this procedure, started if another one (or none) was in progress. */
export function journeyFor(procedure: Procedure, site: Site): ActiveJourney {
  const current = active.peek();
  if (current && current.journey.procedure.id === procedure.id && current.journey.procedure.version === procedure.version)
    return current;
  const journey = createJourney(procedure, { today: () => todayIn(), postcodes: site.postcodes });
  const started = { journey, sender: createSender(journey, { submit: (envelope) => submitThroughOutbox(envelope, helpOrigin()) }) };
  active.value = started;
  return started;
}

/**
 * The reference has come for a request saved on the terminal: it replaces the provisional
 * number if the person is still on the confirmation.
 */
export function receiptArrived(key: string, receipt: Receipt): void {
  const journey = active.peek()?.journey;
  const submission = journey?.submission.peek();
  if (journey && submission?.status === 'saved' && submission.key === key)
    journey.submission.value = { status: 'sent', receipt, provisional: submission.provisional };
}

/** Forgets the answers, files and receipt of the session. */
export function endSession(): void {
  active.value = undefined;
  completing.value = undefined;
}
