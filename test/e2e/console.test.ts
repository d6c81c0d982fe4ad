// The delivery console in real Chromium against the real server: create the first admin account
// with the server's token, sign out, sign in with that account, find a dead delivery and its error, press "Réessayer maintenant", see it delivered once the
// back-office is back. axe-core checks every page seen (WCAG 2.2 AA and best practices).
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import { launchChromium } from '../support/chromium.ts';
import { startWebhookReceiver, WEBHOOK_SECRET, type WebhookReceiver } from '../support/receivers.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const require = createRequire(import.meta.url);
const TOKEN = 'console-e2e-token-0123456789abcdefghijklmnop';
const content = readContent();

let server: RunningServer;
let receiver: WebhookReceiver;
let browser: Browser;

beforeAll(async () => {
  receiver = await startWebhookReceiver({ mode: 'down' });
  server = await startServer({
    GUICHET_ADMIN_TOKEN: TOKEN,
    GUICHET_STREET_WEBHOOK_URL: `${receiver.url}/street`,
    GUICHET_STREET_WEBHOOK_SECRET: WEBHOOK_SECRET,
    // One attempt: the back-office's 503 makes the delivery dead at once.
    GUICHET_RELAY_MAX_ATTEMPTS: '1',
    GUICHET_RELAY_POLL_MS: '100',
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await receiver?.close();
});

async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) }));
  });
  expect(violations, `${page.url()}`).toEqual([]);
}

async function deadDelivery(): Promise<string> {
  const procedure = content.procedures.find((p) => p.routes?.includes('street-app'))!;
  const response = await fetch(`${server.url}/api/submissions`, {
    method: 'POST',
    body: JSON.stringify(validSubmission(procedure, { postcodes: content.site.postcodes })),
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
  });
  expect(response.status).toBe(201);
  const { reference } = (await response.json()) as { reference: string };
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const list = await fetch(`${server.url}/console/deliveries?state=dead`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    const { deliveries } = (await list.json()) as { deliveries: Array<{ reference: string }> };
    if (deliveries.some((d) => d.reference === reference)) return reference;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the delivery of ${reference} did not die:\n${server.output()}`);
}

it('shows a dead delivery with its error and delivers it again on "Réessayer maintenant"', async () => {
  const reference = await deadDelivery();
  // bypassCSP only lets axe-core's script in: the console's own CSP forbids every script.
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/console`);
    // No admin account yet: the server's token creates the first one.
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Créer le premier compte d’administration' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByLabel('Jeton d’administration du serveur').fill('not-the-token');
    await page.getByLabel('Identifiant du compte').fill('m.durand');
    await page.getByLabel('Nom affiché').fill('Marie Durand');
    await page.getByLabel('Code du compte').fill('Marie-code-4Kp!');
    await page.getByRole('button', { name: 'Créer le compte et se connecter' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Une chose à corriger' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Ce jeton n’est pas celui du serveur.' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByLabel('Jeton d’administration du serveur').fill(TOKEN);
    await page.getByLabel('Code du compte').fill('Marie-code-4Kp!');
    await page.getByRole('button', { name: 'Créer le compte et se connecter' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Livraisons aux services' }).isVisible()).toBe(true);

    // Signed out, the account's code opens it again; a wrong one says so.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Vous êtes déconnecté.');
    await page.getByLabel('Identifiant').fill('m.durand');
    await page.getByLabel('Code').fill('not-the-code');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Une chose à corriger' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByLabel('Code').fill('Marie-code-4Kp!');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Livraisons aux services' }).isVisible()).toBe(true);
    // Routes without their variables no longer wait: the shipped site.yaml sends them to the
    // desk (`fallback: desk`), so no banner names them (the banner itself: server/console tests).
    const table = page.getByRole('table', { name: 'Livraisons par service destinataire et par état' });
    expect(await table.getByRole('rowheader', { name: 'street-app' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: /1 abandonnée/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Livraisons abandonnées' }).isVisible()).toBe(true);
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: reference }) });
    expect(await row.getByRole('cell', { name: /503/ }).isVisible()).toBe(true);
    expect(await row.getByRole('cell', { name: 'Abandonnée' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    receiver.mode = 'ok';
    await row.getByRole('button', { name: `Réessayer maintenant la livraison de ${reference} vers street-app` }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`La livraison de ${reference} repart maintenant`);
    await expectNoAxeViolations(page);

    await expect
      .poll(
        async () => {
          await page.goto(`${server.url}/console/deliveries?state=delivered`);
          return page.getByRole('rowheader', { name: reference }).count();
        },
        { timeout: 20_000, interval: 300 },
      )
      .toBe(1);
    const delivered = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: reference }) });
    expect(await delivered.getByRole('cell', { name: /^Livrée, le/ }).isVisible()).toBe(true);
    expect(receiver.distinct()).toEqual(new Set([expect.stringMatching(/\.street-app$/)]));
    await expectNoAxeViolations(page);
  } finally {
    await context.close();
  }
});
