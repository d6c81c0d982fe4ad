// The words the desk uses for statuses, actors and channels, in French (staff pages are French).
import type { Actor, RequestStatus } from '../requests/status.ts';

export const STATUS_LABELS: Record<RequestStatus, string> = {
  registered: 'Enregistrée, pas encore reçue par le service',
  received: 'Reçue, à instruire',
  incomplete: 'Incomplète, en attente de la personne',
  accepted: 'Acceptée',
  rejected: 'Refusée',
  'deemed-accepted': 'Acceptée sans réponse (décision implicite)',
  'deemed-rejected': 'Refusée sans réponse (décision implicite)',
  closed: 'Close',
  withdrawn: 'Retirée par la personne',
};

const CHANNELS: Record<string, string> = { epn: 'Espace numérique', reception: 'Accueil', 'tiers-lieu': 'Tiers-lieu' };

export function channelLabel(channel: string | undefined): string {
  return channel ? (CHANNELS[channel] ?? channel) : 'Non renseigné';
}

/** Who made a change, for the history. `names` maps instructor ids to their names. */
export function actorLabel(actor: Actor, names: ReadonlyMap<string, string> = new Map()): string {
  switch (actor.kind) {
    case 'resident':
      return 'La personne';
    case 'instructor':
      return names.get(actor.id) ?? `Agent ${actor.id}`;
    case 'back-office':
      return `Application « ${actor.route} »`;
    case 'system':
      return 'Guichet';
  }
}
