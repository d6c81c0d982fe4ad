// Counts failed sign-ins per account and per client address in a sliding window, in this
// process's memory (as tracking.ts does for reference guesses). Only failures count; a key
// that is full refuses every try, right code or not, until the window frees a place.

export interface SignInLimits {
  /** Failed tries per account (role and identifier) within the window, from any address. */
  perAccount: number;
  /** Failed tries per client address within the window, whatever the account. */
  perAddress: number;
  windowMs: number;
}

/** Five wrong codes per account and twenty per address in 15 minutes. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

const MAX_KEYS = 50_000;

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

/** @example limiter.retryAfter(['account:agent:4512', 'address:10.0.0.7'], Date.now()) // seconds, or 0 */
export function createSignInLimiter(limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
  const failures = new Map<string, number[]>();
  const limitOf = (key: string) => (key.startsWith('account:') ? limits.perAccount : limits.perAddress);
  const recent = (key: string, now: number): number[] => {
    const kept = (failures.get(key) ?? []).filter((t) => t > now - limits.windowMs);
    if (kept.length) failures.set(key, kept);
    else failures.delete(key);
    return kept;
  };
  return {
    /** Seconds to wait before the next try, or 0. */
    retryAfter(keys: readonly string[], now: number): number {
      let wait = 0;
      for (const key of keys) {
        const times = recent(key, now);
        const limit = limitOf(key);
        if (times.length < limit) continue;
        const freeing = times[times.length - limit] ?? now;
        wait = Math.max(wait, Math.ceil((freeing + limits.windowMs - now) / 1000));
      }
      return wait;
    },
    fail(keys: readonly string[], now: number): void {
      for (const key of keys) {
        const times = recent(key, now);
        times.push(now);
        failures.set(key, times);
      }
      while (failures.size > MAX_KEYS) {
        const oldest = failures.keys().next().value;
        if (oldest === undefined) break;
        failures.delete(oldest);
      }
    },
    /** A successful sign-in clears its account's failures (not its address's). */
    succeed(accountKey: string): void {
      failures.delete(accountKey);
    },
  };
}
