// Counting events per key in a sliding window, in this process's memory: wrong tracking codes,
// wrong staff codes, submissions per terminal and per address. Enough for one server; several
// processes behind a load balancer each count their own (so a limit is per process), and a
// restart forgets. Memory stays bounded under a flood: beyond `maxKeys`, the oldest key goes.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export interface WindowOptions {
  windowMs: number;
  /** How many events a key may have within the window; its kind is the key's prefix. */
  limitOf: (key: string) => number;
  /** Keys held at most. */
  maxKeys?: number;
}

/**
 * @example
 * const window = createSlidingWindow({ windowMs: 60_000, limitOf: () => 5 });
 * if (window.retryAfter(['address:10.0.0.7'], Date.now()) === 0) window.count(['address:10.0.0.7'], Date.now());
 */
export function createSlidingWindow({ windowMs, limitOf, maxKeys = 50_000 }: WindowOptions) {
  const events = new Map<string, number[]>();
  const recent = (key: string, now: number): number[] => {
    const kept = (events.get(key) ?? []).filter((t) => t > now - windowMs);
    if (kept.length === 0) events.delete(key);
    return kept;
  };
  return {
    /** Seconds to wait while any of the keys is full, or 0. */
    retryAfter(keys: readonly string[], now: number): number {
      let wait = 0;
      for (const key of keys) {
        const times = recent(key, now);
        const limit = limitOf(key);
        if (times.length < limit) continue;
        // The window frees a place when the oldest event that keeps the key full leaves it.
        const freeing = times[times.length - limit] ?? now;
        wait = Math.max(wait, Math.ceil((freeing + windowMs - now) / 1000));
      }
      return wait;
    },
    /** One more event for each key. */
    count(keys: readonly string[], now: number): void {
      for (const key of keys) {
        const times = recent(key, now);
        times.push(now);
        // Re-inserted, so the key most recently counted is the last to be forgotten.
        events.delete(key);
        events.set(key, times);
      }
      while (events.size > maxKeys) events.delete(events.keys().next().value as string);
    },
    /** Forgets a key's events (a successful sign-in clears its account's failures). */
    clear(key: string): void {
      events.delete(key);
    },
  };
}

export type SlidingWindow = ReturnType<typeof createSlidingWindow>;

/**
 * One line on standard error for each refusal by a limit, for the town's log collector. It
 * names the limit, the keys that were full and the wait: never a code, a tracking code or an
 * answer.
 */
export function logSecurityEvent(event: 'rate-limited', details: { limit: string; keys: readonly string[]; retryAfter: number }): void {
  console.warn(JSON.stringify({ at: new Date().toISOString(), security: event, ...details }));
}

/** The address a request is counted against; `unknown` when it did not come over a socket (tests). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface SubmissionLimits {
  /** New submissions per terminal (the kiosk's `Guichet-Terminal`) within the window. */
  perTerminal: number;
  /** New submissions per client address within the window, whatever the terminal. */
  perAddress: number;
  windowMs: number;
}

/**
 * A person at a kiosk sends a request every few minutes at most; a terminal back after a day
 * without network sends its whole outbox at once (a hundred is a busy day), and the terminals
 * of a public digital space share one address. A script posting in a loop meets the limit
 * within a minute.
 */
export const DEFAULT_SUBMISSION_LIMITS: SubmissionLimits = { perTerminal: 150, perAddress: 600, windowMs: 15 * 60_000 };

/** @example createSubmissionLimiter().retryAfter(['terminal:borne-3', 'address:10.0.0.7'], Date.now()) */
export function createSubmissionLimiter(limits: SubmissionLimits = DEFAULT_SUBMISSION_LIMITS): SlidingWindow {
  return createSlidingWindow({
    windowMs: limits.windowMs,
    limitOf: (key) => (key.startsWith('terminal:') ? limits.perTerminal : limits.perAddress),
  });
}
