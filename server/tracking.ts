// Tracking a submission with its reference and code: the limit on guesses (in this process's
// memory, see rate-limit.ts), and what each status means for the person in plain words.
import { createSlidingWindow } from './rate-limit.ts';
import { isReceiptLocale, receiptText } from './receipts/texts.ts';
import type { SubmissionStatus } from './store/types.ts';

export interface GuessLimits {
  /** Failed look-ups allowed per client address within the window. */
  perAddress: number;
  /** Failed look-ups allowed per reference within the window, from any address. */
  perReference: number;
  windowMs: number;
}

/**
 * A reference has 30^8 values and a code 30^6: at 10 wrong codes per reference per 15 minutes,
 * finding one code takes about 10^7 years on average. A person who mistypes their own code has
 * ten tries before waiting.
 */
export const DEFAULT_GUESS_LIMITS: GuessLimits = { perAddress: 30, perReference: 10, windowMs: 15 * 60_000 };

/**
 * Failed guesses in a sliding window, per key. A look-up takes its place before the store is
 * read and gives it back when the code was right: only failures stay counted, so a person
 * checking their own file often is never limited, and a burst sent at once cannot overrun it; an exhausted key refuses every look-up, right code or not,
 * so that a 429 says nothing about the code.
 *
 * @example const guesses = createGuessLimiter(DEFAULT_GUESS_LIMITS); guesses.retryAfter(['address:10.0.0.7', 'reference:K7QD-4MZ9'], now)
 */
export function createGuessLimiter(limits: GuessLimits = DEFAULT_GUESS_LIMITS) {
  const window = createSlidingWindow({
    windowMs: limits.windowMs,
    limitOf: (key) => (key.startsWith('reference:') ? limits.perReference : limits.perAddress),
  });
  return { retryAfter: window.retryAfter, reserve: window.reserve, fail: window.count };
}

export type GuessLimiter = ReturnType<typeof createGuessLimiter>;

/**
 * The status and what comes next, in plain words, in `locale` (French when the locale has no
 * receipt texts): `status.*` and `next.*` of content/locales/<code>/receipts.json.
 *
 * @example explainStatus('received', 'en').next // 'It is being sent to the town hall department in charge. …'
 */
export function explainStatus(status: SubmissionStatus | 'purged', locale: string): { locale: string; status: string; next: string } {
  const chosen = isReceiptLocale(locale) ? locale : 'fr';
  return { locale: chosen, status: receiptText(chosen, `status.${status}`), next: receiptText(chosen, `next.${status}`) };
}
