// The reception's "to contact" list: a resident who gave neither email nor phone lands on it
// when a status asks something of them; reception prints the letter (the status, the missing
// piece and its date, in French and Arabic, to their name and postal address, never the code)
// and notes how the person was told; the list is then empty and the audit says who and how.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { storeRequestLife } from '../requests/store-life.ts';
import { hashCode } from '../staff/passwords.ts';
import { deliverAll } from '../test-support/deliver.ts';
import { SAME_ORIGIN, TEST_HOST } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let t: TestApp;
afterEach(async () => {
  await t?.dispose();
});
const url = (path: string) => `http://${TEST_HOST}${path}`;
const form = (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
  t.app.request(url(path), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });

describe('the reception’s “to contact” list', () => {
  it('lists a resident with neither email nor phone, prints their letter, and notes the call or letter once', async () => {
    t = await startTestApp({ now: () => NOW });
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const body = validSubmission(procedure, { postcodes: t.content.site.postcodes, today: '2026-11-28', locale: 'ar' });
    const answers: Record<string, unknown> = { ...body.answers, replyBy: 'post', address: { street: '12 rue des Lilas', postcode: '41200', city: 'Belval-sur-Loire' } };
    delete answers.email;
    delete answers.phone;
    const sent = await t.app.request(url('/api/submissions'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({ ...body, answers }),
    });
    expect(sent.status, await sent.clone().text()).toBe(201);
    const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };
    await deliverAll(t.store, reference, NOW);
    const life = storeRequestLife(t.store, (id) => t.content.procedures.find((p) => p.id === id));
    const asked = await life.applyEvent(
      reference,
      { type: 'incomplete', actor: { kind: 'instructor', id: '1' }, missing: [{ label: { fr: 'Photo du compteur', ar: 'صورة العداد' } }], respondBy: '2026-12-20' },
      { kind: 'desk', instructorId: '1' },
      NOW,
    );
    expect(asked.outcome).toBe('applied');

    const made = await t.store.createStaffAccount({ role: 'reception', login: 'accueil', displayName: 'Accueil', passwordHash: await hashCode('code-accueil-Kq7m!'), createdAt: NOW.toISOString() });
    if (made === 'exists') throw new Error('exists');
    const signed = await form('/reception/sign-in', { login: 'accueil', code: 'code-accueil-Kq7m!', next: '/reception' }, SAME_ORIGIN);
    const headers = { Cookie: /guichet_reception=[^;]+/.exec(signed.headers.get('set-cookie') ?? '')![0], ...SAME_ORIGIN };

    const list = await (await t.app.request(url('/reception/to-contact'), { headers })).text();
    expect(list).toContain(reference);
    expect(list).toContain('Pièces manquantes demandées');
    const id = /\/reception\/to-contact\/([\w-]+)\/letter/.exec(list)?.[1];
    expect(id).toBeDefined();

    const letter = await t.app.request(url(`/reception/to-contact/${id}/letter`), { headers });
    expect(letter.status).toBe(200);
    const page = await letter.text();
    for (const expected of [`Objet : votre demande ${reference}`, String(answers.givenName), '12 rue des Lilas', '41200 Belval-sur-Loire', 'Photo du compteur', '20 décembre 2026', 'صورة العداد', 'lang="ar" dir="rtl"'])
      expect(page).toContain(expected);
    expect(page).not.toContain(trackingCode);

    expect((await form(`/reception/to-contact/${id}`, { how: 'call' }, headers)).status).toBe(303);
    // Said once: a second note changes nothing.
    expect((await form(`/reception/to-contact/${id}`, { how: 'letter' }, headers)).status).toBe(303);
    expect(await (await t.app.request(url('/reception/to-contact'), { headers })).text()).not.toContain(reference);
    const submission = (await t.store.findSubmission(reference))!;
    const told = (await t.store.auditTrail(submission.id)).filter((event) => event.kind === 'notice.sent');
    expect(told.map((event) => event.data)).toEqual([expect.objectContaining({ channel: 'letter', how: 'call' })]);
    expect((await t.store.listNotices(submission.id)).map((n) => [n.channel, n.state])).toEqual([['letter', 'sent']]);
  });
});
