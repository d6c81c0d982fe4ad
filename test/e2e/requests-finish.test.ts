// Every request the kiosk makes ends, in real Chromium against the real server: after a whole
// journey, the sign-outs of its session ends and a few heartbeats, each request of the page has
// had `requestfinished` (its body read to the end) or `requestfailed`. A response whose body is
// never read leaves its request open in the browser: the page never becomes network-idle, and
// each one holds a connection until it is collected, on a terminal that beats all day.
// The page's clock is Playwright's (it ticks as the real one): moving it on by a minute makes
// the next heartbeat due without waiting for it.
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import type { Browser } from 'playwright-core';
import { createDriver, FRENCH_WORDS } from './journey-driver.ts';

const content = readContent();
const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
const answers = validAnswers(procedure, { postcodes: content.site.postcodes });
const HOME = new RegExp(`^${fr.home.heading.split('{{')[0]}`);
const HEARTBEAT = '/api/terminals/heartbeat';
const SIGN_OUT = '/api/staff/sign-out';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function until<T>(what: string, probe: () => T, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Each request of the page, by its path, and whether it has ended yet. */
function watchRequests(page: Page) {
  const seen = new Map<Request, { path: string; ended?: 'finished' | 'failed' }>();
  page.on('request', (r) => seen.set(r, { path: new URL(r.url()).pathname }));
  page.on('requestfinished', (r) => Object.assign(seen.get(r) ?? {}, { ended: 'finished' }));
  page.on('requestfailed', (r) => Object.assign(seen.get(r) ?? {}, { ended: 'failed' }));
  return {
    count: (path: string) => [...seen.values()].filter((r) => r.path === path).length,
    finished: (path: string) => [...seen.values()].filter((r) => r.path === path && r.ended === 'finished').length,
    pending: () => [...seen.values()].filter((r) => !r.ended).map((r) => r.path),
  };
}

describe('requests of the kiosk', () => {
  it('after a whole journey, the sign-outs and a few heartbeats, none is left unfinished', async () => {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      await page.clock.install();
      const requests = watchRequests(page);
      await page.goto(server.url);
      await page.getByRole('heading', { level: 1, name: HOME }).waitFor();

      const driver = createDriver(page, 'keyboard', FRENCH_WORDS);
      await driver.press(page.getByRole('link', { name: new RegExp(`^${procedure.title.fr}`) }));
      await driver.walk(procedure, answers);
      await driver.press(page.getByRole('button', { name: fr.check.send }));
      await page.getByRole('heading', { level: 1, name: fr.done.title }).waitFor();
      // "Terminer": the session ends (a sign-out on the server) and the page loads afresh,
      // whose start signs out again (a leftover session from before a reload).
      const loaded = page.waitForEvent('load', { timeout: 30_000 });
      await driver.press(page.getByRole('button', { name: fr.done.finish, exact: true }));
      await loaded;
      await until('the new page signed out too', () => requests.count(SIGN_OUT), (n) => n >= 2);
      await page.getByRole('heading', { level: 1, name: HOME }).waitFor();

      // A few heartbeats: each minute of the page's clock makes the next one due.
      const beats = await until('the first heartbeat', () => requests.count(HEARTBEAT), (n) => n >= 1);
      for (let beat = 1; beat <= 3; beat++) {
        await until(`heartbeat ${beat} answered`, () => requests.finished(HEARTBEAT), (n) => n >= beats + beat - 1);
        await page.clock.runFor(61_000);
        await until(`heartbeat ${beat} sent`, () => requests.count(HEARTBEAT), (n) => n >= beats + beat);
      }

      // Every request ended: none waits on a body nobody reads.
      await until('requests still open', requests.pending, (open) => open.length === 0).catch((error: Error) => {
        expect.fail(error.message);
      });
      expect(requests.finished(SIGN_OUT)).toBeGreaterThanOrEqual(1);
      expect(requests.finished(HEARTBEAT)).toBeGreaterThanOrEqual(beats + 3);
    } finally {
      await context.close();
    }
  });
});
