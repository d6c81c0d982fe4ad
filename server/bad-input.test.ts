// Every malformed request gets a 4xx problem+json with a clear message, never a 5xx, and
// writes nothing: examples for each class of bad input, then properties over random input.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../content/model/index.ts';
import { SUBMISSION_WIRE_LIMIT } from './routes/submissions.ts';
import { contentWith, filesProcedure, postSubmission } from './test-support/fixtures.ts';
import { content, startTestApp, type TestApp } from './test-support/test-app.ts';
import { validSubmission } from './test-support/valid-answers.ts';

let t: TestApp;
beforeAll(async () => (t = await startTestApp({ content: contentWith(filesProcedure()) })));
afterAll(() => t.dispose());

/** Built from the real content, so that test tables can use it before the app starts. */
const valid = () => {
  const procedure = content().procedures.find((p) => p.id === 'write-to-town-hall')!;
  return validSubmission(procedure, { postcodes: content().site.postcodes, today: todayIn() });
};

/** Asserts a refusal: the status, a problem+json body with a sentence, and nothing stored. */
async function expectRefused(response: Response | Promise<Response>, status: number, code?: string) {
  const before = await t.store.countSubmissions();
  const res = await response;
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const problem = (await res.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({ status, type: expect.stringMatching(/^urn:guichet:problem:/) });
  expect(problem.detail).toMatch(/\S/);
  expect(problem.title).toMatch(/\S/);
  if (code) expect(problem.code).toBe(code);
  expect(await t.store.countSubmissions()).toBe(before);
  return problem;
}

const raw = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  t.app.request('/api/submissions', {
    method: 'POST',
    body,
    headers: { 'Idempotency-Key': randomUUID(), ...headers },
    // Needed by fetch's Request for a streamed body.
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

describe('bad input, by example', () => {
  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json; charset=latin1'])(
    'refuses Content-Type %s with 415',
    async (type) => {
      await expectRefused(raw(JSON.stringify(valid()), { 'Content-Type': type }), 415, 'unsupported-media-type');
    },
  );

  it('refuses a body without Content-Type with 415', async () => {
    await expectRefused(raw(new Blob([JSON.stringify(valid())])), 415, 'unsupported-media-type');
  });

  it.each(['', '{', '{"a":}', 'nul', "{'a': 1}", '{"a": 1,}', '\u0000'])('refuses the broken JSON %j with 400', async (text) => {
    await expectRefused(postSubmission(t, text), 400, 'malformed-json');
  });

  it('refuses a body that is not UTF-8 with 400', async () => {
    await expectRefused(raw(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), { 'Content-Type': 'application/json' }), 400, 'malformed-json');
  });

  it.each([
    ['an array', []],
    ['a string', JSON.stringify('hello')],
    ['null', null],
    ['a number for procedureId', { ...valid(), procedureId: 1 }],
    ['a string for procedureVersion', { ...valid(), procedureVersion: '1' }],
    ['a negative procedureVersion', { ...valid(), procedureVersion: -1 }],
    ['a fractional procedureVersion', { ...valid(), procedureVersion: 1.5 }],
    ['an array for answers', { ...valid(), answers: [] }],
    ['no answers', { ...valid(), answers: undefined }],
    ['no locale', { ...valid(), locale: undefined }],
    ['an unknown key', { ...valid(), kioskId: 'epn-1' }],
    ['attachments that are not a list', { ...valid(), attachments: {} }],
    ['an attachment with an unknown key', { ...valid(), attachments: [{ id: 'a', type: 'image/png', data: '', name: 'x.png' }] }],
    ['an attachment id with a slash', { ...valid(), attachments: [{ id: '../a', type: 'image/png', data: '' }] }],
  ])('refuses %s with 400 and the field at fault', async (_, body) => {
    const problem = await expectRefused(postSubmission(t, body), 400, 'invalid-body');
    expect(problem.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.any(String) })]));
  });

  it.each([
    ['at the top', '{"__proto__": {"polluted": true}, "procedureId": "x"}'],
    ['in the answers', (b: object) => JSON.stringify(b).replace('"answers":{', '"answers":{"__proto__":{"x":1},')],
    ['in an address', '{"answers": {"address": {"street": "a", "constructor": {"prototype": {}}}}}'],
    ['escaped', '{"\\u005f\\u005fproto\\u005f\\u005f": {}}'],
    ['named prototype', '{"prototype": 1}'],
  ])('refuses a prototype key %s with 400', async (_, body) => {
    const text = typeof body === 'function' ? body(valid()) : body;
    await expectRefused(postSubmission(t, text), 400, 'forbidden-key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a deeply nested body with 400 before parsing it', async () => {
    const deep = `{"answers": {"message": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    await expectRefused(postSubmission(t, deep), 400, 'body-too-deep');
  });

  it('refuses a body over the limit with 413 from its Content-Length, before reading it', async () => {
    let pulled = 0;
    const stream = new ReadableStream({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        if (pulled > 400) controller.close();
      },
    });
    const res = raw(stream, { 'Content-Type': 'application/json', 'Content-Length': String(SUBMISSION_WIRE_LIMIT + 1) });
    await expectRefused(res, 413, 'body-too-large');
    expect(pulled).toBeLessThan(5);
  });

  it('refuses a streamed body over the limit with 413 as soon as it passes the limit', async () => {
    let pulled = 0;
    const stream = new ReadableStream({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024 * 1024).fill(0x20));
        if (pulled > 40) controller.close();
      },
    });
    await expectRefused(raw(stream, { 'Content-Type': 'application/json' }), 413, 'body-too-large');
    // The limit in 1 MiB pulls, and the one that passes it.
    expect(pulled).toBeLessThanOrEqual(Math.ceil(SUBMISSION_WIRE_LIMIT / (1024 * 1024)) + 1);
  });

  it('refuses a body over 64 KiB with 413 on any other API route', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(70 * 1024) });
    const res = t.app.request('/api/content', { method: 'POST', body: big, headers: { 'Content-Type': 'application/json' } });
    await expectRefused(res, 413, 'body-too-large');
  });

  it('answers unknown /api routes with a 404 problem', async () => {
    await expectRefused(t.app.request('/api/nope'), 404, 'not-found');
    await expectRefused(t.app.request('/api'), 404, 'not-found');
    await expectRefused(t.app.request('/metrics/nope'), 404, 'not-found');
    await expectRefused(t.app.request('/api/nope', { method: 'POST', body: '{}' }), 404, 'not-found');
  });

  it('answers a wrong method with a 405 problem that says what is allowed', async () => {
    const res = t.app.request('/api/content', { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    await expectRefused(res, 405, 'method-not-allowed');
    expect((await t.app.request('/api/submissions', { method: 'DELETE' })).headers.get('allow')).toBe('POST');
  });
});

describe('bad input, by property', () => {
  const headers = () => ({ 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() });

  /** Any answer below 500; a refusal is problem+json and stores nothing; an acceptance stores one. */
  async function judge(request: () => Response | Promise<Response>) {
    const before = await t.store.countSubmissions();
    const res = await request();
    const after = await t.store.countSubmissions();
    expect(res.status).toBeLessThan(500);
    if (res.status === 201) expect(after).toBe(before + 1);
    else {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      const problem = (await res.json()) as { status: number; detail: string };
      expect(problem.status).toBe(res.status);
      expect(problem.detail).toMatch(/\S/);
      expect(after).toBe(before);
    }
    return res.status;
  }

  it('never fails on an arbitrary JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const status = await judge(() => t.app.request('/api/submissions', { method: 'POST', body: JSON.stringify(value), headers: headers() }));
        expect(status).not.toBe(201);
      }),
      { numRuns: 300 },
    );
  });

  it('never fails on random bytes, whatever the declared content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom('application/json', 'text/plain', 'application/octet-stream', ''),
        async (bytes, type) => {
          await judge(() =>
            t.app.request('/api/submissions', {
              method: 'POST',
              body: bytes,
              headers: { ...headers(), ...(type ? { 'Content-Type': type } : {}) },
            }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never fails on any Idempotency-Key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme-ascii', maxLength: 80 }), async (key) => {
        await judge(() =>
          t.app.request('/api/submissions', {
            method: 'POST',
            body: JSON.stringify(valid()),
            headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
          }),
        );
      }),
      { numRuns: 200 },
    );
  });

  /** A valid body with one part replaced, removed, or a key added, at any depth. */
  const mutation = fc.record({
    path: fc.constantFrom(
      [],
      ['procedureId'],
      ['procedureVersion'],
      ['locale'],
      ['answers'],
      ['answers', 'topic'],
      ['answers', 'message'],
      ['answers', 'replyBy'],
      ['answers', 'email'],
      ['answers', 'givenName'],
      ['answers', 'phone'],
      ['answers', 'address'],
      ['attachments'],
    ),
    op: fc.constantFrom('set', 'delete', 'add'),
    key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'street')),
    value: fc.jsonValue({ maxDepth: 4 }),
  });

  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

  function mutate(body: Record<string, unknown>, m: Mutation) {
    const copy = structuredClone(body) as Record<string, unknown>;
    const parentPath = m.path.slice(0, -1) as string[];
    let parent: Record<string, unknown> = copy;
    for (const part of parentPath) parent = parent[part] as Record<string, unknown>;
    const last = m.path.at(-1) as string | undefined;
    if (m.op === 'add' || last === undefined) {
      const target = last === undefined ? copy : parent[last];
      if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[m.key] = m.value;
      else if (last !== undefined) parent[last] = { [m.key]: m.value };
    } else if (m.op === 'delete') delete parent[last];
    else parent[last] = m.value;
    // Built by assignment, a `__proto__` key would set the prototype; write it as text instead.
    return JSON.stringify(copy).replace('"__proto_key__"', '"__proto__"');
  }

  it('never fails on a mutated valid submission, and stores only what it accepts', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const body = m.key === '__proto__' ? { ...m, key: '__proto_key__' } : m;
        await judge(() => t.app.request('/api/submissions', { method: 'POST', body: mutate(valid(), body), headers: headers() }));
      }),
      { numRuns: 400 },
    );
  });

  it('never fails on arbitrary answers to the file procedure, attachments included', async () => {
    const attachment = fc.record({ id: fc.string({ maxLength: 8 }), type: fc.string({ maxLength: 20 }), data: fc.base64String({ maxLength: 64 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('subject', 'documents', 'other'), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.array(fc.constantFrom('a', 'b', 'c')))),
        fc.array(attachment, { maxLength: 3 }),
        async (answers, attachments) => {
          await judge(() => postSubmission(t, { procedureId: 'test-files', locale: 'fr', answers, attachments }));
        },
      ),
      { numRuns: 300 },
    );
  });
});
