// A fifth locale is data only: the content copied, Spanish added from a fixture folder
// (test/fixtures/fifth-locale), and the server writes receipts and statuses in Spanish beside
// the French without a line of code changed; content:check names a sentence Spanish lacks.
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkContent, formatProblem, loadContent } from '../../content/check/index.ts';
import { todayIn } from '../../content/model/index.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';
import { addReceiptTexts } from './texts.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
const FIXTURE = new URL('../../test/fixtures/fifth-locale/', import.meta.url).pathname;

/**
 * Stand-ins for what this test does not look at: every content text (an object with `fr` and
 * `en`) gets its English as its Spanish, and the interface texts are the English ones.
 */
function withSpanish(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withSpanish);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).map(([key, child]) => [key, withSpanish(child)] as const);
  const object = Object.fromEntries(entries) as Record<string, unknown>;
  if (typeof object.fr === 'string' && typeof object.en === 'string') object.es = object.en;
  return object;
}

function contentWithSpanish(): string {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-fifth-locale-'));
  cpSync(new URL('../../content/', import.meta.url).pathname, dir, { recursive: true });
  cpSync(join(FIXTURE, 'locales'), join(dir, 'locales'), { recursive: true });
  cpSync(join(dir, 'locales/en/ui.json'), join(dir, 'locales/es/ui.json'));
  const site = withSpanish(parse(readFileSync(join(dir, 'site.yaml'), 'utf8'))) as { locales: unknown[] };
  site.locales.push({ code: 'es', name: 'Español', dir: 'ltr' });
  writeFileSync(join(dir, 'site.yaml'), stringify(site));
  for (const name of readdirSync(join(dir, 'procedures')))
    writeFileSync(join(dir, 'procedures', name), stringify(withSpanish(parse(readFileSync(join(dir, 'procedures', name), 'utf8')))));
  return dir;
}

describe('a fifth locale, from data only', { timeout: 30_000 }, () => {
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    dir = contentWithSpanish();
    // What server/main.ts does at start with CONTENT_DIR.
    addReceiptTexts(dir);
    t = await startTestApp({ content: loadContent(dir), now: () => NOW });
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes content:check', () => {
    expect(checkContent(dir).problems.map((p) => formatProblem(p))).toEqual([]);
  });

  it('gets its receipt and its status in Spanish beside the French', async () => {
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const res = await t.app.request('/api/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(validSubmission(procedure, { postcodes: t.content.site.postcodes, today: todayIn(NOW), locale: 'es' })),
    });
    expect(res.status).toBe(201);
    const { reference, trackingCode, receipt } = (await res.json()) as { reference: string; trackingCode: string; receipt: { title: { fr: string; local?: string } } };
    expect(receipt.title).toEqual({ fr: 'Accusé d’enregistrement électronique', local: 'Acuse de registro electrónico' });

    const html = await (await t.app.request(`/api/submissions/${reference}/receipt.html?code=${trackingCode}`)).text();
    expect(html).toContain('<section class="translation" lang="es" dir="ltr"');
    for (const sentence of ['Acuse de registro electrónico', 'Resumen de su solicitud', 'Código de seguimiento', '¿Y ahora qué?', 'Récapitulatif de votre demande'])
      expect(html).toContain(sentence);

    const tracking = (await (await t.app.request(`/api/submissions/${reference}?code=${trackingCode}`)).json()) as { explanation: unknown };
    expect(tracking.explanation).toMatchObject({ locale: 'es', status: 'Su solicitud está registrada.' });
  });

  it('has content:check name the receipt sentence Spanish lacks', () => {
    const file = join(dir, 'locales/es/receipts.json');
    const texts = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    delete texts['summary.heading'];
    writeFileSync(file, JSON.stringify(texts, null, 2));
    expect(checkContent(dir).problems.map((p) => formatProblem(p))).toEqual([
      "locales/es/receipts.json:1:1 missing key 'summary.heading' (present in fr)",
    ]);
  });
});
