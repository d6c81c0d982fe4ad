// Owns what the kiosk knows of its link to the server: the browser's online flag, whether the
// last attempt reached the server, and the outbox's counts. Signals only; offline-service.ts
// feeds them.
import { computed, signal } from '@preact/signals';
import type { Receipt } from '../journey/journey.ts';

export interface OutboxCounts {
  waiting: number;
  held: number;
  oldestSavedAt?: number;
}

export const browserOnline = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
/** False after a send or heartbeat that could not reach the server, true after one that did. */
export const serverReachable = signal(true);
export const outboxCounts = signal<OutboxCounts>({ waiting: 0, held: 0 });

/** No network, or a server that does not answer: the same for the person. */
export const offline = computed(() => !browserOnline.value || !serverReachable.value);

/** Receipts the outbox got for envelopes sent after the person was told "saved here". */
export const lateReceipts = signal<ReadonlyMap<string, Receipt>>(new Map());
