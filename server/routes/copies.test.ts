// "Send me a copy", against a real SMTP server on loopback: the acknowledgment with the copy of
// the answers goes to the address the person gave in their answers (never one typed now, never
// the tracking code in it), a few times at most; without an address or a mailer, a plain refusal.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../content/model/index.ts';
import { createReceiptMailer, type ReceiptMailer } from '../receipts/index.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
const publicUrl = 'https://guichet.belval-sur-loire.fr';
const received: Array<{ to: string[]; mail: ParsedMail }> = [];
let smtp: SMTPServer;
let mailer: ReceiptMailer;
let t: TestApp;
let bare: TestApp;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  mailer = createReceiptMailer({ smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true }, from: 'ne-pas-repondre@belval-sur-loire.fr', publicUrl });
  t = await startTestApp({ now: () => NOW, publicUrl, copySenders: { email: mailer } });
  bare = await startTestApp({ now: () => NOW, publicUrl });
});

afterAll(async () => {
  mailer.dispose();
  await t.dispose();
  await bare.dispose();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function submit(app: TestApp, choose: Record<string, string>, locale = 'fr') {
  const procedure = app.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
  const envelope = validSubmission(procedure, { postcodes: app.content.site.postcodes, today: todayIn(NOW), locale, choose });
  const res = await app.app.request('/api/submissions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify(envelope),
  });
  expect(res.status).toBe(201);
  return { ...((await res.json()) as { reference: string; trackingCode: string }), answers: envelope.answers };
}

const ask = (app: TestApp, reference: string, body: unknown) =>
  app.app.request(`/api/submissions/${reference}/copies`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /api/submissions/:reference/copies', { timeout: 30_000 }, () => {
  it('emails the copy of the answers to the address given, in the language beside French, without the code', async () => {
    const { reference, trackingCode, answers } = await submit(t, { replyBy: 'email' }, 'en');
    const res = await ask(t, reference, { code: trackingCode, channel: 'email' });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ sent: true, channel: 'email' });
    const mail = received.at(-1)!;
    expect(mail.to).toEqual([answers.email]);
    const html = String(mail.mail.html);
    expect(html).toContain('Récapitulatif de votre demande');
    expect(html).toContain('Summary of your request');
    expect(html).not.toContain(trackingCode);
    expect(html).not.toContain(String(answers.message).slice(0, 20));
  });

  it('refuses a wrong code as an unknown reference, and a fourth copy within the hour', async () => {
    const { reference, trackingCode } = await submit(t, { replyBy: 'email' });
    expect((await ask(t, reference, { code: 'ZZZZZZ', channel: 'email' })).status).toBe(404);
    for (let i = 0; i < 3; i++) expect((await ask(t, reference, { code: trackingCode, channel: 'email' })).status).toBe(202);
    const fourth = await ask(t, reference, { code: trackingCode, channel: 'email' });
    expect(fourth.status).toBe(429);
    expect(fourth.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await fourth.json()) as { code: string }).toMatchObject({ code: 'too-many-copies' });
  });

  it('says so when the request has no address, when no mailer is set up, and for a channel it does not know', async () => {
    const byPost = await submit(t, { replyBy: 'post' });
    const none = await ask(t, byPost.reference, { code: byPost.trackingCode, channel: 'email' });
    expect(none.status).toBe(422);
    expect(await none.json()).toMatchObject({ code: 'copy-no-contact' });

    const elsewhere = await submit(bare, { replyBy: 'email' });
    const unavailable = await ask(bare, elsewhere.reference, { code: elsewhere.trackingCode, channel: 'email' });
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toMatchObject({ code: 'copy-unavailable' });

    expect((await ask(t, elsewhere.reference, { code: 'X', channel: 'pigeon' })).status).toBe(400);
    expect((await ask(t, elsewhere.reference, { code: 'X', channel: 'email', to: 'someone@else.fr' })).status).toBe(400);
  });
});
