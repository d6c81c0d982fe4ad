// The kiosk with no network, in real Chromium against the real server: after a single online
// visit it opens from its service worker, runs a procedure and keeps the envelope through a
// browser crash (SIGKILL of its process, same profile folder started again), then hands it to
// the server exactly once when the network — or the server — comes back. Also: 100 queued
// envelopes drain with no duplicate, an envelope written under the outbox's Dexie version 1 is
// still sent by a kiosk whose schema is version 2, the service worker's Background Sync sends
// what the outbox holds with no kiosk page open, and a send stuck on a link that died under it
// is abandoned when the network comes back, so the drain does not wait for it.
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { launchKioskBrowser, type KioskBrowser } from '../support/kiosk-browser.ts';
import { startNetworkCut } from '../support/network-cut.ts';
import { useCleanups } from '../support/cleanups.ts';
import { freePort, startServer, type RunningServer } from '../support/server.ts';
import { createDriver, FRENCH_WORDS } from './journey-driver.ts';
// The kiosk writes French with its no-break spaces (kiosk/src/i18n/typography.ts).
import { frenchSpacing } from '../../kiosk/src/i18n/typography.ts';

const content = readContent();
const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
const answers = validAnswers(procedure, { postcodes: content.site.postcodes });
const words = FRENCH_WORDS;
const SENT_LATER = fr.saved.sentLater.split('{{')[0]!;
const HOME = new RegExp(`^${fr.home.heading.split('{{')[0]}`);

const cleanups = useCleanups();
const tempDir = cleanups.tempDir;

/** A server on a fixed port and data folder, so it can be stopped and started again at the same address. */
async function serverAt(port: number, dataDir: string): Promise<RunningServer> {
  const server = await startServer({ PORT: String(port) }, dataDir);
  cleanups.push(async () => void (await server.stop()));
  return server;
}

async function browserOn(profile: string, options: { offline?: boolean } = {}): Promise<KioskBrowser> {
  const kiosk = await launchKioskBrowser(profile, options);
  cleanups.push(() => kiosk.close());
  return kiosk;
}

/** Submissions stored under these keys, read from the server's own SQLite file. */
function storedCount(dataDir: string, keys: string[]): number {
  const db = new Database(join(dataDir, 'guichet.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const placeholders = keys.map(() => '?').join(',');
    return (db.prepare(`SELECT count(*) AS n FROM submissions WHERE id IN (${placeholders})`).get(...keys) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function until<T>(what: string, probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The keys in the outbox, read from IndexedDB as it is on disk (raw API, no kiosk code). */
function outboxKeys(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('guichet-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) {
            db.close();
            return resolve([]);
          }
          const request = db.transaction('entries').objectStore('entries').getAllKeys();
          request.onsuccess = () => {
            db.close();
            resolve(request.result as string[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** One online visit: the home screen, a service worker in control, the content in its cache. */
async function firstVisit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: HOME }).waitFor();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  await page.waitForFunction(async () => (await caches.match('/api/content')) !== undefined, undefined, { timeout: 30_000 });
}

/** Completes the procedure and presses Send; returns the provisional number shown. */
async function submitWhileOffline(page: Page): Promise<string> {
  const driver = createDriver(page, 'keyboard', words);
  await driver.press(page.getByRole('link', { name: new RegExp(`^${procedure.title.fr}`) }));
  await driver.walk(procedure, answers);
  await page.getByRole('heading', { level: 1, name: fr.check.title }).waitFor();
  await driver.press(page.getByRole('button', { name: fr.check.send }));
  await page.getByRole('heading', { level: 1, name: fr.saved.title }).waitFor();
  const main = await page.getByRole('main').innerText();
  expect(main).toContain(frenchSpacing(fr.saved.notSent));
  expect(main).toContain(fr.saved.receiptByEmail);
  const provisional = main.match(/P-[0-9A-F]{4}-[0-9A-F]{4}/)?.[0];
  expect(provisional, main).toBeDefined();
  return provisional!;
}

let port: number;
beforeEach(async () => {
  port = await freePort();
});

describe('offline kiosk', () => {
  it('after one visit: offline reload, a procedure, a browser crash, still there offline; online, it arrives once', async () => {
    const dataDir = tempDir('guichet-offline-data-');
    const profile = tempDir('guichet-offline-profile-');
    const server = await serverAt(port, dataDir);
    // The kiosk reaches the server through a link the test can cut, as a dead network would.
    const link = await startNetworkCut(port);
    cleanups.push(() => link.close());
    const network = async (kiosk: KioskBrowser, up: boolean) => {
      if (up) link.restore();
      else link.cut();
      await kiosk.context.setOffline(!up);
    };

    let kiosk = await browserOn(profile);
    await firstVisit(kiosk.page, link.url);

    await network(kiosk, false);
    await kiosk.page.reload();
    await kiosk.page.getByRole('heading', { level: 1, name: HOME }).waitFor();
    const provisional = await submitWhileOffline(kiosk.page);
    await expect.poll(() => kiosk.page.getByRole('status').filter({ hasText: fr.offline.banner }).count()).toBe(1);
    const keys = await outboxKeys(kiosk.page);
    expect(keys).toHaveLength(1);
    const key = keys[0]!;
    const hex = key.replace(/-/g, '').toUpperCase();
    expect(provisional).toBe(`P-${hex.slice(0, 4)}-${hex.slice(4, 8)}`);

    await kiosk.kill();
    kiosk = await browserOn(profile, { offline: true });
    await kiosk.page.goto(link.url);
    await kiosk.page.getByRole('heading', { level: 1, name: HOME }).waitFor();
    expect(await outboxKeys(kiosk.page)).toEqual([key]);
    expect(storedCount(dataDir, [key])).toBe(0);

    await network(kiosk, true);
    await until('stored', () => storedCount(dataDir, [key]), (n) => n === 1);
    await until('outbox empty', () => outboxKeys(kiosk.page), (k) => k.length === 0);
    expect(storedCount(dataDir, [key])).toBe(1);
    expect(server.output()).not.toMatch(/idempotency-key-reused/);
  });

  it('a send stuck on a dead link is abandoned when the network comes back: the drain does not wait for it, the envelope arrives once', async () => {
    const dataDir = tempDir('guichet-offline-data-');
    const profile = tempDir('guichet-offline-profile-');
    await serverAt(port, dataDir);
    const link = await startNetworkCut(port);
    cleanups.push(() => link.close());
    const kiosk = await browserOn(profile);
    const { page } = kiosk;
    await firstVisit(page, link.url);
    // The page's `online` event, as a terminal gets when its network comes back.
    const networkEvent = async () => {
      await kiosk.context.setOffline(true);
      await kiosk.context.setOffline(false);
    };
    const stuckSends = () => link.stalled().filter((c) => c.requests.includes('POST /api/submissions'));

    // The link dies under the request: the connection is taken and never answered nor closed.
    link.stall();
    await submitWhileOffline(page);
    const [key] = await outboxKeys(page);
    expect(key).toBeDefined();
    // The network says it is back while the link is still dead. (Chromium fires `online` a
    // moment before its emulation lets requests through, as a terminal's network may before
    // its route works: the first try fails at once.) A flush then goes out on the dead link and
    // is stuck there, holding the flush lock: the immediate send and that flush, two POSTs.
    await networkEvent();
    await until(
      'a flush stuck on the dead link',
      () => stuckSends().map((c) => c.closed),
      (closed) => closed.length >= 2 && closed.includes(false),
    );

    // Now it is really back.
    link.restore();
    await networkEvent();
    await until('stored', () => storedCount(dataDir, [key!]), (n) => n === 1);
    await until('outbox empty', () => outboxKeys(page), (k) => k.length === 0);
    // The person still in front of the screen is given the reference.
    await expect.poll(() => page.getByRole('status').filter({ hasText: SENT_LATER }).count(), { timeout: 30_000 }).toBe(1);

    // Sent exactly once: the stuck requests never reached the server, one POST did.
    const events = link.events();
        const posts = events.filter((e) => e.kind === 'forwarded' && e.request === 'POST /api/submissions');
    expect(posts).toHaveLength(1);
    expect(storedCount(dataDir, [key!])).toBe(1);
    // Every stuck send was abandoned by the kiosk (its connection let go), and before the send
    // that went: the drain did not wait for them to time out.
    expect(stuckSends().length).toBeGreaterThanOrEqual(1);
    expect(stuckSends().every((c) => c.closed)).toBe(true);
    const sentAt = events.indexOf(posts[0]!);
    const abandonedBefore = events
      .slice(0, sentAt)
      .filter((e) => e.kind === 'stalled-closed' && e.requests.includes('POST /api/submissions')).length;
    expect(abandonedBefore).toBe(stuckSends().length);
  });

  it('the server stopped instead of the network: the same', async () => {
    const dataDir = tempDir('guichet-offline-data-');
    const profile = tempDir('guichet-offline-profile-');
    let server = await serverAt(port, dataDir);
    let kiosk = await browserOn(profile);
    await firstVisit(kiosk.page, server.url);

    await server.stop();
    await kiosk.page.reload();
    await kiosk.page.getByRole('heading', { level: 1, name: HOME }).waitFor();
    await submitWhileOffline(kiosk.page);
    const [key] = await outboxKeys(kiosk.page);
    expect(key).toBeDefined();

    await kiosk.kill();
    kiosk = await browserOn(profile);
    await kiosk.page.goto(server.url);
    await kiosk.page.getByRole('heading', { level: 1, name: HOME }).waitFor();
    expect(await outboxKeys(kiosk.page)).toEqual([key]);

    server = await serverAt(port, dataDir);
    await until('stored', () => storedCount(dataDir, [key!]), (n) => n === 1);
    await until('outbox empty', () => outboxKeys(kiosk.page), (k) => k.length === 0);
    expect(storedCount(dataDir, [key!])).toBe(1);
  });

  it('100 queued envelopes drain with no duplicate', async () => {
    const dataDir = tempDir('guichet-offline-data-');
    const profile = tempDir('guichet-offline-profile-');
    const server = await serverAt(port, dataDir);
    const kiosk = await browserOn(profile);
    await firstVisit(kiosk.page, server.url);
    // The outbox is open (the page made it), so its version-2 schema exists.
    await until('outbox open', () => kiosk.page.evaluate(() => indexedDB.databases()), (d) => d.some((x) => x.name === 'guichet-outbox'));

    await kiosk.context.setOffline(true);
    const keys = Array.from({ length: 100 }, () => randomUUID());
    const posted = new Map<string, number>();
    kiosk.context.on('request', (request) => {
      const id = request.headers()['idempotency-key'];
      if (request.method() === 'POST' && id) posted.set(id, (posted.get(id) ?? 0) + 1);
    });
    await seedEntries(kiosk.page, keys, { procedureId: procedure.id, procedureVersion: procedure.version, locale: 'fr', answers }, 2);
    await kiosk.context.setOffline(false);
    await until('all stored', () => storedCount(dataDir, keys), (n) => n === 100);
    await until('outbox empty', () => outboxKeys(kiosk.page), (k) => k.length === 0);
    expect(storedCount(dataDir, keys)).toBe(100);
    expect([...posted.values()].filter((n) => n > 1)).toEqual([]);
  });

  it("the service worker's Background Sync flushes the outbox with no kiosk page open, each envelope once", async () => {
    const dataDir = tempDir('guichet-offline-data-');
    const profile = tempDir('guichet-offline-profile-');
    const server = await serverAt(port, dataDir);
    const kiosk = await browserOn(profile);
    await firstVisit(kiosk.page, server.url);
    await until('outbox open', () => kiosk.page.evaluate(() => indexedDB.databases()), (d) => d.some((x) => x.name === 'guichet-outbox'));
    // A page of the origin that runs no kiosk code: only the worker can send what is written now.
    await kiosk.page.goto(`${server.url}/api/health`);
    const keys = Array.from({ length: 3 }, () => randomUUID());
    await seedEntries(kiosk.page, keys, { procedureId: procedure.id, procedureVersion: procedure.version, locale: 'fr', answers }, 2);
    expect(storedCount(dataDir, keys)).toBe(0);

    // The sync event, as Chromium fires it when the network comes back.
    const cdp = await kiosk.context.newCDPSession(kiosk.page);
    const registration = new Promise<string>((resolve) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const found = registrations.find((r) => r.scopeURL.startsWith(server.url) && !r.isDeleted);
        if (found) resolve(found.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: server.url, registrationId: await registration, tag: 'guichet-outbox', lastChance: false });
    await until('all stored', () => storedCount(dataDir, keys), (n) => n === 3);
    await until('outbox empty', () => outboxKeys(kiosk.page), (k) => k.length === 0);
    expect(storedCount(dataDir, keys)).toBe(3);
  });

  it('sends an envelope written by the Dexie version 1 outbox after the upgrade to version 2', async () => {
    const dataDir = tempDir('guichet-offline-data-');
    const profile = tempDir('guichet-offline-profile-');
    const server = await serverAt(port, dataDir);
    const kiosk = await browserOn(profile);
    // A page of the origin that runs no kiosk code: the v1 database is written before any v2 code opens it.
    await kiosk.page.goto(`${server.url}/api/health`);
    const key = randomUUID();
    await seedEntries(kiosk.page, [key], { procedureId: procedure.id, procedureVersion: procedure.version, locale: 'fr', answers }, 1);
    await kiosk.page.goto(server.url);
    await kiosk.page.getByRole('heading', { level: 1, name: HOME }).waitFor();
    await until('stored', () => storedCount(dataDir, [key]), (n) => n === 1);
    await until('outbox empty', () => outboxKeys(kiosk.page), (k) => k.length === 0);
  });
});

/**
 * Writes outbox entries with the raw IndexedDB API, as the kiosk's Dexie schema `version`
 * left them: version 1 (IndexedDB version 10: `key` and a `savedAt` index, entries without
 * `nextAttemptAt` nor `state`) or version 2 (IndexedDB version 20).
 */
function seedEntries(page: Page, keys: string[], body: Record<string, unknown>, dexieVersion: 1 | 2): Promise<void> {
  return page.evaluate(
    ({ keys, body, dexieVersion }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('guichet-outbox', dexieVersion * 10);
        open.onupgradeneeded = () => {
          const store = open.result.createObjectStore('entries', { keyPath: 'key' });
          store.createIndex('savedAt', 'savedAt');
          if (dexieVersion === 2) {
            store.createIndex('nextAttemptAt', 'nextAttemptAt');
            store.createIndex('state', 'state');
          }
        };
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('entries', 'readwrite');
          const store = tx.objectStore('entries');
          keys.forEach((key, index) => {
            const savedAt = Date.now() - 60_000 + index;
            const entry: Record<string, unknown> = {
              key,
              format: 'plain-1',
              envelope: { key, body },
              pressedSendAt: new Date(savedAt).toISOString(),
              provisional: `P-${key.slice(0, 4).toUpperCase()}-${key.slice(4, 8).toUpperCase()}`,
              savedAt,
              attempts: 0,
            };
            if (dexieVersion === 2) Object.assign(entry, { nextAttemptAt: 0, state: 'waiting' });
            store.put(entry);
          });
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { keys, body, dexieVersion },
  );
}
