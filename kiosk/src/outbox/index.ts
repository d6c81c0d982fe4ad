// The outbox as the page uses it, loaded after the home screen (Dexie is ~30 kB gzip, the
// sealing a few more): seals each envelope for the server and stores it before sending it, then flushes on a timer with backoff and jitter, at once on
// the `online` event, and when the service worker's Background Sync says it sent something.
// Holds no DOM and imports no Preact: the page's models subscribe through `events`.
import type { SealingKey } from '../api/client.ts';
import type { Receipt } from '../journey/journey.ts';
import type { Envelope } from '../submission/envelope.ts';
import type { SubmitResult } from '../submission/submit-envelope.ts';
import { retryDelayMs } from './backoff.ts';
import { deliverEntry, flushOutbox, withFlushLock } from './flush.ts';
import type { OutboxEntry } from './outbox-db.ts';
import { createOutbox, type Outbox, type OutboxSummary } from './outbox.ts';
import { provisionalNumber } from './provisional.ts';
import { sealEnvelope } from './seal.ts';
import { sendEntry } from './send-entry.ts';

export { provisionalNumber } from './provisional.ts';
export type { OutboxSummary } from './outbox.ts';

/** The Background Sync tag the service worker flushes on. */
export const SYNC_TAG = 'guichet-outbox';

/** How long the person waits on "Sending…" before being told the request is saved here. */
const IMMEDIATE_SEND_WAIT_MS = 8_000;
/** A fresh entry is left to the immediate send this long before a flush may take it too. */
const IN_FLIGHT_GRACE_MS = 30_000;
/**
 * After `online`, the network may not carry anything yet (the event comes when a link is up,
 * before its address or its route): failures in this window are retried soon, forced, rather
 * than after the backoff's 2.5 to 5 s.
 */
export const ONLINE_SETTLE_MS = 10_000;
/** The first quick retry after `online`; it doubles with each failure within the window. */
export const ONLINE_RETRY_MS = 250;
/** What the page tells the service worker on `online`: abandon a flush stuck on the dead connection. */
export const ABANDON_MESSAGE = 'outbox-abandon';

/** Saved on this terminal, not sent yet: what the person is told instead of a reference. */
export interface SavedResult {
  kind: 'saved';
  key: string;
  provisional: string;
  pressedSendAt: string;
}

export interface OutboxEvents {
  onSent?: (key: string, receipt: Receipt) => void;
  onSummary?: (summary: OutboxSummary) => void;
  /** Whether the last attempt reached the server. */
  onReachable?: (reachable: boolean) => void;
}

/** Who writes the envelope, and the server's key it is sealed for. */
export interface EnvelopeSource {
  terminalId?: string;
  /** How people reach the terminal (`Guichet-Channel`). */
  channel?: string;
  /** The mandate of an assisted session, kept with the entry: the session may end before it goes. */
  mandateId?: string;
  sealingKey: SealingKey;
}

export interface PageOutbox {
  /** Seals the envelope and writes it to disk, then tries to send it at once. */
  submit(envelope: Envelope, source: EnvelopeSource): Promise<SubmitResult | SavedResult>;
  /** Sends what is due (everything with `force`). */
  flush(force?: boolean): Promise<void>;
  summary(): Promise<OutboxSummary>;
  /**
   * Seals the entries an older kiosk wrote in clear, so that none stays readable here while it
   * waits for the network; they are sent as before. Resolves with how many were sealed.
   */
  sealLeftovers(sealingKey: SealingKey): Promise<number>;
  stop(): void;
}

/**
 * Starts the page's outbox.
 *
 * @example const outbox = startPageOutbox({ onSent: (key, receipt) => show(receipt) });
 */
export function startPageOutbox(events: OutboxEvents = {}, outbox: Outbox = createOutbox()): PageOutbox {
  let failures = 0;
  /** The last failed flush's Retry-After, when the server gave one. */
  let retryAfterMs: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  /** When the last `online` came: failures just after it are the network settling. */
  let onlineAt = -Infinity;
  /**
   * The sends in flight from this page (flushes and immediate sends). A request sent before
   * `online` went out on a connection that may be dead and never answer: on `online` they are
   * abandoned, so none holds the flush lock while the flush the network's return starts waits.
   */
  const inFlight = new Set<AbortController>();
  function tracked(): AbortController {
    const controller = new AbortController();
    inFlight.add(controller);
    return controller;
  }

  const publish = async () => events.onSummary?.(await outbox.summary());

  async function schedule(): Promise<void> {
    if (stopped) return;
    clearTimeout(timer);
    const due = await outbox.nextDueAt();
    if (due === undefined) return;
    // The network has just come back and the server gave no Retry-After: it is not refusing,
    // it is not reachable yet. Everything goes again soon, due or not.
    if (failures && retryAfterMs === undefined && Date.now() - onlineAt < ONLINE_SETTLE_MS) {
      timer = setTimeout(() => void flush(true), ONLINE_RETRY_MS * 2 ** Math.min(failures - 1, 5));
      return;
    }
    // After a failed flush the whole outbox waits, not only the entry that failed.
    const notBefore = failures ? Date.now() + retryDelayMs(failures, retryAfterMs) : 0;
    const wait = Math.max(0, Math.max(due, notBefore) - Date.now());
    timer = setTimeout(() => void flush(false), Math.min(wait, 2 ** 31 - 1));
  }

  async function flush(force = false): Promise<void> {
    const controller = tracked();
    const report = await flushOutbox({
      outbox,
      send: sendEntry,
      force,
      signal: controller.signal,
      onSent: (entry, receipt) => events.onSent?.(entry.key, receipt),
    }).finally(() => inFlight.delete(controller));
    // Abandoned for the flush that `online` started: that one tells how it went.
    if (report.abandoned) return;
    if (report.failed) failures++;
    else failures = 0;
    retryAfterMs = report.retryAfterMs;
    if (report.sent || report.held || report.failed) events.onReachable?.(!report.failed);
    await publish();
    await schedule();
  }

  async function registerSync(): Promise<void> {
    try {
      const registration = await navigator.serviceWorker?.ready;
      const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
      await sync?.register(SYNC_TAG);
    } catch {
      // No Background Sync (Firefox, Safari): the timer and the `online` event do it.
    }
  }

  async function submit(envelope: Envelope, source: EnvelopeSource): Promise<SubmitResult | SavedResult> {
    const earlier = await outbox.get(envelope.key);
    const now = Date.now();
    // Sealed before it touches the disk: what is written, only the server can read.
    const entry: OutboxEntry = earlier ?? {
      key: envelope.key,
      format: 'sealed-1',
      sealed: await sealEnvelope(envelope, source.sealingKey),
      pressedSendAt: new Date(now).toISOString(),
      provisional: provisionalNumber(envelope.key),
      ...(source.terminalId ? { terminalId: source.terminalId } : {}),
      ...(source.channel ? { channel: source.channel } : {}),
      ...(source.mandateId ? { mandateId: source.mandateId } : {}),
      savedAt: now,
      attempts: 0,
      nextAttemptAt: now + IN_FLIGHT_GRACE_MS,
      state: 'waiting',
    };
    // Written first: from here on, the request survives a reload, a crash or a power cut.
    if (!earlier) await outbox.save(entry);
    void publish();
    const saved: SavedResult = { kind: 'saved', key: entry.key, provisional: entry.provisional, pressedSendAt: entry.pressedSendAt };
    const controller = tracked();
    const delivery = deliverEntry(entry, { outbox, send: sendEntry, onRejected: 'remove', signal: controller.signal }).then(async (result) => {
      inFlight.delete(controller);
      // Abandoned on `online`: the flush that the network's return started sends it and tells.
      if (controller.signal.aborted && result.kind === 'failed') return result;
      if (result.kind === 'sent') {
        failures = 0;
        events.onSent?.(entry.key, result.receipt);
      }
      if (result.kind === 'failed') {
        failures++;
        void registerSync();
      }
      events.onReachable?.(result.kind !== 'failed');
      await publish();
      await schedule();
      return result;
    });
    const waited = await Promise.race([
      delivery,
      new Promise<'slow'>((resolve) => setTimeout(() => resolve('slow'), IMMEDIATE_SEND_WAIT_MS)),
    ]);
    if (waited === 'slow' || waited.kind === 'failed') return saved;
    return waited;
  }

  // Under the flush lock: no flush of this page or of the service worker holds the entry meanwhile.
  const sealLeftovers = (sealingKey: SealingKey) =>
    withFlushLock(async () => {
      let sealed = 0;
      for (const entry of await outbox.plain())
        if (await outbox.replaceWithSealed(entry.key, await sealEnvelope(entry.envelope, sealingKey))) sealed++;
      return sealed;
    });

  const onOnline = () => {
    failures = 0;
    onlineAt = Date.now();
    for (const controller of inFlight) controller.abort();
    inFlight.clear();
    // The worker's Background Sync flush may hold the lock on the dead connection too.
    navigator.serviceWorker?.controller?.postMessage({ type: ABANDON_MESSAGE });
    void flush(true);
  };
  const onMessage = (event: MessageEvent) => {
    const data = event.data as { type?: string; key?: string; receipt?: Receipt } | undefined;
    if (data?.type === 'outbox-sent' && data.key && data.receipt) events.onSent?.(data.key, data.receipt);
    if (data?.type === 'outbox-sent' || data?.type === 'outbox-changed') void publish().then(schedule);
  };
  addEventListener('online', onOnline);
  navigator.serviceWorker?.addEventListener('message', onMessage);
  // Whatever an earlier run left (a reload, a crash, a power cut) goes now.
  void flush(true);

  return {
    submit,
    flush,
    summary: () => outbox.summary(),
    sealLeftovers,
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const controller of inFlight) controller.abort();
      removeEventListener('online', onOnline);
      navigator.serviceWorker?.removeEventListener('message', onMessage);
      outbox.close();
    },
  };
}
