// The question after sending as the done screen sees it: whether it may be asked, and where the
// answer goes. Tiny on purpose: the screens import this, not the tracker and its queue (Dexie),
// which start with the offline side (indicators/index.ts) and register the answer's handler here.
import { signal } from '@preact/signals';
import type { SatisfactionRating } from './journey-tracker.ts';

export type { SatisfactionRating } from './journey-tracker.ts';

/** Whether the question may be asked: a journey finished and is not rated yet. */
export const canRate = signal(false);

let handler: ((rating: SatisfactionRating) => void) | undefined;

/** Where answers go; set by the indicators once started. */
export function onRating(handle: (rating: SatisfactionRating) => void): void {
  handler = handle;
}

/** The person's answer (or "skip"); once per finished journey. */
export function rateJourney(rating: SatisfactionRating): void {
  handler?.(rating);
  canRate.value = false;
}
