/** First wait's ceiling after a failed send. */
export const BACKOFF_BASE_MS = 5_000;
/** Longest ceiling: a terminal back online is noticed within five minutes even without an `online` event. */
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * The wait before attempt `failures + 1`: full jitter between half the ceiling and the ceiling,
 * which doubles with each failure, so terminals of one site do not all retry together.
 *
 * @example backoffMs(1, () => 0.5) // 3750
 */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The wait after a failed send: the backoff, or the server's Retry-After when that is longer,
 * up to the cap, so a wrong header cannot park a request for hours.
 *
 * @example retryDelayMs(1, 60_000, () => 0.5) // 60000
 */
export function retryDelayMs(failures: number, retryAfterMs = 0, random: () => number = Math.random): number {
  return Math.max(backoffMs(failures, random), Math.min(retryAfterMs, BACKOFF_CAP_MS));
}
