import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { todayIn } from '../../content/model/index.ts';
import { publishProcedures } from '../procedures.ts';
import { REFERENCE, TRACKING_CODE } from '../references.ts';
import { contentWith, filesProcedure, postSubmission } from '../test-support/fixtures.ts';
import { headersFor } from '../test-support/staff.ts';
import { content, startTestApp, type TestApp } from '../test-support/test-app.ts';
import { SAMPLE_FILES, validSubmission } from '../test-support/valid-answers.ts';

/** 10:00 UTC is 11:00 in Paris in November. */
const NOW = new Date('2026-11-28T10:00:00Z');
const now = () => NOW;
const today = todayIn(NOW);

describe('POST /api/submissions', () => {
  let t: TestApp;
  afterEach(() => t.dispose());
  const start = async (overrides: Parameters<typeof startTestApp>[0] = {}) => (t = await startTestApp({ now, ...overrides }));
  const sample = (id: string, options: Parameters<typeof validSubmission>[1] = {}) =>
    validSubmission(t.content.procedures.find((p) => p.id === id)!, { postcodes: t.content.site.postcodes, today, ...options });

  describe('for every real procedure', () => {
    it.each(content().procedures.map((p) => [p.id] as const))('accepts a valid submission of %s', async (id) => {
      await start();
      const procedure = t.content.procedures.find((p) => p.id === id)!;
      const json = sample(id);
      // Agent procedures are sent by a signed-in agent.
      const res = await t.client.api.submissions.$post({ json, header: { 'idempotency-key': randomUUID() } }, { headers: await headersFor(t, procedure) });
      expect(res.status).toBe(201);
      if (res.status !== 201) return;
      const receipt = await res.json();
      expect(receipt.reference).toMatch(REFERENCE);
      expect(receipt.trackingCode).toMatch(TRACKING_CODE);
      expect(receipt.receivedAt).toBe('2026-11-28T11:00:00.000+01:00');
      const stored = await t.store.findSubmission(receipt.reference);
      expect(stored?.deliveries.map((d) => d.route)).toEqual([...new Set(procedure.routes ?? [])]);
      expect(stored?.history).toEqual([{ status: 'received', at: receipt.receivedAt }]);
      if (json.attachments) {
        // One file per distinct content, named by its sha256, no temporary file left behind.
        const files = readdirSync(join(t.dataDir, 'attachments'));
        expect(files).toHaveLength(new Set(json.attachments.map((a) => a.data)).size);
        for (const file of files) expect(file).toMatch(/^[0-9a-f]{64}$/);
      }
    });
  });

  it('accepts the other branch of a procedure (a reply by post, with an address in town)', async () => {
    await start();
    const res = await postSubmission(t, sample('write-to-town-hall', { choose: { replyBy: 'post' } }));
    expect(res.status).toBe(201);
  });

  it('accepts a submission in every locale of the site', async () => {
    await start();
    for (const { code } of t.content.site.locales)
      expect((await postSubmission(t, sample('write-to-town-hall', { locale: code }))).status).toBe(201);
  });

  describe('idempotency', () => {
    it('answers the same receipt again for the same key and body, saying it is a replay', async () => {
      await start();
      const key = randomUUID();
      const body = sample('write-to-town-hall');
      const first = await postSubmission(t, body, { 'Idempotency-Key': key });
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // The same body with its keys in another order is the same body.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const second = await postSubmission(t, reordered, { 'Idempotency-Key': key.toUpperCase() });
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await second.json()).toEqual(await first.json());
      expect(await t.store.countSubmissions()).toBe(1);
    });

    it('stores one submission when the same envelope arrives twice at once', async () => {
      await start();
      const key = randomUUID();
      const body = sample('write-to-town-hall');
      const [a, b] = await Promise.all([
        postSubmission(t, body, { 'Idempotency-Key': key }),
        postSubmission(t, body, { 'Idempotency-Key': key }),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(await a.json()).toEqual(await b.json());
      expect([a, b].filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(1);
      expect(await t.store.countSubmissions()).toBe(1);
    });

    it('answers 422 idempotency-key-reused for the same key with another body', async () => {
      await start();
      const key = randomUUID();
      const body = sample('write-to-town-hall');
      await postSubmission(t, body, { 'Idempotency-Key': key });
      const res = await postSubmission(t, { ...body, locale: 'en' }, { 'Idempotency-Key': key });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(await res.json()).toMatchObject({ code: 'idempotency-key-reused', status: 422 });
      expect(await t.store.countSubmissions()).toBe(1);
    });

    it.each([
      ['missing', undefined, 'idempotency-key-missing'],
      ['not a UUID', 'abc', 'idempotency-key-invalid'],
      ['a UUID with junk', `${randomUUID()}x`, 'idempotency-key-invalid'],
    ])('answers 400 when the key is %s', async (_, key, code) => {
      await start();
      const res = await t.app.request('/api/submissions', {
        method: 'POST',
        body: JSON.stringify(sample('write-to-town-hall')),
        headers: { 'Content-Type': 'application/json', ...(key === undefined ? {} : { 'Idempotency-Key': key }) },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code });
      expect(await t.store.countSubmissions()).toBe(0);
    });
  });

  describe('refuses with 422', () => {
    it.each([
      ['an unknown procedure', { procedureId: 'no-such-procedure' }, 'unknown-procedure'],
      ['a locale the site does not offer', { locale: 'de' }, 'unknown-locale'],
      ['an unknown procedure version', { procedureVersion: 99 }, 'unknown-procedure-version'],
    ])('%s', async (_, change, code) => {
      await start();
      const res = await postSubmission(t, { ...sample('write-to-town-hall'), ...change });
      expect(res.status).toBe(422);
      const problem = await res.json();
      expect(problem).toMatchObject({ code, status: 422, type: `urn:guichet:problem:${code}` });
      expect(problem.detail).toMatch(/\S/);
      expect(await t.store.countSubmissions()).toBe(0);
    });

    it('invalid answers, with one error per field and a French sentence each', async () => {
      await start();
      const body = sample('write-to-town-hall');
      const res = await postSubmission(t, {
        ...body,
        answers: { ...body.answers, message: 'court', email: 'pas-un-email', extra: 1, familyName: undefined },
      });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const problem = (await res.json()) as { code: string; errors: Array<{ field: string; code: string; message: string }> };
      expect(problem.code).toBe('invalid-answers');
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          { field: 'extra', code: 'unknownField', message: expect.any(String) },
          { field: 'message', code: 'tooShort', message: 'Écrivez au moins 10 caractères.', params: { min: 10 } },
          { field: 'familyName', code: 'required', message: expect.stringMatching(/obligatoire/) },
          { field: 'email', code: 'email', message: expect.stringMatching(/e-mail/) },
        ]),
      );
      expect(problem.errors).toHaveLength(4);
      expect(await t.store.countSubmissions()).toBe(0);
    });

    it('invalid answers, in the submission locale when its interface texts have the sentence', async () => {
      await start({ errorTexts: new Map([['en', { tooShort: 'Write at least {{min}} characters.' }]]) });
      const body = sample('write-to-town-hall', { locale: 'en' });
      const res = await postSubmission(t, { ...body, answers: { ...body.answers, message: 'short', topic: 'nope' } });
      const problem = (await res.json()) as { errors: Array<{ field: string; message: string }> };
      expect(problem.errors.find((e) => e.field === 'message')?.message).toBe('Write at least 10 characters.');
      // No English sentence for `option`: French rather than nothing.
      expect(problem.errors.find((e) => e.field === 'topic')?.message).toMatch(/proposées/);
    });
  });

  describe('attachments', () => {
    const png = SAMPLE_FILES['image/png'];
    const pdf = SAMPLE_FILES['application/pdf'];
    const body = (documents: string[], attachments: unknown[]) => ({
      procedureId: 'test-files',
      locale: 'fr',
      answers: { subject: 'Mes pièces', documents },
      attachments,
    });

    it('stores each file once, named by its sha256, and its metadata with the submission', async () => {
      await start({ content: contentWith(filesProcedure()) });
      const res = await postSubmission(
        t,
        body(['a', 'b'], [{ id: 'a', type: 'image/png', data: png }, { id: 'b', type: 'application/pdf', data: pdf }]),
      );
      expect(res.status).toBe(201);
      const files = readdirSync(join(t.dataDir, 'attachments'));
      expect(files.sort()).toHaveLength(2);
      for (const file of files) expect(file).toMatch(/^[0-9a-f]{64}$/);
    });

    it.each([
      ['an answer names a file that is not sent', ['a', 'b'], [{ id: 'a', type: 'image/png', data: png }]],
      ['a file is sent that no answer names', ['a'], [{ id: 'a', type: 'image/png', data: png }, { id: 'z', type: 'image/png', data: png }]],
      ['a file is sent twice', ['a'], [{ id: 'a', type: 'image/png', data: png }, { id: 'a', type: 'image/png', data: png }]],
      ['files are sent without any file answer', [], [{ id: 'a', type: 'image/png', data: png }]],
    ])('answers 422 attachment-mismatch when %s', async (_, documents, attachments) => {
      await start({ content: contentWith(filesProcedure()) });
      const res = await postSubmission(t, body(documents, attachments));
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ code: 'attachment-mismatch' });
      expect(await t.store.countSubmissions()).toBe(0);
      expect(existsSync(join(t.dataDir, 'attachments'))).toBe(false);
    });

    it.each([
      ['the bytes are not what the type says', { id: 'a', type: 'image/png', data: pdf }],
      ['the type is not one the field accepts', { id: 'a', type: 'image/jpeg', data: SAMPLE_FILES['image/jpeg'] }],
      ['the type is not a file type at all', { id: 'a', type: 'text/html', data: Buffer.from('<p>hi</p>').toString('base64') }],
      ['the file is empty', { id: 'a', type: 'image/png', data: '' }],
    ])('answers 415 when %s', async (_, attachment) => {
      await start({ content: contentWith(filesProcedure()) });
      const res = await postSubmission(t, body(['a'], [attachment]));
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ code: 'attachment-type' });
      expect(await t.store.countSubmissions()).toBe(0);
    });

    it('answers 413 when a file is over its field limit', async () => {
      await start({ content: contentWith(filesProcedure()) });
      const big = Buffer.concat([Buffer.from(png, 'base64'), Buffer.alloc(300)]).toString('base64');
      const res = await postSubmission(t, body(['a'], [{ id: 'a', type: 'image/png', data: big }]));
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ code: 'attachment-too-large' });
    });

    it('answers 400 when the data is not base64', async () => {
      await start({ content: contentWith(filesProcedure()) });
      const res = await postSubmission(t, body(['a'], [{ id: 'a', type: 'image/png', data: 'not base64!' }]));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'invalid-body', errors: [{ field: 'attachments.0.data' }] });
    });
  });

  describe('procedure versions', () => {
    it('checks a submission against the older version it names, and the current one otherwise', async () => {
      // Version 1 asks a subject of 3 characters; version 2 asks 20.
      await start({ content: contentWith(filesProcedure(1, 3)) });
      const store = t.store;
      const v2 = contentWith(filesProcedure(2, 20));
      await publishProcedures(store, v2.procedures);
      const { createApp } = await import('../app.ts');
      const app = createApp({ content: v2, store, version: 'test', attachmentsDir: join(t.dataDir, 'attachments'), keyring: t.keyring, now });
      const post = (json: unknown) =>
        app.request('/api/submissions', {
          method: 'POST',
          body: JSON.stringify(json),
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
        });
      const answers = { subject: 'Court' };
      expect((await post({ procedureId: 'test-files', procedureVersion: 1, locale: 'fr', answers })).status).toBe(201);
      expect((await post({ procedureId: 'test-files', procedureVersion: 2, locale: 'fr', answers })).status).toBe(422);
      expect((await post({ procedureId: 'test-files', locale: 'fr', answers })).status).toBe(422);
      expect(await store.countSubmissions()).toBe(1);
    });

    it('refuses to start when a published version changed without a new number', async () => {
      await start({ content: contentWith(filesProcedure(1, 3)) });
      await expect(publishProcedures(t.store, [filesProcedure(1, 5)])).rejects.toThrow(
        'procedure test-files version 1 changed without a new version number',
      );
    });
  });
});

describe('GET /api/submissions/:reference', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  const submit = async () => {
    t = await startTestApp({ now });
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const res = await postSubmission(t, validSubmission(procedure, { postcodes: t.content.site.postcodes, today }));
    return (await res.json()) as { reference: string; trackingCode: string; receivedAt: string };
  };

  it('tells the status and its history with the right tracking code', async () => {
    const receipt = await submit();
    const res = await t.client.api.submissions[':reference'].$get({
      param: { reference: receipt.reference },
      query: { code: receipt.trackingCode },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      reference: receipt.reference,
      procedureId: 'write-to-town-hall',
      status: 'received',
      receivedAt: receipt.receivedAt,
      history: [{ status: 'received', at: receipt.receivedAt }],
      explanation: {
        locale: 'fr',
        status: 'Votre demande est enregistrée.',
        next: "Elle est en cours d'envoi au service de la mairie qui s'en occupe. Vous recevrez l'accusé de réception quand le service l'aura.",
      },
      receipt: {
        kind: 'registration',
        html: `/api/submissions/${receipt.reference}/receipt.html`,
        pdf: `/api/submissions/${receipt.reference}/receipt.pdf`,
      },
      purgedAt: null,
      // Registered, not yet received by the service: no decision delay runs yet.
      life: {
        status: 'registered',
        history: [{ status: 'registered', at: new Date(receipt.receivedAt).toISOString(), by: 'guichet' }],
        dates: { suspended: false },
      },
      // The copy of the answers, tested in printed-copy.test.ts.
      summary: expect.objectContaining({ heading: { fr: 'Récapitulatif de votre demande' } }),
    });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('accepts a reference and code typed in lower case, the reference without its hyphen', async () => {
    const receipt = await submit();
    const typed = receipt.reference.replace('-', '').toLowerCase();
    const res = await t.app.request(`/api/submissions/${typed}?code=${receipt.trackingCode.toLowerCase()}`);
    expect(res.status).toBe(200);
  });

  it('answers a wrong code exactly as an unknown reference', async () => {
    const receipt = await submit();
    const wrongCode = receipt.trackingCode === '222222' ? '333333' : '222222';
    const wrong = await t.app.request(`/api/submissions/${receipt.reference}?code=${wrongCode}`);
    const unknown = await t.app.request(`/api/submissions/2222-2222?code=${receipt.trackingCode}`);
    const malformed = await t.app.request(`/api/submissions/nonsense?code=${receipt.trackingCode}`);
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = await wrong.text();
    expect(await unknown.text()).toBe(body);
    expect(await malformed.text()).toBe(body);
    expect(JSON.parse(body)).toMatchObject({ code: 'submission-not-found' });
  });

  it('answers 400 when the code is missing', async () => {
    const receipt = await submit();
    const res = await t.app.request(`/api/submissions/${receipt.reference}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'invalid-query' });
  });
});
