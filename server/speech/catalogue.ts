// The fixed texts the kiosk may ask to hear as pre-rendered audio: every text of the content
// (procedures, site) and of the interface (ui.json) in each locale, and the step counter's
// sentences. A text is named by a hash of its speech language and its words; the server speaks
// only what this catalogue holds, so no answer a person typed ever reaches the synthesiser, and
// nobody can make the server speak (and store) a sentence of their choosing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Content } from '../../content/model/index.ts';
import { localizedTexts, spokenForm } from '../../content/model/spoken.ts';

export interface SpokenText {
  /** The speech language (a site locale's `speech`, else its code): `fr` for fr-x-falc. */
  lang: string;
  text: string;
}

/** Step counters said as sentences, up to this many steps. */
const MAX_STEPS = 30;

/**
 * The name of a text's audio: the first 16 hex digits of sha256("<lang>\n<words>"). The kiosk
 * computes the same with SubtleCrypto.
 *
 * @example speechKey('fr', 'Votre nom ?') // '3f0c…' (16 hex digits)
 */
export function speechKey(lang: string, text: string): string {
  return createHash('sha256').update(`${lang}\n${spokenForm(text)}`).digest('hex').slice(0, 16);
}

/** Every string of a ui.json, except templates whose blanks the kiosk fills (`{{n}}`). */
function uiStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (!value.includes('{{')) out.push(value);
  } else if (value && typeof value === 'object') for (const inner of Object.values(value)) uiStrings(inner, out);
}

/** The step counter's template filled for every step of every length ("Étape 2 sur 5"). */
function stepSentences(template: string | undefined, out: string[]): void {
  if (!template) return;
  for (let total = 1; total <= MAX_STEPS; total++)
    for (let n = 1; n <= total; n++) out.push(template.replace(/\{\{\s*current\s*\}\}/g, String(n)).replace(/\{\{\s*total\s*\}\}/g, String(total)));
}

/**
 * Builds the catalogue: key → text, for every locale of the site.
 *
 * @example buildSpeechCatalogue(content, { fr: frUi, ar: arUi }).get(speechKey('fr', 'Continuer'))
 */
export function buildSpeechCatalogue(content: Content, uiTexts: Readonly<Record<string, unknown>>): Map<string, SpokenText> {
  const catalogue = new Map<string, SpokenText>();
  const codes = new Set(content.site.locales.map((l) => l.code));
  for (const locale of content.site.locales) {
    const lang = locale.speech ?? locale.code;
    const texts: string[] = [];
    localizedTexts(content.procedures, codes, locale.code, texts);
    localizedTexts(content.site, codes, locale.code, texts);
    const ui = uiTexts[locale.code];
    uiStrings(ui, texts);
    const step = (ui as { step?: { progress?: string; progressOpen?: string } } | undefined)?.step;
    stepSentences(step?.progress, texts);
    stepSentences(step?.progressOpen, texts);
    for (const text of texts) {
      const words = spokenForm(text);
      if (words) catalogue.set(speechKey(lang, words), { lang, text: words });
    }
  }
  return catalogue;
}

/** Each locale's ui.json under `contentDir`; a locale without one has no interface texts here. */
export function readUiTexts(contentDir: string, locales: readonly string[]): Record<string, unknown> {
  const texts: Record<string, unknown> = {};
  for (const locale of locales) {
    try {
      texts[locale] = JSON.parse(readFileSync(join(contentDir, 'locales', locale, 'ui.json'), 'utf8'));
    } catch {
      // content:check names a missing or broken file; the kiosk's own voice reads those texts.
    }
  }
  return texts;
}
