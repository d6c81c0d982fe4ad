// The L232-3 attestation, driven by the clock: a civil-status request (silence is acceptance,
// two months) is received; two server instances over one SQLite file run the implicit decision
// job at the date; the request is deemed accepted and notified once; the attestation is then
// printable with its mentions, read back from the PDF as a person's reader would, in French and
// in the person's Arabic. Before that date, or for any other request, there is nothing to attest.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { deliverAll } from '../test-support/deliver.ts';
import { TEST_HOST } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';
import { hasWordsInOrder, readPdfText } from '../receipts/test-fixtures.ts';
import { createImplicitDecisionJob } from './implicit-decisions.ts';
import { storeRequestLife } from './store-life.ts';

let t: TestApp;
let other: Store | undefined;
afterEach(async () => {
  await other?.dispose();
  other = undefined;
  await t?.dispose();
});

const url = (path: string) => `http://${TEST_HOST}${path}`;

describe('the attestation of implicit acceptance (L232-3)', () => {
  it('is delivered once silence has accepted, decided once by two instances, its mentions read back from the PDF', async () => {
    let clock = new Date('2026-03-02T09:00:00Z');
    t = await startTestApp({ now: () => clock });
    const procedure = t.content.procedures.find((p) => p.id === 'civil-status-certificate')!;
    const body = validSubmission(procedure, { postcodes: t.content.site.postcodes, locale: 'ar', today: '2026-03-02' });
    const answers: Record<string, unknown> = { ...body.answers, phone: '0612345678' };
    delete answers.email;
    const sent = await t.app.request(url('/api/submissions'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ ...body, answers }),
    });
    expect(sent.status, await sent.clone().text()).toBe(201);
    const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };
    await deliverAll(t.store, reference, clock);
    const attestation = (paper = 'a4') => t.app.request(url(`/api/submissions/${reference}/attestation.pdf?code=${trackingCode}&paper=${paper}`));

    const early = await attestation();
    expect(early.status).toBe(409);
    expect(((await early.json()) as { code: string }).code).toBe('no-implicit-acceptance');

    // Two instances over the same file, as two servers behind a load balancer.
    other = createSqliteStore({ file: join(t.dataDir, 'guichet.sqlite') });
    await other.migrate();
    const procedures = (id: string) => t.content.procedures.find((p) => p.id === id);
    const job = (store: Store) => createImplicitDecisionJob({ store, life: storeRequestLife(store, procedures), now: () => clock });
    clock = new Date('2026-05-01T21:00:00Z'); // 1 May, 23:00 in town: the day before.
    expect(await job(t.store).runDue()).toBe(0);
    clock = new Date('2026-05-02T07:00:00Z');
    const counts = await Promise.all([job(t.store).runDue(), job(other).runDue(), job(other).runDue()]);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(1);
    const life = (await t.store.requestLife(reference))!;
    expect(life.history.map((entry) => entry.status)).toEqual(['registered', 'received', 'deemed-accepted']);
    const notices = await t.store.listNotices(life.submissionId);
    expect(notices.map((notice) => [notice.channel, notice.status])).toEqual([['sms', 'deemed-accepted']]);

    clock = new Date('2026-05-04T08:00:00Z');
    const printed = await attestation();
    expect(printed.status).toBe(200);
    expect(printed.headers.get('content-type')).toBe('application/pdf');
    const text = await readPdfText(new Uint8Array(await printed.arrayBuffer()));
    for (const expected of [
      'Attestation d’acceptation implicite',
      reference,
      'Demander un acte d\'état civil',
      'Demande acceptée implicitement le',
      'Le 2 mai 2026.',
      'réputée acceptée à cette date (article L231-1',
      'en application de l’article L232-3 du code des relations entre le public et l’administration',
      'Attestation délivrée le 4 mai 2026 par la mairie de',
      'شهادة قبول ضمني',
    ])
      expect(hasWordsInOrder(text, expected), `${expected}\n--- in ---\n${text}`).toBe(true);
    // Nothing of the data notice nor of appeals: this paper certifies, it is not a receipt.
    expect(text).not.toContain('Délais et voies de recours');
    expect((await attestation('80mm')).status).toBe(200);
    const page = await t.app.request(url(`/api/submissions/${reference}/attestation.html?code=${trackingCode}`));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('L232-3');
    // A wrong code learns nothing.
    expect((await t.app.request(url(`/api/submissions/${reference}/attestation.pdf?code=ZZZZZZ`))).status).toBe(404);
  });
});
