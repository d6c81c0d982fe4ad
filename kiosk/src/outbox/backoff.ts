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
