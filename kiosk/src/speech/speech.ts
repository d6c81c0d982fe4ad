// Owns the loudspeaker: the one way the kiosk speaks, over window.speechSynthesis (offline on
// a Linux terminal through Chromium's speech-dispatcher voices, see docs/kiosk-setup.md), or,
// for a language the terminal has no voice for, the server's recording of the same fixed text
// (GET /api/speech/<key>.ogg, Ogg Opus, kept by the service worker for offline use). A text with neither
// is not spoken, and `voiceMissing` says so on screen.
// It enforces the rules of accessibility.md line 22: nothing is spoken while read-aloud is
// off, a private text (a code, a phone number, an e-mail, an address) never reaches the
// synthesiser, each new speech interrupts the last, and the language is the caller's.
import { signal } from '@preact/signals';
import { spokenForm } from '../../../content/model/spoken.ts';
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

/** The speech language the terminal and the server both had no voice for, last time it mattered. */
export const voiceMissing = signal<string | null>(null);

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

/**
 * Whether the synthesiser can say this language: it lists a voice for it, or lists no voice at
 * all yet (Chromium fills the list late, and speaks by the utterance's `lang` meanwhile).
 */
function canSay(engine: SpeechSynthesis | undefined, lang: string): engine is SpeechSynthesis {
  if (!engine) return false;
  return (engine.getVoices?.() ?? []).length === 0 || voiceFor(engine, lang) !== undefined;
}

/** The name of a fixed text's recording, as server/speech/catalogue.ts computes it. */
async function recordingUrl(text: string, lang: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${lang}\n${spokenForm(text)}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = [...digest.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `/api/speech/${hex}.ogg`;
}

/** Recordings waiting their turn, the one playing, and a count that stopSpeaking moves on. */
const recorded: Array<{ text: string; lang: string }> = [];
let player: HTMLAudioElement | undefined;
let playing = false;
let generation = 0;

async function playRecorded(): Promise<void> {
  const turn = generation;
  playing = true;
  while (recorded.length > 0 && turn === generation) {
    const { text, lang } = recorded.shift()!;
    const url = await recordingUrl(text, lang);
    if (turn !== generation) return;
    const audio = new Audio(url);
    player = audio;
    const played = await new Promise<boolean>((resolve) => {
      audio.addEventListener('ended', () => resolve(true), { once: true });
      audio.addEventListener('error', () => resolve(false), { once: true });
      audio.play().catch(() => resolve(false));
    });
    if (turn !== generation) return;
    voiceMissing.value = played ? null : lang;
    pending = Math.max(0, pending - 1);
  }
  if (turn !== generation) return;
  player = undefined;
  playing = false;
  if (pending === 0 && speechState.peek() === 'speaking') speechState.value = 'idle';
}

/** Queues a text for the server's recording; started unless one is already playing. */
function utterRecorded(text: string, lang: string): void {
  pending++;
  speechState.value = 'speaking';
  recorded.push({ text, lang });
  if (!playing) void playRecorded();
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
  if (!readAloud.peek() || options.private || !words) return false;
  if (!options.queue) stopSpeaking();
  if (canSay(engine, options.lang)) {
    voiceMissing.value = null;
    utter(engine, words, options.lang);
  } else utterRecorded(words, options.lang);
  return true;
}

/**
 * Fetches the recordings of texts about to be shown (a procedure's questions, from its intro),
 * when the terminal has no voice for their language: the service worker keeps them, and they
 * play with no network. Does nothing while read-aloud is off or when a voice exists.
 */
export async function prepareRecordings(texts: readonly string[], lang: string): Promise<void> {
  const engine = synth();
  if (!readAloud.peek() || canSay(engine, lang)) return;
  for (const text of new Set(texts.map(spokenForm))) {
    try {
      const response = await fetch(await recordingUrl(text, lang));
      await response.arrayBuffer();
    } catch {
      return; // offline: what was kept before still plays
    }
  }
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
  generation++;
  recorded.length = 0;
  playing = false;
  player?.pause();
  player = undefined;
  if (engine && (engine.speaking || engine.pending || engine.paused)) engine.cancel();
}

/** Pauses or resumes (the Pause button). */
export function togglePause(): void {
  const engine = synth();
  if (speechState.peek() === 'paused') {
    if (player) void player.play().catch(() => undefined);
    else engine?.resume();
    speechState.value = pending > 0 ? 'speaking' : 'idle';
  } else if (speechState.peek() === 'speaking') {
    if (player) player.pause();
    else engine?.pause();
    speechState.value = 'paused';
  }
}

/** Forgets what Repeat would say (session end). */
export function forgetSpeech(): void {
  lastParts = [];
  stopSpeaking();
}
