// Indicators as every Store implementation keeps them (migration 016, parts/indicators.ts).
// Each implementation's test file calls testIndicators with a factory for a fresh store.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import type { JourneyReport, NewSubmission, Store } from './types.ts';

const procedure: Procedure = {
  id: 'report-street-issue',
  version: 1,
  audience: 'resident',
  category: 'street',
  pictogram: 'street',
  title: { fr: 'Signaler un problème' },
  summary: { fr: 'Un trou, un lampadaire.' },
  intro: { needs: [], minutes: 2 },
  steps: [{ id: 'what', title: { fr: 'Quoi' }, fields: [{ id: 'what', type: 'longText', label: { fr: 'Quoi' } }] }],
  routes: ['street-app'],
  legal: { kind: 'request', silence: 'acceptance', delay: '2 months', service: 'technical' },
};

const AT = new Date('2026-03-02T12:00:00.000Z');

const journey = (overrides: Partial<JourneyReport> = {}): JourneyReport => ({
  day: '2026-03-02',
  procedureId: procedure.id,
  locale: 'fr',
  assisted: false,
  outcome: 'finished',
  step: 2,
  durationSeconds: 120,
  readAloud: false,
  textSize: 100,
  theme: 'default',
  ...overrides,
});

/** @example testIndicators(() => createSqliteStore({ file: tempFile() })) */
export function testIndicators(makeStore: () => Promise<Store>): void {
  describe('Store contract: indicators', () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.dispose()));
    });
    async function fresh(): Promise<Store> {
      const store = await makeStore();
      opened.push(store);
      await store.migrate();
      return store;
    }

    it('adds journeys of the same kind into one day row, within a batch and across batches, and keeps no report alone', async () => {
      const store = await fresh();
      await store.recordJourneys({
        id: randomUUID(),
        at: AT,
        site: 'mediatheque',
        channel: 'epn',
        journeys: [journey(), journey({ durationSeconds: 60 }), journey({ outcome: 'abandoned', step: 2 }), journey({ day: '2026-03-03', locale: 'ar', readAloud: true })],
        satisfaction: [],
      });
      const again = { id: randomUUID(), at: AT, site: 'mediatheque', channel: 'epn', journeys: [journey({ durationSeconds: 30 })], satisfaction: [] };
      expect(await store.recordJourneys(again)).toBe(true);
      // The same batch sent again (its answer was lost on the way) adds nothing.
      expect(await store.recordJourneys(again)).toBe(false);
      const days = await store.journeyDays({ from: '2026-03-01', to: '2026-03-31' });
      expect(days).toEqual([
        { ...journey({ outcome: 'abandoned' }), site: 'mediatheque', channel: 'epn', journeys: 1, durationSeconds: 120 },
        { ...journey(), site: 'mediatheque', channel: 'epn', journeys: 3, durationSeconds: 210 },
        { ...journey({ day: '2026-03-03', locale: 'ar', readAloud: true }), site: 'mediatheque', channel: 'epn', journeys: 1, durationSeconds: 120 },
      ]);
      expect(await store.journeyDays({ from: '2026-03-03', to: '2026-03-03' })).toHaveLength(1);
      expect(await store.journeyDays({ from: '2026-04-01', to: '2026-04-30' })).toEqual([]);
    });

    it('counts the answers to the question after sending per day and rating', async () => {
      const store = await fresh();
      const answer = { day: '2026-03-02', procedureId: procedure.id, locale: 'en' };
      await store.recordJourneys({
        id: randomUUID(),
        at: AT,
        site: '',
        channel: '',
        journeys: [],
        satisfaction: [
          { ...answer, rating: 'good' },
          { ...answer, rating: 'good' },
          { ...answer, rating: 'skipped' },
        ],
      });
      await store.recordJourneys({ id: randomUUID(), at: AT, site: '', channel: '', journeys: [], satisfaction: [{ ...answer, rating: 'bad' }] });
      expect(await store.satisfactionDays({ from: '2026-03-02', to: '2026-03-02' })).toEqual([
        { ...answer, site: '', channel: '', rating: 'bad', answers: 1 },
        { ...answer, site: '', channel: '', rating: 'good', answers: 2 },
        { ...answer, site: '', channel: '', rating: 'skipped', answers: 1 },
      ]);
    });

    it('forgets the ids of batches counted more than 90 days ago', async () => {
      const store = await fresh();
      const old = { id: randomUUID(), at: AT, site: '', channel: '', journeys: [journey()], satisfaction: [] };
      expect(await store.recordJourneys(old)).toBe(true);
      expect(await store.recordJourneys({ ...old, id: randomUUID(), at: new Date(AT.getTime() + 91 * 86_400_000) })).toBe(true);
      expect(await store.recordJourneys({ ...old, at: new Date(AT.getTime() + 92 * 86_400_000) })).toBe(true);
      expect((await store.journeyDays({ from: '2026-03-02', to: '2026-03-02' }))[0]?.journeys).toBe(3);
    });

    it('names the site a terminal said in its heartbeat', async () => {
      const store = await fresh();
      expect(await store.terminalSite('t-1')).toBeUndefined();
      await store.recordHeartbeat({ terminalId: 't-1', site: 'mediatheque', appVersion: '1', contentVersion: 'c', outboxLength: 0, oldestAgeSeconds: 0, at: new Date('2026-03-02T09:00:00Z') });
      expect(await store.terminalSite('t-1')).toBe('mediatheque');
      // The notices' counts for /metrics: none yet.
      expect(await store.noticeCounts()).toEqual([]);
    });

    it('gives the facts of the requests received in a range: procedure, channel, statuses with their times, and nothing of the person', async () => {
      const store = await fresh();
      await store.rememberProcedureVersion({ id: procedure.id, version: 1, hash: 'h1', procedure });
      const submission = (receivedAt: string, channel: 'epn' | null): NewSubmission => ({
        id: randomUUID(),
        procedureId: procedure.id,
        procedureVersion: 1,
        locale: 'fr',
        answers: { what: 'CANARY-ANSWER' },
        attachments: [],
        bodyHash: randomUUID(),
        receivedAt,
        routes: ['street-app'],
        ...(channel ? { attribution: { channel } } : {}),
      });
      const accepted = await store.acceptSubmission(submission('2026-03-02T10:00:00.000+01:00', 'epn'));
      if (accepted.outcome !== 'created') throw new Error(accepted.outcome);
      await store.acceptSubmission(submission('2026-03-31T23:30:00.000+02:00', null));
      await store.acceptSubmission(submission('2026-04-01T00:30:00.000+02:00', null));
      const [claimed] = await store.claimDeliveries({ route: 'street-app', limit: 1, now: new Date('2026-03-02T09:05:00Z'), leaseMs: 60_000 });
      await store.recordDelivery({ id: claimed!.id, claimToken: claimed!.claimToken, at: new Date('2026-03-02T09:05:00Z'), outcome: 'delivered' });
      const facts = await store.requestFacts({ from: '2026-03-01T00:00:00.000+01:00', to: '2026-04-01T00:00:00.000+02:00' });
      expect(facts).toHaveLength(2);
      expect(facts[0]).toEqual({
        procedureId: procedure.id,
        receivedAt: '2026-03-02T10:00:00.000+01:00',
        channel: 'epn',
        assisted: false,
        history: [
          { status: 'registered', at: '2026-03-02T09:00:00.000Z' },
          { status: 'received', at: '2026-03-02T09:05:00.000Z' },
        ],
      });
      expect(facts[1]).toMatchObject({ channel: null, history: [{ status: 'registered' }] });
      expect(JSON.stringify(facts)).not.toContain('CANARY');
    });
  });
}
