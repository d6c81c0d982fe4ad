import { describe, expect, it } from 'vitest';
import type { Field } from '../../../content/model/index.ts';
import { assembleDate, normalisePhone, parseNumber, splitDate, toAnswer, toRaw } from './raw-input.ts';

const label = { fr: 'x' };

describe('toAnswer', () => {
  it('trims text and drops an empty answer', () => {
    const field: Field = { id: 'a', type: 'text', label };
    expect(toAnswer(field, '  Marie  ')).toBe('Marie');
    expect(toAnswer(field, '   ')).toBeUndefined();
  });

  it('removes the separators people type in a phone number', () => {
    const field: Field = { id: 'p', type: 'phone', label };
    expect(toAnswer(field, ' 06 12-34.56 78 ')).toBe('0612345678');
    expect(normalisePhone('+33 (0)6 12 34 56 78')).toBe('+33612345678');
  });

  it('parses numbers, with a French decimal comma, and keeps what is not a number for validation to refuse', () => {
    const field: Field = { id: 'n', type: 'number', label };
    expect(toAnswer(field, ' 3 ')).toBe(3);
    expect(parseNumber('2,5')).toBe(2.5);
    expect(parseNumber('1 200')).toBe(1200);
    expect(toAnswer(field, 'trois')).toBe('trois');
  });

  it('assembles a date as YYYY-MM-DD, and a wrong one so that validation says so', () => {
    expect(assembleDate({ day: '4', month: '7', year: '1956' })).toBe('1956-07-04');
    expect(assembleDate({ day: '', month: '', year: '' })).toBeUndefined();
    expect(assembleDate({ day: '4', month: '7', year: '56' })).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(splitDate('1956-07-04')).toEqual({ day: '4', month: '7', year: '1956' });
  });

  it('builds an address without its empty parts, postcode without spaces', () => {
    const field: Field = { id: 'a', type: 'address', label };
    expect(toAnswer(field, { street: ' 12 rue des Lilas ', complement: ' ', postcode: '41 200', city: 'Belval' })).toEqual({
      street: '12 rue des Lilas',
      postcode: '41200',
      city: 'Belval',
    });
    expect(toAnswer(field, { street: '', complement: '', postcode: '', city: '' })).toBeUndefined();
  });

  it('answers an unticked required box "no" and an optional one not at all', () => {
    expect(toAnswer({ id: 'c', type: 'consent', label }, undefined)).toBe(false);
    expect(toAnswer({ id: 'c', type: 'consent', label, required: false }, false)).toBeUndefined();
    expect(toAnswer({ id: 'c', type: 'consent', label }, true)).toBe(true);
  });

  it('drops an empty list of choices or files', () => {
    expect(toAnswer({ id: 'c', type: 'choices', label, options: [] }, [])).toBeUndefined();
    expect(toAnswer({ id: 'c', type: 'choices', label, options: [] }, ['a'])).toEqual(['a']);
  });

  it('shows a given answer again in its input', () => {
    expect(toRaw({ id: 'n', type: 'number', label }, 3)).toBe('3');
    expect(toRaw({ id: 'd', type: 'date', label }, '2020-01-31')).toEqual({ day: '31', month: '1', year: '2020' });
    expect(toRaw({ id: 'a', type: 'address', label }, { street: 's', postcode: '41200', city: 'c' })).toEqual({
      street: 's',
      complement: '',
      postcode: '41200',
      city: 'c',
    });
  });
});
