import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyring, newSealingKey } from '../sealing.ts';
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

  it('publishes the key to seal envelopes with, and never its private half', async () => {
    const body = await fetchContent();
    expect(body.sealing).toEqual(t.keyring.current);
    expect(body.sealing.publicKey).toEqual({ kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String) });
    expect(JSON.stringify(body)).not.toMatch(/"d":/);
  });

  it('gives another ETag once the key is rotated, so a revalidating kiosk takes the new key', async () => {
    const before = (await t.client.api.content.$get()).headers.get('etag')!;
    const rotated = await startTestApp({ keyring: createKeyring([newSealingKey(), newSealingKey(new Date('2026-01-01T00:00:00Z'))]) });
    try {
      const res = await rotated.app.request('/api/content', { headers: { 'If-None-Match': before } });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { sealing: { keyId: string } }).sealing.keyId).toBe(rotated.keyring.current.keyId);
    } finally {
      await rotated.dispose();
    }
  });

  it('keeps back-office routing private', async () => {
    const body = await fetchContent();
    expect(body.site).not.toHaveProperty('routes');
    for (const procedure of body.procedures) expect(procedure).not.toHaveProperty('routes');
    const text = JSON.stringify(body);
    for (const route of Object.keys(t.content.site.routes ?? {})) expect(text).not.toContain(route);
  });

  it('has a strong ETag from the content version and the sealing key, and answers 304 to If-None-Match', async () => {
    const res = await t.client.api.content.$get();
    const etag = res.headers.get('etag');
    expect(etag).toBe(`"${t.content.version}.${t.keyring.current.keyId}"`);
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
