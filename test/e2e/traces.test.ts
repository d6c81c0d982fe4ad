// A shared terminal forgets the person who leaves it (issue 7, design.md "Privacy on a shared
// terminal"). In real Chromium against the real server: a person fills half a procedure with
// distinctive words and walks away, or taps "Terminer et effacer", or the page is reloaded;
// then the next person's page is searched for those words in IndexedDB, Cache Storage,
// localStorage, sessionStorage, the DOM and the history. The page clock is Playwright's, so
// three minutes pass in an instant.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';

/** What the first person typed: words nobody else would. */
const MESSAGE = 'Quokkaphone vert pour la piscine de Zephyrine';
const FIRST_NAME = 'Zephyrine';
const LAST_NAME = 'Quokkalambda';
const TYPED = [/quokka/i, /zephyrine/i];

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

async function openKiosk(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
  return { context, page };
}

/** Half of "Écrire à la mairie": topic, message, name; the way to be answered is left. */
async function fillHalf(page: Page): Promise<void> {
  await page.getByRole('link', { name: /^Écrire à la mairie/ }).tap();
  await page.getByRole('button', { name: fr.intro.start }).tap();
  await page.getByRole('radio', { name: 'Une question', exact: true }).tap();
  await page.getByRole('button', { name: fr.step.continue }).tap();
  await page.getByRole('textbox', { name: 'Votre message' }).fill(MESSAGE);
  await page.getByRole('button', { name: fr.step.continue }).tap();
  await page.getByRole('textbox', { name: 'Prénom' }).fill(FIRST_NAME);
  await page.getByRole('textbox', { name: 'Nom de famille' }).fill(LAST_NAME);
  await page.getByRole('button', { name: fr.step.continue }).tap();
  await page.getByRole('heading', { level: 1, name: 'Comment voulez-vous recevoir la réponse ?' }).waitFor();
  // Drafts that a module may have written along the way: every store the end must empty, and
  // two shared entries it must keep (the content, and the app shell).
  await page.evaluate(
    async ({ message, name }) => {
      sessionStorage.setItem('guichet.draft', JSON.stringify({ message }));
      localStorage.setItem('guichet.draft', JSON.stringify({ name }));
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('guichet-drafts', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('drafts', { keyPath: 'id' });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('drafts', 'readwrite');
          tx.objectStore('drafts').put({ id: 1, message, name });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
        };
      });
      const cache = await caches.open('guichet-runtime');
      await cache.put('/api/submissions/K7M2-Q9XD?code=H4TR8P', new Response(JSON.stringify({ name, message })));
      await cache.put('/api/content', new Response('{"shared":true}'));
    },
    { message: MESSAGE, name: `${FIRST_NAME} ${LAST_NAME}` },
  );
}

/** Everything the next person's page can read, as text. */
async function everythingReadable(page: Page): Promise<{ text: string; caches: string[] }> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
        });
        out.push(`idb ${name}/${store}: ${JSON.stringify(rows)}`);
      }
      db.close();
    }
    const cached: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        cached.push(new URL(request.url).pathname);
        out.push(`cache ${name} ${request.url}: ${await (await cache.match(request))?.text()}`);
      }
    }
    out.push(`localStorage: ${JSON.stringify({ ...localStorage })}`);
    out.push(`sessionStorage: ${JSON.stringify({ ...sessionStorage })}`);
    out.push(`dom: ${document.documentElement.outerHTML}`);
    out.push(`inputs: ${Array.from(document.querySelectorAll('input, textarea'), (el) => (el as HTMLInputElement).value).join(' ')}`);
    return { text: out.join('\n'), caches: cached };
  });
}

async function expectNoTrace(page: Page): Promise<void> {
  const { text, caches } = await everythingReadable(page);
  for (const typed of TYPED) expect(text, `${typed} found`).not.toMatch(typed);
  expect(caches).toContain('/api/content');
}

/** The next person opens the same procedure: every field is empty. */
async function expectEmptyJourney(page: Page): Promise<void> {
  await page.getByRole('link', { name: /^Écrire à la mairie/ }).tap();
  await page.getByRole('button', { name: fr.intro.start }).tap();
  await expect(page.getByRole('radio', { name: 'Une question', exact: true }).isChecked()).resolves.toBe(false);
  await page.getByRole('radio', { name: 'Une question', exact: true }).tap();
  await page.getByRole('button', { name: fr.step.continue }).tap();
  await expect(page.getByRole('textbox', { name: 'Votre message' }).inputValue()).resolves.toBe('');
  await expectNoTrace(page);
}

/** Back and Forward, as far as they go, never show what was typed. */
async function expectHistoryForgets(page: Page): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const went = await page.goBack({ waitUntil: 'load' }).catch(() => null);
    if (!went) break;
    await page.waitForTimeout(50);
    const html = await page.content();
    for (const typed of TYPED) expect(html).not.toMatch(typed);
  }
}

const warning = (page: Page) => page.getByRole('alertdialog', { name: fr.session.warning.title });
const home = (page: Page) => page.getByRole('heading', { level: 1, name: /^Bienvenue/ });

describe('nothing of a person is left for the next one', () => {
  it('after the inactivity timeout, announced first and extendable without limit', async () => {
    const { context, page } = await openKiosk();
    try {
      await fillHalf(page);
      await expect(page.getByRole('banner').getByRole('button', { name: fr.session.finish }).isVisible()).resolves.toBe(true);

      // Three minutes idle: the warning, a real modal dialog, says how long is left.
      await page.clock.fastForward('02:59');
      await expect(warning(page).isVisible()).resolves.toBe(false);
      await page.clock.fastForward('00:02');
      await warning(page).waitFor();
      const more = warning(page).getByRole('button', { name: fr.session.warning.more });
      await expect(more.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
      await expect(warning(page).evaluate((el) => (el as HTMLDialogElement).open && el.matches(':modal'))).resolves.toBe(true);
      const description = await warning(page).evaluate((el) => document.getElementById(el.getAttribute('aria-describedby')!)!.textContent);
      expect(description).toContain('60 secondes');

      // "More time", again and again: the answers stay.
      for (let i = 0; i < 3; i++) {
        await more.tap();
        await expect(warning(page).isVisible()).resolves.toBe(false);
        await page.clock.fastForward('03:00');
        await warning(page).waitFor();
      }
      await more.tap();
      await page.getByRole('button', { name: fr.step.back }).or(page.getByRole('link', { name: fr.step.back })).first().tap();
      await expect(page.getByRole('textbox', { name: 'Prénom' }).inputValue()).resolves.toBe(FIRST_NAME);

      // Then the person walks away.
      await page.clock.fastForward('03:00');
      await warning(page).waitFor();
      const reloaded = page.waitForEvent('load');
      await page.clock.fastForward('01:00');
      await reloaded;
      await home(page).waitFor();
      await expectNoTrace(page);
      await expectHistoryForgets(page);
      await page.goto(server.url);
      await home(page).waitFor();
      await expectEmptyJourney(page);
    } finally {
      await context.close();
    }
  });

  it('after "Terminer et effacer" in the banner', async () => {
    const { context, page } = await openKiosk();
    try {
      await fillHalf(page);
      const reloaded = page.waitForEvent('load');
      await page.getByRole('banner').getByRole('button', { name: fr.session.finish }).tap();
      await reloaded;
      await home(page).waitFor();
      await expectNoTrace(page);
      await expectEmptyJourney(page);
      await expectHistoryForgets(page);
    } finally {
      await context.close();
    }
  });

  it('after a reload', async () => {
    const { context, page } = await openKiosk();
    try {
      await fillHalf(page);
      await page.reload();
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await expectNoTrace(page);
      await page.goto(server.url);
      await home(page).waitFor();
      await expectEmptyJourney(page);
    } finally {
      await context.close();
    }
  });
});
