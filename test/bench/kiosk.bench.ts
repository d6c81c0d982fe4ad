// The kiosk's weight and speed, in real Chromium against the real server, each against its
// budget (issue 5): the JS loaded before the home screen is interactive and all the CSS (gzip
// bytes, from the built files the page actually loaded), each locale's texts in its own file,
// the time to an interactive home screen from the service-worker cache with no network and 4x
// CPU throttling (median of 5), the time from the network's return to an empty outbox for 1 and
// 100 envelopes, and the JS heap after 50 consecutive sessions against the first.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { readContent } from '../../content/check/index.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import { createDriver, FRENCH_WORDS } from '../e2e/journey-driver.ts';
import { launchChromium } from '../support/chromium.ts';
import { launchKioskBrowser, type KioskBrowser } from '../support/kiosk-browser.ts';
import { startNetworkCut } from '../support/network-cut.ts';
import { freePort, startServer } from '../support/server.ts';
import { PEER_HEADING, startPeerShell } from './peer-shell.ts';
import type { BenchTable } from './run.ts';

const DIST = 'dist/kiosk';
const RUNS = 5;
const SESSIONS = 50;
const HEAP_WINDOW = 5;
const BUDGET = { jsBeforeHome: 60 * 1024, css: 16 * 1024, homeOfflineMs: 500, heapRatio: 1.2 };

const content = readContent();
const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
const answers = validAnswers(procedure, { postcodes: content.site.postcodes });
const HOME = fr.home.heading.split('{{')[0]!;
const words = FRENCH_WORDS;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const gzipBytes = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const verdict = (ok: boolean) => (ok ? 'within' : 'OVER');

/**
 * Installed before the kiosk's own scripts on every page of `context`: notes, in the page's own
 * clock, when the home heading has been painted and the page has run its next task (so it can
 * answer a touch). Read in the page, not by a round trip from here, which would add the
 * harness's latency to the kiosk's.
 */
async function watchHomeScreen(context: BrowserContext): Promise<void> {
  // No named inner functions: tsx would wrap them in a helper the page does not have.
  await context.addInitScript((headings) => {
    const observer = new MutationObserver(() => {
      if (![...document.querySelectorAll('h1')].some((h) => headings.some((start) => h.textContent?.startsWith(start)))) return;
      observer.disconnect();
      // The frame that paints the heading comes after this callback; the timeout runs after it.
      requestAnimationFrame(() => setTimeout(() => Object.assign(window, { guichetHomeAt: performance.now() })));
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  }, [HOME, PEER_HEADING]);
}

/** Waits for the home screen (see watchHomeScreen); returns ms from navigation start. */
async function homeInteractiveAt(page: Page): Promise<number> {
  // A session end navigates (history rewound, then the page loaded afresh): wait it out.
  for (let attempt = 0; ; attempt++) {
    try {
      const at = await page.waitForFunction(() => (window as { guichetHomeAt?: number }).guichetHomeAt, undefined, { timeout: 60_000 });
      return (await at.jsonValue()) as number;
    } catch (error) {
      if (attempt >= 5 || !/context was destroyed|navigat/i.test(String(error))) throw error;
      await page.waitForLoadState('load').catch(() => undefined);
    }
  }
}

async function outboxCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('guichet-outbox');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('entries')) return (db.close(), resolve(0));
          const request = db.transaction('entries').objectStore('entries').count();
          request.onsuccess = () => (db.close(), resolve(request.result));
        };
      }),
  );
}

async function seed(page: Page, count: number): Promise<void> {
  const body = { procedureId: procedure.id, procedureVersion: procedure.version, locale: 'fr', answers };
  const keys = Array.from({ length: count }, () => randomUUID());
  await page.evaluate(
    ({ keys, body }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('guichet-outbox');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('entries', 'readwrite');
          keys.forEach((key, i) =>
            tx.objectStore('entries').put({
              key,
              format: 'plain-1',
              envelope: { key, body },
              pressedSendAt: new Date().toISOString(),
              provisional: 'P-0000-0000',
              savedAt: Date.now() + i,
              attempts: 0,
              nextAttemptAt: 0,
              state: 'waiting',
            }),
          );
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    { keys, body },
  );
}

export default async function kioskBench(): Promise<BenchTable> {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const port = await freePort();
  const server = await startServer({ PORT: String(port) });
  const link = await startNetworkCut(port);
  const peer = await startPeerShell();
  const profile = mkdtempSync(join(tmpdir(), 'guichet-bench-profile-'));
  let kiosk: KioskBrowser | undefined;
  try {
    kiosk = await launchKioskBrowser(profile);
    const { page, context } = kiosk;
    await watchHomeScreen(context);

    // 1. What the home screen needs: every script and stylesheet loaded until it is interactive.
    await page.goto(link.url);
    const homeAt = await homeInteractiveAt(page);
    // Requested before the home screen was interactive; what loads after it (the outbox, Dexie) does not count.
    const loaded: string[] = await page.evaluate(
      (at) => performance.getEntriesByType('resource').filter((e) => e.startTime <= at).map((e) => new URL(e.name).pathname),
      homeAt,
    );
    const assets = readdirSync(join(DIST, 'assets'));
    const jsBeforeHome = loaded.filter((p) => p.endsWith('.js') && p.startsWith('/assets/'));
    const jsBytes = jsBeforeHome.reduce((n, p) => n + gzipBytes(join(DIST, p)), 0);
    const cssBytes = assets.filter((f) => f.endsWith('.css')).reduce((n, f) => n + gzipBytes(join(DIST, 'assets', f)), 0);
    const localeChunks = assets.filter((f) => /^ui-.*\.js$/.test(f)).length;
    const afterHome = assets.filter((f) => f.endsWith('.js') && !jsBeforeHome.includes(`/assets/${f}`) && !/^ui-/.test(f));

    // 2. Home from the service-worker cache, no network, CPU 4x slower.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await page.waitForFunction(async () => (await caches.match('/api/content')) !== undefined, undefined, { timeout: 30_000 });
    // The peer: one online visit registers its worker, a second fills its cache.
    const peerPage = await context.newPage();
    await peerPage.goto(peer.url);
    await peerPage.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await peerPage.reload();
    await homeInteractiveAt(peerPage);
    link.cut();
    await peer.stop();
    await context.setOffline(true);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const peerCdp = await context.newCDPSession(peerPage);
    await peerCdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    // The kiosk and its peer alternate, so a burst of load elsewhere falls on both.
    const offlineHome: number[] = [];
    const peerHome: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto(link.url);
      offlineHome.push(await homeInteractiveAt(page));
      await peerPage.goto(peer.url);
      peerHome.push(await homeInteractiveAt(peerPage));
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await peerCdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

    // 3. From the network's return to an empty outbox.
    // A page loaded under Chromium's offline emulation still reads `navigator.onLine` as true,
    // so restoring the emulation fires no `online` event there; a terminal whose network comes
    // back does get one. Emulate offline on this very page, so its return is an event.
    const pageNetwork = (offline: boolean) =>
      cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const drain: Record<number, number> = {};
    // The outbox starts once the home screen is idle: let it, as on a terminal waiting for people.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/assets\/outbox-/.test(e.name)), undefined, { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    for (const count of [1, 100]) {
      await pageNetwork(true);
      if (await page.evaluate(() => navigator.onLine)) throw new Error('the page did not go offline');
      await seed(page, count);
      const started = performance.now();
      link.restore();
      await pageNetwork(false);
      await context.setOffline(false);
      while ((await outboxCount(page)) > 0) await new Promise((r) => setTimeout(r, 20));
      drain[count] = performance.now() - started;
      link.cut();
      await context.setOffline(true);
    }
    link.restore();
    await context.setOffline(false);
    await kiosk.close();
    kiosk = undefined;

    // 4. JS heap after 50 sessions against the first (garbage collected before each reading).
    const browser = await launchChromium();
    let heap: number[] = [];
    let heapError = '';
    try {
      const touch = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'fr-FR' });
      await watchHomeScreen(touch);
      const sessionPage = await touch.newPage();
      const heapCdp = await touch.newCDPSession(sessionPage);
      const driver = createDriver(sessionPage, 'touch', words);
      await sessionPage.goto(server.url);
      for (let session = 1; session <= SESSIONS; session++) {
        await homeInteractiveAt(sessionPage);
        await driver.press(sessionPage.getByRole('link', { name: new RegExp(`^${procedure.title.fr}`) }));
        await driver.walk(procedure, answers);
        await driver.press(sessionPage.getByRole('button', { name: fr.check.send }));
        await sessionPage.getByRole('button', { name: fr.done.finish, exact: true }).waitFor();
        // "Terminer" erases the session and loads the page afresh (kiosk/src/session): wait
        // for the new document, not the old one's home screen shown just before.
        const before = await sessionPage.evaluate(() => performance.timeOrigin);
        await driver.press(sessionPage.getByRole('button', { name: fr.done.finish, exact: true }));
        const deadline = Date.now() + 30_000;
        while ((await sessionPage.evaluate(() => performance.timeOrigin).catch(() => before)) === before) {
          if (Date.now() > deadline) throw new Error('"Terminer" did not load the page afresh');
          await new Promise((r) => setTimeout(r, 50));
        }
        await sessionPage.waitForLoadState('load');
        await homeInteractiveAt(sessionPage);
        await heapCdp.send('HeapProfiler.collectGarbage');
        heap.push((await heapCdp.send('Runtime.getHeapUsage')).usedSize);
      }
    } catch (error) {
      heapError = `not measured: ${String(error).split('\n')[0]}`;
    } finally {
      await browser.close();
    }
    // One reading swings by about 20 % from a session to the next (what the collector keeps of
    // the renderer's shared heap), so the first five sessions are compared with the last five.
    const firstHeap = heap.length >= SESSIONS ? median(heap.slice(0, HEAP_WINDOW)) : NaN;
    const lastHeap = heap.length >= SESSIONS ? median(heap.slice(-HEAP_WINDOW)) : NaN;
    const homeMedian = median(offlineHome);
    const peerMedian = median(peerHome);

    return {
      title: 'Kiosk: weight, offline start, outbox drain, memory',
      rows: [
        { measure: 'JS loaded before home is interactive (gzip)', value: kB(jsBytes), budget: kB(BUDGET.jsBeforeHome), verdict: verdict(jsBytes <= BUDGET.jsBeforeHome) },
        { measure: 'CSS, all of it (gzip)', value: kB(cssBytes), budget: kB(BUDGET.css), verdict: verdict(cssBytes <= BUDGET.css) },
        { measure: 'locales, one file each', value: `${localeChunks} files`, budget: `${content.site.locales.length} files`, verdict: verdict(localeChunks >= content.site.locales.length) },
        { measure: 'home interactive offline from SW cache, CPU 4x (median of 5)', value: `${homeMedian.toFixed(0)} ms`, budget: `${BUDGET.homeOfflineMs} ms`, verdict: verdict(homeMedian <= BUDGET.homeOfflineMs) },
        { measure: 'the same, a bare Preact shell (peer, median of 5)', value: `${peerMedian.toFixed(0)} ms`, budget: '—', verdict: `kiosk / peer ${(homeMedian / peerMedian).toFixed(2)}x` },
        { measure: 'network back -> outbox empty, 1 envelope', value: `${drain[1]!.toFixed(0)} ms`, budget: '—', verdict: 'measured' },
        { measure: 'network back -> outbox empty, 100 envelopes', value: `${drain[100]!.toFixed(0)} ms`, budget: '—', verdict: 'measured' },
        { measure: `JS heap, sessions ${SESSIONS - HEAP_WINDOW + 1}-${SESSIONS} / sessions 1-${HEAP_WINDOW} (medians)`, value: heapError || `${(lastHeap / firstHeap).toFixed(2)}x (${kB(firstHeap)} -> ${kB(lastHeap)})`, budget: `${BUDGET.heapRatio}x`, verdict: verdict(lastHeap / firstHeap <= BUDGET.heapRatio) },
      ],
      notes: [
        `JS before home: ${jsBeforeHome.map((p) => p.replace('/assets/', '')).join(', ')}; loaded after home: ${afterHome.map((f) => `${f} (${kB(gzipBytes(join(DIST, 'assets', f)))})`).join(', ')}.`,
        `Offline home runs (ms from navigation start, in the page's clock, to the task after the frame that paints the home heading): ${offlineHome.map((v) => v.toFixed(0)).join(' ')}; the peer shell (test/bench/peer-shell: one heading and one button, its server stopped): ${peerHome.map((v) => v.toFixed(0)).join(' ')}.`,
        `Heap: the page is loaded afresh at each "Terminer" (kiosk/src/session); read on the home screen after each session, garbage collected (kB): ${heap.map((h) => (h / 1024).toFixed(0)).join(' ')}.`,
        'Drain: entries written to IndexedDB while the page is offline and the link to the server cut, then both restored (the page gets its `online` event); timed until the outbox is empty on disk. A server that comes back with no network event is noticed by the heartbeat, within 10 s.',
      ],
    };
  } finally {
    await kiosk?.close();
    await peer.close();
    await link.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}
