import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeSampleFiles, sampleDelivery, testConnector } from './connector.contract.ts';
import { SECRET, startWebhookPeer, type WebhookPeer } from './peers/webhook.ts';
import { decodeSecret, parseRetryAfter, signWebhook } from './webhook.ts';

testConnector('webhook', startWebhookPeer);

describe('webhook connector', () => {
  let peer: WebhookPeer;
  beforeAll(async () => {
    peer = await startWebhookPeer();
  });
  afterAll(async () => {
    await peer.dispose();
    await removeSampleFiles();
  });

  const lastRequest = (reference: string) => peer.requests.filter((r) => r.body.includes(reference)).at(-1);

  it('signs per Standard Webhooks: the reference library verifies it, and refuses a changed body', async () => {
    const delivery = await sampleDelivery();
    const connector = peer.connectorTo('/ok');
    expect(await connector.deliver(delivery)).toEqual({
      outcome: 'delivered',
      detail: expect.stringContaining('HTTP 200'),
    });
    const request = lastRequest(delivery.submission.reference);
    expect(request?.verified).toBe(true);
    expect(request?.headers['webhook-id']).toBe(delivery.idempotencyKey);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(Math.abs(Number(request?.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    expect(request?.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    const headers = request?.headers as Record<string, string>;
    expect(() => peer.verifier.verify(request?.body.replace('Nid-de-poule', 'Lampadaire') ?? '', headers)).toThrow(
      'No matching signature found',
    );
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      type: 'submission.received',
      timestamp: delivery.submission.receivedAt,
      data: { receipt: { type: 'application/pdf', content: expect.any(String) } },
    });
  });

  it('sends the same body on a retry, so the receiver can compare as well as match the id', async () => {
    const delivery = await sampleDelivery();
    const connector = peer.connectorTo('/ok');
    await connector.deliver(delivery);
    await connector.deliver(delivery);
    const bodies = peer.requests.filter((r) => r.headers['webhook-id'] === delivery.idempotencyKey).map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe(bodies[1]);
  });

  it('answers rejected on 400, with the status and the start of the body', async () => {
    const result = await peer.connectorTo('/bad').deliver(await sampleDelivery());
    expect(result).toEqual({
      outcome: 'rejected',
      reason: expect.stringMatching(
        /^L'application 127\.0\.0\.1:\d+ a refusé l'envoi \(HTTP 400 : « \{"title":"Le champ « quartier » manque".{0,90}… »\)\.$/,
      ),
    });
  });

  it('answers retry on 429, after the Retry-After seconds', async () => {
    const result = await peer.connectorTo('/busy').deliver(await sampleDelivery());
    expect(result).toEqual({
      outcome: 'retry',
      retryAfterMs: 7_000,
      reason: expect.stringMatching(/reçoit trop de demandes \(HTTP 429\) ; elle demande d'attendre 7 s\.$/),
    });
  });

  it('answers retry on 503, after the Retry-After date', async () => {
    const result = await peer.connectorTo('/unavailable').deliver(await sampleDelivery());
    expect(result).toMatchObject({
      outcome: 'retry',
      reason: expect.stringContaining('HTTP 503 : « Maintenance en cours »'),
    });
    const { retryAfterMs } = result as { retryAfterMs: number };
    expect(retryAfterMs).toBeGreaterThan(115_000);
    expect(retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('answers rejected on a redirection rather than following it with a lost body', async () => {
    const result = await peer.connectorTo('/moved').deliver(await sampleDelivery());
    expect(result).toEqual({
      outcome: 'rejected',
      reason: expect.stringContaining(
        "(HTTP 301 vers https://voirie.example/guichet) : corrigez l'adresse du webhook.",
      ),
    });
  });

  it('answers rejected, sending nothing, when the files are larger than it embeds', async () => {
    const delivery = await sampleDelivery();
    const result = await peer.connectorTo('/ok', { maxEmbeddedBytes: 1024 }).deliver(delivery);
    expect(result).toEqual({
      outcome: 'rejected',
      reason: expect.stringMatching(
        /^Les fichiers pèsent 2,1 Ko, plus que les 1 Ko que ce webhook transmet : augmentez maxEmbeddedBytes/,
      ),
    });
    expect(lastRequest(delivery.submission.reference)).toBeUndefined();
  });

  it('refuses at creation a secret that is not base64', () => {
    expect(() => peer.connectorTo('/ok', { secret: 'whsec_pas du base64!' })).toThrow(
      "le secret doit s'écrire whsec_ suivi de base64",
    );
  });

  it('signs as the specification example does', () => {
    expect(signWebhook(decodeSecret(SECRET), 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('reads Retry-After in seconds or as an HTTP date, capped at a day', () => {
    const now = Date.parse('2026-10-21T07:27:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('9999999', now)).toBe(24 * 60 * 60 * 1000);
    expect(parseRetryAfter('bientôt', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
