// Owns the page's one outbox: loads it (and Dexie, and the sealing) on first use, after the
// home screen, and sends envelopes through it, sealed with the key that came with the content.
// Where IndexedDB cannot be opened (a private window, jsdom), or no key came with the content
// (a copy cached from a server older than sealing), the envelope is sent directly and a failure
// says so, as before the outbox existed: the outbox never holds an envelope in clear.
import { contentState } from '../content/content-store.ts';
import type { Receipt } from '../journey/journey.ts';
import type { Envelope } from '../submission/envelope.ts';
import { submitEnvelope, type SubmitResult } from '../submission/submit-envelope.ts';
import type { OutboxEvents, PageOutbox, SavedResult } from '../outbox/index.ts';
import type { EnvelopeOrigin } from '../api/client.ts';
import { terminalChannel, terminalId } from './terminal.ts';

export type { SavedResult } from '../outbox/index.ts';

let loading: Promise<PageOutbox | undefined> | undefined;
const listeners: OutboxEvents[] = [];

/** Subscribes to the outbox's events (before or after it is loaded). */
export function onOutbox(events: OutboxEvents): void {
  listeners.push(events);
}

const fanOut: Required<OutboxEvents> = {
  onSent: (key: string, receipt: Receipt) => listeners.forEach((l) => l.onSent?.(key, receipt)),
  onSummary: (summary) => listeners.forEach((l) => l.onSummary?.(summary)),
  onReachable: (reachable) => listeners.forEach((l) => l.onReachable?.(reachable)),
};

/** The page's outbox, or `undefined` when this browser has no usable IndexedDB. */
export function pageOutbox(): Promise<PageOutbox | undefined> {
  loading ??= (async () => {
    if (typeof indexedDB === 'undefined') return undefined;
    try {
      const { startPageOutbox } = await import('../outbox/index.ts');
      const outbox = startPageOutbox(fanOut);
      // Opens the database now, so a broken IndexedDB is found before someone presses Send.
      await outbox.summary();
      const sealingKey = currentSealingKey();
      if (sealingKey) void outbox.sealLeftovers(sealingKey).catch((error) => console.error('outbox: could not seal older entries:', error));
      return outbox;
    } catch (error) {
      console.error('outbox unavailable:', error);
      return undefined;
    }
  })();
  return loading;
}

/** The server's key that came with the content on screen, if it came with one. */
function currentSealingKey() {
  const content = contentState.peek();
  return content.status === 'ready' ? content.content.sealing : undefined;
}

/**
 * The Send button's submit: through the outbox when there is one. `help` names the mandate of
 * an assisted session; it is stored with the envelope and sent with it, whenever that is.
 */
export async function submitThroughOutbox(envelope: Envelope, help: { mandateId?: string } = {}): Promise<SubmitResult | SavedResult> {
  const outbox = await pageOutbox();
  const channel = terminalChannel();
  const origin: EnvelopeOrigin = { terminalId: terminalId(), ...(channel ? { channel } : {}), ...(help.mandateId ? { mandateId: help.mandateId } : {}) };
  const sealingKey = currentSealingKey();
  if (!outbox || !sealingKey) return submitEnvelope(envelope, origin);
  try {
    return await outbox.submit(envelope, { ...origin, sealingKey });
  } catch (error) {
    // Could not seal or write it (disk full, storage evicted): never pretend it is saved.
    console.error('outbox write failed:', error);
    return submitEnvelope(envelope, origin);
  }
}
