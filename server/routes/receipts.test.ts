// The acknowledgments as a resident gets them through the API: the AEE in the 201 and as
// documents while the submission is on its way, the ARE once the service has it; for every
// real procedure, every mention that applies is checked in the HTML and in the PDF's text as
// pdf.js reads it back (what a screen reader or a copy gets).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredMentions, todayIn } from '../../content/model/index.ts';
import { acknowledgmentOf } from '../acknowledgments.ts';
import { missingMentions, type Acknowledgment } from '../receipts/index.ts';
import { hasWordsInOrder, readPdfText } from '../receipts/test-fixtures.ts';
import { deliverAll } from '../test-support/deliver.ts';
import { headersFor } from '../test-support/staff.ts';
import { content, startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
const today = todayIn(NOW);
const publicUrl = 'https://guichet.belval-sur-loire.fr';

/** Every mention that applies, label and value, French and (when translated) the person's language. */
function expectMentions(ack: Acknowledgment, text: string, where: string): void {
  expect(missingMentions(ack), where).toEqual([]);
  const mentions = new Map(ack.sections.flatMap((s) => s.mentions).map((m) => [m.id, m]));
  for (const id of requiredMentions(ack.kind, ack.procedure)) {
    const mention = mentions.get(id)!;
    expect(hasWordsInOrder(text, mention.label.fr), `${where}: label of ${id}`).toBe(true);
    expect(hasWordsInOrder(text, mention.value.fr), `${where}: ${id} = «${mention.value.fr}»`).toBe(true);
  }
}

// Each test renders PDFs and reads them back: seconds under a loaded test run.
describe('acknowledgments through the API, for every procedure', { timeout: 30_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: () => NOW, publicUrl });
  });
  afterAll(() => t.dispose());

  const submit = async (id: string, locale = 'fr') => {
    const procedure = t.content.procedures.find((p) => p.id === id)!;
    const res = await t.client.api.submissions.$post(
      {
        json: validSubmission(procedure, { postcodes: t.content.site.postcodes, today, locale }),
        header: { 'idempotency-key': randomUUID() },
      },
      // Agent procedures are sent by a signed-in agent.
      { headers: await headersFor(t, procedure) },
    );
    expect(res.status).toBe(201);
    if (res.status !== 201) throw new Error(String(res.status));
    return res.json();
  };

  const documents = async (reference: string, code: string) => {
    const pdf = await t.app.request(`/api/submissions/${reference}/receipt.pdf?code=${code}`);
    const html = await t.app.request(`/api/submissions/${reference}/receipt.html?code=${code}&paper=80mm`);
    expect(pdf.status).toBe(200);
    expect(html.status).toBe(200);
    for (const res of [pdf, html]) expect(res.headers.get('cache-control')).toBe('no-store');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    return {
      kind: pdf.headers.get('guichet-acknowledgment'),
      pdfText: await readPdfText(new Uint8Array(await pdf.arrayBuffer())),
      html: await html.text(),
    };
  };

  it.each(content().procedures.map((p) => [p.id] as const))('%s: AEE in the 201 and as documents, then the ARE once delivered', async (id) => {
    const body = await submit(id);
    // The AEE (R112-11-2): date and time of receipt, reference.
    expect(body.receipt).toMatchObject({ kind: 'registration', reference: body.reference, receivedAt: NOW.toISOString() });
    expect(body.receipt.title.fr).toBe('Accusé d’enregistrement électronique');
    expect(body.receipt.documents).toEqual({
      html: `/api/submissions/${body.reference}/receipt.html`,
      pdf: `/api/submissions/${body.reference}/receipt.pdf`,
    });
    expect(body.receipt).not.toHaveProperty('recipient');
    const stored = (await t.store.findSubmission(body.reference))!;

    const aee = await documents(body.reference, body.trackingCode);
    expect(aee.kind).toBe('registration');
    const aeeData = await acknowledgmentOf(t.content, t.store, stored);
    expect(aeeData.kind).toBe('registration');
    expect(hasWordsInOrder(aee.pdfText, 'Accusé d’enregistrement électronique')).toBe(true);
    expectMentions(aeeData, aee.pdfText, `${id} AEE PDF`);
    expect(aee.html).toContain('class="paper-80mm"');
    for (const mentionId of requiredMentions('registration', aeeData.procedure))
      expect(aee.html).toMatch(new RegExp(`data-mention="${mentionId}"><dt>[^<]+</dt><dd>(?!—<)`));

    await deliverAll(t.store, body.reference, new Date(NOW.getTime() + 60_000));
    const delivered = (await t.store.findSubmission(body.reference))!;
    expect(delivered.status).toBe('delivered');
    const are = await documents(body.reference, body.trackingCode);
    expect(are.kind).toBe('receipt');
    const areData = await acknowledgmentOf(t.content, t.store, delivered);
    expect(areData.kind).toBe('receipt');
    expect(hasWordsInOrder(are.pdfText, 'Accusé de réception électronique')).toBe(true);
    // The AEE said nothing of the service nor of personal data: those are the ARE's.
    const areOnly = areData.sections.filter((s) => s.id !== 'receipt').map((s) => s.heading.fr);
    for (const heading of areOnly) {
      expect(are.pdfText).toContain(heading);
      expect(aee.pdfText).not.toContain(heading);
    }
    expectMentions(areData, are.pdfText, `${id} ARE PDF`);
    expectMentions(areData, are.html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'), `${id} ARE HTML`);
    for (const mentionId of requiredMentions('receipt', areData.procedure))
      expect(are.html).toMatch(new RegExp(`data-mention="${mentionId}"><dt>[^<]+</dt><dd>(?!—<)`));
    // The QR code and link point to the tracking page on the public address.
    expect(are.html).toContain(`${publicUrl}/suivi/${body.reference}`);
  });

  it('prints the Arabic translation beside the French legal text', async () => {
    const body = await submit('write-to-town-hall', 'ar');
    await deliverAll(t.store, body.reference, new Date(NOW.getTime() + 60_000));
    const are = await documents(body.reference, body.trackingCode);
    const data = await acknowledgmentOf(t.content, t.store, (await t.store.findSubmission(body.reference))!);
    expect(data.translated).toBe(true);
    expect(missingMentions(data)).toEqual([]);
    expect(are.html).toContain('lang="ar" dir="rtl"');
    expectMentions(data, are.pdfText, 'ARE PDF in Arabic');
    const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const mention of data.sections.flatMap((s) => s.mentions)) expect(are.html).toContain(escaped(mention.value.local!));
  });

  it('answers a wrong code for a receipt exactly as an unknown reference', async () => {
    const body = await submit('write-to-town-hall');
    const wrong = await t.app.request(`/api/submissions/${body.reference}/receipt.pdf?code=ZZZZZZ`);
    const unknown = await t.app.request(`/api/submissions/2222-2222/receipt.pdf?code=${body.trackingCode}`);
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(await wrong.text()).toBe(await unknown.text());
    expect([...wrong.headers]).toEqual([...unknown.headers]);
  });

  it('refuses a paper size it does not know', async () => {
    const body = await submit('write-to-town-hall');
    const res = await t.app.request(`/api/submissions/${body.reference}/receipt.html?code=${body.trackingCode}&paper=a3`);
    expect(res.status).toBe(400);
  });
});
