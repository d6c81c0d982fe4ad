// What the person who has reference and code takes away: the receipt with the tracking code on
// one unbreakable line, what comes next, and the copy of their answers (choices by label, no
// `copy: false` field), in their language beside the French; the same copy on the tracking
// route until the retention purge.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { allFields, todayIn } from '../../content/model/index.ts';
import { readPdfText } from '../receipts/test-fixtures.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

const NOW = new Date('2026-11-28T10:00:00Z');

describe('the printed copy of a request', { timeout: 30_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: () => NOW, publicUrl: 'https://guichet.belval-sur-loire.fr' });
  });
  afterAll(() => t.dispose());

  const submit = async (locale: string) => {
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const envelope = validSubmission(procedure, { postcodes: t.content.site.postcodes, today: todayIn(NOW), locale });
    const res = await t.app.request('/api/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(envelope),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { reference: string; trackingCode: string };
    return { ...body, procedure, answers: envelope.answers };
  };

  it('prints the code, the next step and the answers without the copy: false ones, in Arabic beside French', async () => {
    const { reference, trackingCode, procedure, answers } = await submit('ar');
    const withheld = allFields(procedure).filter((f) => f.copy === false);
    expect(withheld.map((f) => f.id)).toEqual(['message']);
    const html = await (await t.app.request(`/api/submissions/${reference}/receipt.html?code=${trackingCode}`)).text();
    const { document } = new JSDOM(html).window;
    const french = document.querySelector('main')!;
    const arabic = document.querySelector('section.translation')!;
    expect(arabic.getAttribute('lang')).toBe('ar');
    expect(arabic.getAttribute('dir')).toBe('rtl');
    expect([...document.querySelectorAll('.code-value')].map((e) => e.textContent)).toEqual([trackingCode, trackingCode]);
    // The QR code and its link name the reference only.
    expect(html).not.toContain(`code=${trackingCode}`);
    expect(french.querySelector('#fr-summary')?.textContent).toBe('Récapitulatif de votre demande');
    expect(arabic.querySelector('#local-summary')?.textContent).toBe('ملخص طلبك');
    expect(french.querySelector('#fr-next')?.textContent).toBe('Et maintenant ?');
    const rows = [...document.querySelectorAll('section.summary [data-field]')].map((e) => e.getAttribute('data-field'));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).not.toContain('message');
    expect(html).not.toContain(String(answers.message).slice(0, 20));
    // A choice reads as its label, in each language.
    const topic = procedure.steps.flatMap((s) => s.fields).find((f) => f.id === 'topic');
    if (topic?.type === 'choice') {
      const option = topic.options.find((o) => o.value === answers.topic)!;
      expect(french.querySelector('section.summary [data-field="topic"] dd')?.textContent).toBe(option.label.fr);
      expect(arabic.querySelector('section.summary [data-field="topic"] dd')?.textContent).toBe(option.label.ar);
    }

    const pdf = await readPdfText(new Uint8Array(await (await t.app.request(`/api/submissions/${reference}/receipt.pdf?code=${trackingCode}`)).arrayBuffer()));
    expect(pdf).toContain(trackingCode);
    expect(pdf).toContain('Récapitulatif de votre demande');
  });

  it('shows the copy on the tracking route, in the language asked for', async () => {
    const { reference, trackingCode } = await submit('fr');
    const res = await t.app.request(`/api/submissions/${reference}?code=${trackingCode}&locale=en`);
    const body = (await res.json()) as { summary: { heading: { fr: string; local?: string }; rows: Array<{ field: string }>; withheld?: unknown } };
    expect(body.summary.heading).toEqual({ fr: 'Récapitulatif de votre demande', local: 'Summary of your request' });
    expect(body.summary.rows.map((r) => r.field)).not.toContain('message');
    expect(body.summary.withheld).toBeDefined();
  });
});
