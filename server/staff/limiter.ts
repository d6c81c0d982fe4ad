// Counts failed sign-ins per account and per client address in a sliding window, in this
// process's memory (see rate-limit.ts). A try takes its place before the code is checked and
// gives it back when the code was right, so only failures stay counted; a key that is full
// refuses every try, right code or not, until the window frees a place.
import { createSlidingWindow } from '../rate-limit.ts';

export interface SignInLimits {
  /** Failed tries per account (role and identifier) within the window, from any address. */
  perAccount: number;
  /** Failed tries per client address within the window, whatever the account. */
  perAddress: number;
  windowMs: number;
}

/** Five wrong codes per account and twenty per address in 15 minutes. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perAccount: 5, perAddress: 20, windowMs: 15 * 60_000 };

export type SignInLimiter = ReturnType<typeof createSignInLimiter>;

/** @example const place = limiter.reserve(['account:agent:4512', 'address:10.0.0.7'], Date.now()); if (place.wait > 0) refuse(place.wait) */
export function createSignInLimiter(limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS) {
  const window = createSlidingWindow({
    windowMs: limits.windowMs,
    limitOf: (key) => (key.startsWith('account:') ? limits.perAccount : limits.perAddress),
  });
  return {
    retryAfter: window.retryAfter,
    /** Takes a try's place in every key before its code is checked (see rate-limit.ts). */
    reserve: window.reserve,
    fail: window.count,
    /** A successful sign-in clears its account's failures (not its address's). */
    succeed: window.clear,
  };
}
