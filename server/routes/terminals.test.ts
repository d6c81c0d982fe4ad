import { afterEach, describe, expect, it } from 'vitest';
import { terminalsPage } from '../console/pages.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

const TOKEN = 'a-console-token-of-at-least-thirty-two-characters';

const heartbeat = {
  terminalId: 't-5b0c7a8e-1f2d-4c3b-9a8e-7d6c5b4a3f2e',
  site: 'mediatheque',
  appVersion: '0.1.0',
  contentVersion: 'c-2026-11-28',
  outboxLength: 2,
  oldestAgeSeconds: 340,
};

describe('POST /api/terminals/heartbeat', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  it('keeps the last heartbeat, which the console lists with its queue', async () => {
    t = await startTestApp({ now: () => new Date('2026-11-28T10:00:00.000Z'), console: { adminToken: TOKEN } });
    const res = await t.client.api.terminals.heartbeat.$post({ json: heartbeat });
    expect(res.status).toBe(200);
    const listed = await t.app.request('/console/terminals', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(await listed.json()).toEqual({
      terminals: [{ ...heartbeat, firstSeenAt: '2026-11-28T10:00:00.000Z', lastSeenAt: '2026-11-28T10:00:00.000Z' }],
    });
    const text = String(
      await terminalsPage({
        terminals: [{ ...heartbeat, firstSeenAt: '2026-11-28T09:00:00.000Z', lastSeenAt: '2026-11-28T09:50:00.000Z' }],
        now: new Date('2026-11-28T10:00:00.000Z'),
        silentAfterMs: 3 * 60_000,
      }),
    );
    expect(text).toContain('<h1>Bornes</h1>');
    // What a terminal reports is isolated for bidi (server/bidi.ts).
    expect(text).toContain('<td><bdi>mediatheque</bdi></td>');
    expect(text).toContain('silencieuse depuis 10 min');
    expect(text).toContain('1 borne garde des demandes pas encore reçues.');
  });

  it('refuses a body with unknown keys or a terminal id that is not a plain name', async () => {
    t = await startTestApp();
    const extra = await t.app.request('/api/terminals/heartbeat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...heartbeat, name: 'Marie' }),
    });
    expect(extra.status).toBe(400);
    const bad = await t.client.api.terminals.heartbeat.$post({ json: { ...heartbeat, terminalId: '<script>' } });
    expect(bad.status).toBe(400);
  });
});
