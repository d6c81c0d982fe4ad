// The behaviour every Store implementation owes the server. Each implementation's test file
// calls testStore with a factory for a fresh, empty store.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { REFERENCE, TRACKING_CODE } from '../references.ts';
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
  });
}
