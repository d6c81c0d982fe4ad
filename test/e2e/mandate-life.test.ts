// A mandate's life against the real server (issue 22, part 7): a mediator renews a mandate with
// a new spoken consent, the reception desk ends another in real Chromium with the resident
// present (axe-core on each page, at 1280 px and 320 px), the resident's view shows both with
// what was sent under them, and `npm run audit:verify` finds the chain whole. Then the rights of
// the person at the same desk: a copy (page and JSON download) and an erasure (issue 22, part 8).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const require = createRequire(import.meta.url);
const content = readContent();
const write = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
const DESK = { login: 'accueil', code: 'Accueil-code-9Tq!z' };
const MEDIATOR = { login: 'm.durand', code: 'Marc-code-4Kp!zz' };

let server: RunningServer;
let browser: Browser;

const dataDir = mkdtempSync(join(tmpdir(), 'guichet-e2e-mandates-'));
const addAccount = (role: string, login: string, name: string, code: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/accounts.ts', 'add', role, login, name, '--code-stdin'], {
    env: { ...process.env, DATA_DIR: dataDir },
    input: `${code}\n`,
  });

beforeAll(async () => {
  // Accounts first, with the command a town runs, then the server on the same data folder.
  addAccount('reception', DESK.login, 'Accueil', DESK.code);
  addAccount('mediator', MEDIATOR.login, 'Marc Durand', MEDIATOR.code);
  server = await startServer({}, dataDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/**
 * fetch, once more when the server closed an idle kept-alive connection as it was reused (a
 * race of the server's keep-alive timeout with undici's pool; every request here is safe to
 * repeat: reads, and submissions under one Idempotency-Key).
 */
async function fetchAgain(input: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw error;
    return fetch(input, init);
  }
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target) }));
  });
  expect(violations, `${page.url()}`).toEqual([]);
}

/** What the mediator's kiosk sends, through the API with its session cookie. */
async function mediatorSession() {
  const origin = { Origin: server.url };
  const signIn = await fetch(`${server.url}/api/staff/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...origin },
    body: JSON.stringify({ role: 'mediator', login: MEDIATOR.login, code: MEDIATOR.code }),
  });
  expect(signIn.status).toBe(200);
  const cookie = /guichet_staff=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, ...origin, ...headers }, body: JSON.stringify(body) });
  const consentCode = async (id: string) =>
    /class="code">([A-Z0-9]{6})</.exec(await (await fetch(`${server.url}/api/staff/mandates/${id}/consent.html`, { headers: { Cookie: cookie } })).text())![1]!;
  return { post, consentCode };
}

it('a mediator renews a mandate, the desk ends another, the resident sees both, the chain verifies', async () => {
  const marc = await mediatorSession();
  const open = async (residentName: string) => {
    const res = await marc.post('/api/staff/mandates', { residentName, procedureIds: [write.id], until: { scope: 'duration', days: 30 }, consent: true });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    return { id, code: await marc.consentCode(id) };
  };
  // A right-to-left override in a name stays inside its own isolate on the desk's page.
  const jeanne = await open('Jeanne Petit');
  const paul = await open('Paul \u202EMarchand');
  const sent = await marc.post('/api/submissions', validSubmission(write, { postcodes: content.site.postcodes }), { 'Idempotency-Key': crypto.randomUUID(), 'Guichet-Mandate': paul.id });
  expect(sent.status).toBe(201);
  const { reference } = (await sent.json()) as { reference: string };

  const renewed = await marc.post(`/api/staff/mandates/${jeanne.id}/renew`, { until: { scope: 'duration', days: 180 }, consent: true });
  expect(renewed.status).toBe(201);
  const renewal = (await renewed.json()) as { id: string };

  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/reception`);
    await page.getByLabel('Identifiant d’accueil').fill(DESK.login);
    await page.getByLabel('Code').fill(DESK.code);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Aujourd’hui à l’accueil' }).isVisible()).toBe(true);

    await page.getByRole('link', { name: 'Retrouver un mandat' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Retrouver un mandat' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByRole('search').getByLabel('Numéro du mandat').fill('3f2c-not-a-number');
    await page.getByRole('search').getByRole('button', { name: 'Retrouver' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur : Retrouver un mandat/);
    await expectNoAxeViolations(page);

    await page.getByRole('search').getByLabel('Numéro du mandat').fill(` ${paul.id} `);
    await page.getByRole('search').getByRole('button', { name: 'Retrouver' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: /^Mandat donné par Paul/ }).isVisible()).toBe(true);
    expect(await page.getByText(reference).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Arrêter le mandat' }).click();
    await expect.poll(() => page.getByRole('link', { name: /Cochez la case quand la personne est là/ }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByLabel('La personne est là, j’ai vérifié son identité, elle demande l’arrêt du mandat.').check();
    await page.getByRole('button', { name: 'Arrêter le mandat' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Le mandat est arrêté.');
    expect(await page.getByRole('button', { name: 'Arrêter le mandat' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 700 });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).map((e) => `${e.tagName}.${e.className}: ${Math.round(e.getBoundingClientRect().right)}`),
    );
    expect(wide).toEqual([]);
    await expectNoAxeViolations(page);
  } finally {
    await context.close();
  }

  // The resident, with the number and code of each consent.
  const view = async (id: string, code: string) =>
    ((await (await fetch(`${server.url}/api/mandates/${id}?code=${code}`)).json()) as { mandates: Array<{ id: string; active: boolean; ended?: string; requests: Array<{ reference: string }> }> }).mandates;
  expect(await view(renewal.id, jeanne.code)).toEqual([
    expect.objectContaining({ id: jeanne.id, active: false, ended: 'renewed' }),
    expect.objectContaining({ id: renewal.id, active: true }),
  ]);
  expect(await view(paul.id, paul.code)).toEqual([expect.objectContaining({ id: paul.id, active: false, ended: 'reception', requests: [expect.objectContaining({ reference })] })]);

  const verified = execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/audit-verify.ts'], { env: { ...process.env, DATA_DIR: server.dataDir }, encoding: 'utf8' });
  // audit:verify exits 1 (and execFileSync throws) on any break.
  expect(verified).toMatch(/^\d+ entries, 0 broken; head [0-9a-f]{64}/);
});

it('answers a person’s request for a copy and an erasure at the reception desk', async () => {
  const sent = await fetchAgain(`${server.url}/api/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify(validSubmission(write, { postcodes: content.site.postcodes })),
  });
  expect(sent.status).toBe(201);
  const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };
  const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/reception`);
    await page.getByLabel('Identifiant d’accueil').fill(DESK.login);
    await page.getByLabel('Code').fill(DESK.code);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('link', { name: 'Droits sur les données' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Droits sur les données' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByLabel('Référence de la demande').fill(reference);
    await page.getByLabel('Code de suivi').fill(trackingCode);
    await page.getByRole('button', { name: 'Voir les données' }).click();
    await expect.poll(() => page.getByRole('link', { name: /Cochez la case quand la personne est là/ }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByLabel('Code de suivi').fill(trackingCode);
    await page.getByLabel('La personne est là et j’ai vérifié son identité.').check();
    await page.getByRole('button', { name: 'Voir les données' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: `Données de la demande ${reference}` }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Télécharger la copie (JSON) de ${reference}` }).click();
    expect((await download).suggestedFilename()).toBe(`donnees-${reference}.json`);
    // The request has reached no service yet (its routes fall back to the desk: it is delivered there).
    await expect
      .poll(async () => ((await (await fetchAgain(`${server.url}/api/submissions/${reference}?code=${trackingCode}`)).json()) as { status: string }).status, { timeout: 20_000 })
      .not.toBe('received');
    await page.getByLabel('La personne demande l’effacement de ses réponses.').check();
    await page.getByRole('button', { name: 'Effacer les réponses' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Les réponses et les pièces jointes sont effacées');
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoAxeViolations(page);

    // The desk enrols a terminal too (issue 22, part 5).
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'Inscrire une borne' }).click();
    await page.getByLabel('Lieu de la borne (facultatif)').fill('accueil-mairie');
    await page.getByRole('button', { name: 'Inscrire une nouvelle borne' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Borne inscrite' }).isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: 'Code QR de l’adresse d’installation de la borne' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  } finally {
    await context.close();
  }
});
