// Storage faults as a client meets them (issue 22, part 6): a read-only attachments folder, a
// full disk and a database gone each answer 503 problem+json with Retry-After (a read-only
// folder gave a 500), store nothing half, and /api/health says "degraded" until it is fixed;
// then the kiosk's retry, same key and body, is taken.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { freshDatabase } from '../test/support/postgres.ts';
import { freePort } from '../test/support/server.ts';
import { createPostgresStore } from './store/index.ts';
import { contentWith, filesProcedure } from './test-support/fixtures.ts';
import { png } from './test-support/sample-files.ts';
import { startTestApp, type TestApp } from './test-support/test-app.ts';
import { storageFaultOf } from './storage-faults.ts';

// A full disk cannot be made here without mounting a small file system (root in a container
// may not mount): `open` is wrapped so that, when armed, creating a file in the attachments
// folder fails with the ENOSPC the kernel gives. Everything else is the real file system.
const disk = vi.hoisted(() => ({ full: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    open: (async (path: Parameters<typeof actual.open>[0], ...rest: unknown[]) => {
      if (disk.full && String(path).includes(`${'/'}attachments${'/'}`))
        throw Object.assign(new Error(`ENOSPC: no space left on device, open '${String(path)}'`), { code: 'ENOSPC', errno: -28, syscall: 'open' });
      return (actual.open as (...args: unknown[]) => ReturnType<typeof actual.open>)(path, ...rest);
    }) as typeof actual.open,
  };
});

let t: TestApp;
const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
afterEach(async () => {
  disk.full = false;
  errors.mockClear();
  await t?.dispose().catch(() => {});
});

const start = async () => (t = await startTestApp({ content: contentWith(filesProcedure()) }));
const attachmentsDir = () => join(t.dataDir, 'attachments');

async function envelope() {
  return JSON.stringify({
    procedureId: 'test-files',
    locale: 'fr',
    answers: { subject: 'Un document', documents: ['doc1'] },
    attachments: [{ id: 'doc1', type: 'image/png', data: (await png(2, 2)).toString('base64') }],
  });
}
const post = (body: string, key: string) =>
  t.app.request('/api/submissions', { method: 'POST', body, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key } });

async function expectStorage503(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(response.headers.get('retry-after')).toBe('30');
  expect(await response.json()).toMatchObject({ status: 503, code: 'storage-unavailable' });
}

async function health() {
  const response = await t.app.request('/api/health');
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { status: string; checks: Record<string, string> } };
}

/**
 * Makes a folder refuse writes, as a read-only mount does: `chattr +i` (which binds root too)
 * when this runs as root, else the permission bits. Returns how to undo it.
 */
function makeReadOnly(dir: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return () => chmodSync(dir, 0o755);
  }
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
}
/** Whether this machine can make a folder refuse a write (root without CAP_LINUX_IMMUTABLE cannot). */
const canMakeReadOnly = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-ro-'));
  const undo = makeReadOnly(dir);
  try {
    writeFileSync(join(dir, 'probe'), '.');
    return false;
  } catch {
    return undo !== undefined;
  } finally {
    undo?.();
    rmSync(dir, { recursive: true, force: true });
  }
})();

describe('a storage fault', () => {
  it.skipIf(!canMakeReadOnly)('answers 503 with Retry-After for a read-only attachments folder, keeps nothing, and health says degraded', async () => {
    await start();
    mkdirSync(attachmentsDir(), { recursive: true });
    const undo = makeReadOnly(attachmentsDir());
    expect(undo, 'this machine can make a folder read-only').toBeDefined();
    const body = await envelope();
    const key = randomUUID();
    try {
      await expectStorage503(await post(body, key));
      expect(await t.store.countSubmissions()).toBe(0);
      expect(await health()).toEqual({ status: 503, retryAfter: '30', body: expect.objectContaining({ status: 'degraded', checks: { database: 'ok', files: 'read-only' } }) });
    } finally {
      undo!();
    }
    // Fixed: health is ok again, and the outbox's retry of the same envelope is taken.
    expect((await health()).body).toMatchObject({ status: 'ok', checks: { database: 'ok', files: 'ok' } });
    expect((await post(body, key)).status).toBe(201);
    expect(readdirSync(attachmentsDir()).filter((name) => !name.startsWith('.'))).toHaveLength(1);
  });

  it('answers 503 with Retry-After for a full disk, and health says degraded', async () => {
    await start();
    disk.full = true;
    await expectStorage503(await post(await envelope(), randomUUID()));
    expect(await t.store.countSubmissions()).toBe(0);
    expect((await health()).body).toMatchObject({ status: 'degraded', checks: { database: 'ok', files: 'full' } });
    // The log says what failed, never what was sent.
    const logged = errors.mock.calls.map((call) => call.join(' ')).join('\n');
    expect(logged).toContain('"storage":"full"');
    expect(logged).not.toContain('Un document');
  });

  it('answers 503 with Retry-After when the PostgreSQL connection is lost, and health says degraded', async () => {
    // The database behind a loopback relay that is cut as a network or a server going away
    // cuts it: connections in use end, new ones are refused.
    const target = new URL(await freshDatabase());
    const sockets = new Set<Socket>();
    const relay = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
    const via = new URL(target);
    via.port = String((relay.address() as AddressInfo).port);
    t = await startTestApp({ content: contentWith(filesProcedure()), store: createPostgresStore({ connectionString: via.toString() }) });
    expect((await health()).body.status).toBe('ok');

    await new Promise<void>((resolve) => {
      relay.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
    await expectStorage503(await post(await envelope(), randomUUID()));
    await expectStorage503(await t.app.request('/api/submissions/K7QD-4MZ9?code=ABCDEF'));
    expect(await health()).toEqual({ status: 503, retryAfter: '30', body: expect.objectContaining({ status: 'degraded', checks: { database: 'unavailable', files: 'ok' } }) });
  });

  it('knows a PostgreSQL server that is not there, from the real client’s error', async () => {
    const client = new pg.Client({ connectionString: `postgres://guichet@127.0.0.1:${await freePort()}/guichet`, connectionTimeoutMillis: 5_000 });
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(storageFaultOf(error)).toBe('unavailable');
    expect(storageFaultOf(Object.assign(new Error('could not extend file'), { code: '53100' }))).toBe('full');
    expect(storageFaultOf(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(storageFaultOf(new TypeError('Cannot read properties of undefined'))).toBeUndefined();
  });
});
