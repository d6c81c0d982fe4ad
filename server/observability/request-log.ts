// Owns the request log: one JSON line per answered request (pino), with a request id, the
// method, the route pattern, the status and the duration. Never the raw path nor the query (a
// reference and its tracking code travel there), never a header or a body: what a log line
// holds is chosen here, field by field. New server logs go through `c.get('log')`, a child of
// this logger that carries the request id.
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { pino, type Logger } from 'pino';
import type { Metrics } from './metrics.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's logger (its id bound); say counts and kinds, never answers, names, codes or numbers. */
    log: Logger;
    requestId: string;
  }
}

/** A logger that writes nothing, for apps built without one (tests). */
export const SILENT_LOG: Logger = pino({ enabled: false });

/** The pattern that answered (`/api/submissions/:reference`), or `unmatched` when no route did (kiosk files, 404s). */
function routePattern(c: Parameters<MiddlewareHandler>[0]): string {
  const route = matchedRoutes(c)[c.req.routeIndex];
  // Only middlewares are registered for every method; a route that answered has its method.
  return route && route.method !== 'ALL' ? route.path : 'unmatched';
}

/**
 * Times, counts and logs every request; the first middleware of the app.
 *
 * @example base.use(requestLog({ log: pino(), metrics }))
 */
export function requestLog({ log, metrics }: { log: Logger; metrics: Metrics }): MiddlewareHandler {
  return async (c, next) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    c.set('log', log.child({ requestId }));
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routePattern(c);
      const status = c.res.status;
      metrics.observeRequest({ method: c.req.method, route, status, seconds });
      log.info({ requestId, method: c.req.method, route, status, durationMs: Math.round(seconds * 1e4) / 10 }, 'request');
    }
  };
}
