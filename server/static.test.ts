import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeKiosk } from './test-support/fake-kiosk.ts';
import { startTestApp, type TestApp } from './test-support/test-app.ts';

describe('the built kiosk', () => {
  let t: TestApp;
  let kioskDir: string;
  beforeAll(async () => {
    kioskDir = writeFakeKiosk();
    t = await startTestApp({ kioskDir });
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(kioskDir, { recursive: true, force: true });
  });

  it('serves hashed assets as immutable, with their type and charset', async () => {
    const res = await t.app.request('/assets/index-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('console.log("é")');
    expect((await t.app.request('/assets/style-abc123.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('serves index.html and the service worker to be revalidated every time', async () => {
    for (const path of ['/', '/index.html', '/sw.js']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    expect((await t.app.request('/')).headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('answers 304 when the file has not changed', async () => {
    const first = await t.app.request('/sw.js');
    const again = await t.app.request('/sw.js', { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('falls back to index.html for the kiosk pages', async () => {
    for (const path of ['/procedures/write-to-town-hall', '/fr/settings', '/photo.png']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<title>Guichet</title>');
    }
  });

  it('never serves a file outside its folder', async () => {
    for (const path of ['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd', '/assets/..%2f..%2f..%2fetc%2fpasswd']) {
      const res = await t.app.request(path);
      expect(await res.text(), path).not.toContain('root:');
    }
  });

  it('answers 404 problems for missing assets, the API, dotfiles and encoded escapes', async () => {
    for (const path of ['/assets/missing.js', '/api/missing', '/metrics/missing', '/.env', '/..%2f..%2fetc/passwd', '/%E0%A4%A']) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('does not serve pages to other methods', async () => {
    const res = await t.app.request('/somewhere', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });

  it('says to build the kiosk when it is not built', async () => {
    const bare = await startTestApp({ kioskDir: join(kioskDir, 'nothing-here') });
    try {
      const res = await bare.app.request('/');
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
      expect(await res.text()).toContain('npm run build');
      expect((await bare.app.request('/api/health')).status).toBe(200);
    } finally {
      await bare.dispose();
    }
  });
});
