import { describe, expect, it } from 'vitest';
import { createJourney } from './journey.ts';
import { testProcedure } from './test-procedure.ts';

const make = () => createJourney(testProcedure, { today: () => '2026-11-28', postcodes: ['41200'] });

function answerFirstSteps(journey: ReturnType<typeof make>, kind: 'email' | 'post') {
  journey.setRaw('kind', kind);
  journey.continueFrom('kind');
  if (kind === 'email') {
    journey.setRaw('email', 'marie@exemple.fr');
    journey.continueFrom('email');
  } else {
    journey.setRaw('address', { street: '1 place de la République', complement: '', postcode: '41200', city: 'Belval' });
    journey.continueFrom('address');
  }
  journey.setRaw('born', { day: '14', month: '7', year: '1956' });
  return journey.continueFrom('born');
}

describe('journey', () => {
  it('shows only the steps earlier answers allow, and counts them', () => {
    const journey = make();
    expect(journey.visible.value.map((s) => s.id)).toEqual(['kind', 'born', 'details']);
    journey.setRaw('kind', 'post');
    expect(journey.continueFrom('kind')).toEqual({ kind: 'step', stepId: 'address' });
    expect(journey.visible.value.map((s) => s.id)).toEqual(['kind', 'address', 'born', 'details']);
    expect(journey.position('born')).toEqual({ current: 3, total: 4 });
  });

  it('gives the total only once no answer to come can change it, and then never another', () => {
    const journey = make();
    // "kind" decides whether the email or the address question comes: no total yet.
    expect(journey.position('kind')).toEqual({ current: 1, total: undefined });
    journey.setRaw('kind', 'email');
    journey.continueFrom('kind');
    const totals = ['email', 'born', 'details'].map((id) => journey.position(id).total);
    expect(totals).toEqual([4, 4, 4]);
  });

  it('keeps the person on the step with errors when Continue finds a problem', () => {
    const journey = make();
    expect(journey.continueFrom('kind')).toBeUndefined();
    expect(journey.errorsFor('kind')).toEqual([{ field: 'kind', code: 'required', key: 'errors.required_choice' }]);
    expect(journey.errorsFor('born')).toEqual([]);
    journey.setRaw('kind', 'email');
    expect(journey.continueFrom('kind')).toEqual({ kind: 'step', stepId: 'email' });
    expect(journey.errors.value).toEqual([]);
  });

  it('checks each part of an address, and the town postcodes', () => {
    const journey = make();
    journey.setRaw('kind', 'post');
    journey.continueFrom('kind');
    journey.setRaw('address', { street: '', complement: '', postcode: '75001', city: 'Paris' });
    expect(journey.continueFrom('address')).toBeUndefined();
    expect(journey.errorsFor('address').map((e) => [e.field, e.code])).toEqual([
      ['address.street', 'required'],
      ['address.postcode', 'notInTown'],
    ]);
  });

  it('turns what was typed into typed answers in one place', () => {
    const journey = make();
    answerFirstSteps(journey, 'email');
    journey.setRaw('phone', '06 12 34 56 78');
    journey.setRaw('people', '3');
    journey.setRaw('sworn', true);
    expect(journey.continueFrom('details')).toEqual({ kind: 'check' });
    expect(journey.answers.value).toEqual({
      kind: 'email',
      email: 'marie@exemple.fr',
      born: '1956-07-14',
      phone: '0612345678',
      people: 3,
      sworn: true,
    });
  });

  it('refuses an unticked sworn statement with its own message', () => {
    const journey = make();
    answerFirstSteps(journey, 'email');
    expect(journey.continueFrom('details')).toBeUndefined();
    expect(journey.errorsFor('details').map((e) => e.key)).toEqual(['errors.consent']);
  });

  it('goes back to the step before among those shown, keeping what was typed', () => {
    const journey = make();
    answerFirstSteps(journey, 'post');
    expect(journey.previousBefore('born')?.id).toBe('address');
    expect(journey.previousBefore('kind')).toBeUndefined();
    expect(journey.rawValue('address')).toMatchObject({ postcode: '41200' });
  });

  it('forgets the answers of a step that a changed answer hides', () => {
    const journey = make();
    answerFirstSteps(journey, 'email');
    journey.change('kind');
    journey.setRaw('kind', 'post');
    // The address step now shows and has no answer: it comes before the check page.
    expect(journey.continueFrom('kind')).toEqual({ kind: 'step', stepId: 'address' });
    expect(journey.answers.value.email).toBeUndefined();
    expect(journey.rawValue('email')).toBeUndefined();
    journey.setRaw('address', { street: '1 place de la République', complement: '', postcode: '41200', city: 'Belval' });
    journey.setRaw('sworn', true);
    expect(journey.continueFrom('address')).toEqual({ kind: 'step', stepId: 'details' });
  });

  it('returns to the check page after a Change once every step is answered', () => {
    const journey = make();
    answerFirstSteps(journey, 'email');
    journey.setRaw('sworn', true);
    journey.continueFrom('details');
    journey.change('born');
    journey.setRaw('born', { day: '1', month: '1', year: '1960' });
    expect(journey.continueFrom('born')).toEqual({ kind: 'check' });
    expect(journey.answers.value.born).toBe('1960-01-01');
    expect(journey.returningToCheck.value).toBe(false);
  });

  it('refuses a date after today when the bound is today', () => {
    const journey = make();
    journey.setRaw('born', { day: '1', month: '1', year: '2030' });
    expect(journey.continueFrom('born')).toBeUndefined();
    expect(journey.errorsFor('born')).toEqual([
      { field: 'born', code: 'dateTooLate', key: 'errors.dateTooLate', params: { max: '2026-11-28' } },
    ]);
  });

  it('adds and removes files, and the answer lists their ids', () => {
    const journey = make();
    journey.addAttachment({ id: 'f1', fieldId: 'photos', name: 'a.jpg', type: 'image/jpeg', size: 3, data: 'AAAA' });
    journey.addAttachment({ id: 'f2', fieldId: 'photos', name: 'b.jpg', type: 'image/jpeg', size: 3, data: 'BBBB' });
    expect(journey.rawValue('photos')).toEqual(['f1', 'f2']);
    journey.removeAttachment('f1');
    expect(journey.rawValue('photos')).toEqual(['f2']);
    expect(Object.keys(journey.attachments.value)).toEqual(['f2']);
  });

  it('places the errors the server returns on the step of their field', () => {
    const journey = make();
    answerFirstSteps(journey, 'email');
    expect(journey.placeServerErrors([{ field: 'email', code: 'email', message: 'Adresse invalide' }])).toBe('email');
    expect(journey.errorsFor('email')).toEqual([
      { field: 'email', code: 'email', key: 'errors.email', message: 'Adresse invalide' },
    ]);
    expect(journey.placeServerErrors([{ field: 'nothing', code: 'unknownField' }])).toBeUndefined();
  });
});

describe('files being prepared', () => {
  it('are waited for before the next step is decided, even one chosen while another was on its way', async () => {
    const journey = make();
    const ready: string[] = [];
    const later = (name: string, ms: number) =>
      new Promise<string>((resolve) => setTimeout(() => (ready.push(name), resolve(name)), ms));
    void journey.prepareFiles(later('first', 30));
    const waiting = journey.filesReady();
    void journey.prepareFiles(later('second', 60));
    await waiting;
    expect(ready).toEqual(['first', 'second']);
  });

  it('do not hold "Continue" for ever when one could not be read', async () => {
    const journey = make();
    void journey.prepareFiles(Promise.reject(new Error('unreadable'))).catch(() => undefined);
    await expect(journey.filesReady()).resolves.toBeUndefined();
  });
});
