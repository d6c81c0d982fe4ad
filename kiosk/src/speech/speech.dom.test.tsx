// The read-aloud service's rules (accessibility.md line 22), over a recording synthesiser.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAloud, resetSettings } from '../settings/settings.ts';
import { screenParts } from './read-screen.ts';
import { repeatSpeech, speak, speakParts, stopSpeaking } from './speech.ts';

const said: Array<{ text: string; lang: string }> = [];
let cancels = 0;

beforeEach(() => {
  said.length = 0;
  cancels = 0;
  class Utterance {
    lang = '';
    voice: unknown = null;
    rate = 1;
    onend: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(readonly text: string) {}
  }
  Object.assign(globalThis, { SpeechSynthesisUtterance: Utterance });
  Object.defineProperty(window, 'speechSynthesis', {
    configurable: true,
    value: {
      speaking: true,
      pending: false,
      paused: false,
      speak: (u: Utterance) => said.push({ text: u.text, lang: u.lang }),
      cancel: () => cancels++,
      pause() {},
      resume() {},
      getVoices: () => [],
    },
  });
  readAloud.value = true;
});

afterEach(() => resetSettings());

describe('speak', () => {
  it('says a text in the language it is given', () => {
    expect(speak('Étape 1 sur 4', { lang: 'fr' })).toBe(true);
    expect(said).toEqual([{ text: 'Étape 1 sur 4', lang: 'fr' }]);
  });

  it('never says a private text', () => {
    expect(speak('06 12 34 56 78', { lang: 'fr', private: true })).toBe(false);
    expect(said).toEqual([]);
  });

  it('says nothing while read-aloud is off, and reset turns it off', () => {
    resetSettings();
    expect(speak('Bonjour', { lang: 'fr' })).toBe(false);
    expect(said).toEqual([]);
  });

  it('interrupts what was being said, and Repeat says the screen again', () => {
    speakParts([{ text: 'Votre message', lang: 'fr' }, { text: 'secret', lang: 'fr', private: true }]);
    expect(said.map((s) => s.text)).toEqual(['Votre message']);
    stopSpeaking();
    repeatSpeech();
    expect(said.map((s) => s.text)).toEqual(['Votre message', 'Votre message']);
    expect(cancels).toBeGreaterThan(0);
  });
});

describe('screenParts', () => {
  it('reads headings, hints and choices in order, never typed values nor private parts', () => {
    document.body.innerHTML = `
      <main>
        <p class="progress">Étape 2 sur 4</p>
        <h1><label for="x">Votre adresse e-mail</label></h1>
        <p class="hint">Par exemple : marie.martin@exemple.fr</p>
        <input id="x" value="zoe@exemple.org">
        <dl><dt>Téléphone</dt><dd data-private>06 98 76 54 31</dd></dl>
        <ul><li><button lang="ar">العربية</button></li></ul>
      </main>`;
    const parts = screenParts(document.querySelector('main')!, 'fr');
    expect(parts).toEqual([
      { text: 'Étape 2 sur 4', lang: 'fr' },
      { text: 'Votre adresse e-mail', lang: 'fr' },
      { text: 'Par exemple : marie.martin@exemple.fr', lang: 'fr' },
      { text: 'Téléphone', lang: 'fr' },
      { text: 'العربية', lang: 'ar' },
    ]);
  });
});
