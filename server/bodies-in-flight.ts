// Owns the memory that request bodies may take at once. Every body is held whole while its
// request runs (parsed, base64 decoded, re-encoded): thirty 19 MiB junk bodies sent together
// took the server from 620 to 1,098 MB. Past the cap a request is answered 503 with
// Retry-After before its body is read, and its connection closed so its upload stops; the
// kiosk's outbox waits and sends again.
import type { MiddlewareHandler } from 'hono';
import { GuichetError } from './errors.ts';

/**
 * 48 MiB: two of the largest submissions at once (each takes about six times its size while it
 * is parsed: 125 MB for 19 MiB, measured), dozens of ordinary ones.
 */
export const DEFAULT_BODY_BYTES_IN_FLIGHT = 48 * 1024 * 1024;

/** Seconds a client waits before sending again when the server is full. */
export const BUSY_RETRY_AFTER_SECONDS = 10;

const busy = () =>
  new GuichetError('server-busy', 'Le serveur reçoit beaucoup de données en ce moment. Réessayez dans quelques secondes : rien n’est perdu.', {
    headers: { 'Retry-After': String(BUSY_RETRY_AFTER_SECONDS), Connection: 'close' },
  });

/**
 * Caps the bytes of request bodies held at once at `maxBytes`: a body with a `Content-Length`
 * is counted whole before it is read; a chunked one as its chunks arrive. A body larger than
 * the cap itself is let through to its route, whose own limit answers 413 without reading it:
 * waiting would not help it. `maxBytes` must be at least the largest body a route accepts.
 *
 * @example app.use(bodiesInFlight(DEFAULT_BODY_BYTES_IN_FLIGHT))
 */
export function bodiesInFlight(maxBytes: number): MiddlewareHandler & { held: () => number } {
  let held = 0;
  const middleware: MiddlewareHandler = async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = c.req.raw.headers.has('transfer-encoding') ? undefined : Number(c.req.header('content-length') ?? Number.NaN);
    if (declared !== undefined && Number.isSafeInteger(declared) && declared >= 0) {
      if (declared > maxBytes) return next();
      if (held + declared > maxBytes) throw busy();
      held += declared;
      try {
        await next();
      } finally {
        held -= declared;
      }
      return;
    }
    let mine = 0;
    // Pulled only when the route reads (no read-ahead), so a route's own limit stops at its chunk.
    const reader = body.getReader();
    const counted = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          if (held + value.byteLength > maxBytes) {
            controller.error(busy());
            return void reader.cancel().catch(() => {});
          }
          held += value.byteLength;
          mine += value.byteLength;
          controller.enqueue(value);
        },
        cancel: (reason) => reader.cancel(reason),
      },
      { highWaterMark: 0 },
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    try {
      await next();
    } finally {
      held -= mine;
    }
  };
  return Object.assign(middleware, { held: () => held });
}
