// When a failed delivery is tried again: exponential backoff with full jitter, so that deliveries
// that failed together (a back-office that went down) do not all come back at the same second.

export interface RetryPolicy {
  /** The first wait's ceiling; each attempt doubles it. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
  /** Attempts in all; after the last one fails, the delivery is dead. */
  maxAttempts: number;
}

/**
 * The wait before the attempt after `attempt` (1 for the first): a random duration between 0 and
 * `min(capMs, baseMs × 2^(attempt − 1))` ("full jitter"), never shorter than the peer's own
 * `retryAfterMs` when it gave one, nor longer than `capMs` unless the peer asked for it.
 *
 * @example retryDelay(3, { baseMs: 30_000, capMs: 21_600_000, maxAttempts: 20 }) // between 0 and 120 000
 */
export function retryDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}
