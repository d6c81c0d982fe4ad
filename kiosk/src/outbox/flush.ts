// Sends what the outbox holds, shared by the page and the service worker. One flush at a time
// across both (a Web Lock); each entry is removed only after the server's 201, held on a 422,
// and put back with a backoff on anything else (longer when the server's Retry-After says so):
// no network and a server that is down are the same failure.
import type { Receipt } from '../journey/journey.ts';
import type { SubmitResult } from '../submission/submit-envelope.ts';
import { retryDelayMs } from './backoff.ts';
import type { OutboxEntry } from './outbox-db.ts';
import type { Outbox } from './outbox.ts';

export const FLUSH_LOCK = 'guichet-outbox-flush';

/**
 * What a flush reads and writes of the outbox: the page's Dexie outbox (outbox.ts), or the
 * service worker's, lighter, over the raw API (worker-outbox.ts).
 */
export type FlushStore = Pick<Outbox, 'due' | 'remove' | 'reschedule' | 'hold'>;

/** Sends one entry; `signal` aborts the request (a timeout, or a send abandoned when the network comes back). */
export type SendEntry = (entry: OutboxEntry, signal?: AbortSignal) => Promise<SubmitResult>;

export interface DeliverOptions {
  outbox: FlushStore;
  send: SendEntry;
  now?: () => number;
  random?: () => number;
  /**
   * What a 422 does. `hold` (a flush, nobody in front of the screen): the entry stays, out of
   * the flush, for reception to see; deleting it would lose a request silently. `remove` (the
   * person is still on the check page): the errors are shown on their fields, and the corrected
   * answers go in a new envelope.
   */
  onRejected?: 'hold' | 'remove';
  /**
   * Abandons the send: the request is aborted and the entry put back as a failure. The page
   * aborts on `online`, so that a send stuck on the dead connection neither holds the flush lock
   * nor makes the flush that the network's return starts wait for its timeout.
   */
  signal?: AbortSignal;
}

/**
 * A send with no answer after this long counts as failed, so a request lost in a dead network
 * never holds the flush lock; if it did arrive, the next send gets the same 201 (same key).
 */
export const SEND_TIMEOUT_MS = 30_000;

/** Sends one entry and records the outcome in the outbox. Never throws for a network failure. */
export async function deliverEntry(entry: OutboxEntry, options: DeliverOptions): Promise<SubmitResult> {
  const { outbox, send } = options;
  const now = options.now ?? Date.now;
  let result: SubmitResult;
  // Aborted on a timeout or by the caller: the request itself ends (its connection is let go),
  // not only the wait for it.
  const abort = new AbortController();
  const abandoned = () => abort.abort();
  options.signal?.addEventListener('abort', abandoned, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    result = await Promise.race([
      options.signal?.aborted ? Promise.resolve<SubmitResult>({ kind: 'failed' }) : send(entry, abort.signal),
      new Promise<SubmitResult>((resolve) => {
        timer = setTimeout(() => {
          abort.abort();
          resolve({ kind: 'failed', reason: 'pas de réponse du serveur après 30 s' });
        }, SEND_TIMEOUT_MS);
        abort.signal.addEventListener('abort', () => resolve({ kind: 'failed' }), { once: true });
      }),
    ]);
  } catch (error) {
    result = { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abandoned);
  }
  if (result.kind === 'failed' && options.signal?.aborted) result = { kind: 'failed', reason: 'envoi abandonné : la connexion est revenue, il repart' };
  if (result.kind === 'sent') await outbox.remove(entry.key);
  else if (result.kind === 'rejected') {
    if (options.onRejected === 'remove') await outbox.remove(entry.key);
    else await outbox.hold(entry.key, result.errors, 'refusée par le serveur (422) : à voir avec le service');
  } else {
    const attempts = entry.attempts + 1;
    await outbox.reschedule(entry.key, {
      attempts,
      nextAttemptAt: now() + retryDelayMs(attempts, result.retryAfterMs, options.random),
      lastError: result.reason ?? 'pas de réponse du serveur',
    });
  }
  return result;
}

export interface FlushOptions extends Omit<DeliverOptions, 'onRejected'> {
  /** Send every waiting entry, due or not: the network has just come back. */
  force?: boolean;
  /** Envelopes in flight at once. */
  concurrency?: number;
  onSent?: (entry: OutboxEntry, receipt: Receipt) => void;
  onHeld?: (entry: OutboxEntry) => void;
}

export interface FlushReport {
  sent: number;
  /** The flush was abandoned through its `signal` (the network came back under it). */
  abandoned?: boolean;
  held: number;
  /** A send failed: the flush stopped there, the rest waits for the next one. */
  failed: boolean;
  /** How long the server asked to be left alone, when the failure came with a Retry-After. */
  retryAfterMs?: number;
}

type LockManagerLike = { request: <T>(name: string, callback: () => Promise<T>) => Promise<T> };

let localChain: Promise<unknown> = Promise.resolve();

/** Runs `task` while holding the flush lock, shared by every page and the worker of this origin. */
export function withFlushLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (locks) return locks.request(FLUSH_LOCK, task);
  // Without Web Locks (Node tests), one flush at a time in this realm.
  const run = localChain.then(task, task);
  localChain = run.catch(() => undefined);
  return run;
}

/**
 * Sends the due entries, oldest first, `concurrency` at a time, until none is due or one fails.
 *
 * @example await flushOutbox({ outbox, send: (entry) => submitEntry(entry), force: true })
 */
export function flushOutbox(options: FlushOptions): Promise<FlushReport> {
  return withFlushLock(async () => {
    const report: FlushReport = { sent: 0, held: 0, failed: false };
    const now = options.now ?? Date.now;
    const concurrency = options.concurrency ?? 4;
    const tried = new Set<string>();
    while (!report.failed && !options.signal?.aborted) {
      const batch = (await options.outbox.due(now(), { force: options.force ?? false, limit: 100 })).filter(
        (e) => !tried.has(e.key),
      );
      if (batch.length === 0) break;
      let next = 0;
      const worker = async () => {
        while (!report.failed && !options.signal?.aborted && next < batch.length) {
          const entry = batch[next++]!;
          tried.add(entry.key);
          const result = await deliverEntry(entry, { ...options, onRejected: 'hold' });
          if (result.kind === 'sent') {
            report.sent++;
            options.onSent?.(entry, result.receipt);
          } else if (result.kind === 'rejected') {
            report.held++;
            options.onHeld?.(entry);
          } else {
            report.failed = true;
            if (result.retryAfterMs !== undefined) report.retryAfterMs = result.retryAfterMs;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    }
    if (options.signal?.aborted) report.abandoned = true;
    return report;
  });
}
