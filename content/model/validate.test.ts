import { describe, expect, it } from 'vitest';
import type { Answers, Condition, Field, Procedure, Step, Text } from './types.ts';
import { dateBound, holds, pruneAnswers, validateAnswers, validateField, visibleSteps } from './validate.ts';

const t = (fr: string): Text => ({ fr });
const ctx = { today: '2026-11-28', postcodes: ['41200', '41210'] };
const codes = (field: Field, value: unknown) => validateField(field, value, ctx).map((e) => e.code);

function procedure(steps: Step[]): Procedure {
  return {
    id: 'test',
    version: 1,
    audience: 'resident',
    category: 'contact',
    pictogram: 'letter',
    title: t('Test'),
    summary: t('Test'),
    intro: { needs: [], minutes: 1 },
    steps,
  };
}

const step = (id: string, fields: Field[], when?: Step['when']): Step => ({ id, title: t(id), fields, ...(when ? { when } : {}) });

describe('validateField', () => {
  it('text: type, blank, length in code points, pattern', () => {
    const field: Field = { id: 'code', type: 'text', label: t('Code'), minLength: 2, maxLength: 4, pattern: '[A-Z0-9]+' };
    expect(codes(field, 'AB12')).toEqual([]);
    expect(codes(field, 42)).toEqual(['type']);
    expect(codes(field, '   ')).toEqual(['required']);
    expect(codes(field, 'A')).toEqual(['tooShort']);
    expect(codes(field, 'ABCDE')).toEqual(['tooLong']);
    expect(codes(field, 'ab')).toEqual(['pattern']);
    // The pattern is anchored: a match inside the answer is not enough.
    expect(codes(field, 'AB-1')).toEqual(['pattern']);
  });

  it('text: counts code points, so an emoji or an astral letter is one character', () => {
    const field: Field = { id: 'name', type: 'text', label: t('Nom'), maxLength: 3 };
    expect(codes(field, '😀😀😀')).toEqual([]); // 6 UTF-16 units, 3 code points
    expect(codes(field, '😀😀😀😀')).toEqual(['tooLong']);
    expect(codes({ ...field, minLength: 2, maxLength: undefined }, '𝒜')).toEqual(['tooShort']);
  });

  it('text and longText: never longer than the model limits, whatever maxLength says', () => {
    expect(codes({ id: 'a', type: 'text', label: t('a'), maxLength: 10_000 }, 'x'.repeat(201))).toEqual(['tooLong']);
    expect(codes({ id: 'a', type: 'longText', label: t('a') }, 'x'.repeat(5000))).toEqual([]);
    expect(codes({ id: 'a', type: 'longText', label: t('a') }, 'x'.repeat(5001))).toEqual(['tooLong']);
  });

  it('email', () => {
    const field: Field = { id: 'email', type: 'email', label: t('E-mail') };
    expect(codes(field, 'marie.martin@exemple.fr')).toEqual([]);
    expect(codes(field, 'marie@exemple')).toEqual(['email']);
    expect(codes(field, 'marie martin@exemple.fr')).toEqual(['email']);
    expect(codes(field, '')).toEqual(['required']);
    expect(codes(field, `${'a'.repeat(250)}@b.fr`)).toEqual(['tooLong']);
  });

  it('phone: French or international, without separators', () => {
    const field: Field = { id: 'phone', type: 'phone', label: t('Téléphone') };
    expect(codes(field, '0612345678')).toEqual([]);
    expect(codes(field, '+33612345678')).toEqual([]);
    expect(codes(field, '06 12 34 56 78')).toEqual(['phone']);
    expect(codes(field, '0012345678')).toEqual(['phone']);
    expect(codes(field, 612345678)).toEqual(['type']);
  });

  it('date: a real calendar day', () => {
    const field: Field = { id: 'day', type: 'date', label: t('Jour') };
    expect(codes(field, '2024-02-29')).toEqual([]);
    expect(codes(field, '2025-02-29')).toEqual(['date']);
    expect(codes(field, '2025-13-01')).toEqual(['date']);
    expect(codes(field, '28/11/2026')).toEqual(['date']);
    expect(codes(field, 20261128)).toEqual(['type']);
  });

  it('date: fixed bounds and bounds relative to today', () => {
    const birth: Field = { id: 'birth', type: 'date', label: t('Naissance'), min: -36500, max: 0 };
    expect(codes(birth, '2026-11-28')).toEqual([]);
    expect(validateField(birth, '2026-11-29', ctx)).toEqual([
      { field: 'birth', code: 'dateTooLate', params: { max: '2026-11-28' } },
    ]);
    expect(dateBound(-36500, '2026-11-28')).toBe('1926-12-23');
    expect(codes(birth, '1926-12-23')).toEqual([]);
    expect(codes(birth, '1926-12-22')).toEqual(['dateTooEarly']);
    const fixed: Field = { id: 'd', type: 'date', label: t('d'), min: '2026-01-01', max: '2026-12-31' };
    expect(codes(fixed, '2025-12-31')).toEqual(['dateTooEarly']);
    expect(codes(fixed, '2027-01-01')).toEqual(['dateTooLate']);
    // The same answer is judged by the day it is checked on.
    expect(validateField(birth, '2026-11-29', { today: '2026-11-29' })).toEqual([]);
  });

  it('number: integer by default, bounds', () => {
    const field: Field = { id: 'people', type: 'number', label: t('Personnes'), min: 1, max: 10 };
    expect(codes(field, 3)).toEqual([]);
    expect(codes(field, 2.5)).toEqual(['integer']);
    expect(codes({ ...field, integer: false }, 2.5)).toEqual([]);
    expect(codes(field, 0)).toEqual(['tooSmall']);
    expect(codes(field, 11)).toEqual(['tooLarge']);
    expect(codes(field, '3')).toEqual(['number']);
    expect(codes(field, Number.NaN)).toEqual(['number']);
  });

  const options = [
    { value: 'a', label: t('A') },
    { value: 'b', label: t('B') },
    { value: 'c', label: t('C') },
  ];

  it('choice: one of the options', () => {
    const field: Field = { id: 'kind', type: 'choice', label: t('Type'), options };
    expect(codes(field, 'a')).toEqual([]);
    expect(codes(field, 'd')).toEqual(['option']);
    expect(codes(field, ['a'])).toEqual(['type']);
  });

  it('choices: distinct options, at least one when required, bounds', () => {
    const field: Field = { id: 'kinds', type: 'choices', label: t('Types'), options, max: 2 };
    expect(codes(field, ['a', 'b'])).toEqual([]);
    expect(codes(field, [])).toEqual(['required']);
    expect(codes({ ...field, required: false }, [])).toEqual([]);
    expect(codes({ ...field, min: 2 }, ['a'])).toEqual(['tooFew']);
    expect(codes(field, ['a', 'b', 'c'])).toEqual(['tooMany']);
    expect(codes(field, ['a', 'a'])).toEqual(['option']);
    expect(codes(field, ['z'])).toEqual(['option']);
    expect(codes(field, 'a')).toEqual(['type']);
  });

  it('address: parts, postcode, inTown', () => {
    const field: Field = { id: 'home', type: 'address', label: t('Adresse'), inTown: true };
    const good = { street: '12 rue des Lilas', postcode: '41200', city: 'Belval-sur-Loire' };
    expect(codes(field, good)).toEqual([]);
    expect(codes(field, { ...good, complement: 'Bâtiment B' })).toEqual([]);
    expect(validateField(field, { ...good, postcode: '75001' }, ctx)).toEqual([
      { field: 'home.postcode', code: 'notInTown', params: { postcodes: '41200, 41210' } },
    ]);
    // Without inTown, any French postcode will do.
    expect(codes({ ...field, inTown: false }, { ...good, postcode: '75001' })).toEqual([]);
    expect(validateField(field, { ...good, postcode: '412' }, ctx)).toEqual([{ field: 'home.postcode', code: 'postcode' }]);
    expect(validateField(field, { postcode: '41200' }, ctx).map((e) => `${e.field}:${e.code}`)).toEqual([
      'home.street:required',
      'home.city:required',
    ]);
    expect(codes(field, { ...good, floor: 2 })).toEqual(['type']);
    expect(codes(field, [good])).toEqual(['type']);
    expect(validateField(field, { ...good, street: ' ' }, ctx)).toEqual([{ field: 'home.street', code: 'required' }]);
  });

  it('file: attachment ids, distinct, at most maxFiles', () => {
    const field: Field = { id: 'photos', type: 'file', label: t('Photos'), accept: ['image/jpeg'], maxFiles: 2 };
    expect(codes(field, ['a1', 'b2'])).toEqual([]);
    expect(codes(field, [])).toEqual(['required']);
    expect(codes({ ...field, required: false }, [])).toEqual([]);
    expect(codes(field, ['a1', 'a1'])).toEqual(['files']);
    expect(codes(field, ['a', 'b', 'c'])).toEqual(['tooMany']);
    expect(codes(field, ['../etc/passwd'])).toEqual(['type']);
  });

  it('consent: ticked', () => {
    const field: Field = { id: 'agree', type: 'consent', label: t("J'accepte") };
    expect(codes(field, true)).toEqual([]);
    expect(codes(field, false)).toEqual(['consent']);
    expect(codes(field, 'true')).toEqual(['consent']);
  });
});

describe('holds', () => {
  const answers: Answers = { kind: 'birth', count: 2, tags: ['x', 'y'], agree: true };
  it.each([
    [{ field: 'kind', equals: 'birth' }, true],
    [{ field: 'kind', equals: 'death' }, false],
    [{ field: 'count', equals: 2 }, true],
    [{ field: 'agree', equals: true }, true],
    [{ field: 'missing', equals: 'birth' }, false],
    [{ field: 'kind', in: ['birth', 'marriage'] }, true],
    [{ field: 'kind', in: ['death'] }, false],
    [{ field: 'count', in: [1, 2] }, true],
    [{ field: 'tags', includes: 'x' }, true],
    [{ field: 'tags', includes: 'z' }, false],
    [{ field: 'kind', includes: 'b' }, false],
    [{ field: 'kind', answered: true }, true],
    [{ field: 'missing', answered: true }, false],
    [{ field: 'missing', answered: false }, true],
    [{ all: [{ field: 'kind', equals: 'birth' }, { field: 'count', equals: 2 }] }, true],
    [{ all: [{ field: 'kind', equals: 'birth' }, { field: 'count', equals: 3 }] }, false],
    [{ any: [{ field: 'kind', equals: 'death' }, { field: 'count', equals: 2 }] }, true],
    [{ any: [{ field: 'kind', equals: 'death' }, { field: 'count', equals: 3 }] }, false],
    [{ not: { field: 'kind', equals: 'death' } }, true],
    [{ not: { any: [{ field: 'kind', equals: 'birth' }] } }, false],
  ] satisfies Array<[Condition, boolean]>)('%j is %s', (condition, expected) => {
    expect(holds(condition, answers)).toBe(expected);
  });

  it('does not read inherited properties as answers', () => {
    expect(holds({ field: 'toString', answered: true }, {})).toBe(false);
  });
});

// reply -> (email | post); post -> (home address) -> inTown check only for residents.
const chained = procedure([
  step('reply', [{ id: 'reply', type: 'choice', label: t('Réponse'), options: [{ value: 'email', label: t('E-mail') }, { value: 'post', label: t('Courrier') }] }]),
  step('email', [{ id: 'email', type: 'email', label: t('E-mail') }], { field: 'reply', equals: 'email' }),
  step('resident', [{ id: 'resident', type: 'consent', label: t('Habitant'), required: false }], { field: 'reply', equals: 'post' }),
  step('address', [{ id: 'address', type: 'address', label: t('Adresse'), inTown: true }], { field: 'resident', answered: true }),
  step('phone', [{ id: 'phone', type: 'phone', label: t('Téléphone'), required: false }]),
]);

describe('visibleSteps and pruneAnswers', () => {
  it('shows the steps whose conditions hold', () => {
    expect(visibleSteps(chained, { reply: 'email' }).map((s) => s.id)).toEqual(['reply', 'email', 'phone']);
    expect(visibleSteps(chained, { reply: 'post', resident: true }).map((s) => s.id)).toEqual(['reply', 'resident', 'address', 'phone']);
  });

  it('drops the answers of steps hidden by a change, following chained conditions', () => {
    const address = { street: '1 place de la République', postcode: '41200', city: 'Belval-sur-Loire' };
    const before: Answers = { reply: 'post', resident: true, address, phone: '0612345678' };
    // Changing the reply hides "resident", which hides "address" in turn.
    expect(pruneAnswers(chained, { ...before, reply: 'email' })).toEqual({ reply: 'email', phone: '0612345678' });
    expect(pruneAnswers(chained, before)).toEqual(before);
  });

  it('drops unknown keys', () => {
    expect(pruneAnswers(chained, { reply: 'email', email: 'a@b.fr', stray: 'x' })).toEqual({ reply: 'email', email: 'a@b.fr' });
  });
});

describe('validateAnswers', () => {
  it('accepts a complete submission', () => {
    expect(validateAnswers(chained, { reply: 'email', email: 'a@b.fr' }, ctx)).toEqual({
      ok: true,
      answers: { reply: 'email', email: 'a@b.fr' },
    });
  });

  it('requires the required fields of shown steps only', () => {
    expect(validateAnswers(chained, { reply: 'email' }, ctx)).toEqual({ ok: false, errors: [{ field: 'email', code: 'required' }] });
    expect(validateAnswers(chained, { reply: 'post' }, ctx).ok).toBe(true);
  });

  it('refuses answers to hidden steps (notAsked) and unknown keys (unknownField)', () => {
    const result = validateAnswers(chained, { reply: 'email', email: 'a@b.fr', resident: true, stray: 1 }, ctx);
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'stray', code: 'unknownField' },
        { field: 'resident', code: 'notAsked' },
      ],
    });
  });

  it('checks inTown addresses against the town postcodes', () => {
    const address = { street: '1 rue X', postcode: '75001', city: 'Paris' };
    const result = validateAnswers(chained, { reply: 'post', resident: true, address }, ctx);
    expect(result).toMatchObject({ ok: false, errors: [{ field: 'address.postcode', code: 'notInTown' }] });
  });

  it('refuses what is not an object of answers', () => {
    for (const answers of [null, [], 'x', 1])
      expect(validateAnswers(chained, answers, ctx)).toEqual({ ok: false, errors: [{ field: '', code: 'type' }] });
  });
});
