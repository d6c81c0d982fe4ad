// POST /api/submissions with an envelope sealed by the kiosk's own code (kiosk/src/outbox/seal.ts):
// opened into the same envelope a clear one is, so validation, idempotency and the receipt are
// the same; what does not open is a 4xx problem+json, and nothing of it is stored.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { todayIn } from '../../content/model/index.ts';
import { sealEnvelope } from '../../kiosk/src/outbox/seal.ts';
import type { SubmissionBody } from '../../kiosk/src/submission/envelope.ts';
import { createKeyring, newSealingKey } from '../sealing.ts';
import { postSubmission } from '../test-support/fixtures.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

const NOW = new Date('2026-11-28T10:00:00Z');

describe('POST /api/submissions, sealed', () => {
  let t: TestApp;
  afterEach(() => t.dispose());
  const start = async (keyring = createKeyring([newSealingKey()])) => (t = await startTestApp({ now: () => NOW, keyring }));
  const body = (choose: Record<string, unknown> = {}) =>
    validSubmission(t.content.procedures.find((p) => p.id === 'write-to-town-hall')!, {
      postcodes: t.content.site.postcodes,
      today: todayIn(NOW),
      choose: choose as never,
    }) as SubmissionBody;
  const sealed = async (key: string, json: SubmissionBody, keyId = t.keyring.current) => ({ sealed: await sealEnvelope({ key, body: json }, keyId) });

  it('takes a sealed envelope as it takes a clear one, and stores its answers', async () => {
    await start();
    const key = randomUUID();
    const json = body({ message: 'Le banc du square Quokka est cassé depuis lundi.' });
    const res = await postSubmission(t, await sealed(key, json), { 'Idempotency-Key': key });
    expect(res.status).toBe(201);
    const { reference } = (await res.json()) as { reference: string };
    const stored = await t.store.findSubmission(reference);
    expect(stored?.answers?.message).toBe('Le banc du square Quokka est cassé depuis lundi.');
  });

  it('is the same submission when the same envelope comes again, sealed anew or in clear', async () => {
    await start();
    const key = randomUUID();
    const json = body();
    const first = await postSubmission(t, await sealed(key, json), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    // A second seal of the same envelope has other bytes (another ephemeral key), same contents.
    const again = await postSubmission(t, await sealed(key, json), { 'Idempotency-Key': key });
    const clear = await postSubmission(t, json, { 'Idempotency-Key': key });
    for (const replay of [again, clear]) {
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.json()).toEqual(await first.clone().json());
    }
    expect(await t.store.countSubmissions()).toBe(1);
    // Another envelope under the same key is still refused.
    const other = await postSubmission(t, await sealed(key, body({ message: 'Un tout autre message, plus long.' })), { 'Idempotency-Key': key });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ code: 'idempotency-key-reused' });
  });

  it('opens an envelope sealed with the previous key after a rotation', async () => {
    const previous = newSealingKey(new Date('2026-11-01T00:00:00Z'));
    const key = randomUUID();
    await start(createKeyring([previous]));
    const json = body();
    const sealedBefore = await sealed(key, json);
    await t.dispose();
    await start(createKeyring([newSealingKey(), previous]));
    expect(t.keyring.current.keyId).not.toBe(previous.keyId);
    expect((await postSubmission(t, sealedBefore, { 'Idempotency-Key': key })).status).toBe(201);
  });

  const refusals: Array<[string, number, string, (t: TestApp, key: string, json: SubmissionBody) => Promise<{ body: unknown; key: string }>]> = [
    ['an unknown key id', 409, 'sealing-key-unknown', async (_t, key, json) => ({
      body: { sealed: await sealEnvelope({ key, body: json }, createKeyring([newSealingKey()]).current) },
      key,
    })],
    ['an altered ciphertext', 400, 'sealed-envelope-unreadable', async (t, key, json) => {
      const { sealed } = { sealed: await sealEnvelope({ key, body: json }, t.keyring.current) };
      const bytes = Buffer.from(sealed.ciphertext, 'base64');
      bytes[5]! ^= 0x80;
      return { body: { sealed: { ...sealed, ciphertext: bytes.toString('base64') } }, key };
    }],
    ['another Idempotency-Key than the one sealed in', 400, 'sealed-envelope-unreadable', async (t, key, json) => ({
      body: { sealed: await sealEnvelope({ key, body: json }, t.keyring.current) },
      key: randomUUID(),
    })],
    ['a sealed body with an extra key', 400, 'invalid-body', async (t, key, json) => ({
      body: { sealed: { ...(await sealEnvelope({ key, body: json }, t.keyring.current)), note: 'x' } },
      key,
    })],
  ];

  it.each(refusals)('refuses %s with %i %s as problem+json, and stores nothing', async (_what, status, code, make) => {
    await start();
    const key = randomUUID();
    const made = await make(t, key, body());
    const res = await postSubmission(t, made.body, { 'Idempotency-Key': made.key });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toMatchObject({ status, code, detail: expect.stringMatching(/\S/) });
    expect(await t.store.countSubmissions()).toBe(0);
  });

  it('checks an opened envelope as a clear one: a wrong field is a 400 naming it', async () => {
    await start();
    const key = randomUUID();
    const json = { ...body(), attachments: [{ id: 'x', type: 'image/png', data: 'not base64!' }] };
    const res = await postSubmission(t, await sealed(key, json as SubmissionBody), { 'Idempotency-Key': key });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid-body', errors: [{ field: 'attachments.0.data' }] });
  });
});
