import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeSampleFiles, sampleDelivery, testConnector } from './connector.contract.ts';
import { formatReceivedAt, messageIdFor } from './smtp.ts';
import { SENDER, SERVICE_MAILBOX, startSmtpPeer, type SmtpPeer } from './peers/smtp.ts';

testConnector('smtp', startSmtpPeer);

describe('smtp connector', () => {
  let peer: SmtpPeer;
  beforeAll(async () => {
    peer = await startSmtpPeer();
  });
  afterAll(async () => {
    await peer.dispose();
    await removeSampleFiles();
  });

  it('sends an email an agent can read: subject, answers as a table, date of receipt in Paris time', async () => {
    const delivery = await sampleDelivery();
    const { reference } = delivery.submission;
    const connector = peer.connector({ timeoutMs: 5_000 });
    const result = await connector.deliver(delivery);
    await connector.dispose();
    expect(result).toMatchObject({ outcome: 'delivered', detail: expect.stringContaining(SERVICE_MAILBOX) });

    const mail = peer.messages.find((m) => m.subject?.endsWith(reference));
    expect(mail?.subject).toBe(`[Guichet] Signaler un problème dans la rue – ${reference}`);
    expect(mail?.from?.text).toBe('"Guichet" <guichet@belval-sur-loire.fr>');
    expect(mail?.messageId).toBe(`<${delivery.idempotencyKey}.guichet@belval-sur-loire.fr>`);
    expect(mail?.headers.get('x-guichet-idempotency-key')).toBe(delivery.idempotencyKey);
    expect(mail?.headers.get('x-guichet-reference')).toBe(reference);

    expect(mail?.text).toContain(`Référence : ${reference}`);
    expect(mail?.text).toContain('Reçue le : mardi 3 mars 2026 à 14:05');
    // An answer is isolated for bidi (U+2068 … U+2069), so an override in it cannot reorder the line.
    expect(mail?.text).toContain('Quel problème ? : \u2068Nid-de-poule\u2069');

    const html = String(mail?.html);
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<th scope="row"[^>]*>Quel problème \?<\/th><td[^>]*>Nid-de-poule<\/td>/);
    expect(html).toMatch(/<th scope="row"[^>]*>Où \?<\/th><td[^>]*>3 rue des Écoles, 41200 Belval-sur-Loire<\/td>/);
    // The answer's markup is text, not HTML, and its line break is kept.
    expect(html).toContain('devant l’école.<br>Dangereux pour les vélos &#60;attention&#62; &#38; piétons.');
    expect(html).toContain('mardi 3 mars 2026 à 14:05');

    expect(mail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['photo du trou.jpg', 'image/jpeg'],
      ['plan.pdf', 'application/pdf'],
      [`accuse-enregistrement-${reference}.pdf`, 'application/pdf'],
      [`submission-${reference}.json`, 'application/json'],
    ]);
    const json = JSON.parse(mail?.attachments.at(-1)?.content.toString('utf8') ?? '{}');
    expect(json).toMatchObject({ reference, idempotencyKey: delivery.idempotencyKey, channel: 'kiosk' });
    expect(json.attachments.map((a: { file: string }) => a.file)).toEqual(['photo du trou.jpg', 'plan.pdf']);
  });

  it('gives a retried message the same Message-ID, so the mailbox shows it as a duplicate', async () => {
    const delivery = await sampleDelivery();
    const connector = peer.connector({ timeoutMs: 5_000 });
    await connector.deliver(delivery);
    await connector.deliver(delivery);
    await connector.dispose();
    const ids = peer.messages.filter((m) => m.subject?.endsWith(delivery.submission.reference)).map((m) => m.messageId);
    expect(ids).toEqual([messageIdFor(delivery.idempotencyKey, SENDER), messageIdFor(delivery.idempotencyKey, SENDER)]);
  });

  it('answers rejected on a permanent refusal (550), with the server reply', async () => {
    const connector = peer.connectorWith({ to: 'refuse@belval-sur-loire.fr' });
    const result = await connector.deliver(await sampleDelivery());
    await connector.dispose();
    expect(result).toEqual({
      outcome: 'rejected',
      reason: expect.stringMatching(
        /^Le serveur de messagerie 127\.0\.0\.1:\d+ a refusé le message \(550 .*Mailbox unknown\)\.$/,
      ),
    });
  });

  it('answers retry on a temporary refusal (451)', async () => {
    const connector = peer.connectorWith({ to: 'busy@belval-sur-loire.fr' });
    const result = await connector.deliver(await sampleDelivery());
    await connector.dispose();
    expect(result).toEqual({
      outcome: 'retry',
      reason: expect.stringMatching(
        /^Le serveur de messagerie 127\.0\.0\.1:\d+ demande de réessayer plus tard \(451 .*try later\)\.$/,
      ),
    });
  });

  it('answers retry when the server never acknowledges the message data', async () => {
    const connector = peer.connectorWith({ to: 'slow@belval-sur-loire.fr', timeoutMs: 500 });
    const started = performance.now();
    const result = await connector.deliver(await sampleDelivery());
    await connector.dispose();
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result).toEqual({
      outcome: 'retry',
      reason: expect.stringMatching(/ne répond pas \(délai de 0,5 s dépassé\)\.$/),
    });
  });

  it('logs in when given credentials, and answers retry (a configuration fix) when they are refused', async () => {
    const good = peer.connectorWith({ auth: { user: 'guichet', pass: 'bon-mot-de-passe' } });
    expect(await good.deliver(await sampleDelivery())).toMatchObject({ outcome: 'delivered' });
    await good.dispose();
    const bad = peer.connectorWith({ auth: { user: 'guichet', pass: 'ancien' } });
    const result = await bad.deliver(await sampleDelivery());
    await bad.dispose();
    expect(result).toEqual({
      outcome: 'retry',
      reason: expect.stringMatching(
        /refuse l'identifiant ou le mot de passe de Guichet \(535 .*\) : vérifiez la configuration\.$/,
      ),
    });
  });

  it('writes the date of receipt in the town time, summer and winter', () => {
    expect(formatReceivedAt('2026-03-03T13:05:00Z', 'Europe/Paris')).toBe('mardi 3 mars 2026 à 14:05');
    expect(formatReceivedAt('2026-07-14T08:00:00Z', 'Europe/Paris')).toBe('mardi 14 juillet 2026 à 10:00');
    expect(formatReceivedAt('2026-07-14T08:00:00Z', 'Indian/Reunion')).toBe('mardi 14 juillet 2026 à 12:00');
  });
});
