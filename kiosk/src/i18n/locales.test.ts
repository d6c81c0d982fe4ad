import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../content/model/index.ts';

const dir = new URL('../../../content/locales/', import.meta.url).pathname;
const locales = readdirSync(dir).filter((name) => !name.startsWith('.'));

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix.slice(0, -1)];
  return Object.entries(value).flatMap(([k, v]) => keys(v, `${prefix}${k}.`));
}

const read = (code: string) => JSON.parse(readFileSync(join(dir, code, 'ui.json'), 'utf8')) as Record<string, unknown>;

const CODES = [
  'required', 'unknownField', 'notAsked', 'type', 'tooShort', 'tooLong', 'pattern', 'email', 'phone', 'date',
  'dateTooEarly', 'dateTooLate', 'number', 'integer', 'tooSmall', 'tooLarge', 'option', 'tooFew', 'tooMany',
  'postcode', 'notInTown', 'consent', 'files',
] as const satisfies readonly ErrorCode[];
// Fails to compile when the model gains an error code this list lacks.
const everyCode: Exclude<ErrorCode, (typeof CODES)[number]> extends never ? true : false = true;

describe('interface texts', () => {
  it('exist for the four locales of the design', () => {
    expect(locales.sort()).toEqual(expect.arrayContaining(['ar', 'en', 'fr', 'fr-x-falc']));
  });

  it('have every key in every locale', () => {
    // A plural text has the forms its language needs (Arabic six, French two): compare the base keys.
    const base = (code: string) => [...new Set(keys(read(code)).map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')))].sort();
    const reference = base('fr');
    for (const code of locales) expect(base(code), code).toEqual(reference);
  });

  it('have a message for every error code, in every locale, with the parameters it needs', () => {
    expect(everyCode).toBe(true);
    for (const code of locales) {
      const errors = read(code).errors as Record<string, string>;
      for (const error of CODES) expect(errors[error], `${code} errors.${error}`).toMatch(/\S/);
      expect(errors.tooShort).toContain('{{min}}');
      expect(errors.tooLong).toContain('{{max}}');
      expect(errors.notInTown).toContain('{{postcodes}}');
    }
  });

  it('keep easy-to-read French short, without parentheses or abbreviations', () => {
    const texts = keys(read('fr-x-falc'))
      .map((key) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], read('fr-x-falc')))
      .filter((value): value is string => typeof value === 'string');
    for (const text of texts) {
      expect(text, text).not.toMatch(/[()]/);
      expect(text, text).not.toMatch(/\b(e-mail|Mo|RGAA|etc)\b/);
      for (const sentence of text.split(/[.!?:]\s/)) expect(sentence.split(/\s+/).filter(Boolean).length, sentence).toBeLessThanOrEqual(12);
    }
  });
});
