import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

describe('GET /api/health', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  it('says ok, the storage and the version', async () => {
    t = await startTestApp();
    const res = await t.client.api.health.$get();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', storage: 'sqlite', version: '0.0.0-test' });
  });

  it('answers 503 problem when the store does not answer', async () => {
    t = await startTestApp();
    await t.store.dispose();
    const res = await t.client.api.health.$get();
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toMatchObject({ status: 503, code: 'storage-unavailable' });
  });
});
