// The reception desk in real Chromium against the real server (issue 7, parts 5 and 6): the
// reception console signs in with an identifier and a pasted code, lists today's requests of
// its site, finds one by reference and prints its receipt again, opens an assisted session for
// a walk-in. axe-core checks every console page seen (WCAG 2.2 AA and best practices).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const require = createRequire(import.meta.url);
const content = readContent();
const write = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
const DESK = { login: 'accueil', code: 'Accueil-code-9Tq!z', site: 'accueil-mairie' };

let server: RunningServer;
let browser: Browser;

function addReception(): void {
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'server/cli/accounts.ts', 'add', 'reception', DESK.login, 'Accueil', 'mairie', '--code-stdin', `--site=${DESK.site}`],
    { env: { ...process.env, DATA_DIR: server.dataDir }, input: `${DESK.code}\n` },
  );
}

/** A request made on a terminal of `site`, through the API as the kiosk sends it. */
async function requestFrom(site: string): Promise<string> {
  const sent = await fetch(`${server.url}/api/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID(), 'Guichet-Site': site },
    body: JSON.stringify(validSubmission(write, { postcodes: content.site.postcodes })),
  });
  expect(sent.status).toBe(201);
  return ((await sent.json()) as { reference: string }).reference;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  addReception();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
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

/** The console in a browser of its own; bypassCSP only lets axe-core's script in. */
async function openConsole(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  return { context, page: await context.newPage() };
}

async function signInAtDesk(page: Page): Promise<void> {
  await page.goto(`${server.url}/reception`);
  await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Connexion de l’accueil' }).isVisible()).toBe(true);
  await expectNoAxeViolations(page);
  await page.getByLabel('Identifiant d’accueil').fill(DESK.login);
  await page.getByLabel('Code').fill('not-the-code');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => page.title()).toMatch(/^Erreur : Connexion/);
  await expectNoAxeViolations(page);
  await page.getByLabel('Code').fill(DESK.code);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Aujourd’hui à l’accueil' }).isVisible()).toBe(true);
}

describe('the reception console', () => {
  it('lists today’s requests of its site, finds one by reference and prints its receipt again', async () => {
    const here = await requestFrom(DESK.site);
    const elsewhere = await requestFrom('mediatheque');
    const { context, page } = await openConsole();
    try {
      await signInAtDesk(page);
      await expectNoAxeViolations(page);
      const today = page.getByRole('table', { name: /reçue aujourd’hui de accueil-mairie/ });
      await expect.poll(() => today.getByRole('rowheader', { name: here }).isVisible()).toBe(true);
      expect(await page.getByText(elsewhere).count()).toBe(0);

      // A reference from another desk, typed loosely as a person reads it out.
      await page.getByRole('search').getByLabel('Référence de la demande').fill(elsewhere.toLowerCase().replace('-', ' '));
      await page.getByRole('search').getByRole('button', { name: 'Retrouver' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1, name: `Demande ${elsewhere}` }).isVisible()).toBe(true);
      await expectNoAxeViolations(page);
      const href = await page.getByRole('link', { name: `Reçu sur papier A4 pour ${elsewhere}` }).getAttribute('href');
      const pdf = await context.request.get(`${server.url}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

      await page.getByRole('search').getByLabel('Référence de la demande').fill('K7QD');
      await page.getByRole('search').getByRole('button', { name: 'Retrouver' }).click();
      await expect.poll(() => page.title()).toMatch(/^Erreur : Retrouver une demande/);
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });

  it('opens an assisted session for a walk-in, naming what is missing first', async () => {
    const { context, page } = await openConsole();
    try {
      await signInAtDesk(page);
      await page.getByRole('link', { name: 'Accompagner une personne' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Accompagner une personne' }).isVisible()).toBe(true);
      await expectNoAxeViolations(page);
      await page.getByRole('button', { name: 'Commencer la session accompagnée' }).click();
      await expect.poll(() => page.title()).toMatch(/^Erreur : Accompagner/);
      await expectNoAxeViolations(page);
      await page.getByLabel('Nom de la personne').fill('Jeanne Martin');
      await page.getByRole('group', { name: 'Démarches que la personne vous confie' }).getByLabel('Écrire à la mairie').check();
      await page.getByLabel(/La personne m’a dit oui/).check();
      await page.getByRole('button', { name: 'Commencer la session accompagnée' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Session accompagnée pour Jeanne Martin' }).isVisible()).toBe(true);
      await expectNoAxeViolations(page);
    } finally {
      await context.close();
    }
  });
});
