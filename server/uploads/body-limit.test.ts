// The submission body limit over real HTTP (the app served by @hono/node-server on loopback, as
// main.ts serves it): a 200 MB body is refused with a 413 problem once the server has read the
// limit (hono's bodyLimit: from Content-Length at once, or counting a chunked stream), never
// buffered whole, and the connection is closed rather than the rest read.
import { randomUUID } from 'node:crypto';
import { request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBMISSION_WIRE_LIMIT } from '../routes/submissions.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

const MB = 1024 * 1024;
const BODY = 200 * MB;

let t: TestApp;
let server: Server;
/** The server's answer as it wrote it, with the bytes it had read from the connection then. */
let answer: { status: number; read: number } | undefined;
/** Bytes the server read from the connection in all, once it is closed. */
let readInAll: Promise<number>;

beforeAll(async () => {
  t = await startTestApp();
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('request', (req, res) =>
    res.once('finish', () => (answer = { status: res.statusCode, read: req.socket.bytesRead })),
  );
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await t.dispose();
});

/**
 * What the client saw: the answer, or the connection closed under it. The server reads and
 * drops what follows its answer for a moment (Node's lingering close, at most 64 MB or 0.5 s),
 * then closes: a client still writing by then may meet the close before it reads the answer.
 */
type Outcome = ({ status: number; type: string; body: string } | { closed: string }) & {
  /** What the client had written when the answer came or the connection closed. */
  sent: number;
};

/** POSTs a body of BODY bytes of spaces in 1 MiB writes, stopping at the answer. */
function sendHuge(headers: Record<string, string>): Promise<Outcome> {
  answer = undefined;
  readInAll = new Promise((resolve) => server.once('connection', (socket: Socket) => socket.once('close', () => resolve(socket.bytesRead))));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/submissions', agent: false, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...headers } },
      (res) => {
        answered = true;
        const at = sent;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString(), sent: at }));
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (answered) return;
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') resolve({ closed: error.code, sent });
      else reject(error);
    });
    const chunk = Buffer.alloc(MB, 0x20);
    // One write per turn of the event loop, so that an answer arriving is read before the next
    // write, as a client that watches for early answers does.
    const write = () => {
      if (answered || req.destroyed) return;
      if (sent >= BODY) return void req.end();
      sent += chunk.length;
      if (req.write(chunk)) setImmediate(write);
      else req.once('drain', write);
    };
    write();
  });
}

async function expectTooLarge(outcome: Outcome) {
  expect(answer?.status).toBe(413);
  if ('status' in outcome) {
    expect(outcome.status).toBe(413);
    expect(outcome.type).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(outcome.body)).toMatchObject({ status: 413, code: 'body-too-large' });
  }
  expect(outcome.sent).toBeLessThan(BODY);
  expect(await readInAll).toBeLessThan(BODY / 2);
  expect(await t.store.countSubmissions()).toBe(0);
}

describe('a 200 MB submission body', () => {
  it('is refused at once when its Content-Length says so, before the server reads it', async () => {
    const outcome = await sendHuge({ 'Content-Length': String(BODY) });
    await expectTooLarge(outcome);
    expect(answer!.read).toBeLessThan(MB);
    // Answered before the client had sent a tenth of it, it reads the answer.
    expect(outcome).toMatchObject({ status: 413 });
  });

  it('is refused once the server has read the limit when it streams chunked, without reading the rest', async () => {
    await expectTooLarge(await sendHuge({ 'Transfer-Encoding': 'chunked' }));
    // The limit, the headers and what one read of the socket brings beyond it.
    expect(answer!.read).toBeGreaterThan(SUBMISSION_WIRE_LIMIT);
    expect(answer!.read).toBeLessThan(SUBMISSION_WIRE_LIMIT + MB);
  });
});
