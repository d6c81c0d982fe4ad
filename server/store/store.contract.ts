// The behaviour every Store implementation owes the server. Each implementation's test file
// calls testStore with a factory for a fresh, empty store.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { REFERENCE, TRACKING_CODE } from '../references.ts';
import { GENESIS_HASH, verifyAuditChain } from './audit-chain.ts';
import { testStaffStore } from './staff.contract.ts';
import { testTrustStore } from './trust.contract.ts';
import type { NewSubmission, ProcedureVersion, Store, StoreOptions } from './types.ts';

const procedure = (version: number, title = 'Écrire à la mairie'): Procedure => ({
  id: 'write-to-town-hall',
  version,
  audience: 'resident',
  category: 'contact',
  pictogram: 'letter',
  title: { fr: title },
  summary: { fr: 'Poser une question.' },
  intro: { needs: [], minutes: 2 },
  steps: [{ id: 'message', title: { fr: 'Message' }, fields: [{ id: 'message', type: 'longText', label: { fr: 'Message' } }] }],
  routes: ['mail-ged'],
});

const versionOf = (p: Procedure, hash = `hash-${p.version}`): ProcedureVersion => ({ id: p.id, version: p.version, hash, procedure: p });

function submission(overrides: Partial<NewSubmission> = {}): NewSubmission {
  return {
    id: randomUUID(),
    procedureId: 'write-to-town-hall',
    procedureVersion: 1,
    locale: 'fr',
    answers: { message: 'Quand ouvre la piscine ?' },
    attachments: [],
    bodyHash: 'body-1',
    receivedAt: '2026-11-28T11:00:00.000+01:00',
    routes: ['mail-ged', 'hr-mailbox'],
    ...overrides,
  };
}

/**
 * The Store contract.
 *
 * @example testStore((options) => createSqliteStore({ file: tempFile(), ...options }))
 */
export function testStore(makeStore: (options?: StoreOptions) => Store | Promise<Store>): void {
  describe('Store contract', () => {
    const opened: Store[] = [];
    const open = async (options?: StoreOptions) => {
      const store = await makeStore(options);
      opened.push(store);
      await store.migrate();
      await store.rememberProcedureVersion(versionOf(procedure(1)));
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.dispose()));
    });

    testStaffStore(() => open());
    testTrustStore(() => open());

    it('answers health once migrated, and migrating twice changes nothing', async () => {
      const store = await open();
      await store.migrate();
      await expect(store.health()).resolves.toBeUndefined();
      expect(store.kind).toMatch(/^(sqlite|postgresql)$/);
    });

    it('fails health after dispose', async () => {
      const store = await open();
      await store.dispose();
      await expect(store.health()).rejects.toThrow();
    });

    it('accepts a submission with a reference, a tracking code and the receipt time', async () => {
      const store = await open();
      const accepted = await store.acceptSubmission(submission());
      expect(accepted.outcome).toBe('created');
      if (accepted.outcome !== 'created') return;
      expect(accepted.receipt.reference).toMatch(REFERENCE);
      expect(accepted.receipt.trackingCode).toMatch(TRACKING_CODE);
      expect(accepted.receipt.receivedAt).toBe('2026-11-28T11:00:00.000+01:00');
      expect(await store.countSubmissions()).toBe(1);
    });

    it('writes one pending delivery per route, the first status and an audit event with the submission', async () => {
      const store = await open();
      const s = submission();
      const accepted = await store.acceptSubmission(s);
      if (accepted.outcome !== 'created') throw new Error(accepted.outcome);
      const found = await store.findSubmission(accepted.receipt.reference);
      expect(found).toMatchObject({
        id: s.id,
        procedureId: 'write-to-town-hall',
        procedureVersion: 1,
        locale: 'fr',
        status: 'received',
        trackingCode: accepted.receipt.trackingCode,
        history: [{ status: 'received', at: s.receivedAt }],
        deliveries: [
          { route: 'mail-ged', state: 'pending', attempts: 0 },
          { route: 'hr-mailbox', state: 'pending', attempts: 0 },
        ],
      });
      const audit = await store.auditTrail(s.id);
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ kind: 'submission.received', data: { reference: accepted.receipt.reference } });
      expect(JSON.stringify(audit)).not.toContain('piscine');
    });

    it('replays the same receipt for the same key and body, and refuses another body', async () => {
      const store = await open();
      const s = submission();
      const first = await store.acceptSubmission(s);
      const again = await store.acceptSubmission({ ...s, receivedAt: '2026-11-29T09:00:00.000+01:00' });
      expect(again).toEqual({ outcome: 'replay', receipt: first.outcome === 'created' ? first.receipt : undefined });
      expect(await store.replayOf(s.id, s.bodyHash)).toEqual(again);
      expect(await store.acceptSubmission({ ...s, bodyHash: 'body-2' })).toEqual({ outcome: 'conflict' });
      expect(await store.replayOf(s.id, 'body-2')).toEqual({ outcome: 'conflict' });
      expect(await store.replayOf(randomUUID(), s.bodyHash)).toBeUndefined();
      expect(await store.countSubmissions()).toBe(1);
    });

    it('gives unique references over many submissions', async () => {
      const store = await open();
      const references = new Set<string>();
      for (let i = 0; i < 500; i++) {
        const accepted = await store.acceptSubmission(submission({ bodyHash: `b${i}` }));
        if (accepted.outcome === 'created') references.add(accepted.receipt.reference);
      }
      expect(references.size).toBe(500);
    });

    it('draws another reference when one is already taken', async () => {
      const draws = ['AAAA-AAAA', 'AAAA-AAAA', 'AAAA-AAAA', 'BBBB-BBBB'];
      const store = await open({ newReference: () => draws.shift() ?? 'CCCC-CCCC' });
      const first = await store.acceptSubmission(submission());
      const second = await store.acceptSubmission(submission());
      expect(first.outcome === 'created' && first.receipt.reference).toBe('AAAA-AAAA');
      expect(second.outcome === 'created' && second.receipt.reference).toBe('BBBB-BBBB');
    });

    it('gives up after repeated collisions rather than looping', async () => {
      const store = await open({ newReference: () => 'AAAA-AAAA' });
      await store.acceptSubmission(submission());
      await expect(store.acceptSubmission(submission())).rejects.toThrow();
      expect(await store.countSubmissions()).toBe(1);
    });

    it('writes nothing when the transaction fails half-way', async () => {
      const store = await open();
      const s = submission({ routes: ['mail-ged', 'mail-ged'] }); // the second delivery breaks a unique constraint
      await expect(store.acceptSubmission(s)).rejects.toThrow();
      expect(await store.countSubmissions()).toBe(0);
      expect(await store.auditTrail(s.id)).toEqual([]);
      expect(await store.replayOf(s.id, s.bodyHash)).toBeUndefined();
    });

    it('accepts submissions sent together each on its own: one that fails fails alone', async () => {
      const store = await open();
      const batch = Array.from({ length: 20 }, (_, i) => submission({ bodyHash: `b${i}` }));
      batch[7] = submission({ procedureVersion: 9 }); // unknown version: refused
      batch[13] = submission({ routes: ['mail-ged', 'mail-ged'] }); // fails half-way
      const outcomes = await Promise.allSettled(batch.map((s) => store.acceptSubmission(s)));
      expect(outcomes.map((o) => o.status)).toEqual(batch.map((_, i) => (i === 7 || i === 13 ? 'rejected' : 'fulfilled')));
      expect(await store.countSubmissions()).toBe(18);
      for (const [i, s] of batch.entries()) {
        const outcome = outcomes[i];
        if (outcome?.status !== 'fulfilled') {
          expect(await store.replayOf(s.id, s.bodyHash)).toBeUndefined();
          continue;
        }
        expect(outcome.value.outcome).toBe('created');
        const found = outcome.value.outcome === 'created' ? await store.findSubmission(outcome.value.receipt.reference) : undefined;
        expect(found?.deliveries).toHaveLength(2);
      }
    });

    it('stores a key sent twice at once only once, and gives both the same receipt', async () => {
      const store = await open();
      const s = submission();
      const [first, second] = await Promise.all([store.acceptSubmission(s), store.acceptSubmission({ ...s })]);
      expect([first?.outcome, second?.outcome].sort()).toEqual(['created', 'replay']);
      expect(first?.outcome !== 'conflict' && first?.receipt).toEqual(second?.outcome !== 'conflict' && second?.receipt);
      expect(await store.countSubmissions()).toBe(1);
      expect(await store.auditTrail(s.id)).toHaveLength(1);
    });

    it('refuses a submission for a procedure version it does not know', async () => {
      const store = await open();
      await expect(store.acceptSubmission(submission({ procedureVersion: 9 }))).rejects.toThrow();
      expect(await store.countSubmissions()).toBe(0);
    });

    it('remembers procedure versions and tells an edited published version', async () => {
      const store = await open();
      expect(await store.rememberProcedureVersion(versionOf(procedure(1)))).toBe('unchanged');
      expect(await store.rememberProcedureVersion(versionOf(procedure(1, 'Autre titre'), 'other-hash'))).toBe('changed');
      expect(await store.rememberProcedureVersion(versionOf(procedure(2)))).toBe('added');
      expect(await store.getProcedureVersion('write-to-town-hall', 1)).toEqual(versionOf(procedure(1)));
      expect(await store.getProcedureVersion('write-to-town-hall', 2)).toEqual(versionOf(procedure(2)));
      expect(await store.getProcedureVersion('write-to-town-hall', 3)).toBeUndefined();
      expect(await store.getProcedureVersion('nope', 1)).toBeUndefined();
    });

    it('finds nothing for an unknown reference', async () => {
      const store = await open();
      expect(await store.findSubmission('ZZZZ-ZZZZ')).toBeUndefined();
    });

    describe('relay outbox', () => {
      // receivedAt 2026-11-28T11:00+01:00: the deliveries are due from 10:00Z.
      const at = (time: string) => new Date(`2026-11-28T${time}Z`);
      const LEASE = 60_000;
      const accept = async (store: Store, overrides: Partial<NewSubmission> = {}) => {
        const s = submission(overrides);
        const accepted = await store.acceptSubmission(s);
        if (accepted.outcome !== 'created') throw new Error(accepted.outcome);
        return { ...s, reference: accepted.receipt.reference };
      };

      it('claims due deliveries of one route, oldest first, counting an attempt, with the submission', async () => {
        const store = await open();
        const first = await accept(store, { attachments: [{ id: 'photo-1', field: 'photo', type: 'image/png', bytes: 68, sha256: 'ab'.repeat(32) }] });
        const second = await accept(store, { receivedAt: '2026-11-28T11:30:00.000+01:00' });
        expect(await store.claimDeliveries({ route: 'mail-ged', limit: 10, now: at('09:59:59.999'), leaseMs: LEASE })).toEqual([]);
        const claimed = await store.claimDeliveries({ route: 'mail-ged', limit: 10, now: at('10:05:00.000'), leaseMs: 3_600_000 });
        expect(claimed).toHaveLength(1);
        expect(claimed[0]).toMatchObject({
          route: 'mail-ged',
          attempt: 1,
          leaseUntil: '2026-11-28T11:05:00.000Z',
          submission: {
            id: first.id,
            reference: first.reference,
            procedureId: 'write-to-town-hall',
            procedureVersion: 1,
            locale: 'fr',
            receivedAt: first.receivedAt,
            answers: { message: 'Quand ouvre la piscine ?' },
            attachments: first.attachments,
          },
        });
        expect(claimed[0]!.claimToken).toEqual(expect.any(String));
        const later = await store.claimDeliveries({ route: 'mail-ged', limit: 10, now: at('11:00:00.000'), leaseMs: LEASE });
        expect(later.map((d) => d.submission.id)).toEqual([second.id]);
        const other = await store.claimDeliveries({ route: 'hr-mailbox', limit: 1, now: at('11:00:00.000'), leaseMs: LEASE });
        expect(other.map((d) => d.submission.id)).toEqual([first.id]);
      });

      it('never gives the same row to two concurrent claims while its lease lives, and gives it again after', async () => {
        const store = await open();
        for (let i = 0; i < 20; i++) await accept(store, { bodyHash: `b${i}` });
        const now = at('10:05:00.000');
        const claims = await Promise.all(
          Array.from({ length: 8 }, () => store.claimDeliveries({ route: 'mail-ged', limit: 3, now, leaseMs: LEASE })),
        );
        const ids = claims.flat().map((d) => d.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toHaveLength(20);
        expect(await store.claimDeliveries({ route: 'mail-ged', limit: 50, now: at('10:05:59.999'), leaseMs: LEASE })).toEqual([]);
        // The lease ran out (a crashed worker): due again, with a new token and a second attempt.
        const again = await store.claimDeliveries({ route: 'mail-ged', limit: 50, now: at('10:06:00.000'), leaseMs: LEASE });
        expect(again).toHaveLength(20);
        expect(again.every((d) => d.attempt === 2)).toBe(true);
        const before = claims.flat().find((d) => d.id === again[0]!.id)!;
        expect(again[0]!.claimToken).not.toBe(before.claimToken);
        // The first holder comes back late: its record is refused and changes nothing.
        expect(await store.recordDelivery({ id: before.id, claimToken: before.claimToken, at: at('10:06:01.000'), outcome: 'delivered' })).toEqual({ recorded: false });
        const [view] = await store.listDeliveries({ state: 'pending', limit: 100 }).then((rows) => rows.filter((r) => r.id === before.id));
        expect(view).toMatchObject({ state: 'pending', attempts: 2, leaseUntil: '2026-11-28T10:07:00.000Z' });
      });

      it('moves the submission to delivered, once, when its last delivery is delivered', async () => {
        const store = await open();
        const s = await accept(store);
        const now = at('10:05:00.000');
        const [ged] = await store.claimDeliveries({ route: 'mail-ged', limit: 1, now, leaseMs: LEASE });
        const [hr] = await store.claimDeliveries({ route: 'hr-mailbox', limit: 1, now, leaseMs: LEASE });
        expect(await store.recordDelivery({ id: ged!.id, claimToken: ged!.claimToken, at: at('10:05:01.000'), outcome: 'delivered' })).toEqual({ recorded: true });
        expect((await store.findSubmission(s.reference))?.status).toBe('received');
        expect(await store.recordDelivery({ id: hr!.id, claimToken: hr!.claimToken, at: at('10:05:02.000'), outcome: 'delivered' })).toEqual({
          recorded: true,
          submissionDelivered: { submissionId: s.id, reference: s.reference },
        });
        // Recording again with the spent token changes nothing.
        expect(await store.recordDelivery({ id: hr!.id, claimToken: hr!.claimToken, at: at('10:05:03.000'), outcome: 'delivered' })).toEqual({ recorded: false });
        const found = await store.findSubmission(s.reference);
        expect(found).toMatchObject({
          status: 'delivered',
          history: [
            { status: 'received', at: s.receivedAt },
            { status: 'delivered', at: '2026-11-28T10:05:02.000Z' },
          ],
          deliveries: [
            { route: 'mail-ged', state: 'delivered', attempts: 1 },
            { route: 'hr-mailbox', state: 'delivered', attempts: 1 },
          ],
        });
        const kinds = (await store.auditTrail(s.id)).map((e) => e.kind);
        expect(kinds).toEqual(['submission.received', 'delivery.delivered', 'delivery.delivered', 'submission.delivered']);
        const [view] = await store.listDeliveries({ state: 'delivered', route: 'hr-mailbox', limit: 10 });
        expect(view).toMatchObject({ reference: s.reference, deliveredAt: '2026-11-28T10:05:02.000Z' });
        expect(view?.leaseUntil).toBeUndefined();
      });

      it('puts a failed attempt back with its error, not due before its next attempt', async () => {
        const store = await open();
        await accept(store, { routes: ['mail-ged'] });
        const [d] = await store.claimDeliveries({ route: 'mail-ged', limit: 1, now: at('10:05:00.000'), leaseMs: LEASE });
        const error = 'Le dossier de dépôt /mnt/ged est introuvable.';
        await store.recordDelivery({ id: d!.id, claimToken: d!.claimToken, at: at('10:05:01.000'), outcome: 'retry', error, nextAttemptAt: at('10:10:00.000') });
        expect(await store.claimDeliveries({ route: 'mail-ged', limit: 1, now: at('10:09:59.999'), leaseMs: LEASE })).toEqual([]);
        const [waiting] = await store.listDeliveries({ state: 'waiting', limit: 10 });
        expect(waiting).toMatchObject({ state: 'pending', attempts: 1, lastError: error, nextAttemptAt: '2026-11-28T10:10:00.000Z', failingSince: '2026-11-28T10:05:01.000Z' });
        expect(waiting?.leaseUntil).toBeUndefined();
        const [again] = await store.claimDeliveries({ route: 'mail-ged', limit: 1, now: at('10:10:00.000'), leaseMs: LEASE });
        expect(again?.attempt).toBe(2);
        await store.recordDelivery({ id: again!.id, claimToken: again!.claimToken, at: at('10:10:01.000'), outcome: 'retry', error, nextAttemptAt: at('10:20:00.000') });
        expect(await store.deliverySummary()).toEqual([
          { route: 'mail-ged', pending: 1, waiting: 1, delivered: 0, dead: 0, failingSince: '2026-11-28T10:05:01.000Z' },
        ]);
      });

      it('gives back an interrupted attempt: due at once, not counted', async () => {
        const store = await open();
        await accept(store, { routes: ['mail-ged'] });
        const [d] = await store.claimDeliveries({ route: 'mail-ged', limit: 1, now: at('10:05:00.000'), leaseMs: LEASE });
        expect(await store.recordDelivery({ id: d!.id, claimToken: d!.claimToken, at: at('10:05:01.000'), outcome: 'released' })).toEqual({ recorded: true });
        const [again] = await store.claimDeliveries({ route: 'mail-ged', limit: 1, now: at('10:05:01.000'), leaseMs: LEASE });
        expect(again).toMatchObject({ id: d!.id, attempt: 1 });
      });

      it('parks a dead delivery out of reach of claims, and "retry now" brings it back with an audit event', async () => {
        const store = await open();
        const s = await accept(store, { routes: ['mail-ged'] });
        const [d] = await store.claimDeliveries({ route: 'mail-ged', limit: 1, now: at('10:05:00.000'), leaseMs: LEASE });
        const error = "L'application voirie.example a refusé l'envoi (400).";
        await store.recordDelivery({ id: d!.id, claimToken: d!.claimToken, at: at('10:05:01.000'), outcome: 'dead', error });
        expect(await store.claimDeliveries({ route: 'mail-ged', limit: 1, now: at('23:00:00.000'), leaseMs: LEASE })).toEqual([]);
        const [dead] = await store.listDeliveries({ state: 'dead', limit: 10 });
        expect(dead).toMatchObject({ id: d!.id, state: 'dead', attempts: 1, lastError: error, reference: s.reference, procedureId: 'write-to-town-hall' });
        expect((await store.deliverySummary())[0]).toMatchObject({ route: 'mail-ged', pending: 0, dead: 1 });

        const retried = await store.retryDeliveryNow(d!.id, { at: at('12:00:00.000'), by: 'console (jeton administrateur)' });
        expect(retried).toMatchObject({ outcome: 'retried', delivery: { state: 'pending', attempts: 0, nextAttemptAt: '2026-11-28T12:00:00.000Z', lastError: error } });
        const audit = await store.auditTrail(s.id);
        expect(audit.map((e) => e.kind)).toEqual(['submission.received', 'delivery.dead', 'delivery.retry-requested']);
        expect(audit[2]).toEqual({
          at: '2026-11-28T12:00:00.000Z',
          kind: 'delivery.retry-requested',
          actor: 'console (jeton administrateur)',
          terminal: null,
          data: { deliveryId: d!.id, route: 'mail-ged', by: 'console (jeton administrateur)', previousState: 'dead', previousAttempts: 1 },
        });
        const [back] = await store.claimDeliveries({ route: 'mail-ged', limit: 1, now: at('12:00:00.000'), leaseMs: LEASE });
        expect(back).toMatchObject({ id: d!.id, attempt: 1 });
        expect(await store.retryDeliveryNow(d!.id, { at: at('12:00:01.000'), by: 'x' })).toEqual({ outcome: 'in-flight' });
        await store.recordDelivery({ id: back!.id, claimToken: back!.claimToken, at: at('12:00:02.000'), outcome: 'delivered' });
        expect(await store.retryDeliveryNow(d!.id, { at: at('12:00:03.000'), by: 'x' })).toEqual({ outcome: 'already-delivered' });
        expect(await store.retryDeliveryNow(999_999, { at: at('12:00:03.000'), by: 'x' })).toEqual({ outcome: 'not-found' });
        expect((await store.findSubmission(s.reference))?.status).toBe('delivered');
      });

      it('notes why the deliveries of a route that cannot be served wait, without touching others', async () => {
        const store = await open();
        await accept(store);
        const error = "Destination non configurée : la variable d'environnement GUICHET_GED_FOLDER n'est pas définie.";
        expect(await store.noteUndeliverableRoute('mail-ged', error)).toBe(1);
        expect(await store.noteUndeliverableRoute('mail-ged', error)).toBe(0);
        const rows = await store.listDeliveries({ limit: 10 });
        expect(rows.find((r) => r.route === 'mail-ged')).toMatchObject({ state: 'pending', attempts: 0, lastError: error });
        expect(rows.find((r) => r.route === 'hr-mailbox')?.lastError).toBeUndefined();
        expect(await store.listDeliveries({ state: 'waiting', limit: 10 })).toHaveLength(1);
      });

      it('lists deliveries newest first, by state and route, with paging', async () => {
        const store = await open();
        for (let i = 0; i < 3; i++) await accept(store, { bodyHash: `b${i}` });
        const all = await store.listDeliveries({ limit: 100 });
        expect(all).toHaveLength(6);
        expect(all.map((d) => d.id)).toEqual([...all.map((d) => d.id)].sort((a, b) => b - a));
        expect(await store.listDeliveries({ route: 'hr-mailbox', limit: 2 })).toHaveLength(2);
        expect(await store.listDeliveries({ route: 'hr-mailbox', limit: 2, offset: 2 })).toHaveLength(1);
        expect(await store.listDeliveries({ state: 'dead', limit: 10 })).toEqual([]);
        // Keyset pages: the older page after a row, and back to the newer page before one.
        const ids = all.map((d) => d.id);
        const older = await store.listDeliveries({ limit: 2, before: ids[1]! });
        expect(older.map((d) => d.id)).toEqual(ids.slice(2, 4));
        expect((await store.listDeliveries({ limit: 2, after: ids[3]! })).map((d) => d.id)).toEqual(ids.slice(1, 3));
        expect((await store.listDeliveries({ route: 'hr-mailbox', limit: 5, before: ids[0]! + 1 })).every((d) => d.route === 'hr-mailbox')).toBe(true);
        expect(await store.listDeliveries({ limit: 2, before: Math.min(...ids) })).toEqual([]);
        expect(await store.deliverySummary()).toEqual([
          { route: 'hr-mailbox', pending: 3, waiting: 0, delivered: 0, dead: 0 },
          { route: 'mail-ged', pending: 3, waiting: 0, delivered: 0, dead: 0 },
        ]);
      });
    });

    describe('receipts, retention and the audit chain', () => {
      const at = (time: string) => new Date(`2026-11-28T${time}Z`);
      const accept = async (store: Store, overrides: Partial<NewSubmission> = {}) => {
        const s = submission(overrides);
        const accepted = await store.acceptSubmission(s);
        if (accepted.outcome !== 'created') throw new Error(accepted.outcome);
        return { ...s, reference: accepted.receipt.reference };
      };
      const deliver = async (store: Store, reference: string, when: Date) => {
        for (const route of ['mail-ged', 'hr-mailbox']) {
          const claimed = await store.claimDeliveries({ route, limit: 100, now: when, leaseMs: 60_000 });
          for (const d of claimed)
            await store.recordDelivery({ id: d.id, claimToken: d.claimToken, at: when, outcome: d.submission.reference === reference ? 'delivered' : 'released' });
        }
      };

      it('chains audit entries with who and which terminal, in one log that pages in order', async () => {
        const store = await open();
        const s = await accept(store, { actor: 'kiosk', terminal: 'epn-1' });
        await store.appendAudit({ at: '2026-11-28T12:00:00.000Z', kind: 'console.reprint', actor: 'agent:42', terminal: 'accueil', submissionId: s.id, data: { reference: s.reference } });
        await store.appendAudit({ at: '2026-11-28T12:01:00.000Z', kind: 'console.sign-in', actor: 'agent:42', data: {} });
        expect(await store.auditTrail(s.id)).toMatchObject([
          { kind: 'submission.received', actor: 'kiosk', terminal: 'epn-1' },
          { kind: 'console.reprint', actor: 'agent:42', terminal: 'accueil', data: { reference: s.reference } },
        ]);
        const log = await store.auditLog({ limit: 100 });
        expect(log.map((e) => e.kind)).toEqual(['submission.received', 'console.reprint', 'console.sign-in']);
        expect(log[2]).toMatchObject({ actor: 'agent:42', terminal: null, submission: null });
        expect(verifyAuditChain(log).breaks).toEqual([]);
        expect(log[0]!.prevHash).toBe(GENESIS_HASH);
        expect(await store.auditLog({ afterId: log[0]!.id, limit: 1 })).toEqual([log[1]]);
      });

      it('keeps the chain whole under concurrent writers', async () => {
        const store = await open();
        await Promise.all([
          ...Array.from({ length: 20 }, (_, i) => store.appendAudit({ at: `2026-11-28T12:00:${String(i).padStart(2, '0')}.000Z`, kind: 'k', actor: 'a', data: { i } })),
          ...Array.from({ length: 20 }, (_, i) => store.acceptSubmission(submission({ bodyHash: `c${i}` }))),
        ]);
        const log = await store.auditLog({ limit: 1000 });
        expect(log).toHaveLength(40);
        expect(verifyAuditChain(log).breaks).toEqual([]);
      });

      it('queues the AEE email with the submission when asked, and the ARE when it is delivered', async () => {
        const store = await open();
        const quiet = await accept(store);
        const wants = await accept(store, { emailReceipts: true });
        const [aee, ...none] = await store.claimReceiptEmails({ now: at('10:00:00.000'), limit: 10, leaseMs: 60_000 });
        expect(none).toEqual([]);
        expect(aee).toMatchObject({ submissionId: wants.id, reference: wants.reference, kind: 'registration', attempt: 1 });
        expect(await store.claimReceiptEmails({ now: at('10:00:30.000'), limit: 10, leaseMs: 60_000 })).toEqual([]);
        expect(await store.recordReceiptEmail({ id: aee!.id, claimToken: aee!.claimToken, at: at('10:00:31.000'), outcome: 'sent' })).toBe(true);
        expect(await store.recordReceiptEmail({ id: aee!.id, claimToken: aee!.claimToken, at: at('10:00:32.000'), outcome: 'sent' })).toBe(false);

        await deliver(store, quiet.reference, at('10:05:00.000'));
        await deliver(store, wants.reference, at('10:05:00.000'));
        const [are, ...more] = await store.claimReceiptEmails({ now: at('10:05:00.000'), limit: 10, leaseMs: 60_000 });
        expect(more).toEqual([]);
        expect(are).toMatchObject({ submissionId: wants.id, kind: 'receipt', attempt: 1 });
        await store.recordReceiptEmail({ id: are!.id, claimToken: are!.claimToken, at: at('10:05:01.000'), outcome: 'retry', error: 'busy', nextAttemptAt: at('10:10:00.000') });
        expect(await store.claimReceiptEmails({ now: at('10:09:59.999'), limit: 10, leaseMs: 60_000 })).toEqual([]);
        const [again] = await store.claimReceiptEmails({ now: at('10:10:00.000'), limit: 10, leaseMs: 60_000 });
        expect(again).toMatchObject({ id: are!.id, attempt: 2 });
        await store.recordReceiptEmail({ id: again!.id, claimToken: again!.claimToken, at: at('10:10:01.000'), outcome: 'dead', error: 'refused' });
        expect(await store.claimReceiptEmails({ now: at('23:00:00.000'), limit: 10, leaseMs: 60_000 })).toEqual([]);
        expect((await store.auditTrail(wants.id)).map((e) => e.kind)).toContain('receipt.email-failed');
      });

      it('purges answers and attachments of delivered submissions past the date, and keeps the minimal record', async () => {
        const store = await open();
        const file = { id: 'f', field: 'doc', type: 'image/png', bytes: 3, sha256: 'a'.repeat(64) };
        const old = await accept(store, { attachments: [file], emailReceipts: true });
        const fresh = await accept(store, { attachments: [file] });
        const stuck = await accept(store);
        await deliver(store, old.reference, at('10:00:00.000'));
        await deliver(store, fresh.reference, at('15:00:00.000'));
        expect(await store.attachmentInUse(file.sha256)).toBe(true);
        expect((await store.findSubmission(old.reference))?.answers).toEqual(old.answers);

        const purged = await store.purgeSubmissions({ procedureId: 'write-to-town-hall', lastChangeBefore: at('12:00:00.000'), at: at('20:00:00.000'), limit: 10 });
        expect(purged).toEqual([{ id: old.id, reference: old.reference, procedureId: 'write-to-town-hall', attachments: [file] }]);
        const kept = await store.findSubmission(old.reference);
        expect(kept).toMatchObject({ reference: old.reference, procedureId: 'write-to-town-hall', status: 'delivered', receivedAt: old.receivedAt, answers: undefined, purgedAt: '2026-11-28T20:00:00.000Z' });
        expect(kept?.history.map((h) => h.status)).toEqual(['received', 'delivered']);
        expect(await store.attachmentInUse(file.sha256)).toBe(true); // `fresh` still names it
        // Its unsent emails are given up: nothing left to claim for it.
        const claimable = await store.claimReceiptEmails({ now: at('21:00:00.000'), limit: 10, leaseMs: 1 });
        expect(claimable.filter((e) => e.submissionId === old.id)).toEqual([]);
        expect((await store.auditTrail(old.id)).at(-1)).toMatchObject({ kind: 'submission.purged', actor: 'retention' });

        expect(await store.purgeSubmissions({ procedureId: 'write-to-town-hall', lastChangeBefore: at('12:00:00.000'), at: at('21:00:00.000'), limit: 10 })).toEqual([]);
        expect(await store.purgeSubmissions({ procedureId: 'other', lastChangeBefore: at('23:00:00.000'), at: at('23:00:00.000'), limit: 10 })).toEqual([]);
        const later = await store.purgeSubmissions({ procedureId: 'write-to-town-hall', lastChangeBefore: at('23:00:00.000'), at: at('23:00:00.000'), limit: 10 });
        expect(later.map((p) => p.reference)).toEqual([fresh.reference]);
        expect(await store.attachmentInUse(file.sha256)).toBe(false);
        expect((await store.findSubmission(stuck.reference))?.answers).toBeDefined();
      });
    });

    describe('terminals', () => {
      const beat = (terminalId: string, at: string, overrides: Record<string, unknown> = {}) => ({
        terminalId,
        site: 'mediatheque',
        appVersion: '0.1.0',
        contentVersion: 'c1',
        outboxLength: 0,
        oldestAgeSeconds: 0,
        at: new Date(at),
        ...overrides,
      });

      it('keeps the last heartbeat of each terminal, first seen kept, last seen first', async () => {
        const store = await open();
        expect(await store.listTerminals()).toEqual([]);
        await store.recordHeartbeat(beat('t-a', '2026-11-28T10:00:00.000Z'));
        await store.recordHeartbeat(beat('t-b', '2026-11-28T10:00:30.000Z'));
        await store.recordHeartbeat(beat('t-a', '2026-11-28T10:01:00.000Z', { outboxLength: 3, oldestAgeSeconds: 75, contentVersion: 'c2' }));
        expect(await store.listTerminals()).toEqual([
          {
            terminalId: 't-a',
            site: 'mediatheque',
            appVersion: '0.1.0',
            contentVersion: 'c2',
            outboxLength: 3,
            oldestAgeSeconds: 75,
            firstSeenAt: '2026-11-28T10:00:00.000Z',
            lastSeenAt: '2026-11-28T10:01:00.000Z',
          },
          expect.objectContaining({ terminalId: 't-b', outboxLength: 0, lastSeenAt: '2026-11-28T10:00:30.000Z' }),
        ]);
      });
    });
  });
}
