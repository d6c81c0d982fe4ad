// The relay worker: owns the loop that claims due deliveries from the store's outbox, hands each
// to its route's connector outside any transaction, and records the outcome. Several workers, in
// one process or several, may run on the same store: the lease on each claimed row keeps them apart.
import type { ClaimedDelivery, RecordResult, DeliveryRecord, Store } from '../store/types.ts';
import { retryDelay, type RetryPolicy } from './backoff.ts';
import type { Connector, Delivery, DeliveryOutcome } from './connectors/index.ts';
import { formatSeconds } from './connectors/attempt.ts';

export interface RelayLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** What the hook receives when the last delivery of a submission is delivered. */
export interface DeliveredSubmission {
  submissionId: string;
  reference: string;
}

export interface RelayWorkerDeps {
  store: Store;
  /** One connector per route of site.yaml that the relay can serve. */
  connectors: ReadonlyMap<string, Connector>;
  /**
   * Routes the relay cannot serve (missing variables), with the sentence the console shows on
   * their deliveries. They are never claimed: their deliveries wait, pending, with no attempt spent.
   */
  unavailable?: ReadonlyMap<string, string>;
  /** Builds the connector's delivery from a claimed row (see delivery.ts). */
  toDelivery: (claimed: ClaimedDelivery) => Promise<Delivery>;
  policy: RetryPolicy;
  /** Deliveries in flight at once, all routes together. */
  concurrency: number;
  /** Deliveries in flight at once for one route, so a hanging back-office cannot take every slot. */
  routeConcurrency: (route: string, connector: Connector) => number;
  /** How often to look for due deliveries when nothing else wakes the worker. */
  pollMs: number;
  /** Added to a connector's `timeoutMs` for the lease; also covers reading the files. Defaults to 15 s. */
  leaseMarginMs?: number;
  /**
   * Called once when every delivery of a submission has been delivered, after the status change
   * is stored. The acknowledgment of receipt (ARE) hangs here. An error is logged, never retried
   * by the relay: the hook owns its own retries.
   */
  onSubmissionDelivered?: (submission: DeliveredSubmission) => void | Promise<void>;
  now?: () => Date;
  random?: () => number;
  log?: RelayLog;
}

export interface RelayWorker {
  /** Starts the loop. Does nothing if already running. */
  start(): void;
  /**
   * Stops claiming, aborts the deliveries in flight (their connectors answer `retry` at once),
   * records them as given back (due again, attempt not counted), and resolves when all is recorded.
   */
  stop(): Promise<void>;
  /** Deliveries being sent right now (at most `concurrency`); outcomes being stored are not counted. */
  readonly inFlight: number;
  /** Looks for due deliveries now rather than at the next poll (after a submission, a "retry now"). */
  wake(): void;
}

const DEFAULT_LEASE_MARGIN_MS = 15_000;
/** How often the pending deliveries of unserved routes get their "not configured" sentence again. */
const NOTE_UNAVAILABLE_EVERY_MS = 60_000;
const BUG_REASON =
  "Erreur interne de Guichet pendant l'envoi (détails dans le journal du serveur) ; un nouvel essai est prévu.";
const PURGED_REASON =
  'Les réponses de cette demande ont été effacées (fin de la durée de conservation) avant la livraison.';

const consoleLog: RelayLog = {
  info: (message) => console.log(`[relay] ${message}`),
  warn: (message) => console.warn(`[relay] ${message}`),
  error: (message, error) => console.error(`[relay] ${message}`, ...(error === undefined ? [] : [error])),
};

/**
 * Creates the relay worker. Construction does nothing; `start()` starts the loop.
 *
 * @example
 * const worker = createRelayWorker({ store, connectors, toDelivery, policy, concurrency: 8,
 *   routeConcurrency: () => 4, pollMs: 1000, onSubmissionDelivered: issueReceiptOfReceipt });
 * worker.start(); // … on SIGTERM: await worker.stop();
 */
export function createRelayWorker(deps: RelayWorkerDeps): RelayWorker {
  const now = deps.now ?? (() => new Date());
  const random = deps.random ?? Math.random;
  const log = deps.log ?? consoleLog;
  const margin = deps.leaseMarginMs ?? DEFAULT_LEASE_MARGIN_MS;
  /** Deliveries being sent, one slot each. */
  const inFlight = new Set<Promise<unknown>>();
  /** Deliveries not finished: being sent, or their outcome being stored. */
  const unfinished = new Set<Promise<void>>();
  /** Outcomes being stored. */
  let storing = 0;
  const perRoute = new Map<string, number>();
  let shutdown = new AbortController();
  let running: Promise<void> | undefined;
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  // A wake while the loop is busy claiming must not be lost: the next sleep returns at once.
  let woken = false;
  let lastNoted = -Infinity;

  const wake = () => {
    woken = true;
    wakeUp?.();
    wakeUp = undefined;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) {
        woken = false;
        return resolve();
      }
      const timer = setTimeout(() => {
        wakeUp = undefined;
        resolve();
      }, ms);
      wakeUp = () => {
        clearTimeout(timer);
        woken = false;
        resolve();
      };
    });

  /** The connector's answer, or a retry if it breaks its promise to answer within its timeout. */
  const deliverGuarded = async (connector: Connector, delivery: Delivery, signal: AbortSignal): Promise<DeliveryOutcome> => {
    const attempt = new AbortController();
    const onShutdown = () => attempt.abort(signal.reason);
    signal.addEventListener('abort', onShutdown, { once: true });
    const guardMs = connector.timeoutMs + margin / 2;
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<DeliveryOutcome>((resolve) => {
      timer = setTimeout(() => {
        log.error(`bug: the ${connector.name} connector did not answer within ${guardMs} ms (${delivery.idempotencyKey}); aborted`);
        attempt.abort(new Error('connector guard'));
        resolve({
          outcome: 'retry',
          reason: `Le connecteur ${connector.name} n'a pas répondu dans le délai de ${formatSeconds(guardMs)} ; un nouvel essai est prévu.`,
        });
      }, guardMs);
    });
    try {
      return await Promise.race([connector.deliver(delivery, { signal: attempt.signal }), guard]);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onShutdown);
    }
  };

  const decide = (claimed: ClaimedDelivery, outcome: DeliveryOutcome, interrupted: boolean): DeliveryRecord => {
    const base = { id: claimed.id, claimToken: claimed.claimToken, at: now() };
    switch (outcome.outcome) {
      case 'delivered':
        return { ...base, outcome: 'delivered' };
      case 'rejected':
        return { ...base, outcome: 'dead', error: outcome.reason };
      case 'retry': {
        if (interrupted) return { ...base, outcome: 'released' };
        if (claimed.attempt >= deps.policy.maxAttempts)
          return {
            ...base,
            outcome: 'dead',
            error: `${outcome.reason} Abandon après ${claimed.attempt} essai${claimed.attempt > 1 ? 's' : ''}.`,
          };
        const delay = retryDelay(claimed.attempt, deps.policy, outcome.retryAfterMs, random);
        return { ...base, outcome: 'retry', error: outcome.reason, nextAttemptAt: new Date(base.at.getTime() + delay) };
      }
    }
  };

  /** Sends one claimed delivery; resolves with what to record once the connector has answered. */
  const sendOne = async (claimed: ClaimedDelivery, connector: Connector): Promise<DeliveryRecord> => {
    const signal = shutdown.signal;
    let outcome: DeliveryOutcome;
    try {
      if (claimed.submission.answers === undefined) outcome = { outcome: 'rejected', reason: PURGED_REASON };
      else outcome = await deliverGuarded(connector, await deps.toDelivery(claimed), signal);
    } catch (error) {
      // A connector answers every peer failure with an outcome: a throw is Guichet's own bug.
      log.error(`bug: delivery ${claimed.submission.reference} → ${claimed.route} threw; it will be retried`, error);
      outcome = { outcome: 'retry', reason: BUG_REASON };
    }
    return decide(claimed, outcome, signal.aborted);
  };

  /** Records an outcome (the lease still holds the row meanwhile) and runs the delivered hook. */
  const recordOne = async (claimed: ClaimedDelivery, record: DeliveryRecord): Promise<void> => {
    let result: RecordResult;
    try {
      result = await deps.store.recordDelivery(record);
    } catch (error) {
      // The lease runs out and the row is claimed again: at worst a second, deduplicated, sending.
      log.error(`could not record ${record.outcome} for ${claimed.submission.reference} → ${claimed.route}`, error);
      return;
    }
    if (!result.recorded) {
      log.warn(`lease lost on ${claimed.submission.reference} → ${claimed.route}: another claim holds it, outcome dropped`);
      return;
    }
    if (record.outcome === 'dead') log.warn(`dead: ${claimed.submission.reference} → ${claimed.route}: ${record.error}`);
    if (result.submissionDelivered && deps.onSubmissionDelivered) {
      try {
        await deps.onSubmissionDelivered(result.submissionDelivered);
      } catch (error) {
        log.error(`onSubmissionDelivered failed for ${result.submissionDelivered.reference}`, error);
      }
    }
  };

  // A slot is held while the connector sends, not while the outcome waits for the disk: the
  // outcomes of the deliveries that end meanwhile are then stored together, in one commit, and
  // the next sendings start at once. The lease keeps the row from being claimed again until its
  // outcome is stored; outcomes being stored are bounded like the slots.
  const launch = (claimed: ClaimedDelivery, connector: Connector) => {
    perRoute.set(claimed.route, (perRoute.get(claimed.route) ?? 0) + 1);
    const sending = sendOne(claimed, connector);
    const slot = sending.finally(() => {
      inFlight.delete(slot);
      perRoute.set(claimed.route, (perRoute.get(claimed.route) ?? 1) - 1);
      wake();
    });
    inFlight.add(slot);
    const stored = sending
      .then(async (record) => {
        storing++;
        try {
          await recordOne(claimed, record);
        } finally {
          storing--;
        }
      })
      .finally(() => {
        unfinished.delete(stored);
        wake();
      });
    unfinished.add(stored);
  };

  const noteUnavailable = async () => {
    if (!deps.unavailable?.size || now().getTime() - lastNoted < NOTE_UNAVAILABLE_EVERY_MS) return;
    lastNoted = now().getTime();
    for (const [route, reason] of deps.unavailable) {
      try {
        await deps.store.noteUndeliverableRoute(route, reason);
      } catch (error) {
        log.error(`could not note why route ${route} waits`, error);
      }
    }
  };

  const loop = async () => {
    while (!stopping) {
      woken = false;
      await noteUnavailable();
      for (const [route, connector] of deps.connectors) {
        if (stopping) break;
        const free = Math.min(
          deps.concurrency - inFlight.size,
          deps.concurrency - storing,
          deps.routeConcurrency(route, connector) - (perRoute.get(route) ?? 0),
        );
        if (free <= 0) continue;
        try {
          const claimed = await deps.store.claimDeliveries({ route, limit: free, now: now(), leaseMs: connector.timeoutMs + margin });
          for (const c of claimed) launch(c, connector);
        } catch (error) {
          log.error(`could not claim deliveries of route ${route}`, error);
        }
      }
      if (!stopping) await sleep(deps.pollMs);
    }
  };

  return {
    start() {
      if (running) return;
      stopping = false;
      shutdown = new AbortController();
      running = loop();
    },
    async stop() {
      if (!running) return;
      stopping = true;
      shutdown.abort(new Error('relay stopping'));
      wake();
      await running;
      await Promise.allSettled([...unfinished]);
      running = undefined;
    },
    get inFlight() {
      return inFlight.size;
    },
    wake,
  };
}
