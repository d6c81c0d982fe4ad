import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

describe('GET /api/health', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  it('says ok, the storage and the version', async () => {
    t = await startTestApp();
    const res = await t.client.api.health.$get();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', storage: 'sqlite', version: '0.0.0-test', checks: { database: 'ok', files: 'ok' } });
  });

  it('says degraded, 503 with Retry-After, when the store does not answer (storage-faults.test.ts has the other faults)', async () => {
    t = await startTestApp();
    await t.store.dispose();
    const res = await t.client.api.health.$get();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toEqual({ status: 'degraded', storage: 'sqlite', version: '0.0.0-test', checks: { database: 'unavailable', files: 'ok' } });
  });
});
