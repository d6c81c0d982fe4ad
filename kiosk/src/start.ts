// Starts what the app needs before its first screen: interface texts, history, content.
import { effect } from '@preact/signals';
import { contentState, loadContent } from './content/content-store.ts';
import { hasInterfaceTexts, setLocale, setSiteLocales, startI18n } from './i18n/i18n.ts';
import { rememberInstallation } from './offline/terminal.ts';
import { listenToHistory } from './router/history.ts';
import { configureKioskSession, startKioskSession } from './session/kiosk-session.ts';
import { startAssistedSessions } from './staff/assisted-session.ts';
import { startStaffSession } from './staff/staff-session.ts';
import { applySettings } from './settings/apply.ts';
import { currentSettings, resetSettings, updateSettings } from './settings/settings.ts';
import { startReadAloud } from './speech/announce.ts';

let languageSet = false;

/** How long the first screen waits for the procedures before showing "Chargement…". */
const CONTENT_GRACE_MS = 1_000;

export async function start(): Promise<void> {
  // The procedures are public and the same for everyone: they come while the interface texts
  // load and the last session's traces are erased. Nothing is shown before both are done.
  const content = loadContent();
  rememberInstallation();
  listenToHistory();
  await Promise.all([startI18n(), startKioskSession()]);
  // Nor, for a moment, before the procedures: drawn at once, the loading screen would be drawn
  // and laid out for nothing on a slow terminal, delaying the home screen behind it. A server
  // that takes longer gets the loading screen.
  await Promise.race([content, new Promise((resolve) => setTimeout(resolve, CONTENT_GRACE_MS))]);
  startAssistedSessions();
  void startStaffSession();
  applySettings();
  startReadAloud();
  // The accessibility audit (a11y/) switches language, theme and text size in the page
  // instead of reloading it for each of the matrix's 24 combinations. Display preferences
  // only: nothing of a person's answers is reachable from here.
  Object.assign(window, { guichetDisplay: { updateSettings, resetSettings, currentSettings, setLocale } });
  effect(() => {
    const state = contentState.value;
    if (state.status !== 'ready') return;
    setSiteLocales(state.content.site.locales);
    configureKioskSession(state.content.site);
    const first = state.content.site.defaultLocale;
    if (!languageSet && hasInterfaceTexts(first)) {
      languageSet = true;
      void setLocale(first);
    }
  });
}
