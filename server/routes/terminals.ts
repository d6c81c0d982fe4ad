import { Hono } from 'hono';
import { z } from 'zod';
import type { Store } from '../store/types.ts';
import { jsonBody } from '../validators.ts';

/** A terminal id or site: letters, digits and `._:-`, as the submissions' `Guichet-Terminal` header. */
const NAME = /^[A-Za-z0-9._:-]{1,64}$/;

/** What a kiosk sends every minute; no personal data. */
export const heartbeatSchema = z.strictObject({
  terminalId: z.string().regex(NAME),
  site: z.union([z.literal(''), z.string().regex(NAME)]),
  appVersion: z.string().min(1).max(64),
  contentVersion: z.string().max(64),
  outboxLength: z.int().min(0).max(1_000_000),
  oldestAgeSeconds: z.int().min(0).max(10 * 365 * 24 * 3600),
});

export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** POST /api/terminals/heartbeat: a kiosk's last news, listed in the console (/console/terminals). */
export const terminalRoutes = (deps: { store: Store; now: () => Date }) =>
  new Hono().post('/heartbeat', jsonBody(heartbeatSchema), async (c) => {
    await deps.store.recordHeartbeat({ ...c.req.valid('json'), at: deps.now() });
    return c.json({ ok: true as const }, 200, { 'Cache-Control': 'no-store' });
  });
