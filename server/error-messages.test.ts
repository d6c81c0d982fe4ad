import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_DIR, readContent } from '../content/check/index.ts';
import { BUILT_IN_MESSAGES, errorMessage, problemMessage, readErrorTexts } from './error-messages.ts';
import { PERSON_PROBLEMS } from './errors.ts';

describe('error messages', () => {
  it('reads errors.* from each locale, nested or flat, skipping missing and broken files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guichet-locales-'));
    try {
      for (const locale of ['en', 'ar', 'broken']) mkdirSync(join(dir, 'locales', locale), { recursive: true });
      writeFileSync(join(dir, 'locales', 'en', 'ui.json'), JSON.stringify({ errors: { required: 'Required.' }, title: 'x' }));
      writeFileSync(join(dir, 'locales', 'ar', 'ui.json'), JSON.stringify({ 'errors.required': 'مطلوب.' }));
      writeFileSync(join(dir, 'locales', 'broken', 'ui.json'), '{');
      const texts = readErrorTexts(dir, ['en', 'ar', 'broken', 'missing']);
      expect(texts.get('en')).toEqual({ required: 'Required.' });
      expect(texts.get('ar')).toEqual({ required: 'مطلوب.' });
      expect(texts.has('broken')).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fills parameters, and falls back to French', () => {
    const texts = new Map([['en', { tooLong: 'At most {{ max }} characters.' }]]);
    expect(errorMessage(texts, 'en', { field: 'a', code: 'tooLong', params: { max: 5 } })).toBe('At most 5 characters.');
    expect(errorMessage(texts, 'en', { field: 'a', code: 'tooShort', params: { min: 3 } })).toBe('Écrivez au moins 3 caractères.');
    expect(errorMessage(new Map(), 'fr', { field: 'a', code: 'required' })).toBe(BUILT_IN_MESSAGES.required);
  });

  it('has a sentence for every error code, with no parameter left unfilled', () => {
    for (const [code, text] of Object.entries(BUILT_IN_MESSAGES)) {
      const filled = errorMessage(new Map(), 'fr', { field: 'a', code: code as never, params: { min: 1, max: 2, postcodes: '41200' } });
      expect(filled, code).not.toMatch(/\{\{/);
      expect(text).toMatch(/^\p{Lu}/u);
    }
  });

  it('has a sentence in every locale of the site for every problem a person can meet at the kiosk', () => {
    const locales = readContent().site.locales.map((l) => l.code);
    const texts = readErrorTexts(CONTENT_DIR, locales);
    for (const locale of locales)
      for (const code of PERSON_PROBLEMS) {
        const sentence = problemMessage(texts, locale, code, '');
        expect(sentence, `${locale} errors.${code}`).toMatch(/^\p{Lu}|^\p{Script=Arabic}/u);
        expect(texts.get(locale)?.[code], `${locale} errors.${code}`).toBe(sentence);
      }
  });
});
