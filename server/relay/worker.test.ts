import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, WEBHOOK_SECRET, type WebhookReceiver } from '../../test/support/receivers.ts';
import { createWebhookConnector, type Connector } from './connectors/index.ts';
import { retryDelay } from './backoff.ts';
import { startRelayFixture, until, type RelayFixture } from './relay-fixture.ts';

let fixture: RelayFixture;
let receiver: WebhookReceiver;
afterEach(async () => {
  await fixture?.dispose();
  await receiver?.close();
});

const webhook = (url: string, timeoutMs = 2_000) => createWebhookConnector({ url, secret: WEBHOOK_SECRET, timeoutMs });

async function start() {
  fixture = await startRelayFixture();
  receiver = await startWebhookReceiver();
  return { fixture, receiver };
}

const deliveries = (state?: 'pending' | 'delivered' | 'dead' | 'waiting') =>
  fixture.t.store.listDeliveries({ ...(state ? { state } : {}), limit: 1000 });

describe('retryDelay', () => {
  const policy = { baseMs: 1_000, capMs: 10_000, maxAttempts: 9 };
  it('draws between 0 and the doubled base, capped (full jitter)', () => {
    expect(retryDelay(1, policy, undefined, () => 0.999)).toBe(999);
    expect(retryDelay(3, policy, undefined, () => 0.5)).toBe(2_000);
    expect(retryDelay(9, policy, undefined, () => 0.999)).toBe(9_990);
    expect(retryDelay(2, policy, undefined, () => 0)).toBe(0);
  });
  it("never comes back before the peer's Retry-After", () => {
    expect(retryDelay(1, policy, 60_000, () => 0.5)).toBe(60_000);
  });
});

describe('relay worker', () => {
  it('delivers each submission once, moves it to delivered and calls the hook once', async () => {
    await start();
    const ids = await fixture.submit('report-street-problem', 12);
    const delivered: string[] = [];
    const worker = fixture.worker(
      { 'street-app': webhook(`${receiver.url}/ok`) },
      { onSubmissionDelivered: (s) => void delivered.push(s.submissionId) },
    );
    worker.start();
    await until(async () => (await deliveries('delivered')).length === 12, 'every delivery delivered');
    expect(receiver.distinct()).toEqual(new Set(ids.map((id) => `${id}.street-app`)));
    expect(receiver.resends()).toBe(0);
    expect(receiver.badSignatures).toBe(0);
    await until(() => delivered.length === 12, 'hook called');
    expect(new Set(delivered)).toEqual(new Set(ids));
    const reference = (await deliveries('delivered'))[0]!.reference;
    const found = await fixture.t.store.findSubmission(reference);
    expect(found?.status).toBe('delivered');
    expect(found?.history.map((h) => h.status)).toEqual(['received', 'delivered']);
    expect((await fixture.t.store.auditTrail(found!.id)).map((e) => e.kind)).toContain('submission.delivered');
  });

  it('sends the French title, the answers as French rows and each file by its stored path', async () => {
    await start();
    await fixture.submit('report-street-problem', 1);
    const seen: Array<Parameters<Connector['deliver']>[0]> = [];
    const spy: Connector = {
      name: 'spy',
      timeoutMs: 1_000,
      deliver: async (delivery) => (seen.push(delivery), { outcome: 'delivered' }),
      dispose: async () => {},
    };
    fixture.worker({ 'street-app': spy }).start();
    await until(() => seen.length === 1, 'one delivery');
    const [delivery] = seen;
    const procedure = fixture.t.content.procedures.find((p) => p.id === 'report-street-problem')!;
    expect(delivery!.idempotencyKey).toMatch(/^[0-9a-f-]{36}\.street-app$/);
    expect(delivery!.submission.procedureTitle).toBe(procedure.title.fr);
    expect(delivery!.submission.answerRows.length).toBeGreaterThan(0);
    expect(delivery!.submission.answerRows.every((row) => row.label && row.value)).toBe(true);
    for (const file of delivery!.attachments) {
      expect(file.filename).toMatch(/^[\w-]+\.(jpg|png|pdf)$/);
      expect(file.path).toMatch(/attachments\/[0-9a-f]{64}$/);
    }
  });

  it('never delivers a row twice when two workers on two connections share the outbox', async () => {
    await start();
    const ids = await fixture.submit('report-street-problem', 40);
    const { createSqliteStore } = await import('../store/index.ts');
    const { join } = await import('node:path');
    const second = createSqliteStore({ file: join(fixture.t.dataDir, 'guichet.sqlite') });
    await second.migrate();
    try {
      fixture.worker({ 'street-app': webhook(`${receiver.url}/ok`) }).start();
      fixture.worker({ 'street-app': webhook(`${receiver.url}/ok`) }, { store: second }).start();
      await until(async () => (await deliveries('delivered')).length === 40, 'every delivery delivered');
      expect(receiver.keys).toHaveLength(40);
      expect(receiver.distinct().size).toBe(ids.length);
    } finally {
      await fixture.dispose();
      await second.dispose();
    }
  });

  it('retries with backoff, then parks the delivery as dead after the last attempt, with a French reason', async () => {
    await start();
    receiver.mode = 'down';
    await fixture.submit('report-street-problem', 3);
    fixture.worker({ 'street-app': webhook(`${receiver.url}/ok`) }).start();
    await until(async () => (await deliveries('dead')).length === 3, 'three dead deliveries');
    const dead = await deliveries('dead');
    expect(dead.every((d) => d.attempts === 5)).toBe(true);
    expect(dead[0]!.lastError).toMatch(/503.*Abandon après 5 essais\.$/s);
    expect(receiver.requests).toBe(15);
    expect(fixture.logs.warn.filter((m) => m.startsWith('dead:'))).toHaveLength(3);
  });

  it('parks a rejected delivery as dead at once', async () => {
    await start();
    await fixture.submit('report-street-problem', 1);
    const rejecting: Connector = {
      name: 'webhook',
      timeoutMs: 1_000,
      deliver: async () => ({ outcome: 'rejected', reason: 'Le champ « quartier » manque.' }),
      dispose: async () => {},
    };
    fixture.worker({ 'street-app': rejecting }).start();
    await until(async () => (await deliveries('dead')).length === 1, 'dead');
    expect((await deliveries('dead'))[0]).toMatchObject({ attempts: 1, lastError: 'Le champ « quartier » manque.' });
  });

  it('treats a thrown connector error as a bug: logged, and retried', async () => {
    await start();
    await fixture.submit('report-street-problem', 1);
    let calls = 0;
    const buggy: Connector = {
      name: 'webhook',
      timeoutMs: 1_000,
      deliver: async () => {
        if (++calls === 1) throw new TypeError('cannot read properties of undefined');
        return { outcome: 'delivered' };
      },
      dispose: async () => {},
    };
    fixture.worker({ 'street-app': buggy }).start();
    await until(async () => (await deliveries('delivered')).length === 1, 'delivered on the second attempt');
    expect(calls).toBe(2);
    expect(fixture.logs.error.some((m) => m.startsWith('bug:') && m.includes('cannot read properties'))).toBe(true);
  });

  it('aborts deliveries in flight on stop and gives them back, due at once and not counted', async () => {
    await start();
    receiver.mode = 'hang';
    await fixture.submit('report-street-problem', 2);
    const worker = fixture.worker({ 'street-app': webhook(`${receiver.url}/ok`, 60_000) });
    worker.start();
    await until(() => worker.inFlight === 2, 'two deliveries in flight');
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    const pending = await deliveries('pending');
    expect(pending).toHaveLength(2);
    expect(pending.every((d) => d.attempts === 0 && d.leaseUntil === undefined)).toBe(true);
  });

  it('leaves the deliveries of a route it cannot serve pending, saying why, without spending attempts', async () => {
    await start();
    await fixture.submit('report-street-problem', 2);
    const reason = "Destination non configurée sur le serveur. La variable GUICHET_STREET_WEBHOOK_URL n'est pas définie.";
    fixture.worker({}, { unavailable: new Map([['street-app', reason]]) }).start();
    await until(async () => (await deliveries('waiting')).length === 2, 'reason noted');
    expect((await deliveries('pending')).every((d) => d.attempts === 0 && d.lastError === reason)).toBe(true);
  });
});
