// Owns the loudspeaker: the one way the kiosk speaks, over window.speechSynthesis (offline on
// a Linux terminal through Chromium's speech-dispatcher voices, see docs/kiosk-setup.md).
// It enforces the rules of accessibility.md line 22: nothing is spoken while read-aloud is
// off, a private text (a code, a phone number, an e-mail, an address) never reaches the
// synthesiser, each new speech interrupts the last, and the language is the caller's.
import { signal } from '@preact/signals';
import { readAloud } from '../settings/settings.ts';

export interface SpeakOptions {
  /** The speech language (BCP 47): the screen's, `fr` for fr-x-falc (site.yaml `speech`). */
  lang: string;
  /** A person's answer that must stay on the screen: never spoken. */
  private?: boolean;
  /** Queue after what is being said instead of interrupting it. */
  queue?: boolean;
}

/** One piece of what a screen says. */
export interface SpeechPart {
  text: string;
  lang: string;
  private?: boolean;
}

export type SpeechState = 'idle' | 'speaking' | 'paused';

/** What the loudspeaker is doing, for the Pause / Resume button. */
export const speechState = signal<SpeechState>('idle');

let lastParts: SpeechPart[] = [];
let pending = 0;

function synth(): SpeechSynthesis | undefined {
  return typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : undefined;
}

function voiceFor(engine: SpeechSynthesis, lang: string): SpeechSynthesisVoice | undefined {
  const wanted = lang.toLowerCase();
  const voices = engine.getVoices?.() ?? [];
  return (
    voices.find((v) => v.lang.toLowerCase() === wanted) ??
    voices.find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === wanted.split('-')[0])
  );
}

function utter(engine: SpeechSynthesis, text: string, lang: string): void {
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.lang = lang;
  const voice = voiceFor(engine, lang);
  if (voice) utterance.voice = voice;
  // Speaking slightly slower helps people who are unsure of the language (espeak-ng default 1).
  utterance.rate = 0.9;
  pending++;
  speechState.value = 'speaking';
  const done = () => {
    pending = Math.max(0, pending - 1);
    if (pending === 0 && speechState.peek() === 'speaking') speechState.value = 'idle';
  };
  utterance.onend = done;
  utterance.onerror = done;
  engine.speak(utterance);
}

/**
 * Speaks a text, interrupting what was being said. Returns whether it was spoken: a private
 * text, an empty one, or any text while read-aloud is off, is not.
 *
 * @example speak('Étape 2 sur 4', { lang: 'fr' })
 * @example speak(answer, { lang: 'fr', private: true }) // false: never spoken
 */
export function speak(text: string, options: SpeakOptions): boolean {
  const engine = synth();
  const words = text.replace(/\s+/g, ' ').trim();
  if (!engine || !readAloud.peek() || options.private || !words) return false;
  if (!options.queue) stopSpeaking();
  utter(engine, words, options.lang);
  return true;
}

/** Speaks a screen's parts in order, interrupting what was being said; remembered for Repeat. */
export function speakParts(parts: readonly SpeechPart[]): void {
  lastParts = parts.filter((p) => !p.private);
  stopSpeaking();
  for (const part of lastParts) speak(part.text, { lang: part.lang, queue: true });
}

/** Says the last screen again (the Repeat button). */
export function repeatSpeech(): void {
  speakParts(lastParts);
}

/** Stops speech at once: any action of the person does this. */
export function stopSpeaking(): void {
  const engine = synth();
  pending = 0;
  speechState.value = 'idle';
  if (engine && (engine.speaking || engine.pending || engine.paused)) engine.cancel();
}

/** Pauses or resumes (the Pause button). */
export function togglePause(): void {
  const engine = synth();
  if (!engine) return;
  if (speechState.peek() === 'paused') {
    engine.resume();
    speechState.value = pending > 0 ? 'speaking' : 'idle';
  } else if (speechState.peek() === 'speaking') {
    engine.pause();
    speechState.value = 'paused';
  }
}

/** Forgets what Repeat would say (session end). */
export function forgetSpeech(): void {
  lastParts = [];
  stopSpeaking();
}
