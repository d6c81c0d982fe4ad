// GET /api/health: whether the server can keep what it is sent. The database answers a query
// and the attachments folder takes a one-byte file; either failing makes the server
// "degraded", a 503 with Retry-After that a load balancer or a monitor reads.
import { Hono } from 'hono';
import { probeFolder, STORAGE_RETRY_AFTER_SECONDS, storageFaultOf, type StorageFault } from '../storage-faults.ts';
import type { Store } from '../store/types.ts';

export interface HealthDeps {
  store: Store;
  version: string;
  /** The attachments folder, probed with a write. */
  attachmentsDir: string;
}

/**
 * @example app.route('/api/health', healthRoutes({ store, version, attachmentsDir }))
 */
export const healthRoutes = (deps: HealthDeps) =>
  new Hono().get('/', async (c) => {
    const [database, files] = await Promise.all([
      deps.store.health().then(
        (): StorageFault | 'ok' => 'ok',
        (error: unknown) => storageFaultOf(error) ?? 'unavailable',
      ),
      probeFolder(deps.attachmentsDir),
    ]);
    const checks = { database, files };
    if (database === 'ok' && files === 'ok')
      return c.json({ status: 'ok' as const, storage: deps.store.kind, version: deps.version, checks }, 200, { 'Cache-Control': 'no-store' });
    return c.json({ status: 'degraded' as const, storage: deps.store.kind, version: deps.version, checks }, 503, {
      'Cache-Control': 'no-store',
      'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS),
    });
  });
