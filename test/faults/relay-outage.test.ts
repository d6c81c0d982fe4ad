// Fault tests (b) and (c): a back-office down for a long while, and back-offices that answer
// slowly or never. Real SQLite store, real webhook connectors, real HTTP receivers on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookConnector } from '../../server/relay/connectors/index.ts';
import { startRelayFixture, until, type RelayFixture } from '../../server/relay/relay-fixture.ts';
import { startWebhookReceiver, WEBHOOK_SECRET, type WebhookReceiver } from '../support/receivers.ts';

let fixture: RelayFixture;
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await fixture?.dispose();
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const receiver = async (mode: WebhookReceiver['mode'], slowMs?: number) => {
  const r = await startWebhookReceiver({ mode, ...(slowMs ? { slowMs } : {}) });
  receivers.push(r);
  return r;
};
const webhook = (r: WebhookReceiver, timeoutMs: number) => createWebhookConnector({ url: `${r.url}/in`, secret: WEBHOOK_SECRET, timeoutMs });
const list = (state: 'pending' | 'delivered' | 'dead' | 'waiting', route?: string) =>
  fixture.t.store.listDeliveries({ state, ...(route ? { route } : {}), limit: 1000 });

describe('a back-office down for the whole test', () => {
  it('keeps deliveries waiting with their reason, kills none before the limit, and drains them once it is back', async () => {
    fixture = await startRelayFixture();
    const down = await receiver('down');
    const ids = await fixture.submit('report-street-problem', 30);
    const maxAttempts = 12;
    const worker = fixture.worker({ 'street-app': webhook(down, 2_000) }, { policy: { baseMs: 10, capMs: 60, maxAttempts } });
    worker.start();
    // Every delivery has failed at least three times, and is still waiting.
    await until(async () => {
      const rows = await list('pending');
      return rows.length === 30 && rows.every((d) => d.attempts >= 3);
    }, 'three failed attempts on every delivery');
    const waiting = await list('pending');
    expect(await list('dead')).toEqual([]);
    expect(waiting.every((d) => d.attempts < maxAttempts)).toBe(true);
    expect(waiting.every((d) => d.lastError?.includes('503'))).toBe(true);
    expect(waiting.every((d) => d.failingSince !== undefined)).toBe(true);
    expect(down.keys).toEqual([]);

    down.mode = 'ok';
    await until(async () => (await list('delivered')).length === 30, 'all delivered once back');
    expect(await list('dead')).toEqual([]);
    expect(down.distinct()).toEqual(new Set(ids.map((id) => `${id}.street-app`)));
    expect(down.resends()).toBe(0);
    expect((await list('delivered')).every((d) => d.failingSince === undefined)).toBe(true);
  });
});

describe('back-offices that answer slowly or never', () => {
  it('times out the hanging one, keeps the others flowing, and leaves no worker stuck', async () => {
    fixture = await startRelayFixture();
    const hanging = await receiver('hang');
    const slow = await receiver('slow', 150);
    await fixture.submit('report-street-problem', 12);
    await fixture.submit('school-registration', 12);
    const concurrency = 6;
    const worker = fixture.worker(
      { 'street-app': webhook(hanging, 300), 'education-app': webhook(slow, 2_000) },
      { concurrency, routeConcurrency: () => Math.ceil(concurrency / 2), policy: { baseMs: 50, capMs: 200, maxAttempts: 1_000 } },
    );
    let mostInFlight = 0;
    const sampler = setInterval(() => (mostInFlight = Math.max(mostInFlight, worker.inFlight)), 5);
    try {
      worker.start();
      // The slow receiver gets everything while the hanging one holds at most its share of slots.
      await until(async () => (await list('delivered', 'education-app')).length === 12, 'slow route drained');
      const stuck = await list('pending', 'street-app');
      expect(stuck).toHaveLength(12);
      await until(async () => (await list('waiting', 'street-app')).length > 0, 'a timeout recorded');
      const [timedOut] = await list('waiting', 'street-app');
      expect(timedOut!.lastError).toMatch(/ne répond pas \(délai de 0,3 s dépassé\)/);
      expect(mostInFlight).toBeLessThanOrEqual(concurrency);

      hanging.mode = 'ok';
      await until(async () => (await list('delivered', 'street-app')).length === 12, 'hanging route drained once it answers');
      await until(() => worker.inFlight === 0, 'no delivery left in flight');
      expect(await list('dead')).toEqual([]);
      expect(hanging.distinct().size).toBe(12);
      expect(slow.distinct().size).toBe(12);
    } finally {
      clearInterval(sampler);
    }
  });
});
