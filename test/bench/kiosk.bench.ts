// The kiosk's weight and speed, in real Chromium against the real server, each against its
// budget (issue 5): the JS loaded before the home screen is interactive and all the CSS (gzip
// bytes, from the built files the page actually loaded), each locale's texts in its own file,
// the time to an interactive home screen from the service-worker cache with no network and 4x
// CPU throttling (median of 5; and, measured only, the same as the first page after a restart),
// the time from the network's return to an empty outbox for 1 and 100 envelopes, and the JS
// heap after 50 consecutive sessions against the first.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { readContent } from '../../content/check/index.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import { createDriver, FRENCH_WORDS } from '../e2e/journey-driver.ts';
import { launchChromium } from '../support/chromium.ts';
import { launchKioskBrowser, type KioskBrowser } from '../support/kiosk-browser.ts';
import { startNetworkCut, type NetworkCut } from '../support/network-cut.ts';
import { freePort, startServer } from '../support/server.ts';
import { PEER_HEADING, startPeerShell } from './peer-shell.ts';
import type { BenchTable } from './run.ts';

const DIST = 'dist/kiosk';
const RUNS = 5;
/** Runs of the 1-envelope drain: its budget holds every time, so the worst is what counts. */
const DRAIN_RUNS = 10;
const SESSIONS = 50;
const HEAP_WINDOW = 5;
// The offline home's budget is 0.5 s on a machine class where a bare Preact shell takes about
// 0.2 s (issue 5); on a shared machine both swing, so it is also read as 2.5x the peer.
const PEER_SHELL_MS = 200;
const BUDGET = { jsBeforeHome: 60 * 1024, css: 16 * 1024, homeOfflineMs: 500, heapRatio: 1.2, drainOneMs: 2_000 };
const BUDGET_AGAINST_PEER = BUDGET.homeOfflineMs / PEER_SHELL_MS;

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

/**
 * Waits for the home screen (see watchHomeScreen); returns ms from navigation start. Asked
 * through the page's DevTools session with a bare expression: Playwright's own waiting helpers
 * first load their script into the page, about 50 ms of the page's main thread at 4x CPU, in
 * the middle of the start being measured (the peer's as much as the kiosk's).
 */
async function homeInteractiveAt(cdp: CDPSession): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    // Between two documents there is no context to ask: the next poll asks the new one.
    const answer = await cdp
      .send('Runtime.evaluate', { expression: 'window.guichetHomeAt', returnByValue: true })
      .catch(() => undefined);
    const at: unknown = answer?.result.value;
    if (typeof at === 'number') return at;
    if (Date.now() > deadline) throw new Error('the home screen never became interactive');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts `navigate` with the page's CPU 4x slower and returns when its home screen is
 * interactive (see homeInteractiveAt). Only the page being measured is slowed: Chromium slows a
 * page by interrupting its main thread from a thread of its own, which keeps waking while the
 * page is idle, and on two cores an idle slowed page in the other browser added about 150 ms to
 * this one's start (median of 7: 297 ms with the other page at full speed, 455 to 540 ms with
 * it slowed).
 */
async function throttled(cdp: CDPSession, navigate: () => Promise<unknown>): Promise<number> {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  try {
    await navigate();
    return await homeInteractiveAt(cdp);
  } finally {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
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

/**
 * From the network's return to an empty outbox: `runs` times for each count of envelopes,
 * written to IndexedDB while the page is offline and the link cut, then both restored. Leaves
 * the page offline and the link cut.
 */
export async function drainTimes(
  kiosk: { page: Page; context: BrowserContext; cdp: CDPSession; link: NetworkCut },
  plan: Array<[count: number, runs: number]>,
): Promise<Record<number, number[]>> {
  const { page, context, cdp, link } = kiosk;
  // A page loaded under Chromium's offline emulation still reads `navigator.onLine` as true,
  // so restoring the emulation fires no `online` event there; a terminal whose network comes
  // back does get one. Emulate offline on this very page, so its return is an event.
  const pageNetwork = (offline: boolean) =>
    cdp.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const drain: Record<number, number[]> = {};
  for (const [count, runs] of plan) {
    drain[count] = [];
    for (let run = 0; run < runs; run++) {
      await pageNetwork(true);
      if (await page.evaluate(() => navigator.onLine)) throw new Error('the page did not go offline');
      await seed(page, count);
      const started = performance.now();
      link.restore();
      await pageNetwork(false);
      await context.setOffline(false);
      while ((await outboxCount(page)) > 0) await new Promise((r) => setTimeout(r, 20));
      drain[count].push(performance.now() - started);
      link.cut();
      await context.setOffline(true);
    }
  }
  return drain;
}

export default async function kioskBench(): Promise<BenchTable> {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
  const port = await freePort();
  const server = await startServer({ PORT: String(port) });
  const link = await startNetworkCut(port);
  const peer = await startPeerShell();
  const profile = mkdtempSync(join(tmpdir(), 'guichet-bench-profile-'));
  const peerProfile = mkdtempSync(join(tmpdir(), 'guichet-bench-peer-profile-'));
  let kiosk: KioskBrowser | undefined;
  let peerBrowser: KioskBrowser | undefined;
  try {
    kiosk = await launchKioskBrowser(profile);
    const { page, context } = kiosk;
    await watchHomeScreen(context);
    const cdp = await context.newCDPSession(page);

    // 1. What the home screen needs: every script and stylesheet loaded until it is interactive.
    await page.goto(link.url);
    const homeAt = await homeInteractiveAt(cdp);
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
    // The peer: one online visit registers its worker, a second fills its cache. A browser of
    // its own, as a terminal runs one page: a second tab of the kiosk's browser would share
    // its renderer process, and each page's start would wait behind the other's work.
    peerBrowser = await launchKioskBrowser(peerProfile);
    const peerPage = peerBrowser.page;
    const peerCdp = await peerBrowser.context.newCDPSession(peerPage);
    await watchHomeScreen(peerBrowser.context);
    await peerPage.goto(peer.url);
    await peerPage.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await peerPage.reload();
    await homeInteractiveAt(peerCdp);
    link.cut();
    await peer.stop();
    await context.setOffline(true);
    await peerBrowser.context.setOffline(true);
    // The kiosk and its peer alternate, so a burst of load elsewhere falls on both.
    const offlineHome: number[] = [];
    const peerHome: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      offlineHome.push(await throttled(cdp, () => page.goto(link.url, { waitUntil: 'commit' })));
      peerHome.push(await throttled(peerCdp, () => peerPage.goto(peer.url, { waitUntil: 'commit' })));
    }
    await peerBrowser.close();
    peerBrowser = undefined;

    // 3. From the network's return to an empty outbox.
    // The outbox starts once the home screen is idle: let it, as on a terminal waiting for people.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/assets\/outbox-/.test(e.name)), undefined, { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    const drain = await drainTimes({ page, context, cdp, link }, [
      [1, DRAIN_RUNS],
      [100, 1],
    ]);
    // 4. The same after the terminal was switched off and on: each browser started again on its
    // profile, still offline, with the kiosk (or the peer) as its first page.
    const restartedHome = async (userDataDir: string, url: string): Promise<number> => {
      const restarted = await launchKioskBrowser(userDataDir, { offline: true });
      try {
        await watchHomeScreen(restarted.context);
        const cdp = await restarted.context.newCDPSession(restarted.page);
        return await throttled(cdp, () => restarted.page.goto(url, { waitUntil: 'commit' }));
      } finally {
        await restarted.close();
      }
    };
    await kiosk.close();
    kiosk = undefined;
    const restarted: number[] = [];
    const peerRestarted: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      restarted.push(await restartedHome(profile, link.url));
      peerRestarted.push(await restartedHome(peerProfile, peer.url));
    }
    link.restore();

    // 5. JS heap after 50 sessions against the first (garbage collected before each reading).
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
        await homeInteractiveAt(heapCdp);
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
        await homeInteractiveAt(heapCdp);
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
    // Each kiosk run against the peer run just after it: the two share the machine's moment.
    const againstPeer = median(offlineHome.map((ms, run) => ms / peerHome[run]!));
    const worstDrain = Math.max(...drain[1]!);
    const swBytes = gzipBytes(join(DIST, 'sw.js'));

    return {
      title: 'Kiosk: weight, offline start, outbox drain, memory',
      rows: [
        { measure: 'JS loaded before home is interactive (gzip)', value: kB(jsBytes), budget: kB(BUDGET.jsBeforeHome), verdict: verdict(jsBytes <= BUDGET.jsBeforeHome) },
        { measure: 'CSS, all of it (gzip)', value: kB(cssBytes), budget: kB(BUDGET.css), verdict: verdict(cssBytes <= BUDGET.css) },
        { measure: 'locales, one file each', value: `${localeChunks} files`, budget: `${content.site.locales.length} files`, verdict: verdict(localeChunks >= content.site.locales.length) },
        { measure: 'home interactive offline from SW cache, CPU 4x (median of 5)', value: `${homeMedian.toFixed(0)} ms`, budget: `${BUDGET.homeOfflineMs} ms`, verdict: verdict(homeMedian <= BUDGET.homeOfflineMs) },
        { measure: 'the same, a bare Preact shell (peer, median of 5)', value: `${peerMedian.toFixed(0)} ms`, budget: '—', verdict: 'measured' },
        { measure: 'kiosk / peer, run by run (median of 5)', value: `${againstPeer.toFixed(2)}x`, budget: `${BUDGET_AGAINST_PEER.toFixed(1)}x`, verdict: verdict(againstPeer <= BUDGET_AGAINST_PEER) },
        { measure: 'the same, first page after the browser restarts (median of 5)', value: `${median(restarted).toFixed(0)} ms`, budget: '—', verdict: 'measured' },
        { measure: 'the same, the peer after its browser restarts (median of 5)', value: `${median(peerRestarted).toFixed(0)} ms`, budget: '—', verdict: 'measured' },
        { measure: `network back -> outbox empty, 1 envelope (worst of ${DRAIN_RUNS})`, value: `${worstDrain.toFixed(0)} ms`, budget: `${BUDGET.drainOneMs} ms`, verdict: verdict(worstDrain <= BUDGET.drainOneMs) },
        { measure: 'network back -> outbox empty, 100 envelopes', value: `${drain[100]![0]!.toFixed(0)} ms`, budget: '—', verdict: 'measured' },
        { measure: 'service worker (gzip)', value: kB(swBytes), budget: '—', verdict: 'measured' },
        { measure: `JS heap, sessions ${SESSIONS - HEAP_WINDOW + 1}-${SESSIONS} / sessions 1-${HEAP_WINDOW} (medians)`, value: heapError || `${(lastHeap / firstHeap).toFixed(2)}x (${kB(firstHeap)} -> ${kB(lastHeap)})`, budget: `${BUDGET.heapRatio}x`, verdict: verdict(lastHeap / firstHeap <= BUDGET.heapRatio) },
      ],
      notes: [
        `JS before home: ${jsBeforeHome.map((p) => p.replace('/assets/', '')).join(', ')}; loaded after home: ${afterHome.map((f) => `${f} (${kB(gzipBytes(join(DIST, 'assets', f)))})`).join(', ')}.`,
        `Offline home runs (ms from navigation start, in the page's clock, to the task after the frame that paints the home heading): ${offlineHome.map((v) => v.toFixed(0)).join(' ')}; the peer shell (test/bench/peer-shell: one heading and one button, its server stopped): ${peerHome.map((v) => v.toFixed(0)).join(' ')}.`,
        `After a restart (the browser closed and started again offline on the same profile, the kiosk its first page): ${restarted.map((v) => v.toFixed(0)).join(' ')} ms; the peer: ${peerRestarted.map((v) => v.toFixed(0)).join(' ')} ms. The page then shares the two cores with the browser's own start, and its renderer, new, has nothing compiled or laid out yet.`,
        `Heap: the page is loaded afresh at each "Terminer" (kiosk/src/session); read on the home screen after each session, garbage collected (kB): ${heap.map((h) => (h / 1024).toFixed(0)).join(' ')}.`,
        `Drain: entries written to IndexedDB while the page is offline and the link to the server cut, then both restored (the page gets its \`online\` event); timed until the outbox is empty on disk. 1 envelope, ${DRAIN_RUNS} runs (ms): ${drain[1]!.map((v) => v.toFixed(0)).join(' ')}. A server that comes back with no network event is noticed by the heartbeat, within 10 s.`,
      ],
    };
  } finally {
    await kiosk?.close();
    await peerBrowser?.close();
    await peer.close();
    await link.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(peerProfile, { recursive: true, force: true });
  }
}
