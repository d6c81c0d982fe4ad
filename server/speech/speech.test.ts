import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENT_DIR, readContent } from '../../content/check/index.ts';
import { problemResponse } from '../app.ts';
import { buildSpeechCatalogue, readUiTexts, speechKey } from './catalogue.ts';
import { espeak } from './espeak.ts';
import { speechRoutes } from './routes.ts';

const content = readContent();
const locales = content.site.locales.map((l) => l.code);
const ui = readUiTexts(CONTENT_DIR, locales) as Record<string, { step: { continue: string } }>;
const catalogue = buildSpeechCatalogue(content, ui);
const dir = mkdtempSync(join(tmpdir(), 'guichet-speech-'));
let made = 0;
const app = new Hono()
  .route('/api/speech', speechRoutes({ catalogue, dir, synthesize: (lang, text) => (made++, espeak(lang, text)) }))
  .onError((error, c) => problemResponse(c, error));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;

describe('GET /api/speech/:key.ogg', () => {
  it('speaks a question of a procedure in Arabic and a button in easy-to-read French (with the French voice), made once then kept', async () => {
    const question = procedure.steps[0]!.title.ar!;
    for (const [lang, text] of [
      ['ar', question],
      ['fr', ui['fr-x-falc']!.step.continue],
    ] as const) {
      const url = `/api/speech/${speechKey(lang, text)}.ogg`;
      const first = await app.request(url);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toBe('audio/ogg');
      expect(first.headers.get('cache-control')).toContain('immutable');
      const audio = Buffer.from(await first.arrayBuffer());
      // An Ogg stream of Opus with a second or so of speech in it (16 kbit/s: about 2 kB a second).
      expect(audio.subarray(0, 4).toString('latin1')).toBe('OggS');
      expect(audio.includes(Buffer.from('OpusHead'))).toBe(true);
      expect(audio.length).toBeGreaterThan(1_500);
      const again = await app.request(url);
      expect(Buffer.from(await again.arrayBuffer()).equals(audio)).toBe(true);
    }
    expect(made).toBe(2);
    expect(readdirSync(dir).filter((f) => f.endsWith('.ogg'))).toHaveLength(2);
  });

  it('has the step counter said in every language, as the kiosk fills it', () => {
    expect(catalogue.get(speechKey('fr', 'Étape 2 sur 5'))?.text).toBe('Étape 2 sur 5');
    expect(catalogue.get(speechKey('fr', 'Étape\u00a02 sur\u202f5'))).toBeDefined();
  });

  it('never speaks a text it does not hold: what a person typed gets a 404 problem, and nothing is made', async () => {
    const before = made;
    const typed = await app.request(`/api/speech/${speechKey('fr', 'Marie Martin, 06 12 34 56 78')}.ogg`);
    expect(typed.status).toBe(404);
    expect(typed.headers.get('content-type')).toContain('application/problem+json');
    expect(((await typed.json()) as { code: string }).code).toBe('speech-not-found');
    for (const bad of ['/api/speech/XYZ.ogg', '/api/speech/0123456789abcdef.wav', '/api/speech/..%2f..%2fetc.ogg']) expect((await app.request(bad)).status).toBe(404);
    expect(made).toBe(before);
  });

  it('says plainly that the server has no voice when espeak-ng is missing (503 with Retry-After)', async () => {
    const mute = new Hono()
      .route('/api/speech', speechRoutes({ catalogue, dir: join(dir, 'mute'), synthesize: () => Promise.reject(new Error('spawn espeak-ng ENOENT')) }))
      .onError((error, c) => problemResponse(c, error));
    const response = await mute.request(`/api/speech/${speechKey('fr', ui.fr!.step.continue)}.ogg`);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('60');
  });
});
