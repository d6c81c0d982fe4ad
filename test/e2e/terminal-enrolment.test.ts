// A terminal enrolled from the console, end to end in Chromium: an admin enrols it (axe-core on
// each page, at 1280 px and at 320 px), the terminal opens the set-up address once, keeps the
// secret (gone from its address bar), and its heartbeats are then listed by the console, also
// after a reload. A machine that was not enrolled is refused and not listed.
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const require = createRequire(import.meta.url);
const TOKEN = 'enrolment-e2e-token-0123456789abcdefghijklm';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ GUICHET_ADMIN_TOKEN: TOKEN });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) }));
  });
  expect(violations, `${page.url()}`).toEqual([]);
}

const listed = async (): Promise<Array<{ terminalId: string; site: string }>> =>
  ((await (await fetch(`${server.url}/console/terminals`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { terminals: Array<{ terminalId: string; site: string }> }).terminals;

it('enrols a terminal from the console; the kiosk keeps its secret and its heartbeats are listed', async () => {
  // bypassCSP only lets axe-core's script in: the console's own CSP forbids every script.
  const admin = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await admin.newPage();
  let address = '';
  try {
    await page.goto(`${server.url}/console`);
    await page.getByLabel('Jeton d’administration du serveur').fill(TOKEN);
    await page.getByLabel('Identifiant du compte').fill('m.durand');
    await page.getByLabel('Nom affiché').fill('Marie Durand');
    await page.getByLabel('Code du compte').fill('Marie-code-4Kp!');
    await page.getByRole('button', { name: 'Créer le compte et se connecter' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Livraisons aux services' }).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Bornes' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Inscrire une borne' }).isVisible()).toBe(true);
    await page.getByLabel('Lieu de la borne (facultatif)').fill('accueil mairie');
    await page.getByRole('button', { name: 'Inscrire une nouvelle borne' }).click();
    await expect.poll(() => page.getByRole('link', { name: /Le lieu s’écrit en lettres sans accent/ }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);

    await page.getByLabel('Lieu de la borne (facultatif)').fill('accueil-mairie');
    await page.getByRole('button', { name: 'Inscrire une nouvelle borne' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Borne inscrite' }).isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: 'Code QR de l’adresse d’installation de la borne' }).isVisible()).toBe(true);
    address = (await page.locator('.setup-address code').textContent()) ?? '';
    expect(address).toMatch(new RegExp(`^${server.url}/\\?site=accueil-mairie#enrol=t-[0-9a-f-]{36}\\.[A-Za-z0-9_-]{43}$`));
    await expectNoAxeViolations(page);
    // At 320 px the address wraps instead of scrolling the page sideways.
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page);
  } finally {
    await admin.close();
  }

  const terminalId = /#enrol=([^.]+)\./.exec(address)![1]!;
  const kiosk = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1080, height: 1920 } });
  const terminal = await kiosk.newPage();
  try {
    await terminal.goto(address);
    await expect.poll(() => listed(), { timeout: 30_000 }).toEqual([expect.objectContaining({ terminalId, site: 'accueil-mairie' })]);
    expect(terminal.url()).not.toContain('enrol');
    expect(await terminal.evaluate(() => localStorage.getItem('guichet.terminal.secret'))).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The terminal keeps it: after a reload, a new heartbeat is taken (seen by its time).
    const first = (await (await fetch(`${server.url}/console/terminals`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { terminals: Array<{ lastSeenAt: string }> };
    await terminal.reload();
    await expect
      .poll(async () => ((await (await fetch(`${server.url}/console/terminals`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { terminals: Array<{ lastSeenAt: string }> }).terminals[0]?.lastSeenAt, { timeout: 30_000 })
      .not.toBe(first.terminals[0]!.lastSeenAt);
  } finally {
    await kiosk.close();
  }

  // A kiosk opened without the set-up address is refused: the console still lists one terminal.
  const stranger = await browser.newContext({ locale: 'fr-FR' });
  const other = await stranger.newPage();
  try {
    const refused = other.waitForResponse((r) => r.url().endsWith('/api/terminals/heartbeat'));
    await other.goto(`${server.url}/?site=intrus`);
    expect((await refused).status()).toBe(401);
    expect(await listed()).toHaveLength(1);
  } finally {
    await stranger.close();
  }
});
