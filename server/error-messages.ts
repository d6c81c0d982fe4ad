// Sentences for answer errors, in the submission's locale: the kiosk's interface texts
// (content/locales/<locale>/ui.json, keys `errors.<code>`) when they exist, else built-in French.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode, FieldError } from '../content/model/index.ts';
import type { ProblemCode } from './errors.ts';

/** Used when a locale's ui.json lacks a key, or does not exist yet. */
export const BUILT_IN_MESSAGES: Record<ErrorCode, string> = {
  required: 'Cette réponse est obligatoire.',
  unknownField: "Cette question n'existe pas dans la démarche.",
  notAsked: "Cette question n'a pas été posée : elle ne doit pas avoir de réponse.",
  type: "La réponse n'a pas la bonne forme.",
  tooShort: 'Écrivez au moins {{min}} caractères.',
  tooLong: 'Écrivez au plus {{max}} caractères.',
  pattern: "La réponse n'a pas le format attendu.",
  email: "L'adresse e-mail n'est pas valide. Par exemple : marie.martin@exemple.fr",
  phone: "Le numéro de téléphone n'est pas valide. Par exemple : 06 12 34 56 78",
  date: "La date n'est pas valide.",
  dateTooEarly: 'La date doit être le {{min}} ou après.',
  dateTooLate: 'La date doit être le {{max}} ou avant.',
  number: 'Écrivez un nombre.',
  integer: 'Écrivez un nombre entier.',
  tooSmall: 'Le nombre doit être au moins {{min}}.',
  tooLarge: 'Le nombre doit être au plus {{max}}.',
  option: "Ce choix ne fait pas partie des réponses proposées.",
  tooFew: 'Choisissez au moins {{min}} réponses.',
  tooMany: 'Choisissez au plus {{max}} réponses.',
  postcode: "Le code postal n'est pas valide : il a 5 chiffres.",
  notInTown: 'Le code postal doit être celui de la commune : {{postcodes}}.',
  consent: 'Cochez la case pour continuer.',
  files: 'Les fichiers joints ne sont pas valides.',
};

/** Error sentences by locale, then by error code. */
export type ErrorTexts = ReadonlyMap<string, Readonly<Record<string, string>>>;

function errorsSection(json: unknown): Record<string, string> {
  if (!json || typeof json !== 'object') return {};
  const texts: Record<string, string> = {};
  const nested = (json as Record<string, unknown>).errors;
  if (nested && typeof nested === 'object')
    for (const [code, text] of Object.entries(nested)) if (typeof text === 'string') texts[code] = text;
  for (const [key, text] of Object.entries(json))
    if (key.startsWith('errors.') && typeof text === 'string') texts[key.slice('errors.'.length)] = text;
  return texts;
}

/**
 * Reads `errors.*` of each locale's ui.json. A missing or unreadable file is skipped: the
 * built-in French sentences stand in, and `npm run content:check` reports broken files.
 */
export function readErrorTexts(contentDir: string, locales: readonly string[]): ErrorTexts {
  const texts = new Map<string, Record<string, string>>();
  for (const locale of locales) {
    const file = join(contentDir, 'locales', locale, 'ui.json');
    if (!existsSync(file)) continue;
    try {
      texts.set(locale, errorsSection(JSON.parse(readFileSync(file, 'utf8'))));
    } catch {
      // Broken interface texts must not stop intake: fall back to French.
    }
  }
  return texts;
}

/**
 * The sentence for one answer error, in the locale if it has one, else French.
 *
 * @example errorMessage(texts, 'en', { field: 'message', code: 'tooShort', params: { min: 10 } })
 */
export function errorMessage(texts: ErrorTexts, locale: string, error: FieldError): string {
  const template =
    texts.get(locale)?.[error.code] ?? texts.get('fr')?.[error.code] ?? BUILT_IN_MESSAGES[error.code] ?? error.code;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    error.params && Object.hasOwn(error.params, name) ? String(error.params[name]) : whole,
  );
}

/**
 * The person's sentence for a problem (`errors.<code>`, see PERSON_PROBLEMS), in the locale if
 * it has one, else French, else `fallback` (the problem's detail).
 *
 * @example problemMessage(texts, 'en', 'attachment-infected', detail)
 */
export function problemMessage(texts: ErrorTexts, locale: string, code: ProblemCode, fallback: string): string {
  return texts.get(locale)?.[code] ?? texts.get('fr')?.[code] ?? fallback;
}
