// Owns when the kiosk speaks: each new screen (title, step, question, hints, choices), each
// error or status message as it appears, and silence as soon as the person acts.
// Started once by start.ts; speaks only while read-aloud is on (speech.ts checks).
import { effect, signal } from '@preact/signals';
import { langOf, locale } from '../i18n/i18n.ts';
import { currentPath } from '../router/history.ts';
import { readAloud, settingsOpen } from '../settings/settings.ts';
import { screenParts } from './read-screen.ts';
import { speak, speakParts, stopSpeaking } from './speech.ts';

/** Elements whose own buttons must not silence the speech they control (Repeat, Pause). */
const CONTROL = '[data-speech-control]';
const LIVE = '[role="alert"], [role="status"]';

function speechLang(): string {
  return langOf(locale.peek());
}

/** The parts of what is on screen now: the open dialog if any, else the main content. */
export function currentScreenParts(doc: Document = document): ReturnType<typeof screenParts> {
  const root = doc.querySelector('dialog[open]') ?? doc.querySelector('main');
  return root ? screenParts(root, speechLang()) : [];
}

/**
 * Counts screens shown. A screen can change without the address changing (signing in on
 * /mediation turns the form into the mediator's space): `Page` counts itself here when it
 * appears, so that screen is read aloud too.
 */
export const screensShown = signal(0);

let started = false;

export function startReadAloud(doc: Document = document): void {
  if (started) return;
  started = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  effect(() => {
    // A new screen, language or panel, or read-aloud turned on: say the screen once rendered.
    currentPath.value;
    screensShown.value;
    locale.value;
    settingsOpen.value;
    if (!readAloud.value) {
      stopSpeaking();
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(() => speakParts(currentScreenParts(doc)), 120);
  });

  const said = new WeakMap<Element, string>();
  new MutationObserver((records) => {
    if (!readAloud.peek()) return;
    const live = new Set<Element>();
    for (const record of records) {
      const node = record.target.nodeType === 1 ? (record.target as Element) : record.target.parentElement;
      const holder = node?.closest(LIVE);
      if (holder) live.add(holder);
      for (const added of record.addedNodes)
        if (added.nodeType === 1) for (const el of [added as Element, ...(added as Element).querySelectorAll(LIVE)]) if (el.matches(LIVE)) live.add(el);
    }
    for (const el of live) {
      const text = screenParts(el, speechLang()).map((p) => p.text).join(' ') || (el.textContent ?? '').trim();
      if (!text || said.get(el) === text) continue;
      said.set(el, text);
      speak(text, { lang: speechLang() });
    }
  }).observe(doc.body, { subtree: true, childList: true, characterData: true });

  const interrupt = (event: Event) => {
    const target = event.target as Element | null;
    if (target?.closest?.(CONTROL)) return;
    stopSpeaking();
  };
  doc.addEventListener('pointerdown', interrupt, true);
  doc.addEventListener('keydown', interrupt, true);
}
