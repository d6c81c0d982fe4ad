// The status events route through the real app, signed by the `standardwebhooks` library as an
// integrator would. The requests live in test-support/memory-request-life.ts, which stands in
// until the store implements `RequestLife`.
import { randomBytes, randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memoryRequestLife, type MemoryRequestLife } from '../test-support/memory-request-life.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { statusEventJsonSchema } from './event-body.ts';
import { REPLAY_WINDOW_SECONDS, verifyWebhook } from './webhook-signature.ts';
import type { LegalTerms } from './status.ts';

const secret = (): string => `whsec_${randomBytes(32).toString('base64')}`;
const STREET = secret();
const EDUCATION = secret();
const SVA: LegalTerms = { kind: 'request', silence: 'acceptance', delay: '2 months' };
const NOW = new Date('2026-03-10T09:00:00Z');

let t: TestApp;
let life: MemoryRequestLife;
let clock = NOW;

beforeAll(async () => {
  life = memoryRequestLife();
  t = await startTestApp({
    now: () => clock,
    statusEvents: { life, signingRoutes: [{ route: 'street-app', secret: STREET }, { route: 'education-app', secret: EDUCATION }] },
  });
});
afterAll(() => t.dispose());

let counter = 0;
beforeEach(() => {
  clock = NOW;
  counter += 1;
});

const reference = () => `K7QD-${'ABCDEFGHJK'[counter % 10]}${'MNPQRSTVWX'[Math.floor(counter / 10) % 10]}Z9`;

function newStreetRequest(): string {
  const ref = reference();
  life.add(ref, SVA, new Date('2026-03-02T08:00:00Z'), ['street-app']);
  return ref;
}

interface Sent {
  status: number;
  body: any;
  headers: Headers;
}

async function send(ref: string, body: unknown, options: { key?: string; id?: string; signedAt?: Date; tamper?: (text: string) => string; contentType?: string } = {}): Promise<Sent> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const id = options.id ?? `msg_${randomBytes(8).toString('hex')}`;
  const signedAt = options.signedAt ?? clock;
  const signature = new Webhook(options.key ?? STREET).sign(id, signedAt, text);
  const response = await t.app.request(`/api/submissions/${ref}/events`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body: options.tamper ? options.tamper(text) : text,
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

const decision = { type: 'accepted', message: { fr: 'Votre demande est acceptée.', ar: 'تم قبول طلبك.' } };

describe('POST /api/submissions/:reference/events', () => {
  it('applies a signed event once, even replayed five times, and answers the same each time', async () => {
    const ref = newStreetRequest();
    const first = await send(ref, { type: 'received' }, { id: 'msg_received_1' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ reference: ref, status: 'received', dates: { receivedOn: '2026-03-10', implicitDecisionDate: '2026-05-10' } });
    for (let replay = 0; replay < 5; replay++) {
      const again = await send(ref, { type: 'received' }, { id: 'msg_received_1' });
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
    }
    expect(life.record(ref)!.history.map((entry) => entry.status)).toEqual(['registered', 'received']);
    expect(life.record(ref)!.history[1]!.actor).toEqual({ kind: 'back-office', route: 'street-app' });
  });

  it('asks for missing pieces, then decides, with the history and dates in the answer', async () => {
    const ref = newStreetRequest();
    const asked = await send(ref, { type: 'incomplete', missing: [{ label: { fr: 'Photo du lieu', ar: 'صورة المكان' } }], respondBy: '2026-04-10' });
    expect(asked.status).toBe(200);
    // The back-office asked before Guichet recorded the delivery: the receipt is recorded first.
    expect(asked.body.history.map((entry: { status: string }) => entry.status)).toEqual(['registered', 'received', 'incomplete']);
    expect(asked.body.dates).toEqual({ receivedOn: '2026-03-10', suspended: true, respondBy: '2026-04-10' });
    const accepted = await send(ref, decision);
    expect(accepted.body.status).toBe('accepted');
    expect(accepted.body.history.at(-1).message).toEqual(decision.message);
  });

  it('refuses a tampered body and a wrong secret with 401, writing nothing', async () => {
    const ref = newStreetRequest();
    const tampered = await send(ref, decision, { tamper: (text) => text.replace('acceptée', 'refusée') });
    expect(tampered.status).toBe(401);
    expect(tampered.body).toMatchObject({ code: 'webhook-signature-invalid', status: 401 });
    const stranger = await send(ref, decision, { key: secret() });
    expect(stranger.status).toBe(401);
    const unsigned = await t.app.request(`/api/submissions/${ref}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(decision) });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(life.record(ref)!.history).toHaveLength(1);
  });

  it('refuses a signature older or newer than five minutes with 401', async () => {
    const ref = newStreetRequest();
    const old = await send(ref, decision, { signedAt: new Date(NOW.getTime() - (REPLAY_WINDOW_SECONDS + 1) * 1000) });
    expect(old.status).toBe(401);
    expect(old.body.code).toBe('webhook-signature-expired');
    const future = await send(ref, decision, { signedAt: new Date(NOW.getTime() + (REPLAY_WINDOW_SECONDS + 1) * 1000) });
    expect(future.body.code).toBe('webhook-signature-expired');
    // A replay caught within the window and re-sent later is old too, webhook-id or not.
    const id = 'msg_late_replay';
    expect((await send(ref, { type: 'received' }, { id })).status).toBe(200);
    clock = new Date(NOW.getTime() + 6 * 60_000);
    expect((await send(ref, { type: 'received' }, { id, signedAt: NOW })).status).toBe(401);
    expect(life.record(ref)!.history).toHaveLength(2);
  });

  it('answers 404 for a reference the signing route was never sent, or that does not exist', async () => {
    const ref = newStreetRequest();
    const other = await send(ref, { type: 'received' }, { key: EDUCATION });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('submission-not-found');
    expect((await send('ZZZZ-ZZZZ', { type: 'received' })).status).toBe(404);
    expect((await send('not-a-ref', { type: 'received' })).status).toBe(404);
  });

  it('answers 409 with the model’s code on an invalid transition, and after a decision', async () => {
    const ref = newStreetRequest();
    const early = await send(ref, { type: 'closed' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'invalid-transition' });
    expect((await send(ref, decision)).status).toBe(200);
    const second = await send(ref, { type: 'rejected', message: { fr: 'Non.' } });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('already-decided');
    expect((await send(ref, { type: 'closed' })).status).toBe(200);
    expect((await send(ref, { type: 'closed' })).body.code).toBe('request-finished');
  });

  it('answers 422 per field on a bad body, and on a date to respond by that is past', async () => {
    const ref = newStreetRequest();
    const bad = await send(ref, { type: 'incomplete', missing: [], respondBy: '10/04/2026', extra: 1 });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('invalid-status-event');
    const fields = bad.body.errors.map((error: { field: string }) => error.field).sort();
    expect(fields).toEqual(['extra', 'missing', 'respondBy']);
    const noMessage = await send(ref, { type: 'accepted' });
    expect(noMessage.body.errors).toEqual([expect.objectContaining({ field: 'message' })]);
    const noFrench = await send(ref, { type: 'rejected', message: { ar: 'مرفوض' } });
    expect(noFrench.body.errors).toEqual([expect.objectContaining({ field: 'message.fr' })]);
    const unknownLocale = await send(ref, { type: 'rejected', message: { fr: 'Non.', de: 'Nein.' } });
    expect(unknownLocale.status).toBe(422);
    expect((await send(ref, { type: 'deemed-accepted' })).body.errors[0].field).toBe('type');
    const past = await send(ref, { type: 'incomplete', missing: [{ label: { fr: 'Plan' } }], respondBy: '2026-03-09' });
    expect(past.status).toBe(422);
    expect(past.body).toMatchObject({ code: 'respond-by-invalid', errors: [{ field: 'respondBy' }] });
    expect(life.record(ref)!.history).toHaveLength(1);
  });

  it('tells a webhook-id reused for another event (422), and refuses other media types (415)', async () => {
    const ref = newStreetRequest();
    expect((await send(ref, { type: 'received' }, { id: 'msg_same' })).status).toBe(200);
    const reused = await send(ref, decision, { id: 'msg_same' });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency-key-reused');
    expect((await send(ref, decision, { contentType: 'text/plain' })).status).toBe(415);
    expect((await send(ref, '{"type":')).status).toBe(400);
  });
});

describe('with the real store', () => {
  it('applies a signed event to a stored request once, queues one notice, and answers 404 to another route', async () => {
    const { storeRequestLife } = await import('./store-life.ts');
    const { validSubmission } = await import('../test-support/valid-answers.ts');
    let store: TestApp['store'] | undefined;
    const life = { applyEvent: (...args: Parameters<MemoryRequestLife['applyEvent']>) => storeRequestLife(store!, (id) => app.content.procedures.find((p) => p.id === id)).applyEvent(...args) };
    const app = await startTestApp({
      now: () => clock,
      statusEvents: { life, signingRoutes: [{ route: 'street-app', secret: STREET }, { route: 'education-app', secret: EDUCATION }] },
    });
    store = app.store;
    const previous = t;
    t = app;
    try {
      const procedure = app.content.procedures.find((candidate) => candidate.routes?.includes('street-app'))!;
      const created = await app.app.request('/api/submissions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(validSubmission(procedure)),
      });
      expect(created.status).toBe(201);
      const { reference, trackingCode } = (await created.json()) as { reference: string; trackingCode: string };
      const body = { type: 'incomplete', missing: [{ label: { fr: 'Photo du lieu' } }], respondBy: '2026-04-10' };
      const first = await send(reference, body, { id: 'msg_store_1' });
      expect(first.status).toBe(200);
      expect(first.body.history.map((entry: { status: string }) => entry.status)).toEqual(['registered', 'received', 'incomplete']);
      const again = await send(reference, body, { id: 'msg_store_1' });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await send(reference, body, { key: EDUCATION })).status).toBe(404);
      const stored = await app.store.findSubmission(reference);
      expect((await app.store.listNotices(stored!.id)).map((notice) => notice.status)).toEqual(['incomplete']);
      expect((await app.store.requestLife(reference))!.history).toHaveLength(3);
      // The tracking page: the history in the resident's terms, what is missing, no staff identifiers.
      const tracking = await app.app.request(`/api/submissions/${reference}?code=${trackingCode}`);
      const { life } = (await tracking.json()) as { life: { status: string; history: Array<Record<string, unknown>>; dates: Record<string, unknown> } };
      expect(life.status).toBe('incomplete');
      expect(life.history.map((entry) => entry.by)).toEqual(['guichet', 'service', 'service']);
      expect(life.history[2]).toMatchObject({ missing: [{ label: { fr: 'Photo du lieu' } }], respondBy: '2026-04-10' });
      expect(life.dates).toEqual({ receivedOn: '2026-03-10', suspended: true, respondBy: '2026-04-10' });
      expect(JSON.stringify(life)).not.toContain('street-app');
    } finally {
      t = previous;
      await app.dispose();
    }
  });
});

describe('signingRoutes', () => {
  it('names the webhook routes of site.yaml that have their secret, with it', async () => {
    const { signingRoutes } = await import('./signing-routes.ts');
    const routes = t.content.site.routes;
    const env = { GUICHET_STREET_WEBHOOK_URL: 'https://voirie.example/guichet', GUICHET_STREET_WEBHOOK_SECRET: STREET, GUICHET_EDUCATION_WEBHOOK_URL: 'https://ecoles.example/guichet' };
    expect(signingRoutes(routes, env)).toEqual([{ route: 'street-app', secret: STREET }]);
  });
});

describe('verifyWebhook', () => {
  it('agrees with the standardwebhooks library on what it signs, with several signatures in the header', () => {
    const body = JSON.stringify(decision);
    const id = 'msg_2Lg8';
    const header = `v1,${randomBytes(32).toString('base64')} ${new Webhook(EDUCATION).sign(id, NOW, body)}`;
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(NOW.getTime() / 1000), 'webhook-signature': header };
    expect(verifyWebhook(headers, body, [{ route: 'street-app', secret: STREET }, { route: 'education-app', secret: EDUCATION }], NOW)).toMatchObject({ ok: true, route: 'education-app' });
    expect(verifyWebhook(headers, `${body} `, [{ route: 'education-app', secret: EDUCATION }], NOW)).toMatchObject({ ok: false, reason: 'no-match' });
  });
});

describe('the JSON Schema of the body', () => {
  it('is served, and accepts what the route accepts and refuses what it refuses', async () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    const served = await t.app.request('/api/schemas/status-event.json');
    expect(served.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    const schema = await served.json();
    expect(schema).toEqual(statusEventJsonSchema(['fr', 'fr-x-falc', 'en', 'ar']));
    const validate = ajv.compile(schema);
    expect(validate(decision)).toBe(true);
    expect(validate({ type: 'incomplete', missing: [{ label: { fr: 'Plan' } }], respondBy: '2026-04-10' })).toBe(true);
    expect(validate({ type: 'accepted' })).toBe(false);
    expect(validate({ type: 'incomplete', missing: [], respondBy: '2026-04-10' })).toBe(false);
    expect(validate({ type: 'closed', message: { de: 'x', fr: 'y' } })).toBe(false);
  });
});
