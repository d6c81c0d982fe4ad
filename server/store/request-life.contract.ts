// The request's life as every Store implementation keeps it (migration 009, parts/requests.ts,
// parts/notices.ts). Each implementation's test file calls testRequestLife with a factory for a
// fresh database that can be opened by several stores at once (two server instances).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import type { EventSource } from '../requests/request-life.ts';
import { dueImplicitDecision, type StatusEvent } from '../requests/status.ts';
import type { NewSubmission, Store } from './types.ts';

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

const submission = (overrides: Partial<NewSubmission> = {}): NewSubmission => ({
  id: randomUUID(),
  procedureId: procedure.id,
  procedureVersion: 1,
  locale: 'ar',
  answers: { what: 'نافورة مكسورة', phone: '06 12 34 56 78' },
  attachments: [],
  bodyHash: 'body-1',
  receivedAt: '2026-03-02T10:00:00.000+01:00',
  routes: ['street-app'],
  ...overrides,
});

const backOffice = (webhookId: string, fingerprint = `fp-${webhookId}`, route = 'street-app'): EventSource => ({ kind: 'back-office', route, webhookId, fingerprint });
const desk: EventSource = { kind: 'desk', instructorId: 'c.durand' };
const incomplete: StatusEvent = {
  type: 'incomplete',
  actor: { kind: 'back-office', route: 'street-app' },
  missing: [{ label: { fr: 'Photo du lieu', ar: 'صورة المكان' } }],
  respondBy: '2026-04-10',
};
const sms = () => ['sms' as const];

/**
 * @example testRequestLife(async () => { const file = tempFile(); return () => createSqliteStore({ file }); })
 */
export function testRequestLife(makeDatabase: () => Promise<() => Store>): void {
  describe('Store contract: a request’s life', () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.dispose()));
    });
    async function instances(count: number): Promise<Store[]> {
      const open = await makeDatabase();
      const stores: Store[] = [];
      for (let i = 0; i < count; i++) {
        const store = open();
        opened.push(store);
        await store.migrate();
        stores.push(store);
      }
      await stores[0]!.rememberProcedureVersion({ id: procedure.id, version: 1, hash: 'h1', procedure });
      return stores;
    }
    async function accepted(store: Store, overrides: Partial<NewSubmission> = {}) {
      const result = await store.acceptSubmission(submission(overrides));
      if (result.outcome !== 'created') throw new Error(result.outcome);
      return result.receipt.reference;
    }
    async function deliver(store: Store, at: Date) {
      const [claimed] = await store.claimDeliveries({ route: 'street-app', limit: 1, now: at, leaseMs: 60_000 });
      await store.recordDelivery({ id: claimed!.id, claimToken: claimed!.claimToken, at, outcome: 'delivered' });
    }

    it('registers every accepted request and records its receipt when delivered, with UTC times', async () => {
      const [store] = await instances(1);
      const reference = await accepted(store!);
      expect((await store!.requestLife(reference))?.history).toEqual([{ status: 'registered', at: '2026-03-02T09:00:00.000Z', actor: { kind: 'system' } }]);
      await deliver(store!, new Date('2026-03-02T09:05:00.000Z'));
      const life = await store!.requestLife(reference);
      expect(life).toMatchObject({ reference, procedureId: procedure.id, locale: 'ar', routes: ['street-app'] });
      expect(life!.history.map((entry) => [entry.status, entry.at])).toEqual([
        ['registered', '2026-03-02T09:00:00.000Z'],
        ['received', '2026-03-02T09:05:00.000Z'],
      ]);
      expect(await store!.requestLife('ZZZZ-ZZZZ')).toBeUndefined();
    });

    it('applies a back-office event once per webhook-id, queues its notice, and audits it without its words', async () => {
      const [store] = await instances(1);
      const reference = await accepted(store!);
      await deliver(store!, new Date('2026-03-02T09:05:00.000Z'));
      const at = new Date('2026-03-05T09:00:00.000Z');
      const first = await store!.applyRequestEvent({ reference, event: incomplete, source: backOffice('msg_1'), at, notify: sms });
      expect(first).toMatchObject({ outcome: 'applied', request: { status: 'incomplete', dates: { suspended: true, respondBy: '2026-04-10' } } });
      for (let i = 0; i < 5; i++) {
        const again = await store!.applyRequestEvent({ reference, event: incomplete, source: backOffice('msg_1'), at: new Date(at.getTime() + 1000), notify: sms });
        expect(again).toEqual({ outcome: 'replayed', request: first.outcome === 'applied' ? first.request : undefined });
      }
      expect(await store!.applyRequestEvent({ reference, event: incomplete, source: backOffice('msg_1', 'other'), at, notify: sms })).toEqual({ outcome: 'id-reused' });
      expect(await store!.applyRequestEvent({ reference, event: incomplete, source: backOffice('msg_2', 'fp', 'education-app'), at, notify: sms })).toEqual({ outcome: 'not-found' });
      const life = await store!.requestLife(reference);
      expect(life!.history.map((entry) => entry.status)).toEqual(['registered', 'received', 'incomplete']);
      expect(life!.history[2]).toMatchObject({ actor: { kind: 'back-office', route: 'street-app' }, missing: incomplete.type === 'incomplete' ? incomplete.missing : [] });
      const found = await store!.findSubmission(reference);
      const notices = await store!.listNotices(found!.id);
      expect(notices).toEqual([{ id: expect.any(String), channel: 'sms', status: 'incomplete', state: 'pending', attempts: 0 }]);
      const audit = (await store!.auditTrail(found!.id)).filter((event) => event.kind === 'request.status');
      expect(audit.map((event) => [event.actor, event.data])).toEqual([['back-office:street-app', { reference, status: 'incomplete', notices: ['sms'] }]]);
      expect(JSON.stringify(audit)).not.toContain('Photo du lieu');
    });

    it('refuses what the status model refuses, writing nothing', async () => {
      const [store] = await instances(1);
      const reference = await accepted(store!);
      const refused = await store!.applyRequestEvent({ reference, event: { type: 'closed', actor: { kind: 'instructor', id: 'c.durand' } }, source: desk, at: new Date('2026-03-03T09:00:00Z'), notify: sms });
      expect(refused).toMatchObject({ outcome: 'refused', refusal: { code: 'invalid-transition', status: 409 } });
      expect((await store!.requestLife(reference))!.history).toHaveLength(1);
      expect(await store!.listNotices((await store!.findSubmission(reference))!.id)).toEqual([]);
    });

    it('keeps one receipt when a back-office decides before the delivery is recorded', async () => {
      const [store] = await instances(1);
      const reference = await accepted(store!);
      const decided = await store!.applyRequestEvent({
        reference,
        event: { type: 'accepted', actor: { kind: 'back-office', route: 'street-app' }, message: { fr: 'Accordé.' } },
        source: backOffice('msg_early'),
        at: new Date('2026-03-02T09:01:00.000Z'),
        notify: sms,
      });
      expect(decided.outcome).toBe('applied');
      await deliver(store!, new Date('2026-03-02T09:05:00.000Z'));
      expect((await store!.requestLife(reference))!.history.map((entry) => [entry.status, entry.implied ?? false])).toEqual([
        ['registered', false],
        ['received', true],
        ['accepted', false],
      ]);
    });

    it('records a silent acceptance once when two instances run the job together', async () => {
      const [a, b] = await instances(2);
      const reference = await accepted(a!);
      await deliver(a!, new Date('2026-03-02T09:05:00.000Z'));
      const at = new Date('2026-05-02T06:00:00.000Z');
      const life = await a!.requestLife(reference);
      const event = dueImplicitDecision({ terms: { kind: 'request', silence: 'acceptance', delay: '2 months' }, history: life!.history }, at)!;
      expect(event.type).toBe('deemed-accepted');
      const system: EventSource = { kind: 'desk', instructorId: 'system' };
      const outcomes = await Promise.all([a!, b!, a!, b!].map((store) => store.applyRequestEvent({ reference, event, source: system, at, notify: sms })));
      expect(outcomes.filter((outcome) => outcome.outcome === 'applied')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.outcome === 'refused')).toHaveLength(3);
      const notices = await b!.listNotices((await b!.findSubmission(reference))!.id);
      expect(notices.map((notice) => notice.status)).toEqual(['deemed-accepted']);
      expect((await b!.requestLife(reference))!.history.at(-1)).toMatchObject({ status: 'deemed-accepted', decidedOn: '2026-05-02' });
    });

    it('lists the requests whose decision delay runs, page by page', async () => {
      const [store] = await instances(1);
      const references = [await accepted(store!), await accepted(store!), await accepted(store!)];
      expect(await store!.awaitingDecision({ limit: 10 })).toEqual([]);
      for (let i = 0; i < 3; i++) await deliver(store!, new Date('2026-03-02T09:05:00.000Z'));
      await store!.applyRequestEvent({ reference: references[1]!, event: { ...incomplete, actor: { kind: 'instructor', id: 'c.durand' } }, source: desk, at: new Date('2026-03-03T09:00:00Z') });
      const waiting = [references[0]!, references[2]!].sort();
      expect(await store!.awaitingDecision({ limit: 10 })).toEqual(waiting);
      expect(await store!.awaitingDecision({ limit: 1 })).toEqual([waiting[0]]);
      expect(await store!.awaitingDecision({ after: waiting[0], limit: 10 })).toEqual([waiting[1]]);
    });

    it('leases notices to one claimer, records their outcome and delivery receipt, and retries them later', async () => {
      const [a, b] = await instances(2);
      const references = [await accepted(a!), await accepted(a!)];
      for (const [i, reference] of references.entries())
        await a!.applyRequestEvent({
          reference,
          event: { type: 'rejected', actor: { kind: 'instructor', id: 'c.durand' }, message: { fr: 'Refusé.' } },
          source: desk,
          at: new Date(`2026-03-0${3 + i}T09:00:00.000Z`),
          notify: () => ['sms', 'email'],
        });
      const now = new Date('2026-03-10T09:00:00.000Z');
      const claims = await Promise.all([a!, b!, a!, b!].map((store) => store.claimNotices({ now, limit: 1, leaseMs: 60_000, channel: 'sms' })));
      const claimed = claims.flat();
      expect(claimed).toHaveLength(2);
      expect(new Set(claimed.map((notice) => notice.id)).size).toBe(2);
      expect(claimed[0]).toMatchObject({ channel: 'sms', status: 'rejected', locale: 'ar', attempt: 1 });
      expect(references).toContain(claimed[0]!.reference);

      const [sent, failing] = claimed;
      expect(await b!.recordNotice({ id: sent!.id, claimToken: 'not-mine', at: now, outcome: 'sent' })).toBe(false);
      expect(await b!.recordNotice({ id: sent!.id, claimToken: sent!.claimToken, at: now, outcome: 'sent', messageIds: ['m1', 'm2'] })).toBe(true);
      expect(await a!.recordNoticeReceipt({ noticeId: sent!.id, messageId: 'm1', state: 'delivered', at: now })).toBe(true);
      const later = new Date('2026-03-10T10:00:00.000Z');
      expect(await a!.recordNotice({ id: failing!.id, claimToken: failing!.claimToken, at: now, outcome: 'retry', nextAttemptAt: later, error: 'passerelle SMS injoignable' })).toBe(true);
      expect(await a!.claimNotices({ now, limit: 10, leaseMs: 60_000, channel: 'sms' })).toEqual([]);
      const retried = await b!.claimNotices({ now: later, limit: 10, leaseMs: 60_000, channel: 'sms' });
      expect(retried.map((notice) => [notice.id, notice.attempt])).toEqual([[failing!.id, 2]]);

      const views = await a!.listNotices(sent!.submissionId);
      expect(views.find((view) => view.id === sent!.id)).toMatchObject({ state: 'sent', messageIds: ['m1', 'm2'], receiptState: 'delivered', attempts: 1 });
      expect(views.map((view) => view.channel).sort()).toEqual(['email', 'sms']);
    });

    it('merges a resident’s completion with its event once per key, on two instances at once; a reused key with other pieces is refused', async () => {
      const [one, two] = await instances(2);
      const reference = await accepted(one!, { attachments: [{ id: 'a', field: 'what', type: 'image/png', bytes: 3, sha256: 'sha-a' }] });
      await deliver(one!, new Date('2026-03-03T09:00:00Z'));
      expect((await one!.applyRequestEvent({ reference, event: incomplete, source: backOffice('w1'), at: new Date('2026-03-04T09:00:00Z') })).outcome).toBe('applied');
      const pieces = { answers: { round1piece1: ['p1'] }, attachments: [{ id: 'p1', field: 'round1piece1', type: 'image/png', bytes: 4, sha256: 'sha-p1' }] };
      const resident: EventSource = { kind: 'resident', key: 'k-1', fingerprint: 'fp-1' };
      const at = new Date('2026-03-05T09:00:00Z');
      const outcomes = await Promise.all(
        [one!, two!, one!].map((store) => store.applyRequestEvent({ reference, event: { type: 'completed', actor: { kind: 'resident' } }, source: resident, at, completion: pieces })),
      );
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['applied', 'replayed', 'replayed']);
      const life = (await two!.requestLife(reference))!;
      expect(life.history.map((h) => h.status)).toEqual(['registered', 'received', 'incomplete', 'received']);
      const stored = (await two!.findSubmission(reference))!;
      expect(stored.answers).toMatchObject({ what: 'نافورة مكسورة', round1piece1: ['p1'] });
      expect((await two!.submissionAttachments(life.submissionId)).map((a) => a.sha256)).toEqual(['sha-a', 'sha-p1']);
      expect(await two!.attachmentInUse('sha-p1')).toBe(true);
      const reused = await one!.applyRequestEvent({ reference, event: { type: 'completed', actor: { kind: 'resident' } }, source: { ...resident, fingerprint: 'fp-2' }, at, completion: pieces });
      expect(reused.outcome).toBe('id-reused');
    });

    it('lists the letters reception owes and settles each once, on two instances', async () => {
      const [one, two] = await instances(2);
      const reference = await accepted(one!);
      await deliver(one!, new Date('2026-03-03T09:00:00Z'));
      const applied = await one!.applyRequestEvent({ reference, event: incomplete, source: backOffice('w-letter'), at: new Date('2026-03-04T09:00:00Z'), notify: () => ['letter'] });
      expect(applied.outcome).toBe('applied');
      const letters = await two!.lettersToSend({ limit: 10 });
      expect(letters).toEqual([{ id: expect.any(String), reference, procedureId: procedure.id, locale: 'ar', status: 'incomplete', at: '2026-03-04T09:00:00.000Z' }]);
      const settled = await Promise.all([one!, two!].map((store) => store.settleLetter({ id: letters[0]!.id, at: new Date('2026-03-05T09:00:00Z'), actor: 'reception:1', how: 'call' })));
      expect(settled.sort()).toEqual([false, true]);
      expect(await one!.lettersToSend({ limit: 10 })).toEqual([]);
    });
  });
}
