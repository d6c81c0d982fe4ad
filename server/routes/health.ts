import { Hono } from 'hono';
import { GuichetError } from '../errors.ts';
import type { Store } from '../store/types.ts';

/** GET /api/health: whether the server and its storage answer. */
export const healthRoutes = (deps: { store: Store; version: string }) =>
  new Hono().get('/', async (c) => {
    try {
      await deps.store.health();
    } catch (cause) {
      throw new GuichetError('storage-unavailable', 'Le stockage ne répond pas.', { cause });
    }
    return c.json({ status: 'ok' as const, storage: deps.store.kind, version: deps.version }, 200, {
      'Cache-Control': 'no-store',
    });
  });
