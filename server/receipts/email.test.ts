import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReceipt, buildRegistration } from './acknowledgment.ts';
import { createReceiptMailer, renderReceiptText } from './email.ts';
import { context, hasWordsInOrder, readPdfText, submissionOf, svaRequest, svrRequest } from './test-fixtures.ts';

const publicUrl = 'https://guichet.belval-sur-loire.fr';

// A real SMTP server on loopback; every message it accepts is parsed back.
const received: Array<{ envelopeTo: string[]; mail: ParsedMail }> = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function mailer() {
  return createReceiptMailer({
    smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true },
    from: '"Mairie de Belval-sur-Loire" <ne-pas-repondre@belval-sur-loire.fr>',
    replyTo: 'courrier@belval-sur-loire.fr',
    publicUrl,
  });
}

describe('createReceiptMailer', () => {
  it('sends the ARE to the address the person gave, with text, HTML and the PDF', async () => {
    const ack = buildReceipt(submissionOf(svaRequest, 'ar'), context);
    const sender = mailer();
    const sent = await sender.send(ack);
    sender.dispose();
    expect(sent.accepted).toEqual(['marie.martin@example.fr']);

    const message = received.find((entry) => entry.mail.messageId === sent.messageId.replace(/^<|>$/g, ''))?.mail ?? received.at(-1)!.mail;
    expect(received.at(-1)!.envelopeTo).toEqual(['marie.martin@example.fr']);
    expect(message.subject).toBe('Accusé de réception — K7QD-4MZ9 / إشعار بالاستلام — K7QD-4MZ9');
    expect(message.from?.text).toContain('ne-pas-repondre@belval-sur-loire.fr');
    expect(message.replyTo?.text).toBe('courrier@belval-sur-loire.fr');
    expect(message.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message.headers.get('content-language')).toBe('fr, ar');

    // Values are isolated for bidi (U+2068 … U+2069): they may hold what the person typed.
    expect(message.text).toContain('Date de la décision implicite : \u2068À défaut de décision expresse, votre demande sera réputée acceptée le 15 mai 2026');
    expect(message.text).toContain('تاريخ القرار الضمني : \u2068في غياب قرار صريح، يعتبر طلبك مقبولا بتاريخ 15 مايو 2026');
    expect(message.html).toContain('<html lang="fr" dir="ltr">');
    expect(message.html).toContain('lang="ar" dir="rtl"');

    expect(message.attachments).toHaveLength(1);
    const [pdf] = message.attachments;
    expect(pdf?.contentType).toBe('application/pdf');
    expect(pdf?.filename).toBe('accuse-de-reception-K7QD-4MZ9.pdf');
    const text = await readPdfText(new Uint8Array(pdf!.content));
    expect(hasWordsInOrder(text, 'réputée acceptée le 15 mai 2026,')).toBe(true);
  });

  it('sends the AEE to another address when asked, with a PDF made by the caller', async () => {
    const ack = buildRegistration(submissionOf(svrRequest), context);
    const sender = mailer();
    const sent = await sender.send(ack, { to: 'mediatrice@example.fr', pdf: new TextEncoder().encode('%PDF-1.7 test') });
    sender.dispose();
    expect(sent.accepted).toEqual(['mediatrice@example.fr']);
    const message = received.at(-1)!.mail;
    expect(message.subject).toBe('Accusé d’enregistrement — K7QD-4MZ9');
    expect(message.attachments[0]?.filename).toBe('accuse-d-enregistrement-K7QD-4MZ9.pdf');
    expect(message.attachments[0]?.content.toString()).toBe('%PDF-1.7 test');
    expect(message.text).toContain('Date de réception par l’administration : \u2068le 15 mars 2026 à 10:30 (heure de Paris)');
  });

  it('refuses an acknowledgment without an address, before connecting', async () => {
    const ack = buildReceipt({ ...submissionOf(svaRequest), answers: {} }, context);
    const sender = mailer();
    await expect(sender.send(ack)).rejects.toThrow(/no email address/);
    sender.dispose();
  });
});

describe('renderReceiptText', () => {
  it('writes French, then the translation', () => {
    const text = renderReceiptText(buildReceipt(submissionOf(svaRequest, 'en'), context), publicUrl);
    expect(text.indexOf('Accusé de réception électronique')).toBeLessThan(text.indexOf('Electronic acknowledgment of receipt'));
    expect(text).toContain('Track your file : https://guichet.belval-sur-loire.fr/suivi/K7QD-4MZ9');
  });
});
