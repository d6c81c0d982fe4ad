// A browser profile that once ran the kiosk (its service worker in control) still gets the
// server's own pages from the server: the reception console, the delivery console, a receipt,
// and a 404 of the server for a staff address this server does not serve, never the kiosk's
// "Page introuvable" that the service worker's navigation fallback used to answer.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const content = readContent();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ GUICHET_ADMIN_TOKEN: 'a'.repeat(40) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the kiosk service worker and the server pages', () => {
  it('leaves the reception, the console, receipts and unknown staff addresses to the server', async () => {
    const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const sent = await fetch(`${server.url}/api/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(validSubmission(procedure, { postcodes: content.site.postcodes })),
    });
    const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };

    const context = await browser.newContext({ locale: 'fr-FR' });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });

      for (const [path, status] of [
        ['/reception', 200],
        ['/console', 200],
        [`/api/submissions/${reference}/receipt.html?code=${trackingCode}`, 200],
        ['/desk', 200],
        ['/indicators', 200],
        ['/register', 200],
        // An unknown address among the server's own is its 404, never the kiosk's page.
        ['/open-data/nowhere', 404],
      ] as const) {
        const response = await page.goto(`${server.url}${path}`);
        expect(response?.fromServiceWorker(), path).toBe(false);
        expect(response?.status(), path).toBe(status);
        expect(await page.content(), path).not.toContain(fr.notFound.title);
      }
    } finally {
      await context.close();
    }
  });

  it.each(['dark', 'light'] as const)('the reception and the console follow the system %s mode, with no axe violation', async (colorScheme) => {
    const context = await browser.newContext({ locale: 'fr-FR', colorScheme });
    try {
      const page = await context.newPage();
      for (const path of ['/reception', '/console']) {
        await page.goto(`${server.url}${path}`);
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background, path).toBe(colorScheme === 'dark' ? 'rgb(18, 18, 18)' : 'rgb(255, 255, 255)');
        await page.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8'));
        const violations = await page.evaluate(async () => {
          const result = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] } });
          return (result.violations as Array<{ id: string; nodes: Array<{ html: string }> }>).map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
        });
        expect(violations, path).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});
