// Every procedure, completed in real Chromium against the real server: once by touch on a
// portrait terminal, once with the keyboard alone on a landscape one. Each ends on a
// reference number that the server can be asked about, with the answers stored as given.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { allFields, type Answers, type Procedure } from '../../content/model/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createDriver, type Mode, FRENCH_WORDS } from './journey-driver.ts';

const content = readContent();
const words = FRENCH_WORDS;

const VIEWPORTS = {
  touch: { width: 1080, height: 1920 },
  keyboard: { width: 1920, height: 1080 },
} as const;

let server: RunningServer;
let browser: Browser;

/** The agent who signs in for agent procedures: an account made with `npm run accounts`, as a town would. */
const AGENT = { login: '4512', code: 'e2e-agent-code-Kq7m' };

beforeAll(async () => {
  // The relay stays off: the shipped routes fall back to the desk, which would make the request
  // received (ARE) within a turn; what this test shows is the registered request, as it was sent.
  server = await startServer({ GUICHET_RELAY: 'off' });
  browser = await launchChromium();
  execFileSync(process.execPath, ['--import', 'tsx', 'server/cli/accounts.ts', 'add', 'agent', AGENT.login, 'Nadia', 'Benali', '--code-stdin'], {
    env: { ...process.env, DATA_DIR: server.dataDir },
    input: `${AGENT.code}\n`,
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openKiosk(mode: Mode): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: VIEWPORTS[mode],
    hasTouch: mode === 'touch',
    locale: 'fr-FR',
  });
  const page = await context.newPage();
  await page.goto(server.url);
  return { context, page };
}

/** The answers as the server should store them: file answers hold ids the kiosk chose. */
function withoutFiles(procedure: Procedure, answers: Answers): Answers {
  const files = new Set(allFields(procedure).filter((f) => f.type === 'file').map((f) => f.id));
  return Object.fromEntries(Object.entries(answers).filter(([id]) => !files.has(id)));
}

function storedSubmission(reference: string) {
  const db = new Database(join(server.dataDir, 'guichet.sqlite'), { readonly: true });
  try {
    return db
      .prepare('SELECT procedure_id, locale, answers_json, attachments_json FROM submissions WHERE reference = ?')
      .get(reference) as
      | { procedure_id: string; locale: string; answers_json: string; attachments_json: string }
      | undefined;
  } finally {
    db.close();
  }
}

describe.each(['touch', 'keyboard'] as const)('every procedure by %s', (mode) => {
  it.each(content.procedures.map((p) => [p.id, p] as const))('%s reaches a stored reference', async (_id, procedure) => {
    const answers = validAnswers(procedure, { postcodes: content.site.postcodes });
    const { context, page } = await openKiosk(mode);
    try {
      const driver = createDriver(page, mode, words);
      if (procedure.audience === 'agent') {
        // Agent procedures are offered only in "Espace agents", after signing in.
        expect(await page.getByRole('link', { name: new RegExp(`^${procedure.title.fr}`) }).count()).toBe(0);
        await driver.press(page.getByRole('link', { name: fr.agents.title }));
        await page.getByRole('heading', { level: 1, name: fr.agents.title }).waitFor();
        await page.getByRole('textbox', { name: fr.agents.login }).fill(AGENT.login);
        await page.getByLabel(fr.agents.code, { exact: true }).fill(AGENT.code);
        await driver.press(page.getByRole('button', { name: fr.agents.signIn }));
        await page.getByText(fr.agents.requestsHeading).waitFor();
      }
      await driver.press(page.getByRole('link', { name: new RegExp(`^${procedure.title.fr}`) }));
      await driver.walk(procedure, answers);

      await page.getByRole('heading', { level: 1, name: fr.check.title }).waitFor();
      await driver.press(page.getByRole('button', { name: fr.check.send }));

      await page.getByRole('heading', { level: 1, name: fr.done.title }).waitFor();
      const main = await page.getByRole('main').innerText();
      const reference = main.match(/Référence\s*:\s*([2-9A-Z]{4}-[2-9A-Z]{4})/)?.[1];
      const code = main.match(/Code de suivi\s*:\s*([2-9A-Z]{6})/)?.[1];
      expect(reference, main).toBeDefined();
      expect(code, main).toBeDefined();

      const tracking = await fetch(`${server.url}/api/submissions/${reference}?code=${code}`);
      expect(tracking.status).toBe(200);
      expect(await tracking.json()).toMatchObject({ reference, procedureId: procedure.id, status: 'received' });

      const stored = storedSubmission(reference!);
      expect(stored).toBeDefined();
      const storedAnswers = JSON.parse(stored!.answers_json) as Answers;
      expect(withoutFiles(procedure, storedAnswers)).toEqual(withoutFiles(procedure, answers));
      for (const field of allFields(procedure).filter((f) => f.type === 'file' && answers[f.id]))
        expect((storedAnswers[field.id] as string[]).length).toBe((answers[field.id] as string[]).length);
    } finally {
      await context.close();
    }
  });
});
