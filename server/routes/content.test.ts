import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

describe('GET /api/content', () => {
  let t: TestApp;
  beforeEach(async () => (t = await startTestApp()));
  afterEach(() => t.dispose());

  const fetchContent = async () => {
    const res = await t.client.api.content.$get();
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return res.json();
  };

  it('serves the version, the site and every procedure', async () => {
    const body = await fetchContent();
    expect(body.version).toBe(t.content.version);
    expect(body.site.town).toBe(t.content.site.town);
    expect(body.procedures.map((p) => p.id)).toEqual(t.content.procedures.map((p) => p.id));
  });

  it('keeps back-office routing private', async () => {
    const body = await fetchContent();
    expect(body.site).not.toHaveProperty('routes');
    for (const procedure of body.procedures) expect(procedure).not.toHaveProperty('routes');
    const text = JSON.stringify(body);
    for (const route of Object.keys(t.content.site.routes ?? {})) expect(text).not.toContain(route);
  });

  it('has a strong ETag from the content version and answers 304 to If-None-Match', async () => {
    const res = await t.client.api.content.$get();
    const etag = res.headers.get('etag');
    expect(etag).toBe(`"${t.content.version}"`);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const again = await t.app.request('/api/content', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const listed = await t.app.request('/api/content', { headers: { 'If-None-Match': `"other", W/${etag}` } });
    expect(listed.status).toBe(304);
    const stale = await t.app.request('/api/content', { headers: { 'If-None-Match': '"stale"' } });
    expect(stale.status).toBe(200);
  });
});
