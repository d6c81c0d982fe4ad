// Owns the making and ending of mandates: a resident's spoken consent to be helped with some
// procedures until a date (the assisted session's end, or up to a year, as Aidants Connect).
// The staff routes call these for a mediator at a kiosk; reception calls them for a walk-in at
// its desk. Each is audited without the resident's name: the audit log outlives the purge.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Content } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import { newTrackingCode } from '../references.ts';
import type { Channel, Mandate, StaffAccount, Store } from '../store/types.ts';
import { actorOf } from './auth.ts';

/** A mandate for a duration lasts one year at most (Aidants Connect: 1 day to 12 months). */
export const MAX_MANDATE_DAYS = 365;

/** The body of `POST /api/staff/mandates`, and what `openMandate` takes. */
export const mandateRequestSchema = z.strictObject({
  /** As the resident says it; nothing else about them (no birth date, no password, ever). */
  residentName: z.string().trim().min(1).max(120),
  procedureIds: z
    .array(z.string().min(1).max(64))
    .min(1)
    .max(50)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'Chaque démarche une seule fois.' }),
  /** `session`: until the assisted session ends; `duration`: for `days` days. */
  until: z.discriminatedUnion('scope', [
    z.strictObject({ scope: z.literal('session') }),
    z.strictObject({ scope: z.literal('duration'), days: z.int().min(1).max(MAX_MANDATE_DAYS) }),
  ]),
  /** The resident said yes out loud and the helper ticked it on screen: without it, no mandate. */
  consent: z.literal(true),
});

export type MandateRequest = z.output<typeof mandateRequestSchema>;

export interface OpenMandate {
  store: Store;
  content: Content;
  /** The mediator (or reception) who helps: the mandate is theirs alone. */
  helper: StaffAccount;
  request: MandateRequest;
  now: Date;
  /** When the helper's signed-in session ends: a session mandate never outlives it. */
  sessionEndsAt: string;
  channel: Channel | null;
  terminal: string | null;
}

/**
 * Records a mandate for the helper and audits it. Throws 422 `unknown-procedure` for a
 * procedure the town does not offer residents (an agent procedure is never delegated).
 *
 * @example await openMandate({ store, content, helper, request, now, sessionEndsAt, channel: 'epn', terminal: null })
 */
export async function openMandate(input: OpenMandate): Promise<Mandate> {
  const { store, content, helper, request, now } = input;
  const offered = new Set(content.procedures.filter((p) => p.audience !== 'agent').map((p) => p.id));
  const unknown = request.procedureIds.filter((id) => !offered.has(id));
  if (unknown.length > 0)
    throw new GuichetError('unknown-procedure', `Ces démarches ne peuvent pas être confiées : ${unknown.join(', ')}.`, {
      errors: unknown.map((id) => ({ field: 'procedureIds', code: 'unknown-procedure', message: `Démarche inconnue : ${id}.`, params: { id } })),
    });
  const expiresAt =
    request.until.scope === 'session' ? input.sessionEndsAt : new Date(now.getTime() + request.until.days * 86_400_000).toISOString();
  const mandate: Mandate = {
    id: randomUUID(),
    mediatorId: helper.id,
    residentName: request.residentName,
    procedureIds: request.procedureIds,
    scope: request.until.scope,
    createdAt: now.toISOString(),
    expiresAt,
    consentConfirmedAt: now.toISOString(),
    channel: input.channel,
    terminal: input.terminal,
    // Printed on the consent with the number: the resident's key to their mandates (mandate-life.ts).
    residentCode: newTrackingCode(),
  };
  await store.createMandate(mandate);
  await store.appendAudit({
    at: now.toISOString(),
    kind: 'mandate.created',
    actor: actorOf(helper),
    terminal: input.terminal,
    data: { mandate: mandate.id, procedures: mandate.procedureIds, scope: mandate.scope, expiresAt },
  });
  return mandate;
}

/**
 * Ends the helper's own mandate now and audits it; 404 for an unknown one, 403 for another's.
 * Ending one already over changes nothing.
 */
export async function closeMandate(input: { store: Store; helper: StaffAccount; id: string; now: Date }): Promise<Mandate> {
  const found = await ownMandate(input.store, input.helper, input.id);
  if (new Date(found.expiresAt).getTime() <= input.now.getTime()) return found;
  await input.store.endMandate(found.id, input.now);
  await input.store.appendAudit({ at: input.now.toISOString(), kind: 'mandate.ended', actor: actorOf(input.helper), data: { mandate: found.id } });
  return { ...found, expiresAt: input.now.toISOString() };
}

/** Ends the live session mandates opened during this signed-in session (they end when it does). */
export async function endSessionMandates(store: Store, staff: { account: StaffAccount; session: { createdAt: string; expiresAt: string } }, now: Date): Promise<void> {
  const opened = await store.listMandates({ mediatorId: staff.account.id, since: staff.session.createdAt });
  for (const mandate of opened)
    if (mandate.scope === 'session' && mandate.expiresAt === staff.session.expiresAt && new Date(mandate.expiresAt).getTime() > now.getTime())
      await closeMandate({ store, helper: staff.account, id: mandate.id, now });
}

/** The helper's own mandate: 404 `mandate-not-found` when there is none, 403 when it is another's. */
export async function ownMandate(store: Store, helper: StaffAccount, id: string): Promise<Mandate> {
  const found = id.length <= 64 ? await store.getMandate(id) : undefined;
  if (!found) throw new GuichetError('mandate-not-found', 'Ce mandat n’existe pas.');
  if (found.mediatorId !== helper.id) throw new GuichetError('mandate-refused', 'Ce mandat a été donné à une autre personne.');
  return found;
}

/** A mandate as the kiosk shows it; `active` at `now`. */
export const mandateView = (mandate: Mandate, now: Date) => ({
  id: mandate.id,
  residentName: mandate.residentName,
  procedureIds: mandate.procedureIds,
  scope: mandate.scope,
  createdAt: mandate.createdAt,
  expiresAt: mandate.expiresAt,
  consentConfirmedAt: mandate.consentConfirmedAt,
  active: new Date(mandate.expiresAt).getTime() > now.getTime(),
});
