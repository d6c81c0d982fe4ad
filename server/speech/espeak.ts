// Speaks a text into an Ogg Opus file: espeak-ng (Debian's `espeak-ng` package, the engine a
// Linux terminal's speech-dispatcher uses) piped into opusenc (`opus-tools`). Run once on the
// server for the texts every terminal says, so that a terminal with no voice for a language
// still reads aloud. Opus at 16 kbit/s is about 19 times smaller than espeak-ng's WAV: a
// procedure's questions weigh 0.3 MB in French and 0.4 MB in Arabic (shipped content) instead
// of 5.3 and 7.7 MB.
import { spawn } from 'node:child_process';

/** espeak-ng's voice for a speech language: its own voices, not MBROLA's (another package). */
const VOICES: Readonly<Record<string, string>> = { fr: 'fr', en: 'en-gb', ar: 'ar' };
/** Words a minute: slower than espeak-ng's 175, as the kiosk's own voice speaks at 0.9. */
const WORDS_PER_MINUTE = 150;
/** A sentence of a few seconds takes a few tens of milliseconds; this only bounds a stuck process. */
const TIMEOUT_MS = 15_000;

export type Synthesize = (lang: string, text: string) => Promise<Buffer>;

/**
 * @example await espeak('fr', 'Quel est votre nom ?') // an Ogg Opus file
 */
export const espeak: Synthesize = (lang, text) =>
  new Promise((resolve, reject) => {
    const voice = VOICES[lang.split('-')[0]!];
    if (!voice) return reject(new Error(`espeak-ng has no voice for ${lang}`));
    // The text is one argument after "--": never parsed as an option, never through a shell.
    const speaker = spawn('espeak-ng', ['-v', voice, '-s', String(WORDS_PER_MINUTE), '--stdout', '--', text], { timeout: TIMEOUT_MS });
    const encoder = spawn('opusenc', ['--quiet', '--speech', '--bitrate', '16', '-', '-'], { timeout: TIMEOUT_MS });
    const chunks: Buffer[] = [];
    let failed: Error | undefined;
    const fail = (error: Error) => {
      failed ??= error;
      speaker.kill();
      encoder.kill();
    };
    speaker.on('error', fail);
    encoder.on('error', fail);
    encoder.stdin.on('error', () => undefined); // the encoder died first: its own error says why
    speaker.stdout.pipe(encoder.stdin);
    encoder.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const exits = [speaker, encoder].map((child) => new Promise<number | null>((done) => child.on('close', done)));
    void Promise.all(exits).then(([spoke, encoded]) => {
      if (failed) reject(failed);
      else if (spoke !== 0 || encoded !== 0) reject(new Error(`espeak-ng exited with ${spoke}, opusenc with ${encoded}`));
      else resolve(Buffer.concat(chunks));
    });
  });
