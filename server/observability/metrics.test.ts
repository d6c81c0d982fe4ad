// GET /metrics as Prometheus scrapes it, who may read it, and the request log: what both hold
// after a real submission and a tracking lookup (no answer, no name, no reference, no code).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { todayIn } from '../../content/model/index.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';
import { parseTrustedProxies } from '../client-address.ts';
import { createMetrics, isPrivateAddress } from './metrics.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4): every line is a
 * `# HELP`, a `# TYPE` or a sample of a declared family; label values are quoted with `\\`,
 * `\"` and `\n` escapes; values are floats, `+Inf`, `-Inf` or `NaN`, case-insensitive as
 * Prometheus's own parser reads them (prom-client writes an empty histogram's mean as `Nan`).
 * Anything else throws.
 */
function parseExposition(text: string): { types: Map<string, string>; samples: Sample[] } {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const familyOf = (name: string) => {
    if (types.has(name)) return name;
    const base = name.replace(/_(bucket|sum|count|total|created)$/, '');
    if (types.has(base)) return base;
    throw new Error(`sample ${name} has no # TYPE before it`);
  };
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const fail = (why: string) => new Error(`line ${index + 1}: ${why}: ${line}`);
    if (line.startsWith('#')) {
      const meta = new RegExp(`^# (HELP|TYPE) (${NAME})(?: (.*))?$`).exec(line);
      if (!meta) throw fail('malformed comment');
      if (meta[1] === 'TYPE') {
        if (!/^(counter|gauge|histogram|summary|untyped)$/.test(meta[3] ?? '')) throw fail('unknown type');
        if (types.has(meta[2]!)) throw fail('family declared twice');
        types.set(meta[2]!, meta[3]!);
      }
      continue;
    }
    const sample = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`).exec(line);
    if (!sample) throw fail('malformed sample');
    const labels: Record<string, string> = {};
    let rest = sample[2] ?? '';
    while (rest !== '') {
      const pair = new RegExp(`^(${NAME})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"(,|$)`).exec(rest);
      if (!pair) throw fail('malformed labels');
      labels[pair[1]!] = pair[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(pair[0].length);
    }
    const raw = sample[3]!;
    const special = raw.toLowerCase();
    const value = special === '+inf' ? Infinity : special === '-inf' ? -Infinity : special === 'nan' ? NaN : /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw) ? Number(raw) : undefined;
    if (value === undefined) throw fail('value is not a number');
    familyOf(sample[1]!);
    samples.push({ name: sample[1]!, labels, value });
  }
  return { types, samples };
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

/** A request as it comes over a socket from `address`. */
const from = (t: TestApp, path: string, address: string, init: RequestInit = {}) =>
  t.app.request(path, init, { incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4' } } });

const TOKEN = 'metrics-token-'.padEnd(40, 'x');

describe('GET /metrics and the request log', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  it('holds requests by route pattern, accepts and deliveries by route and state, and no canary in it nor in the log', async () => {
    const lines: string[] = [];
    const log = pino({}, { write: (line: string) => void lines.push(line) });
    const clock = new Date('2026-11-28T10:00:00Z');
    t = await startTestApp({ now: () => clock, log });
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const canaries = ['Canary-message-7f3a9 please do not log me', 'Canarygiven', 'Canaryfamily', 'canary.7f3a9@example.fr', '0612345678', '06 12 34 56 78', '+33612345678'];
    const submission = validSubmission(procedure, {
      postcodes: t.content.site.postcodes,
      today: todayIn(clock),
      choose: { message: canaries[0]!, givenName: canaries[1]!, familyName: canaries[2]!, replyBy: 'email', email: canaries[3]!, phone: '0612345678' },
    });
    const sent = await from(t, '/api/submissions', '10.0.0.7', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(submission),
    });
    expect(sent.status).toBe(201);
    const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };
    const tracked = await from(t, `/api/submissions/${reference}?code=${trackingCode}`, '10.0.0.7');
    expect(tracked.status).toBe(200);
    // The lookup's answer holds the answers (so the canaries were really there to leak).
    expect(await tracked.text()).toContain('Canaryfamily');
    expect((await from(t, `/api/submissions/${reference}?code=ZZZZZZ`, '10.0.0.7')).status).toBe(404);

    const scraped = await from(t, '/metrics', '127.0.0.1');
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scraped.text();
    const { types, samples } = parseExposition(text);
    expect(types.get('guichet_http_requests_total')).toBe('counter');
    expect(types.get('guichet_http_request_duration_seconds')).toBe('histogram');
    expect(value(samples, 'guichet_http_requests_total', { method: 'POST', route: '/api/submissions', status: '201' })).toBe(1);
    expect(value(samples, 'guichet_http_requests_total', { method: 'GET', route: '/api/submissions/:reference', status: '200' })).toBe(1);
    expect(value(samples, 'guichet_http_requests_total', { method: 'GET', route: '/api/submissions/:reference', status: '404' })).toBe(1);
    expect(value(samples, 'guichet_http_request_duration_seconds_count', { route: '/api/submissions', status: '201' })).toBe(1);
    expect(value(samples, 'guichet_submissions_accepted_total')).toBe(1);
    expect(value(samples, 'guichet_deliveries', { route: 'mail-ged', state: 'pending' })).toBe(1);
    expect(value(samples, 'guichet_deliveries', { route: 'mail-ged', state: 'dead' })).toBe(0);
    expect(value(samples, 'guichet_delivery_failing_seconds', { route: 'mail-ged' })).toBe(0);
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(value(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    // Every route label is a pattern the app declares, never a path.
    for (const route of new Set(samples.map((s) => s.labels.route).filter((r) => r?.startsWith('/'))))
      expect(['/api/submissions', '/api/submissions/:reference', '/metrics']).toContain(route);

    const logged = lines.join('');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.filter((e) => e.msg === 'request').map((e) => [e.method, e.route, e.status])).toEqual([
      ['POST', '/api/submissions', 201],
      ['GET', '/api/submissions/:reference', 200],
      ['GET', '/api/submissions/:reference', 404],
      ['GET', '/metrics', 200],
    ]);
    for (const entry of entries) {
      expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof entry.durationMs).toBe('number');
    }
    expect(new Set(entries.map((e) => e.requestId)).size).toBe(entries.length);
    for (const secret of [...canaries, 'Canary', 'canary', reference, trackingCode, reference.replace('-', '')]) {
      expect(logged).not.toContain(secret);
      expect(text).not.toContain(secret);
    }
  });

  it('gives what the alert rules of the README read: dead deliveries, how long a route has failed, event-loop lag', async () => {
    let clock = new Date('2026-11-28T10:00:00Z');
    t = await startTestApp({ now: () => clock });
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    for (let i = 0; i < 2; i++) {
      const res = await t.client.api.submissions.$post({
        json: validSubmission(procedure, { postcodes: t.content.site.postcodes, today: todayIn(clock) }),
        header: { 'idempotency-key': randomUUID() },
      });
      expect(res.status).toBe(201);
    }
    // What the relay records when the back-office fails: one retried later, one given up.
    const [first, second] = await t.store.claimDeliveries({ route: 'mail-ged', limit: 2, now: clock, leaseMs: 60_000 });
    await t.store.recordDelivery({ id: first!.id, claimToken: first!.claimToken, at: clock, outcome: 'retry', error: 'refusé', nextAttemptAt: new Date(clock.getTime() + 3_600_000) });
    await t.store.recordDelivery({ id: second!.id, claimToken: second!.claimToken, at: clock, outcome: 'dead', error: 'refusé' });
    clock = new Date(clock.getTime() + 2 * 3_600_000);
    const { types, samples } = parseExposition(await (await from(t, '/metrics', '127.0.0.1')).text());
    expect(value(samples, 'guichet_deliveries', { route: 'mail-ged', state: 'dead' })).toBe(1);
    expect(value(samples, 'guichet_deliveries', { route: 'mail-ged', state: 'pending' })).toBe(1);
    expect(value(samples, 'guichet_deliveries', { route: 'mail-ged', state: 'waiting' })).toBe(1);
    expect(value(samples, 'guichet_delivery_failing_seconds', { route: 'mail-ged' })).toBe(7200);
    expect(types.get('nodejs_eventloop_lag_p99_seconds')).toBe('gauge');
  });

  it('gives the kiosks’ outboxes, silent terminals, notices by state and the purge’s rounds', async () => {
    const clock = new Date('2026-11-28T10:00:00Z');
    t = await startTestApp({ now: () => clock });
    const withStore = createMetrics({ store: t.store, now: () => clock });
    const beat = (terminalId: string, minutesAgo: number, outboxLength: number, oldestAgeSeconds: number) =>
      t.store.recordHeartbeat({ terminalId, site: 'mediatheque', appVersion: '1', contentVersion: 'c', outboxLength, oldestAgeSeconds, at: new Date(clock.getTime() - minutesAgo * 60_000) });
    await beat('t-1', 1, 3, 600);
    await beat('t-2', 2, 1, 60);
    await beat('t-3', 30, 9, 9000);
    withStore.purgeRun({ outcome: 'done', submissions: 4 });
    withStore.purgeRun({ outcome: 'failed', submissions: 0 });
    const { samples } = parseExposition(await withStore.scrape());
    expect(value(samples, 'guichet_terminals', { state: 'reporting' })).toBe(2);
    expect(value(samples, 'guichet_terminals', { state: 'silent' })).toBe(1);
    expect(value(samples, 'guichet_terminal_outbox_entries')).toBe(4);
    expect(value(samples, 'guichet_terminal_outbox_oldest_seconds')).toBe(600);
    expect(value(samples, 'guichet_purge_runs_total', { outcome: 'done' })).toBe(1);
    expect(value(samples, 'guichet_purge_runs_total', { outcome: 'failed' })).toBe(1);
    expect(value(samples, 'guichet_purged_submissions_total')).toBe(4);
    expect(samples.some((s) => s.name === 'guichet_notices')).toBe(false);
  });

  it('without a token, answers loopback and private networks only (403 otherwise)', async () => {
    t = await startTestApp();
    for (const address of ['127.0.0.1', '::1', '10.1.2.3', '172.20.0.5', '192.168.1.9', '::ffff:192.168.1.9', 'fd12::7'])
      expect((await from(t, '/metrics', address)).status, address).toBe(200);
    for (const address of ['203.0.113.5', '172.32.0.1', '2001:db8::1', '::ffff:8.8.8.8']) {
      const refused = await from(t, '/metrics', address);
      expect(refused.status, address).toBe(403);
      expect(refused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(await refused.json()).toMatchObject({ code: 'metrics-address-refused', status: 403 });
    }
    expect(isPrivateAddress('not an address')).toBe(false);
  });

  it('without a token, refuses what a proxy forwards unless GUICHET_TRUSTED_PROXIES names it, then judges the client it names', async () => {
    t = await startTestApp();
    // A reverse proxy on the same machine, not named: its peer is loopback, its client unknown.
    const viaLocalProxy = await from(t, '/metrics', '127.0.0.1', { headers: { 'x-forwarded-for': '203.0.113.5' } });
    expect(viaLocalProxy.status).toBe(403);
    expect(await viaLocalProxy.json()).toMatchObject({ code: 'metrics-address-refused' });
    expect((await from(t, '/metrics', '127.0.0.1', { headers: { forwarded: 'for=10.0.0.9' } })).status).toBe(403);
    await t.dispose();
    t = await startTestApp({ trustedProxies: parseTrustedProxies('127.0.0.1') });
    expect((await from(t, '/metrics', '127.0.0.1', { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(403);
    expect((await from(t, '/metrics', '127.0.0.1', { headers: { 'x-forwarded-for': '10.0.0.9' } })).status).toBe(200);
  });

  it('with GUICHET_METRICS_TOKEN, wants the bearer token from every address, loopback included (401 otherwise)', async () => {
    t = await startTestApp({ metricsToken: TOKEN });
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, 'Bearer']) {
      const refused = await from(t, '/metrics', '127.0.0.1', authorization ? { headers: { authorization } } : {});
      expect(refused.status, authorization).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await refused.json()).toMatchObject({ code: 'metrics-token-required', status: 401 });
    }
    const read = await from(t, '/metrics', '203.0.113.5', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(read.status).toBe(200);
    expect(parseExposition(await read.text()).types.get('guichet_deliveries')).toBe('gauge');
  });
});
