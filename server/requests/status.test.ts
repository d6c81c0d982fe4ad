import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays, implicitDecisionDate } from '../receipts/calendar.ts';
import {
  applyStatusEvent,
  dueImplicitDecision,
  legalDates,
  newRequest,
  statusOf,
  termsOf,
  TRANSITIONS,
  type Actor,
  type LegalTerms,
  type RequestRecord,
  type RequestStatus,
  type StatusEvent,
} from './status.ts';

const SVA: LegalTerms = { kind: 'request', silence: 'acceptance', delay: '2 months' };
const SVR: LegalTerms = { kind: 'request', silence: 'rejection', delay: '2 months' };
const DECLARATION: LegalTerms = { kind: 'declaration', delay: '2 months' };

const system: Actor = { kind: 'system' };
const instructor: Actor = { kind: 'instructor', id: 'c.durand' };
const backOffice: Actor = { kind: 'back-office', route: 'street-app' };
const resident: Actor = { kind: 'resident' };
const message = { fr: 'Votre demande est acceptée.', ar: 'تم قبول طلبك.' };

/** Paris noon on a calendar day, so the town's date is that day in every season. */
const on = (day: string) => new Date(`${day}T10:00:00Z`);

function must(record: RequestRecord, event: StatusEvent, at: Date): RequestRecord {
  const result = applyStatusEvent(record, event, at);
  if (!result.ok) throw new Error(`refused: ${result.refusal.code} ${result.refusal.detail}`);
  return result.record;
}

function refusal(record: RequestRecord, event: StatusEvent, at: Date) {
  const result = applyStatusEvent(record, event, at);
  if (result.ok) throw new Error(`accepted, now ${statusOf(result.record)}`);
  return result.refusal;
}

const incomplete = (respondBy: string): Extract<StatusEvent, { type: 'incomplete' }> => ({
  type: 'incomplete',
  actor: instructor,
  missing: [{ label: { fr: 'Justificatif de domicile', ar: 'إثبات السكن' } }],
  respondBy,
});

function received(terms: LegalTerms = SVA, day = '2026-03-02'): RequestRecord {
  return must(newRequest(terms, on(day)), { type: 'received', actor: system }, on(day));
}

describe('the legal dates', () => {
  it('runs the delay from receipt: two months, de quantième à quantième', () => {
    expect(legalDates(received())).toEqual({
      receivedOn: '2026-03-02',
      runsFrom: '2026-03-02',
      implicitDecisionDate: '2026-05-02',
      implicitDecision: 'deemed-accepted',
      suspended: false,
    });
    expect(legalDates(received(SVR)).implicitDecision).toBe('deemed-rejected');
  });

  it('reads receipt in the town’s time: 23:30 UTC on 31 January is 1 February in Paris', () => {
    const record = must(newRequest(SVA, new Date('2026-01-31T23:00:00Z')), { type: 'received', actor: system }, new Date('2026-01-31T23:30:00Z'));
    expect(legalDates(record)).toMatchObject({ receivedOn: '2026-02-01', implicitDecisionDate: '2026-04-01' });
  });

  it('suspends the delay while incomplete, then runs a full new delay from the last missing piece (L114-5)', () => {
    let record = must(received(), incomplete('2026-04-30'), on('2026-03-10'));
    expect(legalDates(record)).toEqual({ receivedOn: '2026-03-02', suspended: true, respondBy: '2026-04-30' });
    record = must(record, { type: 'completed', actor: resident }, on('2026-03-25'));
    expect(record.history.at(-1)).toMatchObject({ status: 'received', completed: true });
    expect(legalDates(record)).toMatchObject({ receivedOn: '2026-03-02', runsFrom: '2026-03-25', implicitDecisionDate: '2026-05-25' });
    // A second request for pieces: the date runs from the second completion.
    record = must(record, incomplete('2026-06-30'), on('2026-04-02'));
    record = must(record, { type: 'completed', actor: resident }, on('2026-04-20'));
    expect(legalDates(record).implicitDecisionDate).toBe('2026-06-20');
  });

  it('has no implicit decision date where silence decides nothing', () => {
    expect(legalDates(received(DECLARATION))).toEqual({ receivedOn: '2026-03-02', runsFrom: '2026-03-02', suspended: false });
    expect(legalDates(received({ ...SVA, silence: 'not-applicable' })).implicitDecisionDate).toBeUndefined();
  });

  it('counts working days without weekends and holidays', () => {
    const record = received({ ...SVR, delay: '10 working days' }, '2026-04-30');
    // 1 May and 8 May are holidays, 14 May is Ascension: 4-7, 11-13, 15, 18, 19.
    expect(legalDates(record).implicitDecisionDate).toBe('2026-05-19');
  });

  it('takes the agents’ silence as rejection (L231-4)', () => {
    expect(termsOf({ audience: 'agent', legal: { kind: 'request', silence: 'acceptance', service: 'hr' } })).toEqual({
      kind: 'request',
      silence: 'rejection',
      delay: '2 months',
    });
  });
});

describe('implicit decisions', () => {
  it('refuses a deemed decision before its date, and records it on the date with the day it happened', () => {
    const record = received();
    expect(dueImplicitDecision(record, on('2026-05-01'))).toBeUndefined();
    expect(refusal(record, { type: 'deemed-accepted', actor: system }, on('2026-05-01')).code).toBe('implicit-date-not-reached');
    expect(dueImplicitDecision(record, new Date('2026-05-01T22:30:00Z'))).toEqual({ type: 'deemed-accepted', actor: system });
    const deemed = must(record, { type: 'deemed-accepted', actor: system }, on('2026-05-04'));
    expect(deemed.history.at(-1)).toMatchObject({ status: 'deemed-accepted', decidedOn: '2026-05-02' });
    expect(legalDates(deemed)).toMatchObject({ decidedOn: '2026-05-02', suspended: false });
  });

  it('refuses the wrong silence, and silence on an incomplete file', () => {
    expect(refusal(received(), { type: 'deemed-rejected', actor: system }, on('2026-04-01')).code).toBe('no-implicit-decision');
    // Past the date, silence has already accepted: the wrong silence meets that decision.
    expect(refusal(received(), { type: 'deemed-rejected', actor: system }, on('2026-06-01')).code).toBe('already-decided');
    const waiting = must(received(), incomplete('2026-04-30'), on('2026-03-10'));
    expect(dueImplicitDecision(waiting, on('2027-01-01'))).toBeUndefined();
    expect(refusal(waiting, { type: 'deemed-accepted', actor: system }, on('2027-01-01')).code).toBe('invalid-transition');
  });

  it('records a silent acceptance before a late express decision, which it then refuses', () => {
    const late = refusal(received(), { type: 'rejected', actor: instructor, message }, on('2026-05-10'));
    expect(late.code).toBe('already-decided');
    expect(late.status).toBe(409);
  });

  it('lets the administration answer expressly after a silent rejection', () => {
    const result = applyStatusEvent(received(SVR), { type: 'accepted', actor: instructor, message }, on('2026-05-10'));
    expect(result.ok && result.added.map((entry) => [entry.status, entry.implied ?? false, entry.decidedOn])).toEqual([
      ['deemed-rejected', true, '2026-05-02'],
      ['accepted', false, undefined],
    ]);
  });

  it('only the system decides by silence', () => {
    expect(refusal(received(), { type: 'deemed-accepted', actor: instructor }, on('2026-06-01')).code).toBe('actor-not-allowed');
  });
});

describe('transitions', () => {
  it('walks the whole life of a request', () => {
    let record = newRequest(SVA, on('2026-03-02'));
    record = must(record, { type: 'received', actor: system }, on('2026-03-02'));
    record = must(record, incomplete('2026-04-01'), on('2026-03-05'));
    record = must(record, { type: 'completed', actor: resident }, on('2026-03-09'));
    record = must(record, { type: 'accepted', actor: instructor, message, document: { id: 'd1', name: 'arrete.pdf' } }, on('2026-03-20'));
    record = must(record, { type: 'closed', actor: instructor }, on('2026-03-21'));
    expect(record.history.map((entry) => entry.status)).toEqual(['registered', 'received', 'incomplete', 'received', 'accepted', 'closed']);
    expect(record.history[2]).toMatchObject({ actor: instructor, respondBy: '2026-04-01', missing: [{ label: { fr: 'Justificatif de domicile' } }] });
    expect(record.history[4]).toMatchObject({ message, document: { id: 'd1', name: 'arrete.pdf' } });
    expect(refusal(record, { type: 'rejected', actor: instructor, message }, on('2026-03-22'))).toMatchObject({ code: 'request-finished', status: 409 });
  });

  it('records the receipt a back-office implies by asking for pieces before the delivery was recorded', () => {
    const result = applyStatusEvent(newRequest(SVA, on('2026-03-02')), { ...incomplete('2026-04-01'), actor: backOffice }, on('2026-03-02'));
    expect(result.ok && result.added.map((entry) => [entry.status, entry.implied ?? false])).toEqual([
      ['received', true],
      ['incomplete', false],
    ]);
  });

  it('takes a back-office’s "received" on an incomplete file as its completion', () => {
    const record = must(must(received(), { ...incomplete('2026-04-01'), actor: backOffice }, on('2026-03-05')), { type: 'received', actor: backOffice }, on('2026-03-12'));
    expect(record.history.at(-1)).toMatchObject({ status: 'received', completed: true });
    expect(legalDates(record).implicitDecisionDate).toBe('2026-05-12');
  });

  it('refuses a second receipt, a completion of a complete file, and an event older than the last change', () => {
    expect(refusal(received(), { type: 'received', actor: backOffice }, on('2026-03-03')).code).toBe('invalid-transition');
    expect(refusal(received(), { type: 'completed', actor: resident }, on('2026-03-03')).code).toBe('invalid-transition');
    expect(refusal(received(), { type: 'closed', actor: instructor }, on('2026-03-01')).code).toBe('event-before-last-change');
  });

  it('lets only the resident withdraw, and only before a decision', () => {
    expect(refusal(received(), { type: 'withdrawn', actor: instructor }, on('2026-03-03')).code).toBe('actor-not-allowed');
    const withdrawn = must(received(), { type: 'withdrawn', actor: resident }, on('2026-03-03'));
    expect(statusOf(withdrawn)).toBe('withdrawn');
    expect(refusal(withdrawn, { type: 'received', actor: system }, on('2026-03-04')).code).toBe('request-finished');
    const accepted = must(received(), { type: 'accepted', actor: instructor, message }, on('2026-03-03'));
    expect(refusal(accepted, { type: 'withdrawn', actor: resident }, on('2026-03-04')).code).toBe('invalid-transition');
  });

  it('closes a deciding request only after a decision, or once the date to complete it has passed', () => {
    expect(refusal(received(), { type: 'closed', actor: instructor }, on('2026-03-03'))).toMatchObject({ code: 'decision-required', status: 409 });
    const waiting = must(received(), incomplete('2026-04-01'), on('2026-03-05'));
    expect(refusal(waiting, { type: 'closed', actor: instructor }, on('2026-04-01')).code).toBe('decision-required');
    expect(statusOf(must(waiting, { type: 'closed', actor: instructor }, on('2026-04-02')))).toBe('closed');
    expect(statusOf(must(received(DECLARATION), { type: 'closed', actor: backOffice }, on('2026-03-03')))).toBe('closed');
  });

  it('refuses bad events with 422 and the field at fault', () => {
    const record = received();
    const at = on('2026-03-10');
    expect(refusal(record, { type: 'accepted', actor: instructor, message: { fr: '  ' } }, at)).toMatchObject({ status: 422, code: 'message-required', field: 'message.fr' });
    expect(refusal(record, { ...incomplete('2026-04-01'), missing: [] }, at)).toMatchObject({ status: 422, code: 'missing-pieces-required', field: 'missing' });
    expect(refusal(record, { ...incomplete('2026-04-01'), missing: [{ label: { fr: '' } }] }, at)).toMatchObject({ field: 'missing.0.label.fr' });
    expect(refusal(record, incomplete('2026-03-10'), at)).toMatchObject({ status: 422, code: 'respond-by-invalid', field: 'respondBy' });
    expect(refusal(record, incomplete('2026-02-30'), at)).toMatchObject({ code: 'respond-by-invalid' });
    expect(refusal(record, incomplete('15/04/2026'), at)).toMatchObject({ code: 'respond-by-invalid' });
  });
});

// ---- Properties over any sequence of events ----

const DAY_MS = 86_400_000;
const actors: Actor[] = [system, instructor, backOffice, resident];
const text = fc.constantFrom<{ fr: string } | undefined>({ fr: 'Motif' }, { fr: 'Motif' }, { fr: 'Motif' }, { fr: ' ' }, undefined);
/** Mostly who would really cause each event, sometimes anyone, so refusals are exercised too. */
const NATURAL: Record<StatusEvent['type'], Actor> = {
  received: system,
  incomplete: instructor,
  completed: resident,
  accepted: backOffice,
  rejected: instructor,
  'deemed-accepted': system,
  'deemed-rejected': system,
  closed: instructor,
  withdrawn: resident,
};

const eventArb: fc.Arbitrary<(today: string) => StatusEvent> = fc
  .tuple(
    fc.constantFrom<StatusEvent['type']>('received', 'incomplete', 'completed', 'accepted', 'rejected', 'deemed-accepted', 'deemed-rejected', 'closed', 'withdrawn'),
    fc.option(fc.constantFrom(...actors), { freq: 5 }),
    fc.integer({ min: -3, max: 60 }),
    fc.integer({ min: 0, max: 2 }),
    text,
  )
  .map(([type, anyone, respondIn, pieces, words]) => (today: string): StatusEvent => {
    const actor = anyone ?? NATURAL[type];
    switch (type) {
      case 'incomplete':
        return { type, actor, respondBy: addCalendarDays(today, respondIn), missing: Array.from({ length: pieces }, () => ({ label: { fr: 'Pièce' } })) };
      case 'accepted':
      case 'rejected':
        return { type, actor, message: words ?? { fr: '' } };
      case 'closed':
        return words ? { type, actor, message: words } : { type, actor };
      default:
        return { type, actor } as StatusEvent;
    }
  });

const termsArb: fc.Arbitrary<LegalTerms> = fc.record({
  kind: fc.constantFrom<LegalTerms['kind']>('request', 'request', 'declaration'),
  silence: fc.constantFrom<LegalTerms['silence']>('acceptance', 'rejection', 'not-applicable'),
  delay: fc.constantFrom('2 months', '1 month', '15 days', '10 working days'),
});

const lifeArb = fc.record({
  terms: termsArb,
  start: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }),
  steps: fc.array(fc.tuple(eventArb, fc.integer({ min: 0, max: 40 * DAY_MS })), { maxLength: 25 }),
});

const EXPRESS: ReadonlySet<RequestStatus> = new Set(['accepted', 'rejected']);
const DEEMED: ReadonlySet<RequestStatus> = new Set(['deemed-accepted', 'deemed-rejected']);

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

describe('properties of any life', () => {
  it('keeps the history append-only, every step allowed, inputs untouched, and nothing after the end', () => {
    fc.assert(
      fc.property(lifeArb, ({ terms, start, steps }) => {
        let at = new Date(start);
        let record = deepFreeze(newRequest(terms, at));
        for (const [make, gap] of steps) {
          at = new Date(at.getTime() + gap);
          const before = record;
          const result = applyStatusEvent(record, make(at.toISOString().slice(0, 10)), at);
          if (!result.ok) {
            expect([409, 422]).toContain(result.refusal.status);
            expect(result.refusal.detail.length).toBeGreaterThan(0);
            continue;
          }
          expect(['closed', 'withdrawn']).not.toContain(statusOf(before));
          expect(result.record.history.slice(0, before.history.length)).toEqual(before.history);
          expect(result.record.history.slice(before.history.length)).toEqual(result.added);
          let previous = statusOf(before);
          for (const entry of result.added) {
            const completion = previous === 'incomplete' && entry.status === 'received';
            expect(completion || TRANSITIONS[previous].includes(entry.status), `${previous} → ${entry.status}`).toBe(true);
            expect(entry.at).toBe(at.toISOString());
            previous = entry.status;
          }
          record = deepFreeze(result.record);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('decides at most once, except an express answer after a silent rejection', () => {
    fc.assert(
      fc.property(lifeArb, ({ terms, start, steps }) => {
        let at = new Date(start);
        let record = newRequest(terms, at);
        for (const [make, gap] of steps) {
          at = new Date(at.getTime() + gap);
          const result = applyStatusEvent(record, make(at.toISOString().slice(0, 10)), at);
          if (result.ok) record = result.record;
        }
        const decisions = record.history.filter((entry) => EXPRESS.has(entry.status) || DEEMED.has(entry.status)).map((entry) => entry.status);
        expect(decisions.length).toBeLessThanOrEqual(2);
        if (decisions.length === 2) expect(decisions).toEqual(['deemed-rejected', expect.stringMatching(/^(accepted|rejected)$/)]);
      }),
      { numRuns: 400 },
    );
  });

  it('runs the delay from the last receipt, pushed back only by incomplete periods, and decides by silence only on its date', () => {
    fc.assert(
      fc.property(lifeArb, ({ terms, start, steps }) => {
        let at = new Date(start);
        let record = newRequest(terms, at);
        let lastDate: string | undefined;
        for (const [make, gap] of steps) {
          at = new Date(at.getTime() + gap);
          const datesBefore = legalDates(record);
          const result = applyStatusEvent(record, make(at.toISOString().slice(0, 10)), at);
          if (!result.ok) continue;
          record = result.record;
          for (const entry of result.added) {
            if (DEEMED.has(entry.status)) {
              // Silence decided on the very date the history announced, never earlier.
              expect(entry.decidedOn).toBe(datesBefore.implicitDecisionDate);
              expect(at.toISOString().slice(0, 10) >= addCalendarDays(entry.decidedOn!, -1)).toBe(true);
            }
          }
          const dates = legalDates(record);
          if (dates.implicitDecisionDate) {
            const lastReceipt = [...record.history].reverse().find((entry) => entry.status === 'received')!;
            expect(dates.runsFrom).toBe(legalDates({ terms, history: [lastReceipt] }).runsFrom);
            expect(dates.implicitDecisionDate).toBe(implicitDecisionDate(dates.runsFrom!, terms.delay));
            expect(dates.implicitDecisionDate > dates.runsFrom!).toBe(true);
            // A completion only ever pushes the date back (L114-5).
            if (lastDate) expect(dates.implicitDecisionDate >= lastDate).toBe(true);
            lastDate = dates.implicitDecisionDate;
          }
          expect(dates.suspended).toBe(statusOf(record) === 'incomplete');
        }
      }),
      { numRuns: 400 },
    );
  });
});
