// The entry as a town's IT runs it: a real process, a real port, a real data folder.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { CONTENT_DIR, loadContent } from '../content/check/index.ts';
import { validSubmission } from './test-support/valid-answers.ts';
import { startServer } from '../test/support/server.ts';

describe('server/main.ts', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-main-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves /api/health and exits 0 on SIGTERM', async () => {
    const server = await startServer({}, dataDir);
    const res = await fetch(`${server.url}/api/health`);
    expect(await res.json()).toMatchObject({ status: 'ok', storage: 'sqlite' });
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('Stopped.');
  });

  it('serves /metrics to loopback, refuses a token too short, and logs each request as one JSON line', async () => {
    await expect(startServer({ GUICHET_METRICS_TOKEN: 'short' }, dataDir)).rejects.toThrow(/GUICHET_METRICS_TOKEN must be at least 32 characters/);
    const server = await startServer({}, dataDir);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE guichet_http_requests_total counter');
    expect(await server.stop('SIGTERM')).toBe(0);
    const line = server.output().split('\n').find((l) => l.startsWith('{') && l.includes('"/metrics"'));
    expect(JSON.parse(line!)).toMatchObject({ msg: 'request', method: 'GET', route: '/metrics', status: 200, service: 'guichet' });
  });

  it('exits 0 on SIGINT too, keeping its data', async () => {
    const server = await startServer({}, dataDir);
    expect(await server.stop('SIGINT')).toBe(0);
    expect(readFileSync(join(dataDir, 'guichet.sqlite')).length).toBeGreaterThan(0);
  });

  it('refuses to start with the list of problems when the content is invalid', async () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'guichet-content-'));
    try {
      cpSync(CONTENT_DIR, contentDir, { recursive: true });
      const file = join(contentDir, 'procedures', 'write-to-town-hall.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('type: longText', 'type: essay'));
      await expect(startServer({ CONTENT_DIR: contentDir }, dataDir)).rejects.toThrow(/content has \d+ errors?[\s\S]*write-to-town-hall/);
    } finally {
      rmSync(contentDir, { recursive: true, force: true });
    }
  });

  it('refuses to start on a trusted proxy list or a body budget it cannot read, naming the variable', async () => {
    await expect(startServer({ GUICHET_TRUSTED_PROXIES: '127.0.0.1, proxy.local' }, dataDir)).rejects.toThrow(/GUICHET_TRUSTED_PROXIES: "proxy.local"/);
    await expect(startServer({ GUICHET_BODY_BYTES_IN_FLIGHT: '1000' }, dataDir)).rejects.toThrow(/GUICHET_BODY_BYTES_IN_FLIGHT must be a whole number of bytes of at least/);
    const server = await startServer({ GUICHET_TRUSTED_PROXIES: '127.0.0.1 10.0.0.0/8' }, dataDir);
    expect(server.output()).toContain('Proxies: the client is read from Forwarded / X-Forwarded-For behind 127.0.0.1, 10.0.0.0/8.');
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('refuses to start when a published procedure changed without a new version number', async () => {
    const contentDir = mkdtempSync(join(tmpdir(), 'guichet-content-'));
    try {
      cpSync(CONTENT_DIR, contentDir, { recursive: true });
      const file = join(contentDir, 'procedures', 'write-to-town-hall.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('minLength: 10', 'minLength: 12'));
      await expect(startServer({ CONTENT_DIR: contentDir }, dataDir)).rejects.toThrow(
        /procedure write-to-town-hall version \d+ changed without a new version number/,
      );
    } finally {
      rmSync(contentDir, { recursive: true, force: true });
    }
  });

  it('gives a submission its ARE on an empty data folder with nothing else set: the desk takes what no back-office is configured for', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'guichet-fresh-'));
    const server = await startServer({}, fresh);
    try {
      const content = loadContent(CONTENT_DIR);
      const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
      const sent = await fetch(`${server.url}/api/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(validSubmission(procedure, { postcodes: content.site.postcodes })),
      });
      expect(sent.status).toBe(201);
      const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };
      // The relay hands it to the desk on its next turn: wait for that, however long it takes here.
      let tracked: { status: string; receipt: { kind: string } | null };
      do {
        await new Promise((resolve) => setTimeout(resolve, 100));
        tracked = (await (await fetch(`${server.url}/api/submissions/${reference}?code=${encodeURIComponent(trackingCode)}`)).json()) as typeof tracked;
      } while (tracked.status === 'received');
      expect(tracked.status).toBe('delivered');
      expect(tracked.receipt?.kind).toBe('receipt');
      expect(server.output()).toMatch(/route "mail-ged" is not configured; its requests go to the instruction desk/);
    } finally {
      await server.stop('SIGTERM');
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
