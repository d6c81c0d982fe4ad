// Large text on a tiny screen, in real Chromium: at 320 CSS px wide with the kiosk's text at
// 200 %, every screen of a journey reflows without cutting a word inside itself (the line
// boxes of each word are compared: a word on two lines is cut), without sideways scrolling,
// and with every radio inside its card. French and Arabic; the journey's own screens, a step
// whose choices have hints (identity-appointment's document), the check and the confirmation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { holds } from '../../content/model/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import ar from '../../content/locales/ar/ui.json' with { type: 'json' };
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createDriver, type KioskWords } from './journey-driver.ts';

const content = readContent();
const procedure = content.procedures.find((p) => p.id === 'identity-appointment')!;
const UI = { fr, ar } as const;

function wordsOf(ui: typeof fr): KioskWords {
  return {
    start: ui.intro.start,
    step: ui.step.progress.split(' ')[0]!,
    continue: ui.step.continue,
    send: ui.check.send,
    day: ui.field.date.day,
    month: ui.field.date.month,
    year: ui.field.date.year,
    street: ui.field.address.street,
    complement: ui.field.address.complement.replace(/\s*\(.*\)$/, ''),
    postcode: ui.field.address.postcode,
    city: ui.field.address.city,
    addFile: ui.field.file.add,
  };
}

interface Layout {
  /** Words laid out on more than one line: "Co|nti|nuer". */
  cut: string[];
  /** How far the page scrolls sideways, in CSS px. */
  overflow: number;
  /** Radios that stick out of their card. */
  radiosOut: string[];
  /** The first elements wider than the screen, to say where a sideways scroll comes from. */
  wide: string[];
}

/** Measures the page as it is drawn: each word's line boxes, the page's width, each radio. */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const cut: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!parent || !parent.checkVisibility() || parent.closest('.visually-hidden, [aria-hidden="true"]')) continue;
      // Words between spaces, hyphens and apostrophes (a line may break after a hyphen).
      for (const match of text.matchAll(/[^\s\u00a0\u202f\-‐'’/]+/gu)) {
        const word = match[0];
        // Addresses and file names have no syllables to keep together: they may wrap anywhere.
        if ([...word].length < 3 || /[@.:_]/.test(word) || /^\P{L}+$/u.test(word)) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + word.length);
        // Letters per line: a word on one line is whole.
        const lines = new Map<number, number>();
        for (let i = 0; i < word.length; i++) {
          range.setStart(node, match.index + i);
          range.setEnd(node, match.index + i + 1);
          const rect = [...range.getClientRects()].find((r) => r.width > 0);
          if (rect) lines.set(Math.round(rect.top / 4), (lines.get(Math.round(rect.top / 4)) ?? 0) + 1);
        }
        const parts = [...lines.values()];
        // A long word hyphenated once, as `hyphenate-limit-chars: 10 4 4` allows (at least 4
        // letters each side), is how the language breaks it; anything else is a cut.
        const hyphenated = parts.length === 2 && [...word].length >= 10 && parts.every((n) => n >= 4);
        if (parts.length > 1 && !hyphenated) cut.push(`${word} (${parts.join('/')})`);
      }
    }
    const radiosOut: string[] = [];
    for (const input of document.querySelectorAll<HTMLInputElement>('.choice-card__input')) {
      const card = input.parentElement?.querySelector('.choice-card__label')?.getBoundingClientRect();
      const box = input.getBoundingClientRect();
      if (!card || box.top < card.top || box.bottom > card.bottom || box.left < card.left || box.right > card.right) radiosOut.push(input.id);
    }
    const width = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > width + 1 || e.getBoundingClientRect().left < -1)
      .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
    return { cut, overflow: document.documentElement.scrollWidth - width, radiosOut, wide: wide.slice(0, 5) };
  });
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

describe('320 px wide, text at 200 %', () => {
  it.each(['fr', 'ar'] as const)('%s: no word cut, no sideways scroll, every radio in its card', async (locale) => {
    const ui = UI[locale];
    const context = await browser.newContext({ viewport: { width: 320, height: 640 }, hasTouch: true, locale: 'fr-FR' });
    const found: Record<string, Layout> = {};
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.evaluate(async (code) => {
        const display = (window as unknown as { guichetDisplay: { setLocale: (c: string) => Promise<void>; updateSettings: (s: object) => void } }).guichetDisplay;
        await display.setLocale(code);
        display.updateSettings({ textSize: 200 });
      }, locale);
      const look = async (name: string) => {
        await page.evaluate(() => document.fonts.ready);
        found[name] = await measure(page);
      };
      await look('home');
      const driver = createDriver(page, 'touch', wordsOf(ui), locale);
      await driver.press(page.getByRole('link', { name: new RegExp(`^${procedure.title[locale]}`) }));
      await page.getByRole('button', { name: ui.intro.start }).or(page.getByRole('link', { name: ui.intro.start })).waitFor();
      await look('intro');
      await driver.press(page.getByRole('button', { name: ui.intro.start }).or(page.getByRole('link', { name: ui.intro.start })));
      const answers = validAnswers(procedure, { postcodes: content.site.postcodes });
      for (const step of procedure.steps.filter((s) => !s.when || holds(s.when, answers))) {
        await page.getByRole('heading', { level: 1 }).filter({ hasText: step.title[locale] ?? step.title.fr! }).waitFor();
        await look(`step ${step.id}`);
        await driver.answerStep(step, answers);
        await driver.press(page.getByRole('button', { name: ui.step.continue }));
      }
      await page.getByRole('heading', { level: 1, name: ui.check.title }).waitFor();
      await look('check');
      await driver.press(page.getByRole('button', { name: ui.check.send }));
      await page.getByRole('heading', { level: 1, name: ui.done.title }).waitFor();
      await look('done');
    } finally {
      await context.close();
    }
    // Every screen's problems at once, so one run shows them all.
    const problems = Object.entries(found).flatMap(([screen, layout]) => [
      ...layout.cut.map((word) => `${screen}: «${word}» cut`),
      ...(layout.overflow > 0 ? [`${screen}: scrolls ${layout.overflow} px sideways (${layout.wide.join(', ')})`] : []),
      ...layout.radiosOut.map((id) => `${screen}: radio ${id} out of its card`),
    ]);
    expect(problems).toEqual([]);
  });
});
