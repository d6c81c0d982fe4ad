// The staff part of the Store contract (migration 005): accounts, sessions with a server-side
// end, mandates, and who made each submission. Called from store.contract.ts with its `open`.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Mandate, NewStaffAccount, NewSubmission, Store } from './types.ts';

const account = (overrides: Partial<NewStaffAccount> = {}): NewStaffAccount => ({
  role: 'agent',
  login: '4512',
  displayName: 'Agent 4512',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
  createdAt: '2026-11-28T09:00:00.000Z',
  ...overrides,
});

const submission = (overrides: Partial<NewSubmission> = {}): NewSubmission => ({
  id: randomUUID(),
  procedureId: 'write-to-town-hall',
  procedureVersion: 1,
  locale: 'fr',
  answers: { message: 'Bonjour' },
  attachments: [],
  bodyHash: 'body',
  receivedAt: '2026-11-28T11:00:00.000+01:00',
  routes: ['mail-ged'],
  ...overrides,
});

export function testStaffStore(open: () => Promise<Store>): void {
  describe('staff', () => {
    it('keeps one account per role and login, and finds it by both', async () => {
      const store = await open();
      const created = await store.createStaffAccount(account());
      expect(created).toMatchObject({ role: 'agent', login: '4512', disabled: false });
      expect(await store.createStaffAccount(account({ displayName: 'Autre' }))).toBe('exists');
      const mediator = await store.createStaffAccount(account({ role: 'mediator', login: '4512' }));
      expect(mediator).not.toBe('exists');
      expect(await store.findStaffAccount('agent', '4512')).toEqual(created);
      expect(await store.findStaffAccount('reception', '4512')).toBeUndefined();
      expect((await store.listStaffAccounts()).map((a) => a.role)).toEqual(['agent', 'mediator']);
    });

    it('finds a session until its server-side end, and never for a disabled account', async () => {
      const store = await open();
      const a = await store.createStaffAccount(account());
      if (a === 'exists') throw new Error('exists');
      await store.createStaffSession({ tokenHash: 'h1', accountId: a.id, createdAt: '2026-11-28T09:00:00.000Z', expiresAt: '2026-11-28T17:00:00.000Z' });
      expect((await store.findStaffSession('h1', new Date('2026-11-28T16:59:59Z')))?.account.id).toBe(a.id);
      expect(await store.findStaffSession('h1', new Date('2026-11-28T17:00:00Z'))).toBeUndefined();
      expect(await store.findStaffSession('other', new Date('2026-11-28T10:00:00Z'))).toBeUndefined();
      await store.deleteStaffSession('h1');
      expect(await store.findStaffSession('h1', new Date('2026-11-28T10:00:00Z'))).toBeUndefined();

      await store.createStaffSession({ tokenHash: 'h2', accountId: a.id, createdAt: '2026-11-28T09:00:00.000Z', expiresAt: '2026-11-28T17:00:00.000Z' });
      expect(await store.updateStaffAccount(a.id, { disabled: true })).toBe(true);
      expect(await store.findStaffSession('h2', new Date('2026-11-28T10:00:00Z'))).toBeUndefined();
      expect(await store.updateStaffAccount(9999, { disabled: true })).toBe(false);
    });

    it('keeps mandates, ends them, and records who made a submission in its transaction', async () => {
      const store = await open();
      const mediator = await store.createStaffAccount(account({ role: 'mediator', login: 'm.durand', displayName: 'Marc Durand' }));
      const agent = await store.createStaffAccount(account());
      if (mediator === 'exists' || agent === 'exists') throw new Error('exists');
      const mandate: Mandate = {
        id: randomUUID(),
        mediatorId: mediator.id,
        residentName: 'Jeanne Petit',
        procedureIds: ['write-to-town-hall'],
        scope: 'duration',
        createdAt: '2026-11-28T09:30:00.000Z',
        expiresAt: '2027-05-28T09:30:00.000Z',
        consentConfirmedAt: '2026-11-28T09:30:00.000Z',
        channel: 'epn',
        terminal: 't-1',
      };
      await store.createMandate(mandate);
      expect(await store.getMandate(mandate.id)).toEqual(mandate);
      expect((await store.listMandates({ mediatorId: mediator.id, since: '2026-11-28T00:00:00.000Z' })).map((m) => m.id)).toEqual([mandate.id]);
      expect(await store.listMandates({ mediatorId: mediator.id, since: '2026-11-29T00:00:00.000Z' })).toEqual([]);
      // A day that starts in town time: 10:00 at UTC+01:00 is 09:00 UTC, before the mandate's 09:30 UTC.
      expect((await store.listMandates({ mediatorId: mediator.id, since: '2026-11-28T10:00:00+01:00' })).map((m) => m.id)).toEqual([mandate.id]);
      expect(await store.listMandates({ mediatorId: mediator.id, since: '2026-11-28T10:31:00+01:00' })).toEqual([]);

      const assisted = submission({ attribution: { channel: 'epn', mediatorId: mediator.id, mandateId: mandate.id } });
      const own = submission({ attribution: { channel: 'tiers-lieu', agentId: agent.id }, receivedAt: '2026-11-28T12:00:00.000+01:00' });
      const alone = submission();
      for (const s of [assisted, own, alone]) expect((await store.acceptSubmission(s)).outcome).toBe('created');
      expect(await store.attributionOf(assisted.id)).toEqual({ channel: 'epn', mediatorId: mediator.id, mandateId: mandate.id });
      expect(await store.attributionOf(alone.id)).toBeUndefined();
      const mine = await store.listAttributed({ agentId: agent.id, limit: 10 });
      expect(mine.map((s) => s.submissionId)).toEqual([own.id]);
      expect(mine[0]).toMatchObject({ status: 'received', procedureId: 'write-to-town-hall', channel: 'tiers-lieu' });
      expect((await store.listAttributed({ mediatorId: mediator.id, since: '2026-11-28T00:00:00+01:00', limit: 10 })).map((s) => s.mandateId)).toEqual([mandate.id]);
      expect(await store.listAttributed({ mediatorId: mediator.id, since: '2026-11-29T00:00:00+01:00', limit: 10 })).toEqual([]);

      await store.endMandate(mandate.id, new Date('2026-11-28T10:00:00.000Z'));
      expect((await store.getMandate(mandate.id))?.expiresAt).toBe('2026-11-28T10:00:00.000Z');
    });

    it('records the site of a reception account and of a submission, and lists a site’s submissions and deliveries', async () => {
      const store = await open();
      const desk = await store.createStaffAccount(account({ role: 'reception', login: 'accueil', site: 'accueil-mairie' }));
      const everywhere = await store.createStaffAccount(account({ role: 'reception', login: 'mairie' }));
      if (desk === 'exists' || everywhere === 'exists') throw new Error('exists');
      expect(desk.site).toBe('accueil-mairie');
      expect(everywhere).not.toHaveProperty('site');
      expect((await store.findStaffAccount('reception', 'accueil'))?.site).toBe('accueil-mairie');

      const here = submission({ attribution: { channel: 'reception', site: 'accueil-mairie' } });
      const there = submission({ attribution: { channel: 'epn', site: 'mediatheque' } });
      const unsaid = submission({ attribution: { channel: null } });
      for (const s of [here, there, unsaid]) expect((await store.acceptSubmission(s)).outcome).toBe('created');
      expect(await store.attributionOf(here.id)).toEqual({ channel: 'reception', site: 'accueil-mairie' });
      expect(await store.attributionOf(unsaid.id)).toEqual({ channel: null });
      expect((await store.listAttributed({ site: 'accueil-mairie', limit: 10 })).map((s) => s.submissionId)).toEqual([here.id]);
      expect((await store.listAttributed({ limit: 10 })).length).toBe(3);

      expect(await store.noteUndeliverableRoute('mail-ged', 'non configuré')).toBe(3);
      expect((await store.listDeliveries({ state: 'waiting', site: 'mediatheque', limit: 10 })).map((d) => d.submissionId)).toEqual([there.id]);
      expect((await store.listDeliveries({ state: 'waiting', limit: 10 })).length).toBe(3);
    });

    it('keeps a sealed hand-off until opened once or expired, then a tombstone until its end', async () => {
      const store = await open();
      const desk = await store.createStaffAccount(account({ role: 'reception', login: 'accueil' }));
      if (desk === 'exists') throw new Error('exists');
      const handoff = {
        id: randomUUID(),
        lookup: 'L'.repeat(43),
        sealed: '{"iv":"x","data":"y"}',
        procedureId: 'write-to-town-hall',
        procedureVersion: 1,
        terminal: 't-1',
        site: 'mediatheque',
        createdAt: '2026-11-28T10:00:00.000Z',
        expiresAt: '2026-11-28T14:00:00.000Z',
      };
      await store.createHandoff(handoff);
      const opening = { by: desk.id, session: 'session-hash', keepUntil: new Date('2026-11-28T18:00:00Z') };
      expect(await store.openHandoff('other', { ...opening, at: new Date('2026-11-28T11:00:00Z') })).toBeUndefined();
      expect(await store.openHandoff(handoff.lookup, { ...opening, at: new Date('2026-11-28T14:00:00Z') })).toBeUndefined();
      const opened = await store.openHandoff(handoff.lookup, { ...opening, at: new Date('2026-11-28T11:00:00Z') });
      expect(opened).toEqual({ id: handoff.id, sealed: handoff.sealed, procedureId: 'write-to-town-hall', procedureVersion: 1, terminal: 't-1', site: 'mediatheque', createdAt: handoff.createdAt });
      expect(await store.openHandoff(handoff.lookup, { ...opening, at: new Date('2026-11-28T11:00:01Z') })).toBeUndefined();

      const continuing = submission({ attribution: { channel: 'reception', receptionId: desk.id }, continuingSession: 'session-hash', actor: 'reception:accueil' });
      expect((await store.acceptSubmission(continuing)).outcome).toBe('created');
      expect((await store.auditTrail(continuing.id)).find((e) => e.kind === 'submission.handed-off')?.data).toMatchObject({ fromTerminal: 't-1' });

      // The tombstone lasts the opening session; then the purge takes it.
      expect(await store.purgeHandoffs(new Date('2026-11-28T17:59:00Z'))).toBe(0);
      expect(await store.purgeHandoffs(new Date('2026-11-28T18:00:00Z'))).toBe(1);
    });

  describe('desk (migration 013)', () => {
    it('keeps instructors and managers with the services they handle, beside the other roles', async () => {
      const store = await open();
      const instructor = await store.createStaffAccount(account({ role: 'instructor', login: 'c.martin', displayName: 'Claire Martin', services: ['civil-status', 'mail'] }));
      expect(instructor).toMatchObject({ role: 'instructor', services: ['civil-status', 'mail'] });
      expect(await store.createStaffAccount(account({ role: 'manager', login: 'c.martin', services: ['mail'] }))).toMatchObject({ role: 'manager' });
      expect(await store.findStaffAccount('instructor', 'c.martin')).toEqual(instructor);
      const agent = await store.createStaffAccount(account());
      expect(agent).not.toHaveProperty('services');
    });

    it('lists the open requests of some procedures with their history and assignee, keeps notes', async () => {
      const store = await open();
      const claire = await store.createStaffAccount(account({ role: 'instructor', login: 'c.martin', displayName: 'Claire Martin', services: ['mail'] }));
      if (claire === 'exists') throw new Error('exists');
      const mine = submission();
      const other = submission({ receivedAt: '2026-11-28T12:00:00.000+01:00' });
      expect((await store.acceptSubmission(mine)).outcome).toBe('created');
      expect((await store.acceptSubmission(other)).outcome).toBe('created');
      expect(await store.deskOpenRequests({ procedureIds: ['school-registration'], limit: 10 })).toEqual([]);
      expect((await store.deskOpenRequests({ procedureIds: ['write-to-town-hall'], limit: 10 })).map((r) => r.submissionId)).toEqual([mine.id, other.id]);
      let open_ = await store.deskOpenRequests({ procedureIds: ['write-to-town-hall'], limit: 1 });
      expect(open_).toHaveLength(1);
      expect(open_[0]).toMatchObject({ submissionId: mine.id, procedureId: 'write-to-town-hall', locale: 'fr' });
      expect(open_[0]!.history.map((h) => h.status)).toEqual(['registered']);
      expect(open_[0]).not.toHaveProperty('assignee');
      expect(await store.deskOpenRequests({ procedureIds: [], limit: 10 })).toEqual([]);

      await store.assignRequest({ submissionId: mine.id, accountId: claire.id, at: '2026-11-28T12:00:00.000Z', actor: 'instructor:c.martin' })
      open_ = await store.deskOpenRequests({ procedureIds: ['write-to-town-hall'], limit: 1 });
      expect(open_[0]!.assignee).toEqual({ id: claire.id, name: 'Claire Martin' });
      expect(await store.deskAssignee(mine.id)).toEqual({ id: claire.id, name: 'Claire Martin' });
      expect(await store.deskAssignee(other.id)).toBeUndefined();
      await store.assignRequest({ submissionId: mine.id, accountId: null, at: '2026-11-28T12:01:00.000Z', actor: 'instructor:c.martin' });
      expect((await store.deskOpenRequests({ procedureIds: ['write-to-town-hall'], limit: 1 }))[0]).not.toHaveProperty('assignee');

      await store.addDeskNote({ submissionId: mine.id, authorId: claire.id, actor: 'instructor:c.martin', at: '2026-11-28T12:02:00.000Z', text: 'Rappeler lundi' });
      expect(await store.deskNotes(mine.id)).toEqual([{ at: '2026-11-28T12:02:00.000Z', text: 'Rappeler lundi', authorId: claire.id, authorName: 'Claire Martin' }]);
      expect(await store.deskNotes(other.id)).toEqual([]);
      // The audit says a note was written, never what it says.
      const trail = await store.auditTrail(mine.id);
      expect(trail.map((e) => e.kind)).toEqual(expect.arrayContaining(['desk.assigned', 'desk.note-added']));
      expect(JSON.stringify(trail)).not.toContain('Rappeler');
    });
  });
  });
}
