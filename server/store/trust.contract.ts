// The trust part of the Store contract (migration 017): what the purge leaves of mandates.
// Called from store.contract.ts with its `open`, on SQLite and on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from './audit-chain.ts';
import { randomUUID } from 'node:crypto';
import { deliverAll } from '../test-support/deliver.ts';
import type { Mandate, NewSubmission, Store } from './types.ts';

const mandate = (id: string, mediatorId: number, overrides: Partial<Mandate> = {}): Mandate => ({
  id,
  mediatorId,
  residentName: `Résident ${id}`,
  procedureIds: ['write-to-town-hall'],
  scope: 'duration',
  createdAt: '2026-10-01T09:00:00.000Z',
  expiresAt: '2026-10-02T09:00:00.000Z',
  consentConfirmedAt: '2026-10-01T09:00:00.000Z',
  channel: 'epn',
  terminal: null,
  ...overrides,
});

export function testTrustStore(open: () => Promise<Store>): void {
  describe('trust', () => {
    it('removes the resident name of mandates ended before the date, once, and audits each by number only', async () => {
      const store = await open();
      const mediator = await store.createStaffAccount({
        role: 'mediator',
        login: 'm1',
        displayName: 'Médiatrice',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
        createdAt: '2026-09-01T09:00:00.000Z',
      });
      if (mediator === 'exists') throw new Error('unreachable');
      await store.createMandate(mandate('M-OLD', mediator.id));
      // Ended at 10:00 in town (09:00 UTC), written with its offset: compared as an instant.
      await store.createMandate(mandate('M-EDGE', mediator.id, { expiresAt: '2026-11-01T10:00:00.000+01:00' }));
      await store.createMandate(mandate('M-RUNNING', mediator.id, { expiresAt: '2027-10-01T09:00:00.000Z' }));

      const at = new Date('2026-12-01T09:00:00.000Z');
      expect(await store.purgeMandates({ endedBefore: new Date('2026-11-01T09:00:00.000Z'), at })).toBe(1);
      expect(await store.getMandate('M-OLD')).toMatchObject({ residentName: '', procedureIds: ['write-to-town-hall'] });
      expect((await store.getMandate('M-EDGE'))?.residentName).toBe('Résident M-EDGE');
      expect((await store.getMandate('M-RUNNING'))?.residentName).toBe('Résident M-RUNNING');
      expect(await store.purgeMandates({ endedBefore: new Date('2026-11-01T09:00:00.000Z'), at })).toBe(0);
      expect(await store.purgeMandates({ endedBefore: new Date('2026-11-01T09:00:00.001Z'), at })).toBe(1);
      await store.scrubRemoved();

      const log = await store.auditLog({ limit: 100 });
      expect(verifyAuditChain(log).breaks).toEqual([]);
      const purged = log.filter((e) => e.kind === 'mandate.purged');
      expect(purged.map((e) => e.data)).toEqual([{ mandate: 'M-OLD' }, { mandate: 'M-EDGE' }]);
      expect(JSON.stringify(log)).not.toContain('Résident');
    });

    it('keeps a terminal secret as given (a hash), replaces it at a new enrolment, and forgets it once revoked', async () => {
      const store = await open();
      const at = new Date('2026-11-28T10:00:00.000Z');
      expect(await store.terminalSecretHash('t-1')).toBeUndefined();
      await store.enrolTerminal({ terminalId: 't-1', secretHash: 'a'.repeat(64), site: 'mediatheque', by: 'admin:ada', at });
      expect(await store.terminalSecretHash('t-1')).toBe('a'.repeat(64));
      await store.enrolTerminal({ terminalId: 't-1', secretHash: 'b'.repeat(64), site: 'mediatheque', by: 'reception:rita', at });
      expect(await store.terminalSecretHash('t-1')).toBe('b'.repeat(64));
      expect(await store.revokeTerminal({ terminalId: 't-1', by: 'admin:ada', at })).toBe(true);
      expect(await store.revokeTerminal({ terminalId: 't-1', by: 'admin:ada', at })).toBe(false);
      expect(await store.terminalSecretHash('t-1')).toBeUndefined();
      const log = await store.auditLog({ limit: 100 });
      expect(verifyAuditChain(log).breaks).toEqual([]);
      expect(log.map((e) => [e.kind, e.actor, e.terminal])).toEqual([
        ['terminal.enrolled', 'admin:ada', 't-1'],
        ['terminal.enrolled', 'reception:rita', 't-1'],
        ['terminal.revoked', 'admin:ada', 't-1'],
      ]);
      expect(JSON.stringify(log)).not.toContain('a'.repeat(64));
    });

    it('ends a mandate once with who ended it, renews one in a transaction, and finds a resident code’s mandates', async () => {
      const store = await open();
      const mediator = await store.createStaffAccount({
        role: 'mediator',
        login: 'm2',
        displayName: 'Médiateur',
        passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
        createdAt: '2026-09-01T09:00:00.000Z',
      });
      if (mediator === 'exists') throw new Error('unreachable');
      const running = { expiresAt: '2027-06-01T09:00:00.000Z', residentCode: 'K7QD4M' };
      await store.createMandate(mandate('M-A', mediator.id, running));
      await store.createMandate(mandate('M-B', mediator.id, { ...running, residentCode: 'ZZZZZZ' }));
      const at = new Date('2026-12-01T09:00:00.000Z');

      expect(await store.endMandateBy({ id: 'M-B', at, actor: 'reception:rita', by: 'reception' })).toBe(true);
      expect(await store.endMandateBy({ id: 'M-B', at, actor: 'reception:rita', by: 'reception' })).toBe(false);
      expect(await store.getMandate('M-B')).toMatchObject({ expiresAt: at.toISOString(), endedBy: 'reception:rita', residentCode: 'ZZZZZZ' });

      const renewal = { ...mandate('M-A2', mediator.id, { createdAt: at.toISOString(), consentConfirmedAt: at.toISOString(), expiresAt: '2027-12-01T09:00:00.000Z', residentCode: 'K7QD4M' }), renews: 'M-A' };
      await store.renewMandate({ mandate: renewal, actor: 'mediator:m2' });
      expect(await store.getMandate('M-A')).toMatchObject({ expiresAt: at.toISOString(), endedBy: 'mediator:m2' });
      expect(await store.getMandate('M-A2')).toEqual(renewal);
      expect((await store.residentMandates('K7QD4M')).map((m) => m.id)).toEqual(['M-A', 'M-A2']);
      expect(await store.residentMandates('NOPE00')).toEqual([]);

      // The purge takes the code with the name: the resident's key opens nothing any more.
      expect(await store.purgeMandates({ endedBefore: new Date('2026-12-02T00:00:00.000Z'), at })).toBe(2);
      expect((await store.residentMandates('K7QD4M')).map((m) => m.id)).toEqual(['M-A2']);

      const log = await store.auditLog({ limit: 100 });
      expect(verifyAuditChain(log).breaks).toEqual([]);
      expect(log.map((e) => [e.kind, e.data])).toEqual([
        ['mandate.ended', { mandate: 'M-B', by: 'reception' }],
        ['mandate.renewed', { mandate: 'M-A2', renews: 'M-A', procedures: ['write-to-town-hall'], scope: 'duration', expiresAt: '2027-12-01T09:00:00.000Z' }],
        ['mandate.purged', { mandate: 'M-A' }],
        ['mandate.purged', { mandate: 'M-B' }],
      ]);
    });

    it('erases one submission at the person’s request, once, only once the service has it', async () => {
      const store = await open();
      const submission = (): NewSubmission => ({
        id: randomUUID(),
        procedureId: 'write-to-town-hall',
        procedureVersion: 1,
        locale: 'fr',
        answers: { message: 'Bonjour' },
        attachments: [{ id: 'a1', field: 'documents', type: 'application/pdf', bytes: 10, sha256: 'f'.repeat(64) }],
        bodyHash: 'body',
        receivedAt: '2026-11-28T10:00:00.000Z',
        routes: ['mail-ged'],
      });
      const accepted = await store.acceptSubmission(submission());
      if (accepted.outcome !== 'created') throw new Error('not created');
      const { reference } = accepted.receipt;
      const at = new Date('2026-11-29T10:00:00.000Z');
      expect(await store.eraseSubmission({ reference: 'NONE-NONE', at, actor: 'reception:rita' })).toEqual({ outcome: 'not-found' });
      expect(await store.eraseSubmission({ reference, at, actor: 'reception:rita' })).toEqual({ outcome: 'not-delivered' });
      expect((await store.findSubmission(reference))?.answers).toEqual({ message: 'Bonjour' });

      await deliverAll(store, reference, new Date('2026-11-28T11:00:00.000Z'));
      const erased = await store.eraseSubmission({ reference, at, actor: 'reception:rita' });
      expect(erased).toEqual({ outcome: 'erased', attachments: [expect.objectContaining({ sha256: 'f'.repeat(64) })] });
      expect(await store.attachmentInUse('f'.repeat(64))).toBe(false);
      expect(await store.findSubmission(reference)).toMatchObject({ reference, status: 'delivered', answers: undefined, purgedAt: at.toISOString() });
      expect(await store.eraseSubmission({ reference, at, actor: 'reception:rita' })).toEqual({ outcome: 'already-erased' });

      const log = await store.auditLog({ limit: 100 });
      expect(verifyAuditChain(log).breaks).toEqual([]);
      expect(log.filter((e) => e.kind === 'submission.erased')).toEqual([
        expect.objectContaining({ actor: 'reception:rita', data: { reference, attachments: 1, emailsGivenUp: 0 } }),
      ]);
    });
  });
}
