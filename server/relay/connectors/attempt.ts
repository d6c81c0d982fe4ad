// One delivery attempt's deadline: the connector's own timeout joined with the worker's
// signal, so that no peer (silent SMTP server, hanging receiver, stalled share) holds a
// delivery longer than the connector's `timeoutMs`.

/** A running attempt: abort `signal` is fired by the timeout or by the worker. */
export interface Attempt {
  readonly signal: AbortSignal;
  /** True when the attempt's own timeout fired (not the worker's signal). */
  readonly timedOut: boolean;
  /** Clears the timer and the listener on the worker's signal; call it when the attempt ends. */
  end(): void;
}

/**
 * Starts an attempt that aborts after `timeoutMs`, or as soon as `outer` aborts.
 * A hand-made controller rather than `AbortSignal.any` so that the timer is cleared at the end
 * of each attempt instead of living on until it fires.
 *
 * @example
 * const attempt = startAttempt(30_000, options.signal);
 * try { await fetch(url, { signal: attempt.signal }); } finally { attempt.end(); }
 */
export function startAttempt(timeoutMs: number, outer?: AbortSignal): Attempt {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`Timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  const onOuterAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    end() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    },
  };
}

/**
 * The console's sentence for an attempt that was cut short: by its timeout, naming the peer,
 * or by the worker (shutdown, lease lost).
 *
 * @example interruption(attempt, 'Le serveur de messagerie', 30_000)
 * // 'Le serveur de messagerie ne répond pas (délai de 30 s dépassé).'
 */
export function interruption(attempt: Attempt, peer: string, timeoutMs: number): string {
  return attempt.timedOut
    ? `${peer} ne répond pas (délai de ${formatSeconds(timeoutMs)} dépassé).`
    : "L'envoi a été interrompu avant la fin (arrêt ou reprise du relais) ; il sera refait.";
}

/**
 * A duration in seconds as a French reader writes it.
 *
 * @example formatSeconds(30_000) // '30 s'
 * @example formatSeconds(1_500) // '1,5 s'
 */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} s`;
}

/**
 * Waits for `work`, or for `signal` to abort, whichever comes first. For work that cannot be
 * cancelled (a file system call on a stalled share): it goes on in the background, and its
 * late result or error is dropped.
 *
 * @example const done = await untilAborted(writeFolder(), attempt.signal); // undefined if aborted
 */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
