// Owns a mandate's life after its making (issue 22, part 7; Aidants Connect #63, #64): the
// reception desk ends one with the resident present, as the printed consent promises; the
// mediator who holds one renews it with a new spoken consent; the resident sees their mandates
// and what was done under them, with the number and the code printed on the consent. Each step
// is in the audit chain, without the resident's name.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Content } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import { newTrackingCode, TRACKING_CODE } from '../references.ts';
import type { Channel, Mandate, StaffAccount, Store, SubmissionStatus } from '../store/types.ts';
import { actorOf } from './auth.ts';
import { MAX_MANDATE_DAYS, ownMandate } from './mandates.ts';

/** The body of `POST /api/staff/mandates/:id/renew`: a new duration, and the new spoken consent. */
export const renewalSchema = z.strictObject({
  until: z.strictObject({ scope: z.literal('duration'), days: z.int().min(1).max(MAX_MANDATE_DAYS) }),
  consent: z.literal(true),
});

export type Renewal = z.output<typeof renewalSchema>;

const MANDATE_ID = /^[0-9a-f-]{36}$/;

const notFound = () => new GuichetError('mandate-not-found', 'Ce mandat n’existe pas, ou ses données ont été effacées.');

/**
 * Renews the helper's own mandate (running or ended, not purged): a new mandate for the same
 * resident and procedures, from now for `days`, with the same resident code; the previous one
 * ends now. 422 `unknown-procedure` when the town no longer offers one of its procedures.
 *
 * @example await renewMandate({ store, content, helper, id, renewal: { until: { scope: 'duration', days: 90 }, consent: true }, now, channel: 'epn', terminal: null })
 */
export async function renewMandate(input: {
  store: Store;
  content: Content;
  helper: StaffAccount;
  id: string;
  renewal: Renewal;
  now: Date;
  channel: Channel | null;
  terminal: string | null;
}): Promise<Mandate> {
  const previous = await ownMandate(input.store, input.helper, input.id);
  if (previous.purgedAt) throw notFound();
  const offered = new Set(input.content.procedures.filter((p) => p.audience !== 'agent').map((p) => p.id));
  const gone = previous.procedureIds.filter((id) => !offered.has(id));
  if (gone.length > 0) throw new GuichetError('unknown-procedure', `Ces démarches ne sont plus proposées : ${gone.join(', ')}. Ouvrez un nouveau mandat.`);
  const at = input.now.toISOString();
  const mandate: Mandate & { renews: string } = {
    id: randomUUID(),
    mediatorId: input.helper.id,
    residentName: previous.residentName,
    procedureIds: previous.procedureIds,
    scope: 'duration',
    createdAt: at,
    expiresAt: new Date(input.now.getTime() + input.renewal.until.days * 86_400_000).toISOString(),
    consentConfirmedAt: at,
    channel: input.channel,
    terminal: input.terminal,
    residentCode: previous.residentCode ?? newTrackingCode(),
    renews: previous.id,
  };
  await input.store.renewMandate({ mandate, actor: actorOf(input.helper) });
  return mandate;
}

/**
 * Any mandate, as the reception desk finds it by the number printed on the consent; 404 when
 * there is none or its data was purged.
 */
export async function findMandate(store: Store, id: string): Promise<Mandate> {
  const found = MANDATE_ID.test(id) ? await store.getMandate(id) : undefined;
  if (!found || found.purgedAt) throw notFound();
  return found;
}

/**
 * Ends a mandate at the resident's request, at the reception desk with the resident present;
 * whoever holds it. False when it had already ended.
 */
export async function endAtReception(input: { store: Store; reception: StaffAccount; id: string; now: Date }): Promise<boolean> {
  const found = await findMandate(input.store, input.id);
  return input.store.endMandateBy({ id: found.id, at: input.now, actor: actorOf(input.reception), by: 'reception' });
}

/** What the resident sees of one mandate: what was agreed, how it ended, what was sent under it. */
export interface ResidentMandate {
  id: string;
  residentName: string;
  helper: string;
  procedures: Array<{ id: string; title: string }>;
  scope: Mandate['scope'];
  createdAt: string;
  expiresAt: string;
  active: boolean;
  /** Ended before its end: by the reception desk, by the helper, or replaced by a renewal. */
  ended?: 'reception' | 'helper' | 'renewed';
  renews?: string;
  requests: Array<{ reference: string; procedureId: string; receivedAt: string; status: SubmissionStatus }>;
}

/**
 * The resident's mandates, for the number and code printed on their consent: that mandate, the
 * ones it renewed and its renewals, each with the requests sent under it; audited as
 * `mandate.viewed`. `undefined` for an unknown number or a wrong code alike.
 */
export async function residentMandates(input: { store: Store; content: Content; id: string; code: string; now: Date }): Promise<ResidentMandate[] | undefined> {
  const code = input.code.trim().toUpperCase();
  const found = MANDATE_ID.test(input.id) && TRACKING_CODE.test(code) ? await input.store.getMandate(input.id) : undefined;
  if (!found?.residentCode || found.residentCode !== code) return undefined;
  const chain = await input.store.residentMandates(code);
  const names = new Map((await input.store.listStaffAccounts()).map((a) => [a.id, a.displayName]));
  const titles = new Map(input.content.procedures.map((p) => [p.id, p.title.fr ?? p.id]));
  const renewed = new Set(chain.map((m) => m.renews).filter(Boolean));
  const views: ResidentMandate[] = [];
  for (const m of chain) {
    const requests = await input.store.listAttributed({ mandateId: m.id, limit: 200 });
    const ended = renewed.has(m.id) ? 'renewed' : m.endedBy?.startsWith('reception:') ? 'reception' : m.endedBy ? 'helper' : undefined;
    views.push({
      id: m.id,
      residentName: m.residentName,
      helper: names.get(m.mediatorId) ?? '',
      procedures: m.procedureIds.map((id) => ({ id, title: titles.get(id) ?? id })),
      scope: m.scope,
      createdAt: m.createdAt,
      expiresAt: m.expiresAt,
      active: new Date(m.expiresAt).getTime() > input.now.getTime(),
      ...(ended ? { ended } : {}),
      ...(m.renews ? { renews: m.renews } : {}),
      requests: requests.map((r) => ({ reference: r.reference, procedureId: r.procedureId, receivedAt: r.receivedAt, status: r.status })),
    });
  }
  await input.store.appendAudit({ at: input.now.toISOString(), kind: 'mandate.viewed', actor: 'resident', data: { mandate: found.id } });
  return views;
}
