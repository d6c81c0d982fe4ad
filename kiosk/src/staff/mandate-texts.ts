// How a mandate reads on screen: until when, and for which procedures. Shared by the
// mediator's screens and the assisted-session banner, which the home screen shows.
import type { Content } from '../../../content/model/index.ts';
import type { AssistedSessionView } from '../api/staff-client.ts';
import { formatLocale, t, text } from '../i18n/i18n.ts';

/** "Until the end of the session" or "until 28 December 2026": how long a mandate lasts. */
export function untilText(session: Pick<AssistedSessionView, 'scope' | 'expiresAt'>): string {
  if (session.scope === 'session') return t('mediation.untilSession');
  const date = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'long', timeZone: 'Europe/Paris' });
  return t('mediation.untilDate', { date: date.format(new Date(session.expiresAt)) });
}

/** Procedure titles in the current language, joined: "Écrire à la mairie, Signaler un problème". */
export function proceduresText(content: Content, ids: readonly string[]): string {
  return ids.map((id) => text(content.procedures.find((p) => p.id === id)?.title) || id).join(', ');
}
