// Speaks a text into a WAV file with espeak-ng (Debian's `espeak-ng` package): the same
// engine a Linux terminal's speech-dispatcher uses, run once on the server for the texts every
// terminal says, so that a terminal with no voice for a language still reads aloud.
import { execFile } from 'node:child_process';

/** espeak-ng's voice for a speech language: its own voices, not MBROLA's (another package). */
const VOICES: Readonly<Record<string, string>> = { fr: 'fr', en: 'en-gb', ar: 'ar' };
/** Words a minute: slower than espeak-ng's 175, as the kiosk's own voice speaks at 0.9. */
const WORDS_PER_MINUTE = 150;
/** A sentence of a few seconds takes a few milliseconds; this only bounds a stuck process. */
const TIMEOUT_MS = 15_000;

export type Synthesize = (lang: string, text: string) => Promise<Buffer>;

/** Whether espeak-ng speaks this language. */
export const speaksLanguage = (lang: string): boolean => lang.split('-')[0]! in VOICES;

/**
 * @example await espeak('fr', 'Quel est votre nom ?') // a WAV file, 16-bit mono 22,050 Hz
 */
export const espeak: Synthesize = (lang, text) =>
  new Promise((resolve, reject) => {
    const voice = VOICES[lang.split('-')[0]!];
    if (!voice) return reject(new Error(`espeak-ng has no voice for ${lang}`));
    // The text is one argument after "--": never parsed as an option, never through a shell.
    execFile(
      'espeak-ng',
      ['-v', voice, '-s', String(WORDS_PER_MINUTE), '--stdout', '--', text],
      { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024, timeout: TIMEOUT_MS },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
