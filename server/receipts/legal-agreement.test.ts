// content:check and the receipts must agree on what makes an acknowledgment of receipt
// incomplete: content/model/legal.ts says it from the files, missingMentions from the built
// document. This guards against the two drifting apart (a check that passes an ARE that
// prints an empty mention).
import { describe, expect, it } from 'vitest';
import { procedureMentionGaps, siteMentionGaps, type Procedure, type Site } from '../../content/model/index.ts';
import { loadContent } from '../../content/check/index.ts';
import { buildReceipt, missingMentions } from './acknowledgment.ts';
import { receiptContextOf } from './site-context.ts';

const { site, procedures } = loadContent();

function gapsOf(procedure: Procedure, town: Site): string[] {
  return [...siteMentionGaps(town), ...procedureMentionGaps(procedure, town)].map((g) => g.mention).sort();
}

function missingOf(procedure: Procedure, town: Site, locale = 'fr'): string[] {
  const ack = buildReceipt(
    { reference: 'K7QD-4MZ9', receivedAt: new Date('2026-03-15T09:30:00Z'), procedure, locale, answers: {} },
    receiptContextOf(town),
  );
  return [...new Set(missingMentions(ack))].sort();
}

const withLegal = (p: Procedure, legal: Partial<NonNullable<Procedure['legal']>> | undefined): Procedure =>
  legal === undefined ? (({ legal: _drop, ...rest }) => rest)(p) : { ...p, legal: { ...p.legal!, ...legal } };

const withService = (town: Site, id: string, change: Record<string, string | undefined>): Site => ({
  ...town,
  services: town.services.map((s) => (s.id === id ? (JSON.parse(JSON.stringify({ ...s, ...change })) as typeof s) : s)),
});

describe('content:check and missingMentions agree', () => {
  it.each(procedures.map((p) => [p.id, p] as const))('%s: complete in every locale', (_id, procedure) => {
    expect(gapsOf(procedure, site)).toEqual([]);
    for (const locale of site.locales.map((l) => l.code)) expect(missingOf(procedure, site, locale)).toEqual([]);
  });

  const cases: Array<[string, (p: Procedure) => Procedure, (s: Site, p: Procedure) => Site]> = [
    ['no DPO', (p) => p, (s) => (({ dataProtection: _d, ...rest }) => rest)(s)],
    ['service without phone', (p) => p, (s, p) => withService(s, p.legal!.service, { phone: undefined })],
    ['service without email nor address', (p) => p, (s, p) => withService(s, p.legal!.service, { email: undefined, address: undefined })],
    ['unknown service', (p) => withLegal(p, { service: 'nowhere' }), (s) => s],
    ['no legal profile', (p) => withLegal(p, undefined), (s) => s],
    ['request without silence', (p) => withLegal(p, { kind: 'request', silence: undefined }), (s) => s],
    ['not-applicable without reason', (p) => withLegal(p, { kind: 'request', silence: 'not-applicable', silenceReason: undefined }), (s) => s],
    ['rejection without appeal nor court', (p) => withLegal(p, { kind: 'request', silence: 'rejection', appeal: undefined }), (s) => (({ court: _c, ...rest }) => rest)(s)],
    ['rejection without appeal, with a court', (p) => withLegal(p, { kind: 'request', silence: 'rejection', appeal: undefined }), (s) => s],
    ['a delay the calendar cannot compute', (p) => withLegal(p, { kind: 'request', silence: 'acceptance', delay: '1 months' }), (s) => s],
    ['a declaration', (p) => withLegal(p, { kind: 'declaration' }), (s) => s],
    ['an information', (p) => withLegal(p, { kind: 'information' }), (s) => s],
  ];

  describe.each(cases)('%s', (_name, changeProcedure, changeSite) => {
    it.each(procedures.map((p) => [p.id, p] as const))('%s', (_id, procedure) => {
      const changed = changeProcedure(procedure);
      const town = changeSite(site, procedure);
      expect(gapsOf(changed, town)).toEqual(missingOf(changed, town));
    });
  });

  it('never prints acceptance by silence for an agent procedure', () => {
    const agent = procedures.find((p) => p.audience === 'agent')!;
    const ack = buildReceipt(
      { reference: 'K7QD-4MZ9', receivedAt: new Date(), procedure: withLegal(agent, { silence: 'acceptance' }), locale: 'fr', answers: {} },
      receiptContextOf(site),
    );
    expect(ack.procedure.silence).toBe('rejection');
  });
});
