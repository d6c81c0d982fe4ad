// Read-aloud through a recording speechSynthesis (headless Chromium has no audio): a whole
// procedure in French and in Arabic, what is said on each screen, in which language, that a
// tap interrupts, that Repeat and Pause work, and that private answers are never spoken.
// The utterances are kept in a11y/golden/speech/ for people to read.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { allFields } from '../../content/model/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import ar from '../../content/locales/ar/ui.json' with { type: 'json' };
import { SPEECH_MOCK, type Spoken } from '../../a11y/audit/speech-mock.ts';
import { speechKey } from '../../server/speech/catalogue.ts';
import { launchChromium } from '../support/chromium.ts';
import { createDriver, type KioskWords } from './journey-driver.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const content = readContent();
const procedure = content.procedures.find((p) => p.id === 'write-to-town-hall')!;
const TEXTS = { fr, ar } as const;

function wordsOf(t: typeof fr): KioskWords {
  return {
    start: t.intro.start,
    step: t.step.progress.split(' ')[0]!,
    continue: t.step.continue,
    send: t.check.send,
    day: t.field.date.day,
    month: t.field.date.month,
    year: t.field.date.year,
    street: t.field.address.street,
    complement: t.field.address.complement.replace(/\s*\(.*\)$/, ''),
    postcode: t.field.address.postcode,
    city: t.field.address.city,
    addFile: t.field.file.add,
  };
}

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

const spoken = (page: Page) => page.evaluate(() => (window as unknown as { spokenLog: Spoken[] }).spokenLog.slice());

async function heard(page: Page, text: string): Promise<Spoken[]> {
  for (let i = 0; i < 40; i++) {
    const log = await spoken(page);
    if (log.some((u) => u.text?.includes(text))) return log;
    await page.waitForTimeout(50);
  }
  throw new Error(`never said "${text}": ${JSON.stringify(await spoken(page))}`);
}

describe.each(['fr', 'ar'] as const)('read-aloud in %s', (locale) => {
  it('speaks each screen of a whole procedure in its language, never a private answer', { timeout: 120_000 }, async () => {
    const t = TEXTS[locale];
    const say = (text: Record<string, string>) => text[locale] ?? text.fr!;
    const answers = validAnswers(procedure, { postcodes: content.site.postcodes, choose: { replyBy: 'email' } });
    answers.email = 'zoe.quentin@exemple.org';
    const secrets = allFields(procedure)
      .filter((f) => f.private && typeof answers[f.id] === 'string')
      .map((f) => String(answers[f.id]));
    expect(secrets.length).toBeGreaterThan(0);
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    const page = await context.newPage();
    await page.addInitScript(SPEECH_MOCK);
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (locale !== 'fr') await page.getByRole('button', { name: 'العربية' }).first().tap();
    await page.getByRole('button', { name: t.nav.readAloud }).tap();
    const driver = createDriver(page, 'touch', wordsOf(t), locale);
    const transcript: string[] = [];
    const note = async (screen: string, expected: string) => {
      const log = await heard(page, expected);
      const said = log.filter((u) => u.text);
      // Language names are said in their own language; everything else in the screen's.
      const names = new Map(content.site.locales.map((l) => [l.name, l.speech ?? l.code]));
      for (const u of said) expect(u.lang, u.text).toBe(names.get(u.text!) ?? (locale === 'ar' ? 'ar' : 'fr'));
      transcript.push(`## ${screen}`, ...said.map((u) => `- ${u.text}`), '');
      await page.evaluate(() => (window as unknown as { spokenLog: Spoken[] }).spokenLog.splice(0));
    };
    await note('home', t.home.heading.replace('{{town}}', content.site.town));

    await page.getByRole('link', { name: new RegExp(`^${say(procedure.title)}`) }).tap();
    await note('intro', say(procedure.title));
    await page.getByRole('button', { name: t.intro.start }).tap();
    for (const step of procedure.steps.filter((s) => !s.when || s.id === 'email')) {
      if (!Object.hasOwn(answers, step.fields[0]!.id) && step.fields[0]!.required !== false) continue;
      await page.getByRole('heading', { level: 1 }).filter({ hasText: say(step.title) }).waitFor();
      await note(`step ${step.id}`, say(step.title));
      await driver.answerStep(step, answers);
      await page.getByRole('button', { name: t.step.continue }).tap();
    }
    await page.getByRole('heading', { level: 1, name: t.check.title }).waitFor();
    await note('check', t.check.title);

    // Repeat says the screen again; Pause pauses; a tap anywhere else interrupts.
    await page.getByRole('button', { name: t.nav.repeat }).tap();
    await heard(page, t.check.title);
    await page.getByRole('button', { name: t.nav.pause }).tap();
    expect(await spoken(page)).toContainEqual({ pause: true });
    await page.getByRole('button', { name: t.nav.resume }).tap();
    await page.getByRole('heading', { level: 1 }).tap();
    expect((await spoken(page)).some((u) => u.cancel)).toBe(true);

    const everything = transcript.join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
    mkdirSync('a11y/golden/speech', { recursive: true });
    writeFileSync(`a11y/golden/speech/${procedure.id}.${locale}.md`, `# What the kiosk says: ${procedure.id}, ${locale}\n\n${everything}`);
    console.log(everything);
    await context.close();
  });
});

describe('a terminal with no voice for the language', () => {
  it('plays the server’s recordings of an Arabic question, offline, and says in text when there is no voice at all', { timeout: 120_000 }, async () => {
    const t = TEXTS.ar;
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    try {
      const page = await context.newPage();
      // The terminal's synthesiser has a French voice only; every recording the page plays is noted.
      await page.addInitScript(SPEECH_MOCK);
      await page.addInitScript(() => {
        (window.speechSynthesis as unknown as { getVoices: () => unknown[] }).getVoices = () => [{ lang: 'fr-FR', name: 'espeak-ng French' }];
        const played: Array<{ src: string; ended?: boolean }> = [];
        Object.defineProperty(window, 'playedLog', { value: played });
        const play = HTMLMediaElement.prototype.play;
        HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
          const entry: { src: string; ended?: boolean } = { src: new URL(this.src).pathname };
          played.push(entry);
          this.addEventListener('ended', () => (entry.ended = true), { once: true });
          return play.call(this);
        };
      });
      const played = () => page.evaluate(() => (window as unknown as { playedLog: Array<{ src: string; ended?: boolean }> }).playedLog.slice());
      await page.goto(server.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
      await page.getByRole('button', { name: 'العربية' }).first().tap();

      // The server cannot speak (its voice is down): the kiosk says so in text, by the button.
      await page.route('**/api/speech/**', (route) => route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{}' }));
      await page.getByRole('button', { name: t.nav.readAloud }).tap();
      const notice = page.getByRole('status').filter({ hasText: t.speech.noVoice });
      await notice.waitFor();
      expect(await page.getByRole('button', { name: t.nav.readAloud }).getAttribute('aria-describedby')).toBe(await notice.getAttribute('id'));
      await page.unroute('**/api/speech/**');

      // Online, the intro fetches the questions' recordings; then the network goes.
      await page.getByRole('link', { name: new RegExp(`^${procedure.title.ar}`) }).tap();
      await page.getByRole('heading', { level: 1, name: procedure.title.ar }).waitFor();
      const question = procedure.steps[0]!.title.ar!;
      // The first question's counter has no total: whether the email question comes is asked later.
      const firstScreen = [question, t.step.progressOpen.replace('{{current}}', '1'), t.step.continue];
      const firstKeys = firstScreen.map((text) => `/api/speech/${speechKey('ar', text)}.ogg`);
      await expect
        .poll(async () => page.evaluate(async (urls) => {
          const cache = await caches.open('guichet-speech');
          return (await Promise.all(urls.map((url) => cache.match(url)))).every(Boolean);
        }, firstKeys), { timeout: 60_000 })
        .toBe(true);
      await context.setOffline(true);
      await page.evaluate(() => (window as unknown as { playedLog: unknown[] }).playedLog.splice(0));
      await page.getByRole('button', { name: t.intro.start }).tap();
      await page.getByRole('heading', { level: 1, name: question }).waitFor();
      // The question's recording played to its end, with no network, and nothing went to the synthesiser in Arabic.
      await expect.poll(async () => (await played()).filter((p) => p.ended).length, { timeout: 30_000 }).toBeGreaterThan(0);
      const heardOffline = await page.evaluate(async (urls) => {
        const cache = await caches.open('guichet-speech');
        return Promise.all(urls.map(async (url) => (await cache.match(url)) !== undefined));
      }, (await played()).map((p) => p.src));
      expect(heardOffline.every(Boolean)).toBe(true);
      expect((await spoken(page)).filter((u) => u.text && u.lang === 'ar')).toEqual([]);
      await expect.poll(() => notice.count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});
