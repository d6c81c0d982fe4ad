// The reception desk in real Chromium against the real server (issue 7, parts 5 and 6): the
// reception console signs in with an identifier and a pasted code, lists today's requests of
// its site, finds one by reference and prints its receipt again, opens an assisted session for
// a walk-in. axe-core checks every console page seen (WCAG 2.2 AA and best practices). Then the
// hand-off: a person fills half a procedure on a kiosk, taps "I can't finish, help me" and gets
// a code; the desk's kiosk opens it and finishes; the submission records the channel change,
// and the console finds it by reference and reprints its receipt.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { readContent } from '../../content/check/index.ts';
import type { Answers } from '../../content/model/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import { createDriver, FRENCH_WORDS } from './journey-driver.ts';
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
      const today = page.getByRole('table', { name: /reçues? aujourd’hui de accueil-mairie/ });
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

const words = FRENCH_WORDS;

/** A kiosk in a browser of its own, installed at `site`. */
async function openKiosk(site: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${server.url}/?site=${site}`);
  await page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
  return { context, page };
}

describe('the hand-off', () => {
  it('turns a half-filled procedure into a code that the desk opens and finishes, recorded as handed off', async () => {
    const answers: Answers = { ...validAnswers(write, { postcodes: content.site.postcodes }), message: 'Ma voisine Mme Quentelier ne reçoit plus son courrier' };
    const [topic, message, name] = write.steps;

    // The person, at the médiathèque: two steps answered, the third half typed.
    const person = await openKiosk('mediatheque');
    let code: string;
    try {
      const driver = createDriver(person.page, 'touch', words);
      await person.page.getByRole('link', { name: /^Écrire à la mairie/ }).tap();
      await driver.press(person.page.getByRole('button', { name: words.start }).or(person.page.getByRole('link', { name: words.start })));
      for (const step of [topic!, message!]) {
        await person.page.getByRole('heading', { level: 1, name: step.title.fr! }).waitFor();
        await driver.answerStep(step, answers);
        await driver.press(person.page.getByRole('button', { name: words.continue }));
      }
      await person.page.getByRole('heading', { level: 1, name: name!.title.fr! }).waitFor();
      await person.page.getByRole('link', { name: fr.handoff.help }).tap();
      await person.page.getByRole('heading', { level: 1, name: fr.handoff.title }).waitFor();
      await person.page.getByRole('button', { name: fr.handoff.get }).tap();
      await person.page.getByRole('heading', { level: 1, name: fr.handoff.codeTitle }).waitFor();
      code = (await person.page.locator('.handoff-code strong').innerText()).trim();
      expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
      expect(await person.page.getByRole('img', { name: fr.handoff.qrLabel }).locator('svg').count()).toBe(1);
      await person.page.getByText(fr.handoff.erased).waitFor();
      // Nothing of the answers is left in the page's storage, and Finish ends the session.
      const stored = await person.page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
      expect(stored).not.toContain('Quentelier');
      await person.page.getByRole('button', { name: fr.handoff.finish }).tap();
      await person.page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
      expect(await person.page.content()).not.toContain(code);
    } finally {
      await person.context.close();
    }

    // The desk: its own kiosk, signed in as reception, types the code read aloud, loosely.
    const desk = await openKiosk(DESK.site);
    let reference: string;
    try {
      await desk.page.getByRole('link', { name: fr.resume.title }).tap();
      await desk.page.getByRole('heading', { level: 1, name: fr.resume.title }).waitFor();
      await desk.page.getByRole('textbox', { name: fr.resume.login }).fill(DESK.login);
      await desk.page.getByLabel(fr.agents.code, { exact: true }).fill(DESK.code);
      await desk.page.getByRole('button', { name: fr.agents.signIn }).tap();
      const field = desk.page.getByRole('textbox', { name: fr.resume.personCode });
      await field.fill('K7QD-4MZ9');
      await desk.page.getByRole('button', { name: fr.resume.open }).tap();
      await desk.page.getByRole('alert').getByText(fr.resume.notFound).waitFor();
      await field.fill(code.toLowerCase().replace('-', ' '));
      await desk.page.getByRole('button', { name: fr.resume.open }).tap();
      // The journey resumes where the person stopped, with their answers.
      await desk.page.getByRole('heading', { level: 1, name: name!.title.fr! }).waitFor();
      const driver = createDriver(desk.page, 'touch', words);
      const shown = write.steps.filter((s) => !s.when || (s.when as { field: string; equals: string }).equals === answers.replyBy);
      for (const step of shown.slice(2)) {
        await desk.page.getByRole('heading', { level: 1, name: step.title.fr! }).waitFor();
        await driver.answerStep(step, answers);
        await driver.press(desk.page.getByRole('button', { name: words.continue }));
      }
      await desk.page.getByRole('heading', { level: 1, name: fr.check.title }).waitFor();
      expect(await desk.page.getByRole('main').innerText()).toContain('Quentelier');
      await desk.page.getByRole('button', { name: fr.check.send }).tap();
      await desk.page.getByRole('heading', { level: 1, name: fr.done.title }).waitFor();
      reference = (await desk.page.getByRole('main').innerText()).match(/[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}/)![0];
      // Single use: the same code again finds nothing.
      const again = await desk.page.evaluate(async () => (await fetch('/api/handoffs/open', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ lookup: 'A'.repeat(43) }) })).status);
      expect(again).toBe(404);
    } finally {
      await desk.context.close();
    }

    // The console finds it, says where it began, and prints its receipt again.
    const { context, page } = await openConsole();
    try {
      await signInAtDesk(page);
      await page.getByRole('search').getByLabel('Référence de la demande').fill(reference);
      await page.getByRole('search').getByRole('button', { name: 'Retrouver' }).click();
      await page.getByRole('heading', { level: 1, name: `Demande ${reference}` }).waitFor();
      const facts = await page.locator('.facts').innerText();
      expect(facts).toContain('Accueil (accueil-mairie)');
      expect(facts).toMatch(/commencée sur la borne t-[\w-]+, terminée à l’accueil/);
      const href = await page.getByRole('link', { name: `Reçu sur papier A4 pour ${reference}` }).getAttribute('href');
      const pdf = await context.request.get(`${server.url}${href}`);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await context.close();
    }
  });
});
