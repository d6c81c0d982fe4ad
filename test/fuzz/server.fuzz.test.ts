// The fuzz suite: 10,000 generated malformed requests (bodies, headers, paths, multipart parts)
// against the real server process over real HTTP. None may answer 500 or more, every 4xx is
// problem+json, the server still answers its health check afterwards, and nothing of the refused
// input is written: no submission row, no attachment file.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealEnvelope } from '../../kiosk/src/outbox/seal.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
let agent: Agent;
const statuses = new Map<number, number>();
let sent = 0;

beforeAll(async () => {
  // Configured as a town would run it: the console has its key (unconfigured, it answers 503).
  server = await startServer({ GUICHET_ADMIN_TOKEN: 'fuzz-console-key-that-nobody-will-guess-0123456789' });
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
});

afterAll(async () => {
  agent?.destroy();
  await server?.stop();
  console.log(`fuzz: ${sent} requests; statuses ${[...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(', ')}`);
});

interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** One request as raw as Node's client allows: the path and header values are sent as given. */
function send({ method = 'POST', path, headers = {}, body }: Sent): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        sent++;
        statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What every answer to malformed input must be: below 500, and a readable problem when refused. */
function judge(answer: Answer, what: string): void {
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.status, what).not.toBe(201);
  if (answer.status >= 400) {
    what = `${what} → ${answer.status} ${answer.body.slice(0, 120)}`;
    expect(answer.type, what).toBe('application/problem+json; charset=utf-8');
    const problem = JSON.parse(answer.body) as { status: number; title: string; detail: string };
    expect(problem.status, what).toBe(answer.status);
    expect(problem.detail, what).toMatch(/\S/);
  }
}

const jsonHeaders = () => ({ 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() });

/** Envelopes that look almost right: the right keys with values of any kind, and extra keys. */
const nearEnvelope = fc.record(
  {
    procedureId: fc.oneof(fc.constantFrom('write-to-town-hall', 'report-street-problem', 'civil-status-certificate', ''), fc.string(), fc.jsonValue()),
    procedureVersion: fc.oneof(fc.integer({ min: -3, max: 5 }), fc.double(), fc.string(), fc.constant(null)),
    locale: fc.oneof(fc.constantFrom('fr', 'fr-x-falc', 'en', 'ar', 'xx', ''), fc.string()),
    answers: fc.oneof(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 3 })), fc.jsonValue()),
    attachments: fc.oneof(
      fc.array(fc.record({ id: fc.string(), type: fc.constantFrom('image/png', 'image/jpeg', 'application/pdf', 'text/html', ''), data: fc.base64String({ maxLength: 200 }) }), { maxLength: 3 }),
      fc.jsonValue(),
    ),
    __proto__: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

/**
 * Sealed bodies that look almost right: real seals for the server's key, sent under another
 * Idempotency-Key or with a byte flipped, mixed with made-up keys, ephemeral keys and ciphertexts.
 */
async function nearSealedBodies(): Promise<fc.Arbitrary<string>> {
  const { sealing } = (await (await fetch(`${server.url}/api/content`)).json()) as { sealing: Parameters<typeof sealEnvelope>[1] };
  const body = { procedureId: 'write-to-town-hall', procedureVersion: 1, locale: 'fr', answers: { message: 'Bonjour' } };
  const genuine = await Promise.all([1, 2, 3].map(() => sealEnvelope({ key: randomUUID(), body }, sealing)));
  const flipped = fc.tuple(fc.constantFrom(...genuine), fc.nat(), fc.integer({ min: 1, max: 255 })).map(([g, at, bit]) => {
    const bytes = Buffer.from(g.ciphertext, 'base64');
    bytes[at % bytes.length]! ^= bit;
    return bytes.toString('base64');
  });
  return fc
    .record(
      {
        keyId: fc.oneof(fc.constant(sealing.keyId), fc.string({ maxLength: 70 }), fc.jsonValue()),
        enc: fc.oneof(fc.constantFrom(...genuine.map((g) => g.enc)), fc.stringMatching(/^[A-Za-z0-9_-]{87}$/), fc.string()),
        ciphertext: fc.oneof(fc.constantFrom(...genuine.map((g) => g.ciphertext)), flipped, fc.base64String({ maxLength: 300 }), fc.string()),
        extra: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((sealed) => JSON.stringify({ sealed }));
}

/** A path of the server's own shape, broken in the ways clients and scanners break them. */
const segment = fc.oneof(
  fc.constantFrom('api', 'submissions', 'procedures', 'content', 'health', 'staff', 'sign-in', 'console', 'receipt.pdf', 'receipt.html', 'schema', 'terminals', 'heartbeat', '..', '.', '%2e%2e', '%00', '%', '%ZZ', '%C0%AF', '~', '@', '__proto__'),
  fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%-]{0,24}$/),
);
const path = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.option(fc.stringMatching(/^[A-Za-z0-9=&%._~+-]{0,40}$/), { nil: undefined }))
  .map(([parts, query]) => `/${parts.join('/')}${query === undefined ? '' : `?${query}`}`);

/** Header values within what HTTP allows on the wire (visible ASCII and spaces), of any meaning. */
const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,80}$/);

describe('10,000 malformed requests to the running server', () => {
  it('3,000 bodies: broken JSON, random bytes, near envelopes sealed or not, huge numbers and deep nesting', async () => {
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      nearEnvelope.map((v) => JSON.stringify(v)),
      await nearSealedBodies(),
      fc.string({ unit: 'binary', maxLength: 400 }),
      fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
      fc.integer({ min: 1, max: 3000 }).map((depth) => `{"answers":${'['.repeat(depth)}${']'.repeat(depth)}}`),
      fc.constantFrom('{"procedureId":1e999999}', '{"locale":"\\ud800"}', '{"a":1,"a":2}', '\ufeff{}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}'),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => judge(await send({ path: '/api/submissions', headers: jsonHeaders(), body: b }), `body ${String(b).slice(0, 80)}`)),
      { numRuns: 3_000 },
    );
  });

  it('2,500 header sets: content types, idempotency keys, lengths, origins, terminals, cookies', async () => {
    const headers = fc.record(
      {
        'Content-Type': fc.oneof(headerValue, fc.constantFrom('application/json', 'application/json; charset=utf-16', 'application/problem+json', 'multipart/form-data', 'text/plain;charset=utf-8')),
        'Idempotency-Key': fc.oneof(headerValue, fc.uuid().map((u) => u.toUpperCase()), fc.constant('')),
        'Guichet-Terminal': headerValue,
        'Accept-Language': headerValue,
        Cookie: fc.oneof(headerValue, fc.constant('guichet_staff=forged; guichet_console=forged')),
        'X-Forwarded-For': headerValue,
        Accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'application/problem+json'),
      },
      { requiredKeys: [] },
    );
    const target = fc.constantFrom('/api/submissions', '/api/staff/sign-in', '/api/terminals/heartbeat', '/api/staff/sign-out');
    await fc.assert(
      fc.asyncProperty(headers, target, fc.jsonValue({ maxDepth: 2 }), async (h, p, value) =>
        judge(await send({ path: p, headers: h, body: JSON.stringify(value) }), `${p} ${JSON.stringify(h)}`),
      ),
      { numRuns: 2_500 },
    );
  });

  it('2,500 paths and methods, with queries, on the API and the console', async () => {
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
    const prefix = fc.constantFrom('/api/', '/api/submissions/', '/api/procedures/', '/console/', '/api/staff/');
    await fc.assert(
      fc.asyncProperty(method, fc.oneof(path, fc.tuple(prefix, path).map(([a, b]) => a + b.slice(1))), async (m, p) => {
        const answer = await send({ method: m, path: p, headers: m === 'GET' || m === 'HEAD' ? {} : jsonHeaders(), body: m === 'GET' || m === 'HEAD' ? undefined : '{}' });
        // Paths outside /api and /console are the kiosk's pages (index.html): not a refusal.
        if (!p.startsWith('/api') && !p.startsWith('/console') && !p.startsWith('/metrics') && answer.status < 400) return;
        // The console answers people with pages, and HEAD has no body to read.
        if (p.startsWith('/console') || m === 'HEAD') return void expect(answer.status, `${m} ${p}`).toBeLessThan(500);
        judge(answer, `${m} ${p}`);
      }),
      { numRuns: 2_500 },
    );
  });

  it('2,000 multipart bodies with broken boundaries and parts, where only JSON is taken', async () => {
    const part = fc.record({
      name: fc.oneof(fc.constantFrom('answers', 'file', 'procedureId', '__proto__'), fc.stringMatching(/^[\w-]{0,12}$/)),
      filename: fc.option(fc.oneof(fc.constantFrom('../../etc/passwd', 'photo.jpg', 'a.pdf\u0000.exe', ''), fc.string({ maxLength: 30 })), { nil: undefined }),
      type: fc.constantFrom('image/jpeg', 'application/pdf', 'text/plain', 'application/json', ''),
      data: fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1'))),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(part, { maxLength: 4 }), fc.stringMatching(/^[\w'()+,./:=?-]{0,70}$/), fc.boolean(), async (parts, boundary, closed) => {
        const body =
          parts
            .map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}\r\nContent-Type: ${p.type}\r\n\r\n${p.data}\r\n`)
            .join('') + (closed ? `--${boundary}--\r\n` : '');
        const answer = await send({
          path: '/api/submissions',
          headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Idempotency-Key': randomUUID() },
          body: Buffer.from(body, 'latin1'),
        });
        judge(answer, `multipart ${body.slice(0, 80)}`);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves the server healthy and nothing written', async () => {
    expect(sent).toBe(10_000);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const db = new Database(join(server.dataDir, 'guichet.sqlite'), { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare('SELECT count(*) AS n FROM submissions').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    const files = join(server.dataDir, 'attachments');
    expect(existsSync(files) ? readdirSync(files, { recursive: true }) : []).toEqual([]);
  });
});
