// The cap on request bodies held at once, as a client meets it: a body that would pass the cap
// gets 503 server-busy with Retry-After before it is read, whether it announced its length or
// streams it; bodies are released when their request ends; a body larger than the cap itself
// goes on to its route's own limit (413), since waiting would not help it.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodiesInFlight } from './bodies-in-flight.ts';
import { GuichetError } from './errors.ts';
import { limitBody } from './validators.ts';

const KIB = 1024;

/** A route that reads its body, then waits for the test to let it answer. */
function appWithCap(maxBytes: number) {
  const cap = bodiesInFlight(maxBytes);
  const gates: Array<() => void> = [];
  const app = new Hono()
    .use(cap)
    .post('/upload', limitBody(8 * KIB), async (c) => {
      const bytes = (await c.req.arrayBuffer()).byteLength;
      await new Promise<void>((resolve) => gates.push(resolve));
      return c.json({ bytes });
    })
    .onError((error, c) =>
      error instanceof GuichetError ? c.json({ code: error.code }, error.status as 503, error.headers) : c.json({ code: 'internal' }, 500),
    );
  return { app, cap, gates };
}

const sized = (n: number) => new Uint8Array(n).fill(0x61);
function streamed(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent++ >= chunks) return controller.close();
      controller.enqueue(sized(size));
    },
  });
}
const until = async (check: () => boolean) => {
  while (!check()) await new Promise((r) => setTimeout(r, 1));
};

describe('bodiesInFlight', () => {
  it('answers 503 with Retry-After to a body that would pass the cap, and takes it once the others are done', async () => {
    const { app, cap, gates } = appWithCap(6 * KIB);
    const first = app.request('/upload', { method: 'POST', body: sized(4 * KIB), headers: { 'Content-Length': String(4 * KIB) } });
    await until(() => gates.length === 1);
    expect(cap.held()).toBe(4 * KIB);

    const second = await app.request('/upload', { method: 'POST', body: sized(3 * KIB), headers: { 'Content-Length': String(3 * KIB) } });
    expect(second.status).toBe(503);
    expect(second.headers.get('retry-after')).toBe('10');
    expect(second.headers.get('connection')).toBe('close');
    expect(await second.json()).toEqual({ code: 'server-busy' });

    // A small one still fits beside the first.
    const small = app.request('/upload', { method: 'POST', body: sized(KIB), headers: { 'Content-Length': String(KIB) } });
    await until(() => gates.length === 2);
    for (const open of gates.splice(0)) open();
    expect((await first).status).toBe(200);
    expect((await small).status).toBe(200);
    expect(cap.held()).toBe(0);

    const again = app.request('/upload', { method: 'POST', body: sized(3 * KIB), headers: { 'Content-Length': String(3 * KIB) } });
    await until(() => gates.length === 1);
    gates.shift()!();
    expect(await (await again).json()).toEqual({ bytes: 3 * KIB });
  });

  it('counts a streamed body as it arrives and stops it at the cap', async () => {
    const { app, cap, gates } = appWithCap(6 * KIB);
    const first = app.request('/upload', { method: 'POST', body: sized(4 * KIB), headers: { 'Content-Length': String(4 * KIB) } });
    await until(() => gates.length === 1);
    const chunked = await app.request('/upload', { method: 'POST', body: streamed(4, KIB), duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(503);
    expect(cap.held()).toBe(4 * KIB);
    gates.shift()!();
    await first;
    expect(cap.held()).toBe(0);
  });

  it('lets a body larger than the cap itself go on to its route’s limit: 413, not a wait', async () => {
    const { app, cap } = appWithCap(6 * KIB);
    const huge = await app.request('/upload', { method: 'POST', body: sized(10 * KIB), headers: { 'Content-Length': String(10 * KIB) } });
    expect(huge.status).toBe(413);
    expect(cap.held()).toBe(0);
  });
});
