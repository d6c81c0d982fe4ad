// Owns the person's session on the terminal: the one journey in progress and its sender.
// `endSession` forgets everything, so nothing is left for the next person.
import { signal } from '@preact/signals';
import { todayIn, type Procedure, type Site } from '../../../content/model/index.ts';
import { submitEnvelope } from '../submission/submit-envelope.ts';
import { createJourney, type Journey } from './journey.ts';
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
  const started = { journey, sender: createSender(journey, { submit: submitEnvelope }) };
  active.value = started;
  return started;
}

/** Forgets the answers, files and receipt of the session. */
export function endSession(): void {
  active.value = undefined;
}
