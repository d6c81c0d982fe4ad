// Tracking with a reference and a code: what a wrong guess looks like (nothing that tells an
// existing reference), how many guesses are allowed, and what the person reads per status.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { todayIn } from '../../content/model/index.ts';
import { createGuessLimiter, explainStatus } from '../tracking.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';
import { deliverAll } from '../test-support/deliver.ts';

let clock = new Date('2026-11-28T10:00:00Z');
const now = () => clock;

describe('GET /api/submissions/:reference', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  const start = async (limits = { perAddress: 5, perReference: 3, windowMs: 60_000 }) => {
    clock = new Date('2026-11-28T10:00:00Z');
    t = await startTestApp({ now, guesses: createGuessLimiter(limits) });
  };
  const submit = async () => {
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const res = await t.client.api.submissions.$post({
      json: validSubmission(procedure, { postcodes: t.content.site.postcodes, today: todayIn(clock) }),
      header: { 'idempotency-key': randomUUID() },
    });
    if (res.status !== 201) throw new Error(String(res.status));
    return res.json();
  };
  /** A request as it comes over a socket from `address`. */
  const get = (path: string, address = '10.0.0.7') =>
    t.app.request(path, {}, { incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: 'IPv4' } } });

  it('answers a wrong code and an unknown reference alike: status, body and headers', async () => {
    await start();
    const { reference, trackingCode } = await submit();
    const wrong = await get(`/api/submissions/${reference}?code=ZZZZZZ`);
    const unknown = await get(`/api/submissions/2222-2222?code=${trackingCode}`);
    const malformed = await get(`/api/submissions/not-a-ref?code=${trackingCode}`);
    for (const res of [wrong, unknown, malformed]) expect(res.status).toBe(404);
    const body = await wrong.text();
    expect(await unknown.text()).toBe(body);
    expect(await malformed.text()).toBe(body);
    expect([...wrong.headers]).toEqual([...unknown.headers]);
    expect(JSON.parse(body)).toMatchObject({ code: 'submission-not-found', status: 404 });
  });

  it('limits wrong guesses per reference, from any address, with Retry-After, and counts none for right codes', async () => {
    await start();
    const { reference, trackingCode } = await submit();
    for (let i = 0; i < 5; i++) expect((await get(`/api/submissions/${reference}?code=${trackingCode}`)).status).toBe(200);
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) expect((await get(`/api/submissions/${reference}?code=ZZZZZZ`, address)).status).toBe(404);
    const limited = await get(`/api/submissions/${reference}?code=${trackingCode}`, '10.0.0.4');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(limited.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await limited.json()).toMatchObject({ code: 'too-many-guesses', status: 429 });
    // The receipts share the limit: the same guesses, the same door.
    expect((await get(`/api/submissions/${reference}/receipt.pdf?code=${trackingCode}`, '10.0.0.4')).status).toBe(429);
    // A sliding window: 20 s later the oldest failure is 20 s closer to leaving.
    clock = new Date(clock.getTime() + 20_000);
    expect((await get(`/api/submissions/${reference}?code=${trackingCode}`)).headers.get('retry-after')).toBe('40');
    clock = new Date(clock.getTime() + 40_000);
    expect((await get(`/api/submissions/${reference}?code=${trackingCode}`)).status).toBe(200);
  });

  it('limits wrong guesses per client address, across references', async () => {
    await start();
    const { reference, trackingCode } = await submit();
    for (const ref of ['2222-2222', '3333-3333', '4444-4444', '5555-5555', '6666-6666'])
      expect((await get(`/api/submissions/${ref}?code=ZZZZZZ`)).status).toBe(404);
    expect((await get(`/api/submissions/${reference}?code=${trackingCode}`)).status).toBe(429);
    expect((await get(`/api/submissions/${reference}?code=${trackingCode}`, '10.0.0.8')).status).toBe(200);
  });

  it('says where the request stands and what comes next, in the language asked', async () => {
    await start();
    const { reference, trackingCode } = await submit();
    const before = await (await get(`/api/submissions/${reference}?code=${trackingCode}&locale=en`)).json();
    expect(before).toMatchObject({ status: 'received', explanation: explainStatus('received', 'en'), receipt: { kind: 'registration' } });
    await deliverAll(t.store, reference, new Date(clock.getTime() + 1000));
    const after = await (await get(`/api/submissions/${reference}?code=${trackingCode}`)).json();
    expect(after).toMatchObject({ status: 'delivered', explanation: explainStatus('delivered', 'fr'), receipt: { kind: 'receipt' } });
    expect(after.history.map((h: { status: string }) => h.status)).toEqual(['received', 'delivered']);
    expect(explainStatus('closed', 'de').locale).toBe('fr');
  });
});

describe('createGuessLimiter', () => {
  it('forgets failures older than the window, one by one', () => {
    const limiter = createGuessLimiter({ perAddress: 2, perReference: 2, windowMs: 1000 });
    limiter.fail(['address:a'], 0);
    limiter.fail(['address:a'], 500);
    expect(limiter.retryAfter(['address:a'], 600)).toBe(1);
    expect(limiter.retryAfter(['address:a'], 1001)).toBe(0);
    expect(limiter.retryAfter(['address:b'], 600)).toBe(0);
  });
});
