// What the kiosk reads aloud and the server may speak for it, named the same on both sides:
// the words of a text in a normal form, and every text of a piece of content in one locale.

/**
 * The words as the kiosk and the server both see them: spaces of every kind (the kiosk's
 * French no-break spaces) made one, typographic apostrophes made straight.
 *
 * @example spokenForm('Votre nom\u202f?') // 'Votre nom ?'
 */
export function spokenForm(text: string): string {
  return text.replace(/[\s\u202f\u00a0]+/g, ' ').replace(/[\u2019\u02bc]/g, "'").trim();
}

/**
 * Every text of `value` in `locale`: the objects keyed by locale codes, wherever they are (a
 * procedure's title, its questions, hints, choices; the site's texts). Easy-to-read French
 * falls back on French where a text has no version of its own, as the kiosk shows it.
 *
 * @example localizedTexts(procedure, new Set(['fr', 'ar']), 'ar') // ['اكتب إلى البلدية', …]
 */
export function localizedTexts(value: unknown, locales: ReadonlySet<string>, locale: string, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const inner of value) localizedTexts(inner, locales, locale, out);
  else if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    const localized = entries.length > 0 && entries.every(([key, text]) => locales.has(key) && typeof text === 'string');
    if (localized) {
      const texts = value as Record<string, string>;
      const text = texts[locale] ?? (locale === 'fr-x-falc' ? texts.fr : undefined);
      if (text) out.push(text);
    } else for (const [, inner] of entries) localizedTexts(inner, locales, locale, out);
  }
  return out;
}
