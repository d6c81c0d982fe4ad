// The fixed sentences of acknowledgments, statuses and receipt emails, as data: one
// `content/locales/<code>/receipts.json` per locale, with `{{parameters}}`. French is the legal
// text, validated by the town's legal service; the other locales are translations printed beside
// it for the person. A new locale is one more file (`npm run content:check` names what it lacks).
// Read once, on first use, from the repository's content; the server adds its own content
// folder's locales at start (`addReceiptTexts`), as it loads the procedures once.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type frTexts from '../../content/locales/fr/receipts.json';

export type ReceiptTextKey = keyof typeof frTexts;

/** A locale whose receipt sentences are loaded; any string, checked with `isReceiptLocale`. */
export type ReceiptLocale = string;

/** Sentences by locale, then by key. */
export type ReceiptTexts = ReadonlyMap<string, Readonly<Record<string, string>>>;

const REPOSITORY_CONTENT = new URL('../../content/', import.meta.url).pathname;

/**
 * Every `locales/<code>/receipts.json` of a content folder. An unreadable file throws: the
 * server must not start with a receipt it cannot print (content:check says where).
 *
 * @example readReceiptTexts('content').get('en')?.tracking // 'Track your file'
 */
export function readReceiptTexts(contentDir: string = REPOSITORY_CONTENT): ReceiptTexts {
  const texts = new Map<string, Record<string, string>>();
  const dir = join(contentDir, 'locales');
  if (!existsSync(dir)) return texts;
  for (const locale of readdirSync(dir).sort()) {
    const file = join(dir, locale, 'receipts.json');
    if (!existsSync(file)) continue;
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    texts.set(locale, Object.fromEntries(Object.entries(json).filter((entry): entry is [string, string] => typeof entry[1] === 'string')));
  }
  return texts;
}

let loaded: Map<string, Readonly<Record<string, string>>> | undefined;
function catalogue(): Map<string, Readonly<Record<string, string>>> {
  return (loaded ??= new Map(readReceiptTexts()));
}

/**
 * Adds (or replaces) the locales of a content folder: the server calls it at start with
 * CONTENT_DIR, so that a locale added there as data gets its receipts.
 *
 * @example addReceiptTexts(process.env.CONTENT_DIR ?? 'content')
 */
export function addReceiptTexts(contentDir: string): void {
  for (const [locale, texts] of readReceiptTexts(contentDir)) catalogue().set(locale, texts);
}

/** The locales receipts can be written in. */
export function receiptLocales(): string[] {
  return [...catalogue().keys()];
}

/** Whether the receipt sentences exist in a locale. */
export function isReceiptLocale(locale: string): locale is ReceiptLocale {
  return catalogue().has(locale);
}

/**
 * A sentence in a locale with its parameters filled in. A key the locale lacks falls back to
 * French (content:check reports it); a parameter left unfilled stays as `{{name}}`, so that a
 * missing value shows on the receipt and in tests instead of vanishing.
 *
 * @example receiptText('en', 'town', { town: 'Belval-sur-Loire' }) // 'Town of Belval-sur-Loire'
 */
export function receiptText(locale: ReceiptLocale, key: ReceiptTextKey, params: Record<string, string | number> = {}): string {
  const texts = catalogue();
  const sentence = texts.get(locale)?.[key] ?? texts.get('fr')?.[key] ?? key;
  return sentence.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
