// Owns the terminal's one session: the lifecycle (lifecycle.ts) wired to the browser, and what
// its end does. At the end, in this order: the journey in memory and any staff sign-in go, the
// browser storage is erased (erase.ts), display settings and language go back to the
// defaults, history is rewound to the kiosk's first entry, and the page is loaded afresh with
// `location.replace('/')` so no memory of the session survives (when the server or the service
// worker can answer; offline without either, the kiosk stays on the page, already emptied).
import type { Site } from '../../../content/model/index.ts';
import { langOf, locale, setLocale, t } from '../i18n/i18n.ts';
import { endSession as forgetJourney } from '../journey/session.ts';
import { navigate, rewindHistory } from '../router/history.ts';
import { resetSettings } from '../settings/settings.ts';
import { forgetSpeech, speak } from '../speech/speech.ts';
import { chime } from './chime.ts';
import { eraseStoredTraces } from './erase.ts';
import { createSessionLifecycle, durationsOf, listenForActivity, type EndReason, type SessionLifecycle } from './lifecycle.ts';

/** Others that hold a person's data register here to forget it at the end (staff sign-in). */
const forgetters = new Set<(reason: EndReason) => void | Promise<void>>();

/** Runs `forget` at every session end, told why it ended; returns the function that unregisters it. */
export function onSessionEnd(forget: (reason: EndReason) => void | Promise<void>): () => void {
  forgetters.add(forget);
  return () => forgetters.delete(forget);
}

let defaultLocale = 'fr';

/** Whether the page can be loaded again: a service worker controls it, or the server answers. */
async function canReload(): Promise<boolean> {
  if (typeof navigator !== 'undefined' && navigator.serviceWorker?.controller) return true;
  try {
    const response = await fetch('/', { cache: 'no-store', headers: { Accept: 'text/html' } });
    return response.ok;
  } catch {
    return false;
  }
}

/** What ending a session does; exported for the tests and for sign-out. */
export async function eraseEverything(reason: EndReason): Promise<void> {
  forgetJourney();
  await Promise.all([...forgetters].map(async (forget) => {
    try {
      await forget(reason);
    } catch {
      // A forgetter that fails (server unreachable for a sign-out) must not keep the rest.
    }
  }));
  await eraseStoredTraces();
  resetSettings();
  forgetSpeech();
  await setLocale(defaultLocale).catch(() => undefined);
  await rewindHistory();
  if (typeof location !== 'undefined' && !navigator.userAgent.includes('jsdom') && (await canReload())) {
    location.replace('/');
    return;
  }
  navigate('/', { replace: true });
}

/** The terminal's session. */
export const kioskSession: SessionLifecycle = createSessionLifecycle({
  onWarn: () => {
    chime();
    const lang = langOf(locale.peek());
    speak(`${t('session.warning.title')} ${warningText()}`, { lang });
  },
  onEnd: eraseEverything,
});

/** The warning's sentence with the seconds left: the same text on screen and aloud. */
export function warningText(): string {
  return t('session.warning.body', { seconds: Math.round(kioskSession.durations.value.endAfterMs / 1000) });
}

let stopListening: (() => void) | undefined;

/** Starts listening for activity and erases whatever a previous page left (a reload is an end). */
export async function startKioskSession(): Promise<void> {
  stopListening ??= listenForActivity(kioskSession);
  await eraseStoredTraces();
}

/** The site's durations and default language, once the content is here. */
export function configureKioskSession(site: Site): void {
  defaultLocale = site.defaultLocale;
  kioskSession.configure(durationsOf(site.session));
}
