// Which mentions the law asks of an acknowledgment (CRPA R112-11-1, R112-11-2, RGPD art. 13),
// by the procedure's legal profile, and which of them content and site.yaml leave with nothing
// to print. Pure: content:check runs it on the files, server/receipts builds the documents
// from the same list, and a test there holds the two to the same answer on every procedure.
import type { LegalProfile, Procedure, Site } from './types.ts';

export type AcknowledgmentKind = 'registration' | 'receipt';

export type MentionId =
  | 'reference'
  | 'receivedAt'
  | 'procedure'
  | 'kind'
  | 'serviceName'
  | 'serviceContact'
  | 'servicePhone'
  | 'silence'
  | 'implicitDecisionDate'
  | 'certificate'
  | 'appeal'
  | 'incomplete'
  | 'dataController'
  | 'dataPurpose'
  | 'dataRetention'
  | 'dataRights'
  | 'dataProtectionOfficer'
  // Printed when a mediator helped under a mandate (issue 7); never required.
  | 'helper'
  | 'mandate'
  | 'mandateResident'
  | 'mandateProcedures'
  | 'mandateUntil';

/** Days answers are kept after the last status change, when the procedure does not say. */
export const DEFAULT_RETENTION_DAYS = 30;
/** Three months at most (legal.md, CNIL guidance on local e-services). */
export const MAX_RETENTION_DAYS = 92;
/** L231-1 and L231-4: two months, unless a decree sets another delay. */
export const DEFAULT_DELAY = '2 months';

/**
 * The retention period of a procedure in days: its own, within 1…92, or 30.
 *
 * @example retentionDays({ ...procedure, legal: { kind: 'request', service: 'mail', retentionDays: 200 } }) // 92
 */
export function retentionDays(procedure: Pick<Procedure, 'legal'>): number {
  const requested = procedure.legal?.retentionDays ?? DEFAULT_RETENTION_DAYS;
  return Math.min(Math.max(1, Math.floor(requested)), MAX_RETENTION_DAYS);
}

/**
 * The silence rule an acknowledgment prints: none unless the procedure is a request, and never
 * acceptance between the town and its own agents (L231-4 5°).
 *
 * @example effectiveSilence({ audience: 'agent', legal: { kind: 'request', silence: 'acceptance', service: 'hr' } }) // 'rejection'
 */
export function effectiveSilence(procedure: Pick<Procedure, 'audience' | 'legal'>): LegalProfile['silence'] {
  const legal = procedure.legal;
  const kind = legal?.kind ?? 'request';
  if (kind !== 'request') return undefined;
  if (procedure.audience === 'agent' && legal?.silence === 'acceptance') return 'rejection';
  return legal?.silence;
}

/**
 * The mentions an acknowledgment must carry, by its kind and its procedure's profile (with the
 * silence rule as `effectiveSilence` gives it).
 *
 * @example requiredMentions('registration', { kind: 'request' }) // ['reference', 'receivedAt']
 */
export function requiredMentions(
  kind: AcknowledgmentKind,
  procedure: { kind: LegalProfile['kind']; silence?: LegalProfile['silence'] },
): MentionId[] {
  const registration: MentionId[] = ['reference', 'receivedAt'];
  if (kind === 'registration') return registration;
  const required: MentionId[] = [...registration, 'serviceName', 'serviceContact', 'servicePhone'];
  if (procedure.kind === 'request') {
    required.push('silence');
    if (procedure.silence === 'acceptance') required.push('implicitDecisionDate', 'certificate');
    if (procedure.silence === 'rejection') required.push('implicitDecisionDate', 'appeal');
  }
  if (procedure.kind !== 'information') required.push('incomplete');
  required.push('dataController', 'dataPurpose', 'dataRetention', 'dataRights', 'dataProtectionOfficer');
  return required;
}

const DELAY = /^([1-9]\d{0,2}) (months?|days?|working days?)$/;

/** Whether the calendar can compute a delay: `2 months`, `1 month`, `10 working days`. */
export function isComputableDelay(delay: string): boolean {
  const match = DELAY.exec(delay);
  if (!match) return false;
  return (match[2]?.endsWith('s') ?? false) === (match[1] !== '1');
}

/** A mention an acknowledgment of receipt would print empty, and what to write to fill it. */
export interface MentionGap {
  mention: MentionId;
  /** Where the law asks for it. */
  basis: string;
  /** Which file lacks it: site.yaml, or the procedure's own file. */
  file: 'site' | 'procedure';
  /** Path in that file where the fix goes. */
  path: PropertyKey[];
  /** What to write, for the content editor. */
  message: string;
}

const filled = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';

/**
 * The mentions that every acknowledgment of receipt takes from site.yaml alone (the personal
 * data notice), which site.yaml leaves empty.
 *
 * @example siteMentionGaps({ ...site, dataProtection: undefined }).map((g) => g.mention) // ['dataProtectionOfficer']
 */
export function siteMentionGaps(site: Site): MentionGap[] {
  const dpo = site.dataProtection?.dpo;
  if (dpo && [dpo.email, dpo.address, dpo.phone].some(filled)) return [];
  return [
    {
      mention: 'dataProtectionOfficer',
      basis: 'RGPD art. 13.1.b',
      file: 'site',
      path: ['dataProtection'],
      message:
        "every acknowledgment of receipt prints how to reach the data protection officer: give dataProtection.dpo with an email, address or phone",
    },
  ];
}

/**
 * The mentions of a procedure's acknowledgment of receipt that its legal profile and its
 * service in site.yaml leave empty; the site-wide ones are `siteMentionGaps`. An empty list
 * means the ARE is complete (L112-6: an incomplete one makes appeal time limits unenforceable).
 *
 * @example procedureMentionGaps(procedure, site) // [{ mention: 'servicePhone', file: 'site', path: ['services', 3, 'phone'], … }]
 */
export function procedureMentionGaps(procedure: Procedure, site: Site): MentionGap[] {
  const legal = procedure.legal;
  const gaps: MentionGap[] = [];
  const gap = (mention: MentionId, basis: string, file: MentionGap['file'], path: PropertyKey[], message: string) =>
    gaps.push({ mention, basis, file, path, message });
  if (!legal) {
    const message = 'no legal profile: the acknowledgment of receipt would lack the service in charge and the silence rule (add legal:)';
    for (const mention of ['serviceName', 'serviceContact', 'servicePhone', 'silence'] as const) gap(mention, 'R112-11-1', 'procedure', [], message);
    return gaps;
  }
  const silence = effectiveSilence(procedure);
  const required = new Set(requiredMentions('receipt', { kind: legal.kind, ...(silence ? { silence } : {}) }));
  const serviceIndex = site.services.findIndex((s) => s.id === legal.service);
  const service = site.services[serviceIndex];
  if (!service) {
    for (const mention of ['serviceName', 'serviceContact', 'servicePhone'] as const)
      gap(mention, 'R112-11-1 2°', 'procedure', ['legal', 'service'], `the service in charge '${legal.service}' is not in site.yaml`);
  } else {
    const where = ['services', serviceIndex];
    if (!filled(service.name.fr)) gap('serviceName', 'R112-11-1 2°', 'site', [...where, 'name'], `service '${service.id}' has no French name`);
    if (!filled(service.email) && !filled(service.address))
      gap('serviceContact', 'R112-11-1 2°', 'site', where, `service '${service.id}' needs an email or a postal address, printed on the acknowledgment of receipt`);
    if (!filled(service.phone))
      gap('servicePhone', 'R112-11-1 2°', 'site', where, `service '${service.id}' needs a phone number, printed on the acknowledgment of receipt`);
  }
  if (required.has('silence')) {
    if (silence === undefined)
      gap('silence', 'R112-11-1 3°', 'procedure', ['legal'], 'a request needs a silence rule (legal.silence: acceptance, rejection or not-applicable)');
    else if (silence === 'not-applicable' && !filled(legal.silenceReason?.fr))
      gap('silence', 'R112-11-1 3°', 'procedure', ['legal', 'silence'], 'silence: not-applicable needs its reason (legal.silenceReason)');
  }
  if (required.has('implicitDecisionDate') && !isComputableDelay(legal.delay ?? DEFAULT_DELAY))
    gap('implicitDecisionDate', 'R112-11-1 3°', 'procedure', ['legal', 'delay'], `the date of the implicit decision cannot be computed from delay '${legal.delay}'`);
  if (required.has('appeal') && (legal.appeal ? !filled(legal.appeal.fr) : !filled(site.court)))
    gap('appeal', 'R112-11-1 3°', 'procedure', ['legal', 'silence'], 'silence: rejection needs the routes of appeal: legal.appeal, or the administrative court in site.yaml (court)');
  return gaps;
}
