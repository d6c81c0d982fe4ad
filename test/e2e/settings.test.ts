// The display settings panel in Chromium: one tap from the banner, a dialog done right
// (focus moves in, Esc closes, focus returns), settings applied to the page, and everything
// back to the defaults when the session ends with "Terminer".
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createDriver, FRENCH_WORDS } from './journey-driver.ts';

const content = readContent();
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

const words = FRENCH_WORDS;

it('opens from the banner, keeps focus right, applies and resets at the end of the session', { timeout: 120_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  const html = page.locator('html');

  // Keyboard: the button opens the dialog, focus goes to its title, Esc closes, focus returns.
  await page.getByRole('button', { name: fr.nav.settings }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: fr.settings.title });
  await dialog.waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings-title');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('dialog'))).toBe(true);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('settings-button');

  // Touch: choose 200 %, high contrast, more spacing; close.
  await page.getByRole('button', { name: fr.nav.settings }).tap();
  await dialog.getByRole('radio', { name: fr.settings.size200 }).tap();
  await dialog.getByRole('radio', { name: fr.settings.themeContrast }).tap();
  await dialog.getByRole('checkbox', { name: fr.settings.spacing }).tap();
  await dialog.getByRole('button', { name: fr.settings.close }).tap();
  await expect.poll(() => html.getAttribute('data-theme')).toBe('contrast');
  expect(await html.getAttribute('data-text-size')).toBe('200');
  expect(await html.getAttribute('data-spacing')).toBe('more');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('40px');

  // The session: a whole procedure, then "Terminer".
  const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
  const driver = createDriver(page, 'touch', words);
  await page.getByRole('link', { name: new RegExp(`^${procedure.title.fr}`) }).tap();
  await driver.walk(procedure, validAnswers(procedure, { postcodes: content.site.postcodes }));
  await page.getByRole('button', { name: fr.check.send }).tap();
  await page.getByRole('heading', { level: 1, name: fr.done.title }).waitFor();
  expect(await html.getAttribute('data-theme')).toBe('contrast');
  await page.getByRole('button', { name: fr.done.finish, exact: true }).tap();
  await page.getByRole('heading', { level: 1, name: fr.home.heading.replace('{{town}}', content.site.town) }).waitFor();
  // The session's end loads the page afresh: read everything in one go, from whichever
  // document is there, until the settings are back to their defaults.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const root = document.documentElement;
        return { ...root.dataset, fontSize: getComputedStyle(root).fontSize };
      }),
    )
    .toEqual({ theme: 'default', textSize: '100', fontSize: '20px' });
  await context.close();
});
