// The implicit decision job, driven by the clock it is given, with two instances over one real
// SQLite file, as two servers would run it.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { createSqliteStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { createImplicitDecisionJob } from './implicit-decisions.ts';
import { storeRequestLife } from './store-life.ts';

const procedure = (id: string, silence: 'acceptance' | 'rejection' | 'not-applicable'): Procedure => ({
  id,
  version: 1,
  audience: 'resident',
  category: 'street',
  pictogram: 'street',
  title: { fr: id },
  summary: { fr: id },
  intro: { needs: [], minutes: 2 },
  steps: [{ id: 'phone', title: { fr: 'Téléphone' }, fields: [{ id: 'phone', type: 'phone', label: { fr: 'Téléphone' } }] }],
  routes: ['street-app'],
  legal: { kind: 'request', silence, delay: '2 months', service: 'technical', ...(silence === 'not-applicable' ? { silenceReason: { fr: 'Hors SVE' } } : {}) },
});
const procedures = [procedure('sva', 'acceptance'), procedure('svr', 'rejection'), procedure('none', 'not-applicable')];

describe('the implicit decision job', () => {
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.dispose()));
  });

  it('decides by silence on the date, once with two instances, with one notice, and not before', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'guichet-job-')), 'guichet.sqlite');
    const [a, b] = [createSqliteStore({ file }), createSqliteStore({ file })];
    stores.push(a, b);
    await a.migrate();
    await b.migrate();
    for (const p of procedures) await a.rememberProcedureVersion({ id: p.id, version: 1, hash: p.id, procedure: p });
    const references: Record<string, string> = {};
    for (const p of procedures) {
      const accepted = await a.acceptSubmission({
        id: randomUUID(), procedureId: p.id, procedureVersion: 1, locale: 'fr', answers: { phone: '06 12 34 56 78' }, attachments: [], bodyHash: 'b',
        receivedAt: '2026-03-02T10:00:00.000+01:00', routes: ['street-app'],
      });
      if (accepted.outcome !== 'created') throw new Error('not created');
      references[p.id] = accepted.receipt.reference;
      const [claimed] = await a.claimDeliveries({ route: 'street-app', limit: 1, now: new Date('2026-03-02T09:05:00Z'), leaseMs: 60_000 });
      await a.recordDelivery({ id: claimed!.id, claimToken: claimed!.claimToken, at: new Date('2026-03-02T09:05:00Z'), outcome: 'delivered' });
    }
    let clock = new Date('2026-05-01T20:00:00.000Z'); // 1 May, 22:00 in Paris: the day before.
    const job = (store: Store) =>
      createImplicitDecisionJob({ store, life: storeRequestLife(store, (id) => procedures.find((p) => p.id === id)), now: () => clock });
    expect(await job(a).runDue()).toBe(0);

    clock = new Date('2026-05-01T22:30:00.000Z'); // 2 May, 00:30 in Paris: the date has come.
    const counts = await Promise.all([job(a).runDue(), job(b).runDue(), job(a).runDue()]);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(2);
    const life = async (id: string) => (await b.requestLife(references[id]!))!.history.map((entry) => entry.status);
    expect(await life('sva')).toEqual(['registered', 'received', 'deemed-accepted']);
    expect(await life('svr')).toEqual(['registered', 'received', 'deemed-rejected']);
    expect(await life('none')).toEqual(['registered', 'received']);
    expect((await b.requestLife(references.sva!))!.history.at(-1)).toMatchObject({ decidedOn: '2026-05-02', actor: { kind: 'system' } });
    const notices = await b.listNotices((await b.findSubmission(references.sva!))!.id);
    expect(notices.map((notice) => [notice.channel, notice.status])).toEqual([['sms', 'deemed-accepted']]);
    expect(await job(b).runDue()).toBe(0);
  });
});
