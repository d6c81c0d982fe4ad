// Acknowledgments by email, against a real SMTP server on loopback: the AEE once accepted, the
// ARE once delivered, each queued in the transaction that makes it due and sent afterwards;
// retried when the server is away, given up after the last attempt, never sent twice.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../content/model/index.ts';
import { createReceiptEmailSender } from './receipt-emails.ts';
import { createReceiptMailer, type ReceiptMailer } from './receipts/index.ts';
import { hasWordsInOrder, readPdfText } from './receipts/test-fixtures.ts';
import { deliverAll } from './test-support/deliver.ts';
import { startTestApp, type TestApp } from './test-support/test-app.ts';
import { validSubmission } from './test-support/valid-answers.ts';

const T0 = new Date('2026-11-28T10:00:00Z');
const publicUrl = 'https://guichet.belval-sur-loire.fr';
const received: Array<{ to: string[]; mail: ParsedMail }> = [];
let smtp: SMTPServer;
let port = 0;
/** When set, the SMTP server answers every message with this temporary failure. */
let refuse: string | undefined;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          if (refuse) return callback(Object.assign(new Error(refuse), { responseCode: 451 }));
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

// Each test renders PDFs and reads them back: seconds under a loaded test run.
describe('createReceiptEmailSender', { timeout: 30_000 }, () => {
  let t: TestApp;
  let mailer: ReceiptMailer;
  let clock = T0;
  afterEach(async () => {
    mailer.dispose();
    await t.dispose();
    received.length = 0;
    refuse = undefined;
  });

  const start = async () => {
    clock = T0;
    t = await startTestApp({ now: () => clock, publicUrl });
    mailer = createReceiptMailer({ smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true }, from: 'ne-pas-repondre@belval-sur-loire.fr', publicUrl });
    return createReceiptEmailSender({ store: t.store, content: t.content, mailer, now: () => clock, log: { warn() {}, error() {} } });
  };
  const submit = async (id: string) => {
    const procedure = t.content.procedures.find((p) => p.id === id)!;
    const res = await t.client.api.submissions.$post({
      json: validSubmission(procedure, { postcodes: t.content.site.postcodes, today: todayIn(clock) }),
      header: { 'idempotency-key': randomUUID() },
    });
    if (res.status !== 201) throw new Error(String(res.status));
    return res.json();
  };
  const pdfOf = async (mail: ParsedMail) => readPdfText(new Uint8Array(mail.attachments[0]!.content));

  it('sends the AEE at acceptance and the ARE once delivered, each once, to the address given', async () => {
    const sender = await start();
    const s = await submit('school-registration');
    expect(s.receipt.emailed).toBe(true);
    expect(await sender.sendDue()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['marie.martin@exemple.fr']);
    expect(received[0]!.mail.subject).toContain(`Accusé d’enregistrement`);
    expect(received[0]!.mail.subject).toContain(s.reference);
    expect(hasWordsInOrder(await pdfOf(received[0]!.mail), 'Accusé d’enregistrement électronique')).toBe(true);
    // Nothing more until the service has it.
    expect(await sender.sendDue()).toEqual({ sent: 0, retried: 0, dead: 0 });

    clock = new Date(T0.getTime() + 3_600_000);
    await deliverAll(t.store, s.reference, clock);
    expect(await sender.sendDue()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(received).toHaveLength(2);
    const are = received[1]!.mail;
    expect(are.subject).toContain('Accusé de réception');
    const text = await pdfOf(are);
    expect(hasWordsInOrder(text, 'Accusé de réception électronique')).toBe(true);
    expect(text).toContain('Direction de l');
    expect(are.html).toContain(`${publicUrl}/suivi/${s.reference}`);
    expect(await sender.sendDue()).toEqual({ sent: 0, retried: 0, dead: 0 });

    const audit = await t.store.auditTrail((await t.store.findSubmission(s.reference))!.id);
    expect(audit.filter((e) => e.kind === 'receipt.emailed').map((e) => e.data.acknowledgment)).toEqual(['registration', 'receipt']);
    expect(JSON.stringify(audit)).not.toContain('marie.martin');
  });

  it('queues nothing when the person gave no address', async () => {
    const sender = await start();
    const s = await submit('identity-appointment');
    expect(s.receipt.emailed).toBe(false);
    await deliverAll(t.store, s.reference, new Date(T0.getTime() + 1000));
    expect(await sender.sendDue()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(received).toEqual([]);
  });

  it('tries again later when the SMTP server fails, and gives up after the last attempt', async () => {
    const sender = await start();
    const retrying = createReceiptEmailSender({
      store: t.store,
      content: t.content,
      mailer,
      now: () => clock,
      policy: { baseMs: 1000, capMs: 1000, maxAttempts: 3 },
      log: { warn() {}, error() {} },
    });
    await submit('write-to-town-hall');
    refuse = 'Mailbox busy, try later';
    expect(await retrying.sendDue()).toEqual({ sent: 0, retried: 1, dead: 0 });
    clock = new Date(clock.getTime() + 1000);
    expect(await retrying.sendDue()).toEqual({ sent: 0, retried: 1, dead: 0 });
    clock = new Date(clock.getTime() + 1000);
    expect(await retrying.sendDue()).toEqual({ sent: 0, retried: 0, dead: 1 });
    expect(received).toEqual([]);
    void sender;
  });

  it('recovers a claim left by a crashed sender once its lease is over', async () => {
    const sender = await start();
    await submit('write-to-town-hall');
    const [held] = await t.store.claimReceiptEmails({ now: clock, limit: 10, leaseMs: 60_000 });
    expect(held).toMatchObject({ kind: 'registration', attempt: 1 });
    expect(await sender.sendDue()).toEqual({ sent: 0, retried: 0, dead: 0 });
    clock = new Date(clock.getTime() + 60_001);
    expect(await sender.sendDue()).toEqual({ sent: 1, retried: 0, dead: 0 });
    // The crashed sender's late answer changes nothing.
    expect(await t.store.recordReceiptEmail({ id: held!.id, claimToken: held!.claimToken, at: clock, outcome: 'sent' })).toBe(false);
  });
});
