// The sliding window every limit shares, and the limit on new submissions as a client meets
// it: per terminal and per address, replays free, a 429 with Retry-After, a line in the log.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSlidingWindow, createSubmissionLimiter } from './rate-limit.ts';
import { content, startTestApp, type TestApp } from './test-support/test-app.ts';
import { validSubmission } from './test-support/valid-answers.ts';

describe('createSlidingWindow', () => {
  const window = () => createSlidingWindow({ windowMs: 10_000, limitOf: (key) => (key.startsWith('a:') ? 2 : 3), maxKeys: 3 });

  it('refuses a full key until its oldest counted event leaves the window, and says how long', () => {
    const w = window();
    w.count(['a:1'], 0);
    w.count(['a:1'], 4_000);
    expect(w.retryAfter(['a:1'], 5_000)).toBe(5);
    expect(w.retryAfter(['a:1'], 10_001)).toBe(0);
    expect(w.retryAfter(['b:1'], 5_000)).toBe(0);
  });

  it('gives the longest wait of the keys asked about, each with its own limit', () => {
    const w = window();
    for (const t of [0, 1_000, 2_000]) w.count(['a:1', 'b:1'], t);
    expect(w.retryAfter(['b:1'], 2_000)).toBe(8);
    expect(w.retryAfter(['a:1', 'b:1'], 2_000)).toBe(9);
  });

  it('reserves a place in every key at once, or none when one is full, and gives it back once', () => {
    const w = window();
    const first = w.reserve(['a:1', 'b:1'], 0);
    const second = w.reserve(['a:1', 'b:1'], 1_000);
    expect([first.wait, second.wait]).toEqual([0, 0]);
    // a:1 is full (2): a third try takes nothing, not even in b:1.
    const third = w.reserve(['a:1', 'b:1'], 2_000);
    expect(third.wait).toBe(8);
    expect(w.retryAfter(['b:1'], 2_000)).toBe(0);
    second.release();
    second.release();
    expect(w.retryAfter(['a:1'], 2_000)).toBe(0);
    expect(w.reserve(['a:1'], 2_000).wait).toBe(0);
    expect(w.retryAfter(['a:1'], 2_000)).toBe(8);
  });

  it('forgets a cleared key, and the oldest keys beyond its size', () => {
    const w = window();
    w.count(['a:1'], 0);
    w.count(['a:1'], 0);
    w.clear('a:1');
    expect(w.retryAfter(['a:1'], 0)).toBe(0);
    for (const key of ['a:2', 'a:3', 'a:4', 'a:5']) w.count([key, key], 0);
    expect(w.retryAfter(['a:2'], 0)).toBe(0);
    expect(w.retryAfter(['a:5'], 0)).toBeGreaterThan(0);
  });
});

describe('POST /api/submissions, under the limit per terminal and per address', () => {
  let t: TestApp;
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  beforeAll(async () => {
    t = await startTestApp({ submissionLimits: createSubmissionLimiter({ perTerminal: 2, perAddress: 3, windowMs: 15 * 60_000 }) });
  });
  afterAll(() => t.dispose());
  afterEach(() => warn.mockClear());

  const body = () => {
    const procedure = content().procedures.find((p) => p.id === 'write-to-town-hall')!;
    return JSON.stringify(validSubmission(procedure, { postcodes: content().site.postcodes }));
  };
  const send = (terminal: string | undefined, key = randomUUID(), text = body()) =>
    t.app.request('/api/submissions', {
      method: 'POST',
      body: text,
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key, ...(terminal ? { 'Guichet-Terminal': terminal } : {}) },
    });

  it('takes a terminal’s submissions up to its limit, then answers 429 with Retry-After and stores nothing', async () => {
    const key = randomUUID();
    const text = body();
    expect((await send('borne-1', key, text)).status).toBe(201);
    expect((await send('borne-1')).status).toBe(201);
    const before = await t.store.countSubmissions();
    const refused = await send('borne-1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: 'too-many-submissions', status: 429 });
    expect(await t.store.countSubmissions()).toBe(before);
    // The refusal is a security event in the log, without any answer in it.
    const logged = warn.mock.calls.map((call) => String(call[0])).find((line) => line.includes('"security":"rate-limited"'));
    expect(JSON.parse(logged!)).toMatchObject({ limit: 'submissions', keys: expect.arrayContaining(['terminal:borne-1']) });
    expect(logged).not.toContain('Belval');
    // A replay of an envelope already taken is still answered: the outbox must hear its reference.
    const replay = await send('borne-1', key, text);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('counts every terminal of one address together', async () => {
    // The address has had two submissions above; one more fills it, whatever the terminal.
    expect((await send('borne-2')).status).toBe(201);
    expect((await send('borne-3')).status).toBe(429);
    expect((await send(undefined)).status).toBe(429);
  });
});
