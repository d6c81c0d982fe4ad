// Owns one "Suivre ma demande" look-up while its screen is open: what the person typed, the
// errors, and the answer. It lives in the screen's memory only (no storage, not in the
// journey nor the session), so it is gone as soon as the person leaves the screen.
import { signal } from '@preact/signals';
import { getTracking, type Tracking } from '../api/client.ts';
import type { JourneyError } from '../journey/journey.ts';

export const REFERENCE_FIELD = 'tracking-reference';
export const CODE_FIELD = 'tracking-code';

/**
 * What a person typed, as the server keeps a reference: upper case, spaces and hyphens
 * dropped, the hyphen put back in the middle.
 *
 * @example normalizeReference(' 7kq4 m2xd ') // '7KQ4-M2XD'
 */
export function normalizeReference(typed: string): string {
  const compact = compactCode(typed);
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

/**
 * A tracking code as typed, upper case, without spaces or hyphens.
 *
 * @example compactCode('h4t r8p') // 'H4TR8P'
 */
export function compactCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s\u00a0_.-]/g, '');
}

export type TrackingState =
  | { kind: 'form' }
  | { kind: 'searching' }
  /** The server answered 404: no such reference, or a wrong code; the person is not told which. */
  | { kind: 'notFound' }
  | { kind: 'tooManyTries'; minutes: number }
  | { kind: 'unreachable' }
  | { kind: 'found'; tracking: Tracking; code: string };

const error = (field: string, key: string, params?: Record<string, string | number>): JourneyError => ({
  field,
  code: 'required',
  key,
  ...(params ? { params } : {}),
});

/** The errors of what was typed, before anything is sent. */
export function checkTyped(reference: string, code: string): JourneyError[] {
  const errors: JourneyError[] = [];
  const ref = compactCode(reference);
  const secret = compactCode(code);
  if (!ref) errors.push(error(REFERENCE_FIELD, 'tracking.errors.referenceMissing'));
  else if (ref.length !== 8) errors.push(error(REFERENCE_FIELD, 'tracking.errors.referenceLength'));
  if (!secret) errors.push(error(CODE_FIELD, 'tracking.errors.codeMissing'));
  else if (secret.length !== 6) errors.push(error(CODE_FIELD, 'tracking.errors.codeLength'));
  return errors;
}

/**
 * One look-up: `reference` comes from the address when the receipt's QR code opened the
 * screen, so the person types only the code.
 *
 * @example const look = createTracking({ reference: '7KQ4-M2XD' }); look.code.value = 'h4tr8p'; await look.submit('fr')
 */
export function createTracking(options: { reference?: string } = {}) {
  const reference = signal(options.reference ? normalizeReference(options.reference) : '');
  const code = signal('');
  const errors = signal<JourneyError[]>([]);
  const state = signal<TrackingState>({ kind: 'form' });
  let asked: { reference: string; code: string } | undefined;

  async function ask(query: { reference: string; code: string }, locale: string, quiet = false): Promise<void> {
    if (!quiet) state.value = { kind: 'searching' };
    let answer;
    try {
      answer = await getTracking(query.reference, query.code, locale);
    } catch {
      if (!quiet) state.value = { kind: 'unreachable' };
      return;
    }
    // The person may have gone back to the form or asked again meanwhile.
    if (asked !== query) return;
    if (answer.status === 200) state.value = { kind: 'found', tracking: answer.tracking, code: query.code };
    else if (quiet) return;
    else if (answer.status === 404) state.value = { kind: 'notFound' };
    else if (answer.status === 429) state.value = { kind: 'tooManyTries', minutes: Math.max(1, Math.ceil(answer.retryAfterSeconds / 60)) };
    else state.value = { kind: 'unreachable' };
  }

  return {
    reference,
    code,
    errors,
    state,
    /** Checks what was typed and asks the server, in the screen's language. */
    async submit(locale: string): Promise<void> {
      if (state.peek().kind === 'searching') return;
      const found = checkTyped(reference.peek(), code.peek());
      errors.value = found;
      if (found.length) {
        state.value = { kind: 'form' };
        return;
      }
      asked = { reference: normalizeReference(reference.peek()), code: compactCode(code.peek()) };
      await ask(asked, locale);
    },
    /** Asks again for the answer in another language, keeping the page as it is. */
    async translate(locale: string): Promise<void> {
      if (state.peek().kind === 'found' && asked) await ask(asked, locale, true);
    },
    /** Back to an empty form for another request. */
    again(): void {
      asked = undefined;
      reference.value = '';
      code.value = '';
      errors.value = [];
      state.value = { kind: 'form' };
    },
  };
}

export type TrackingLookup = ReturnType<typeof createTracking>;
