// Owns the person's session on the terminal: the one journey in progress and its sender.
// `endSession` forgets everything, so nothing is left for the next person.
import { signal } from '@preact/signals';
import { todayIn, type Procedure, type Site } from '../../../content/model/index.ts';
import { submitThroughOutbox } from '../offline/outbox-link.ts';
import { helpOrigin } from '../staff/assisted-session.ts';
import { createJourney, type Journey, type Receipt } from './journey.ts';
import { createSender } from './send.ts';

export interface ActiveJourney {
  journey: Journey;
  sender: ReturnType<typeof createSender>;
}

export const active = signal<ActiveJourney | undefined>(undefined);

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
}
