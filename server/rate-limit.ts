// Counting events per key in a sliding window, in this process's memory: wrong tracking codes,
// wrong staff codes, submissions per terminal and per address. Enough for one server; several
// processes behind a load balancer each count their own (so a limit is per process), and a
// restart forgets. Memory stays bounded under a flood: beyond `maxKeys`, the oldest key goes.
//
// A limit on guesses reserves its place before the first await (the store, argon2): JavaScript
// runs that check-and-count without interleaving, so a hundred requests sent at once cannot all
// pass a check made before any of them is counted. A right guess gives its place back.
import type { Context } from 'hono';
import { clientAddressOf } from './client-address.ts';

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
  /** Seconds to wait while any of the keys is full, or 0. */
  const retryAfter = (keys: readonly string[], now: number): number => {
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
  };
  /** One more event for each key. */
  const count = (keys: readonly string[], now: number): void => {
    for (const key of keys) {
      const times = recent(key, now);
      times.push(now);
      // Re-inserted, so the key most recently counted is the last to be forgotten.
      events.delete(key);
      events.set(key, times);
    }
    while (events.size > maxKeys) events.delete(events.keys().next().value as string);
  };
  return {
    retryAfter,
    count,
    /**
     * Takes one place in each key at once, or none when any key is full. The caller gives the
     * place back with `release()` when the attempt turns out not to count (a right code).
     */
    reserve(keys: readonly string[], now: number): Reservation {
      const wait = retryAfter(keys, now);
      if (wait > 0) return { wait, release: () => {} };
      count(keys, now);
      let released = false;
      return {
        wait: 0,
        release: () => {
          if (released) return;
          released = true;
          for (const key of keys) {
            const times = events.get(key);
            const at = times?.lastIndexOf(now) ?? -1;
            if (times && at >= 0) times.splice(at, 1);
            if (times?.length === 0) events.delete(key);
          }
        },
      };
    },
    /** Forgets a key's events (a successful sign-in clears its account's failures). */
    clear(key: string): void {
      events.delete(key);
    },
  };
}

/** A place taken in a limit: `wait` > 0 when none was free (nothing was taken). */
export interface Reservation {
  /** Seconds to wait when a key was full, or 0 when the place is taken. */
  wait: number;
  /** Gives the place back (once; later calls do nothing). */
  release: () => void;
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

/**
 * The address a request is counted against: the socket's peer, or the client a trusted proxy
 * names (client-address.ts); `unknown` when it did not come over a socket (tests).
 */
export function clientAddress(c: Context): string {
  return clientAddressOf(c);
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
