// Decides, for one submission, who is making it and where, from the caller's staff session and
// the terminal's headers; refuses what the caller's role does not allow. A resident has no
// session; an agent procedure needs a signed-in agent; a mediator acts only under a live
// mandate of their own that names the procedure.
import type { Context } from 'hono';
import type { Procedure } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import type { Attribution, Channel, Store } from '../store/types.ts';
import { actorOf, staffOf } from './auth.ts';

export const CHANNELS = ['epn', 'reception', 'tiers-lieu'] as const satisfies readonly Channel[];

/** Where the terminal stands (`Guichet-Site`, the kiosk's `?site=`): the heartbeat's rule for a site. */
const SITE = /^[A-Za-z0-9._:-]{1,64}$/;

/** The terminal's site, or undefined when it did not say (or said something malformed). */
export function siteOf(c: Context): string | undefined {
  const value = c.req.header('guichet-site')?.trim();
  return value && SITE.test(value) ? value : undefined;
}

/** The terminal's channel (`Guichet-Channel` header, a terminal setting), or null. */
export function channelOf(c: Context): Channel | null {
  const value = c.req.header('guichet-channel')?.trim();
  return CHANNELS.find((channel) => channel === value) ?? null;
}

export interface Who {
  /** For the audit log: `kiosk`, `agent:4512`, `mediator:m.durand`. */
  actor: string;
  attribution: Attribution;
  /** The staff session's token hash, when reception makes it: it may continue a hand-off. */
  receptionSession?: string;
}

/** Who makes this submission; throws 401 or 403 when the caller may not. */
export async function attributionFor(c: Context, store: Store, now: Date, procedure: Procedure): Promise<Who> {
  const staff = await staffOf(c, store, now);
  const who = await whoFor(c, store, now, procedure);
  const site = siteOf(c);
  return {
    ...who,
    ...(site ? { attribution: { ...who.attribution, site } } : {}),
    ...(staff?.account.role === 'reception' ? { receptionSession: staff.session.tokenHash } : {}),
  };
}

async function whoFor(c: Context, store: Store, now: Date, procedure: Procedure): Promise<Who> {
  const channel = channelOf(c);
  const staff = await staffOf(c, store, now);
  const role = staff?.account.role;
  if (procedure.audience === 'agent') {
    if (!staff) throw new GuichetError('sign-in-required', 'Cette démarche est réservée aux agents : connectez-vous dans « Espace agents ».');
    if (role !== 'agent') throw new GuichetError('role-forbidden', 'Cette démarche est réservée aux agents de la ville.');
    return { actor: actorOf(staff.account), attribution: { channel, agentId: staff.account.id } };
  }
  if (!staff) return { actor: 'kiosk', attribution: { channel } };
  if (role === 'agent' || role === 'admin')
    throw new GuichetError('role-forbidden', 'Un agent connecté ne fait que ses propres démarches : terminez la session pour une démarche d’habitant.');
  const mandateId = c.req.header('guichet-mandate')?.trim();
  if (role === 'mediator' || mandateId) {
    const mandate = mandateId && mandateId.length <= 64 ? await store.getMandate(mandateId) : undefined;
    if (!mandate || mandate.mediatorId !== staff.account.id)
      throw new GuichetError('mandate-refused', 'Ouvrez d’abord une session accompagnée pour cette personne.');
    if (new Date(mandate.expiresAt).getTime() <= now.getTime())
      throw new GuichetError('mandate-refused', 'Le mandat de cette personne est terminé : ouvrez une nouvelle session accompagnée.');
    if (!mandate.procedureIds.includes(procedure.id))
      throw new GuichetError('mandate-refused', 'Cette démarche ne fait pas partie de celles que la personne vous a confiées.');
    const helper = role === 'reception' ? { receptionId: staff.account.id } : { mediatorId: staff.account.id };
    return {
      actor: actorOf(staff.account),
      attribution: { channel: role === 'reception' ? 'reception' : channel, ...helper, mandateId: mandate.id },
    };
  }
  return { actor: actorOf(staff.account), attribution: { channel: 'reception', receptionId: staff.account.id } };
}
