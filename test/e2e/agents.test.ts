// Agents on a shared terminal (issue 7), in real Chromium against the real server: the public
// home offers no agent procedure; "Espace agents" signs in with a pasted code; the agent sees
// their own requests and statuses, never another agent's; signing out and inactivity both end
// the session on the server too.
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { readContent } from '../../content/check/index.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const content = readContent();
const leave = content.procedures.find((p) => p.id === 'agent-leave-request')!;
const NADIA = { login: '4512', code: 'Nadia-code-7Kq!m' };
const PAUL = { login: '7301', code: 'Paul-code-3Zx!w' };

let server: RunningServer;
let browser: Browser;

function addAgent(agent: { login: string; code: string }, name: string): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/accounts.ts', 'add', 'agent', agent.login, name, '--code-stdin'], {
    env: { ...process.env, DATA_DIR: server.dataDir },
    input: `${agent.code}\n`,
  });
}

/** A request sent by an agent through the API, as another terminal would. */
async function requestAs(agent: { login: string; code: string }): Promise<string> {
  const origin = { Origin: server.url };
  const signIn = await fetch(`${server.url}/api/staff/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...origin },
    body: JSON.stringify({ role: 'agent', ...agent }),
  });
  const cookie = /guichet_staff=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')![0];
  const sent = await fetch(`${server.url}/api/submissions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID(), Cookie: cookie, ...origin },
    body: JSON.stringify(validSubmission(leave, { postcodes: content.site.postcodes })),
  });
  expect(sent.status).toBe(201);
  await fetch(`${server.url}/api/staff/sign-out`, { method: 'POST', headers: { Cookie: cookie, ...origin } });
  return ((await sent.json()) as { reference: string }).reference;
}

beforeAll(async () => {
  // The relay stays off: the shipped routes fall back to the desk, which would make the request
  // received (ARE) within a turn; what this test shows is the registered request, as it was sent.
  server = await startServer({ GUICHET_RELAY: 'off' });
  browser = await launchChromium();
  addAgent(NADIA, 'Nadia Benali');
  addAgent(PAUL, 'Paul Martin');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openKiosk(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
  return page;
}

/** Signs in on the kiosk, the code pasted from the clipboard as a password manager would. */
async function signInOnKiosk(page: Page, agent: { login: string; code: string }): Promise<void> {
  await page.getByRole('link', { name: fr.agents.title }).tap();
  await page.getByRole('heading', { level: 1, name: fr.agents.title }).waitFor();
  const login = page.getByRole('textbox', { name: fr.agents.login });
  expect(await login.getAttribute('autocomplete')).toBe('username');
  await login.fill(agent.login);
  const code = page.getByLabel(fr.agents.code, { exact: true });
  expect(await code.getAttribute('autocomplete')).toBe('current-password');
  // A paste event the page does not cancel, then the pasted text lands in the field.
  const cancelled = await code.evaluate((el, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    const kept = el.dispatchEvent(event);
    if (kept) (el as HTMLInputElement).value = text;
    return !kept;
  }, agent.code);
  expect(cancelled).toBe(false);
  await page.getByRole('button', { name: fr.agents.signIn }).tap();
  await page.getByRole('heading', { level: 2, name: fr.agents.requestsHeading }).waitFor();
}

const signedIn = (page: Page) => page.evaluate(async () => (await fetch('/api/staff/me')).status);

describe('agents on a shared terminal', () => {
  it('find no agent procedure on the public home, sign in, and see only their own requests', async () => {
    const nadias = await requestAs(NADIA);
    const pauls = await requestAs(PAUL);
    const page = await openKiosk();
    try {
      expect(await page.getByRole('link', { name: new RegExp(`^${leave.title.fr}`) }).count()).toBe(0);
      await signInOnKiosk(page, NADIA);
      await page.getByText(`Référence ${nadias}`).waitFor();
      const main = await page.getByRole('main').innerText();
      expect(main).toContain(fr.agents.status.received);
      expect(main).not.toContain(pauls);
      // Agent procedures only, here.
      await page.getByRole('link', { name: new RegExp(`^${leave.title.fr}`) }).waitFor();
      expect(await page.getByRole('link', { name: /^Écrire à la mairie/ }).count()).toBe(0);
      expect(await signedIn(page)).toBe(200);

      const reloaded = page.waitForEvent('load');
      await page.getByRole('button', { name: fr.agents.signOut }).tap();
      await reloaded;
      await page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
      expect(await signedIn(page)).toBe(401);
    } finally {
      await page.context().close();
    }
  });

  it('are signed out by the inactivity timeout, on the kiosk and on the server', async () => {
    const page = await openKiosk();
    try {
      await signInOnKiosk(page, NADIA);
      expect(await signedIn(page)).toBe(200);
      await page.clock.fastForward('03:01');
      await page.getByRole('alertdialog', { name: fr.session.warning.title }).waitFor();
      const reloaded = page.waitForEvent('load');
      await page.clock.fastForward('01:00');
      await reloaded;
      await page.getByRole('heading', { level: 1, name: /^Bienvenue/ }).waitFor();
      expect(await signedIn(page)).toBe(401);
      expect(await page.getByRole('main').innerText()).not.toContain('Nadia');
    } finally {
      await page.context().close();
    }
  });

  it('are told how long to wait after too many wrong codes', async () => {
    const page = await openKiosk();
    try {
      await page.getByRole('link', { name: fr.agents.title }).tap();
      for (let i = 0; i < 6; i++) {
        await page.getByRole('textbox', { name: fr.agents.login }).fill(PAUL.login);
        await page.getByLabel(fr.agents.code, { exact: true }).fill(`wrong-${i}`);
        await page.getByRole('button', { name: fr.agents.signIn }).tap();
        await page.getByText(fr.agents.signingIn).waitFor({ state: 'hidden' });
        await page.getByRole('alert').waitFor();
      }
      await page.getByRole('alert').filter({ hasText: /Trop d'essais\. Attendez \d+ minutes/ }).waitFor();
      expect(await page.title()).toMatch(/^Erreur\s: /);
    } finally {
      await page.context().close();
    }
  });
});
