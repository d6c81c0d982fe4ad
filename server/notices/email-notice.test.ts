// Email notices against a real SMTP server on loopback: the status that asks for pieces reaches
// the address the resident gave, once, with the pieces and the date in French and Arabic, and
// never the tracking code nor an answer; a server that refuses for a while gets the notice later.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_DIR } from '../../content/check/index.ts';
import { storeRequestLife } from '../requests/store-life.ts';
import { deliverAll } from '../test-support/deliver.ts';
import { TEST_HOST } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';
import { createEmailNoticeSender, createNoticeTransport, readLifeTexts } from './email-notice.ts';
import { readSmsTexts } from './sms-text.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let smtp: SMTPServer;
let refusing = false;
const mails: Array<{ to: string[]; subject: string; text: string }> = [];
let t: TestApp;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      if (refusing) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});
afterEach(async () => {
  await t?.dispose();
  mails.length = 0;
  refusing = false;
});

describe('email notices', () => {
  it('tell the resident what is missing and by when, once, in French and Arabic, without the code nor an answer; a refusal waits and retries', async () => {
    let clock = NOW;
    t = await startTestApp({ now: () => clock });
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const body = validSubmission(procedure, { postcodes: t.content.site.postcodes, today: '2026-11-28', locale: 'ar' });
    const sent = await t.app.request(`http://${TEST_HOST}/api/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(body),
    });
    expect(sent.status).toBe(201);
    const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };
    await deliverAll(t.store, reference, NOW);
    const life = storeRequestLife(t.store, (id) => t.content.procedures.find((p) => p.id === id));
    const asked = await life.applyEvent(
      reference,
      { type: 'incomplete', actor: { kind: 'instructor', id: '1' }, missing: [{ label: { fr: 'Photo du compteur', ar: 'صورة العداد' } }], respondBy: '2026-12-20', message: { fr: 'Merci de compléter.' } },
      { kind: 'desk', instructorId: '1' },
      NOW,
    );
    expect(asked.outcome).toBe('applied');

    const transport = createNoticeTransport({
      smtp: { host: '127.0.0.1', port: (smtp.server.address() as AddressInfo).port, secure: false, ignoreTLS: true },
      from: 'ne-pas-repondre@belval-sur-loire.fr',
    });
    const locales = t.content.site.locales.map((l) => l.code);
    const sender = createEmailNoticeSender({
      store: t.store,
      content: t.content,
      send: transport.send,
      texts: { sms: readSmsTexts(CONTENT_DIR, locales), life: readLifeTexts(CONTENT_DIR, locales) },
      publicUrl: 'https://guichet.belval-sur-loire.fr',
      now: () => clock,
      log: { warn: () => {}, error: () => {} },
    });
    try {
      refusing = true;
      expect(await sender.sendDue()).toEqual({ sent: 0, retried: 1, dead: 0 });
      refusing = false;
      expect(await sender.sendDue()).toEqual({ sent: 0, retried: 0, dead: 0 });
      clock = new Date(NOW.getTime() + 3_600_000);
      expect(await sender.sendDue()).toEqual({ sent: 1, retried: 0, dead: 0 });
      expect(await sender.sendDue()).toEqual({ sent: 0, retried: 0, dead: 0 });
    } finally {
      transport.dispose();
    }
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.to).toEqual([body.answers.email]);
    expect(mail!.subject).toBe(`Mairie de Belval-sur-Loire — votre demande ${reference}`);
    for (const expected of ['il manque des pièces à votre demande', 'Photo du compteur', '20 décembre 2026', 'Merci de compléter.', 'صورة العداد', `https://guichet.belval-sur-loire.fr/suivi/${reference}`])
      expect(mail!.text).toContain(expected);
    for (const secret of [trackingCode, String(body.answers.givenName), String(body.answers.message).slice(0, 20)]) expect(mail!.text).not.toContain(secret);
    const notices = await t.store.listNotices((await t.store.findSubmission(reference))!.id);
    // The SMS of the same status is the SMS sender's: each channel is sent once, by its own sender.
    expect(notices.filter((n) => n.channel === 'email').map((n) => n.state)).toEqual(['sent']);
  });
});
