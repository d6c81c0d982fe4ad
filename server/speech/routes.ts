// GET /api/speech/:key.ogg: a fixed text of the kiosk spoken by the server (see catalogue.ts),
// for terminals with no voice for the screen's language. Made once, kept in the data folder,
// and cached for ever by the kiosk: the key names the words, so the audio never changes.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { GuichetError } from '../errors.ts';
import type { SpokenText } from './catalogue.ts';
import type { Synthesize } from './espeak.ts';

export interface SpeechDeps {
  catalogue: ReadonlyMap<string, SpokenText>;
  synthesize: Synthesize;
  /** Where made audio is kept (`<DATA_DIR>/speech`). */
  dir: string;
}

/** espeak-ng processes at once: two cores on a town's server do other work too. */
const SYNTHESES_AT_ONCE = 2;
const KEY = /^[0-9a-f]{16}$/;

export const speechRoutes = (deps: SpeechDeps) => {
  const making = new Map<string, Promise<Buffer>>();
  const waiting: Array<() => void> = [];
  let running = 0;

  const turn = async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= SYNTHESES_AT_ONCE) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };

  /** The audio of a text: from the folder, or made (once, however many ask at the same time). */
  const audioOf = (key: string, spoken: SpokenText): Promise<Buffer> => {
    const file = join(deps.dir, `${key}.ogg`);
    let made = making.get(key);
    if (!made) {
      made = readFile(file)
        .catch(() =>
          turn(async () => {
            const audio = await deps.synthesize(spoken.lang, spoken.text);
            await mkdir(deps.dir, { recursive: true });
            // Written aside then renamed: a reader never gets half a file.
            const aside = `${file}.${process.pid}.tmp`;
            await writeFile(aside, audio);
            await rename(aside, file);
            return audio;
          }),
        )
        .finally(() => making.delete(key));
      making.set(key, made);
    }
    return made;
  };

  return new Hono().get('/:file{[0-9a-f]{16}\\.ogg}', async (c) => {
    const key = c.req.param('file').slice(0, -'.ogg'.length);
    const spoken = KEY.test(key) ? deps.catalogue.get(key) : undefined;
    if (!spoken) throw new GuichetError('speech-not-found', 'Aucun texte de la borne ne porte ce nom : seuls les textes fixes des écrans sont lus par le serveur.');
    let audio: Buffer;
    try {
      audio = await audioOf(key, spoken);
    } catch (error) {
      throw new GuichetError('speech-unavailable', 'La voix de synthèse du serveur ne répond pas (espeak-ng est-il installé ?) ; la borne utilise la sienne.', {
        headers: { 'Retry-After': '60' },
        cause: error,
      });
    }
    return c.body(new Uint8Array(audio), 200, {
      'Content-Type': 'audio/ogg',
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
};
