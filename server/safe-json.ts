// JSON from strangers: bounded depth, and no key that could reach an object's prototype
// once the value is spread or merged somewhere downstream.
import { GuichetError } from './errors.ts';

/** Deeper than any envelope needs (an address answer sits at depth 3). */
export const MAX_JSON_DEPTH = 32;
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Nesting depth of JSON text, counted without parsing it, so a bomb never reaches the parser. */
export function jsonDepth(text: string, stopAt: number = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  // Inside a string, jump to its next quote or backslash (a base64 file is one long string):
  // each position is found once and kept until passed, so the whole scan stays linear.
  const next = (ch: string, from: number) => {
    const at = text.indexOf(ch, from);
    return at === -1 ? Infinity : at;
  };
  let quote = -1;
  let backslash = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (quote < i) quote = next('"', i);
      if (backslash < i) backslash = next('\\', i);
      if (quote === Infinity) break;
      if (backslash < quote) i = backslash + 1; // skip the escaped character
      else {
        i = quote;
        inString = false;
      }
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > deepest) {
        deepest = depth;
        if (deepest > stopAt) return deepest;
      }
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return deepest;
}

class ForbiddenKey extends Error {}

/**
 * Parses JSON text or throws a GuichetError (malformed-json, body-too-deep, forbidden-key).
 *
 * @example parseSafeJson('{"__proto__": {}}') // throws forbidden-key
 */
export function parseSafeJson(text: string): unknown {
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw new GuichetError('body-too-deep', `Le JSON est imbriqué sur plus de ${MAX_JSON_DEPTH} niveaux.`);
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenKey(key);
      return value;
    });
  } catch (error) {
    if (error instanceof ForbiddenKey)
      throw new GuichetError('forbidden-key', `La clé « ${error.message} » est interdite dans un corps JSON.`);
    throw new GuichetError('malformed-json', `Le corps de la requête n'est pas du JSON valide : ${(error as Error).message}`);
  }
}
