// The accessibility audit: walks every screen in every state (home, language, help,
// accessibility, settings open, each procedure's intro, every step empty / error / filled,
// check, done, not found, content error) in real Chromium, switches language, theme and text
// size inside the page, and checks what a machine can check of shared/accessibility.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse } from 'yaml';
import { readContent } from '../../content/check/index.ts';
import { allFields, holds, type Answers, type Content, type Procedure } from '../../content/model/index.ts';
import { ROUTE_NAMES, routeOf } from '../../kiosk/src/router/routes.ts';
import { validAnswers, validSubmission } from '../../server/test-support/valid-answers.ts';
import { addStaffAccount } from '../../test/support/staff-accounts.ts';
import { createDriver, type KioskWords } from '../../test/e2e/journey-driver.ts';
import {
  domChecks,
  focusCovered,
  focusDiff,
  focusedStop,
  forcedColourChecks,
  reflowChecks,
  runningAnimations,
  tabbables,
  type DomExpectations,
} from './in-page.ts';
import { setDisplay, type TextSize, type Theme } from './page-control.ts';
import { SPEECH_MOCK, type Spoken } from './speech-mock.ts';
import { frenchSpacing } from '../../kiosk/src/i18n/typography.ts';

/** A French locale's text with the kiosk's French spacing; others as written. */
const typeset = (locale: string, text: string): string => (locale === 'fr' || locale.startsWith('fr-') ? frenchSpacing(text) : text);

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core');

export const LOCALES = ['fr', 'fr-x-falc', 'en', 'ar'] as const;
export const THEMES: readonly Theme[] = ['default', 'dark', 'contrast'];
export const SIZES: readonly TextSize[] = [100, 200];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'wcag2aaa', 'best-practice', 'RGAAv4', 'EN-301-549'];
/** axe's experimental rules that carry an RGAA criterion, enabled by name. */
const AXE_EXPERIMENTAL_RGAA = ['css-orientation-lock', 'focus-order-semantics', 'p-as-heading', 'table-fake-caption', 'td-has-header'];
/**
 * The rules whose result can change with the theme or the text size: the DOM is the same in
 * every theme and size, only its rendering changes, so the other combinations of a locale run
 * these, and the first (default theme, 100 %) runs every rule of the tags.
 */
const AXE_RENDERING_RULES = ['color-contrast', 'color-contrast-enhanced', 'link-in-text-block', 'target-size', 'scrollable-region-focusable', 'css-orientation-lock'];
const VIEWPORT = { width: 1080, height: 1920 };
/** States checked in every combination even in the slice that `npm test` runs. */
const SLICE_STATES = new Set([
  'home',
  'settings',
  'write-to-town-hall/intro',
  'write-to-town-hall/message/error',
  'write-to-town-hall/check',
  'not-found',
  // The camera screen: a live video and its own controls, in every locale even in the slice.
  'report-street-problem/photos/capture',
  // The hand-off and the reception desk's screens: new, in every locale.
  'handoff',
  'handoff/code',
  'resume',
]);

export interface Violation {
  screen: string;
  combo: string;
  check: string;
  message: string;
}

export interface ScreenRecord {
  id: string;
  route: string;
  path: string;
  combos: number;
}

export interface AuditReport {
  scope: 'full' | 'slice';
  startedAt: string;
  durationMs: number;
  workers: number;
  matrix: { locales: readonly string[]; themes: readonly string[]; sizes: readonly number[] };
  screens: ScreenRecord[];
  checksRun: number;
  violations: Violation[];
  incompleteAllowed: number;
  goldenWritten: string[];
  notVisited: string[];
  /** What the audit could not reach, and why. */
  skipped: string[];
  /** Seconds spent in each kind of check, summed over workers. */
  timing?: Record<string, number>;
}

export interface AuditOptions {
  url: string;
  browser: Browser;
  scope: 'full' | 'slice';
  workers?: number;
  /** Writes missing or changed aria snapshots instead of failing (A11Y_UPDATE_GOLDEN=1). */
  updateGolden?: boolean;
  goldenDir?: string;
  log?: (line: string) => void;
  /**
   * Walks these only (procedure ids, `frame`, `mediation`), without the other screens or the
   * coverage check: to accept their snapshots in every locale (A11Y_ONLY=report-street-problem)
   * without the whole matrix.
   */
  only?: readonly string[];
  /**
   * The server's data folder: the audit makes a mediator account there to walk the mediators'
   * screens. Without it those screens are skipped (and their routes reported as not visited).
   */
  dataDir?: string;
}

interface AllowEntry {
  rule: string;
  target?: string;
  reason: string;
}

interface State {
  id: string;
  kind: 'screen' | 'empty' | 'error' | 'filled' | 'dialog';
  progress?: boolean;
  privateValues?: string[];
}

function wordsOf(ui: Record<string, any>): KioskWords {
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

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Answer sets that together show every step of a procedure (each branch of each `when`). */
export function coveringAnswers(procedure: Procedure, postcodes: readonly string[]): Answers[] {
  const candidates: Answers[] = [];
  const tryBuild = (choose?: Answers, optional = true) => {
    try {
      candidates.push(validAnswers(procedure, { postcodes, choose, optional }));
    } catch {
      // a combination the procedure does not allow
    }
  };
  tryBuild();
  tryBuild(undefined, false);
  for (const field of allFields(procedure))
    if (field.type === 'choice') for (const o of field.options) tryBuild({ [field.id]: o.value });
    else if (field.type === 'choices') for (const o of field.options) tryBuild({ [field.id]: [o.value] });
  const shown = (a: Answers) => new Set(procedure.steps.filter((s) => !s.when || holds(s.when, a)).map((s) => s.id));
  const chosen: Answers[] = [];
  const covered = new Set<string>();
  for (;;) {
    let best: Answers | undefined;
    let gain = 0;
    for (const c of candidates) {
      const g = [...shown(c)].filter((id) => !covered.has(id)).length;
      if (g > gain) [best, gain] = [c, g];
    }
    if (!best) break;
    chosen.push(best);
    for (const id of shown(best)) covered.add(id);
  }
  return chosen;
}

/**
 * Snapshot text without what changes from run to run: references, codes, dates, and the
 * day, month and year typed in date fields (answers are drawn relative to today).
 */
function normalise(snapshot: string, dateParts: readonly string[]): string {
  const months = (loc: string) =>
    Array.from({ length: 12 }, (_, m) => new Intl.DateTimeFormat(loc, { month: 'long' }).format(new Date(2024, m, 15)));
  const names = [...months('fr'), ...months('en'), ...months('ar')].map(escapeRe).join('|');
  const parts = dateParts.map(escapeRe).join('|');
  return snapshot
    .replace(/\b[2-9A-Z]{4}-[2-9A-Z]{4}\b/g, '<reference>')
    // A tracking code can be all letters: alone in its strong element, it is the code.
    .replace(/^(\s*- strong: )[2-9A-Z]{6}$/gm, '$1<code>')
    .replace(/\b[2-9A-Z]{6}\b/g, (m) => (/\d/.test(m) && /[A-Z]/.test(m) ? '<code>' : m))
    .replace(new RegExp(`(- textbox "(?:${parts})"[^:\\n]*: )"\\d+"`, 'gu'), '$1"<n>"')
    .replace(new RegExp(`\\d{1,2}\\s+(?:${names})\\s+\\d{4}`, 'gu'), '<date>')
    .replace(new RegExp(`(?:${names})\\s+\\d{1,2},\\s+\\d{4}`, 'gu'), '<date>')
    // A time after a date (tracking history: "<date> à 14:01", "<date> at 2:01 PM").
    .replace(/<date>(\s+(?:à|at|في)|,)?\s+\d{1,2}:\d{2}(?:\s?(?:[AP]M|ص|م))?/gu, '<date> <time>');
}

interface AuditFigures {
  screens: number;
  combinations: number;
  violations: number;
}

/** The figures of the last full audit, on the one line of the accessibility page that gives them. */
function maskAuditFigures(snapshot: string, figures: AuditFigures | null): string {
  if (!figures) return snapshot;
  const number = (n: number) => new RegExp(`(?<![\\d.,])${n}(?![\\d.,]\\d)`, 'g');
  return snapshot
    .split('\n')
    .map((line) =>
      number(figures.combinations).test(line) && number(figures.screens).test(line)
        ? line
            .replace(number(figures.combinations), '<combinations>')
            .replace(number(figures.screens), '<screens>')
            .replace(number(figures.violations), '<violations>')
        : line,
    )
    .join('\n');
}

export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const content: Content = readContent();
  const ui = Object.fromEntries(
    LOCALES.map((l) => [l, JSON.parse(readFileSync(`content/locales/${l}/ui.json`, 'utf8')) as Record<string, any>]),
  );
  // What the kiosk under audit was built with (the run rewrites the file when it ends).
  const declared = (JSON.parse(readFileSync('kiosk/src/accessibility/declaration.json', 'utf8')) as { automated: AuditFigures | null }).automated;
  const dateParts = [...new Set(Object.values(ui).flatMap((u) => [u.field.date.day, u.field.date.month, u.field.date.year] as string[]))];
  const allow = (parse(readFileSync('a11y/allow-list.yaml', 'utf8')) ?? []) as AllowEntry[];
  const goldenDir = options.goldenDir ?? 'a11y/golden';
  const town = content.site.town;
  const speechLangOf = (l: string) => content.site.locales.find((x) => x.code === l)?.speech ?? l;
  const dirOf = (l: string) => content.site.locales.find((x) => x.code === l)?.dir ?? 'ltr';
  const words = wordsOf(ui.fr!);

  const violations: Violation[] = [];
  const screens = new Map<string, ScreenRecord>();
  const goldenWritten: string[] = [];
  const pictograms = new Map<string, Map<string, Set<string>>>();
  const toolsByCombo = new Map<string, { screen: string; tools: string }>();
  const focusSamples = new Map<string, number>();
  let checksRun = 0;
  let incompleteAllowed = 0;
  const visitedRoutes = new Set<string>();
  const visitedSteps = new Set<string>();
  const skipped: string[] = [];

  const timing = new Map<string, number>();
  const timed = async <T,>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      timing.set(name, (timing.get(name) ?? 0) + performance.now() - t0);
    }
  };
  const fail = (screen: string, combo: string, check: string, message: string) => {
    violations.push({ screen, combo, check, message });
    log(`  ✗ ${screen} [${combo}] ${check}: ${message}`);
  };
  const inSlice = (state: State, locale: string, theme: Theme, size: TextSize) =>
    options.scope === 'full' || SLICE_STATES.has(state.id) || (locale === 'fr' && theme === 'default' && size === 100);
  /** In the slice, keyboard, reflow and speech run on the frame's screens and one procedure. */
  const heavy = (state: State) =>
    options.scope === 'full' || SLICE_STATES.has(state.id) || !state.id.includes('/') || state.id.startsWith('write-to-town-hall/');
  const localeInSlice = (state: State, locale: string) => options.scope === 'full' || SLICE_STATES.has(state.id) || locale === 'fr';

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    // tsx keeps function names with a `__name` helper that functions passed to evaluate carry.
    await page.addInitScript('window.__name = (f) => f;');
    await page.addInitScript({ path: AXE_PATH });
    await page.addInitScript(SPEECH_MOCK);
    return page;
  }

  async function axeCheck(page: Page, state: State, combo: string, everyRule: boolean): Promise<void> {
    const result = await page.evaluate(
      async ({ tags, experimental, only }) => {
        const axe = (window as any).axe;
        if (!axe._guichetConfigured) {
          axe.configure({ noHtml: true });
          axe._guichetConfigured = true;
        }
        const r = await axe.run(
          document,
          only
            ? { runOnly: { type: 'rule', values: only }, resultTypes: ['violations', 'incomplete'] }
            : {
                runOnly: { type: 'tag', values: tags },
                rules: Object.fromEntries(experimental.map((id: string) => [id, { enabled: true }])),
                resultTypes: ['violations', 'incomplete'],
              },
        );
        const pick = (list: any[]) =>
          list.map((v) => ({
            id: v.id,
            help: `${v.help}${v.nodes[0]?.any?.[0]?.message ? ` (${v.nodes[0].any[0].message})` : ''}`,
            targets: v.nodes.map((n: any) => String(n.target)).slice(0, 5),
          }));
        return { violations: pick(r.violations), incomplete: pick(r.incomplete) };
      },
      { tags: AXE_TAGS, experimental: AXE_EXPERIMENTAL_RGAA, only: everyRule ? null : AXE_RENDERING_RULES },
    );
    checksRun++;
    for (const v of result.violations) fail(state.id, combo, `1 axe ${v.id}`, `${v.help}: ${v.targets.join(', ')}`);
    for (const v of result.incomplete) {
      const rest = v.targets.filter((t: string) => !allow.some((a) => a.rule === v.id && (!a.target || t.includes(a.target))));
      incompleteAllowed += v.targets.length - rest.length;
      if (rest.length) fail(state.id, combo, `1 axe incomplete ${v.id}`, `${v.help} (not in a11y/allow-list.yaml): ${rest.join(', ')}`);
    }
  }

  function expectations(state: State, locale: string): DomExpectations {
    const t = ui[locale]!;
    const progress = state.progress
      ? `^(?:${[t.step.progress, t.step.progressOpen].map((form) => escapeRe(form).replace('\\{\\{current\\}\\}', '\\d+').replace('\\{\\{total\\}\\}', '\\d+')).join('|')})$`
      : undefined;
    return {
      lang: speechLangOf(locale),
      dir: dirOf(locale),
      town: state.id === 'content-error' ? '' : town,
      progress,
      // As the kiosk writes it: French spacing in the French locales (kiosk/src/i18n/typography.ts).
      errorPrefix: state.kind === 'error' ? typeset(locale, String(t.app.errorTitle).split('{{')[0] ?? '') : undefined,
    };
  }

  async function domCheck(page: Page, state: State, locale: string, combo: string): Promise<void> {
    const report = await page.evaluate(domChecks, expectations(state, locale));
    checksRun++;
    for (const p of report.problems) fail(state.id, combo, p.split(':')[0]!, p);
    const byLabel = pictograms.get(locale) ?? new Map<string, Set<string>>();
    pictograms.set(locale, byLabel);
    for (const [label, picto] of report.actions) byLabel.set(label, (byLabel.get(label) ?? new Set()).add(picto));
    // 15: the tools are the same, in the same order and place, on every screen of a combination.
    if (state.kind !== 'dialog' && state.id !== 'content-error') {
      const tools = JSON.stringify(report.tools);
      const seen = toolsByCombo.get(combo);
      if (!seen) toolsByCombo.set(combo, { screen: state.id, tools });
      else if (seen.tools !== tools) fail(state.id, combo, '15', `banner tools differ from ${seen.screen}: ${tools} vs ${seen.tools}`);
    }
  }

  async function reflowCheck(page: Page, state: State, combo: string, withSpacing: boolean): Promise<void> {
    // 640 x 360 (landscape) is looser than 320 px wide at 100 %: checked with 200 % text only.
    for (const size of withSpacing ? [{ width: 320, height: 640 }, { width: 640, height: 360 }] : [{ width: 320, height: 640 }]) {
      await page.setViewportSize(size);
      for (const p of await page.evaluate(reflowChecks)) fail(state.id, `${combo} ${size.width}px`, '8', p);
      checksRun++;
    }
    // WCAG 1.4.12 text spacing, through the "more spacing" setting, at 320 px and 200 % text.
    if (!withSpacing) {
      await page.setViewportSize(VIEWPORT);
      return;
    }
    await page.setViewportSize({ width: 320, height: 640 });
    await page.evaluate(() => (window as any).guichetDisplay.updateSettings({ moreSpacing: true }));
    const spacing = await page.evaluate(() => {
      const p = document.querySelector('main p') as HTMLElement | null;
      if (!p) return '';
      const s = getComputedStyle(p);
      const size = parseFloat(s.fontSize);
      const ok = Math.abs(parseFloat(s.letterSpacing) - 0.12 * size) < 0.5 && Math.abs(parseFloat(s.wordSpacing) - 0.16 * size) < 0.5;
      return ok ? '' : `spacing setting gives letter ${s.letterSpacing} word ${s.wordSpacing} at ${size}px`;
    });
    if (spacing) fail(state.id, combo, '8', spacing);
    for (const p of await page.evaluate(reflowChecks)) fail(state.id, `${combo} 320px spacing`, '8', p);
    checksRun++;
    await page.evaluate(() => (window as any).guichetDisplay.updateSettings({ moreSpacing: false }));
    await page.setViewportSize(VIEWPORT);
  }

  /** Target 2 and 3: Tab through the screen; order follows reading order (mirrored in RTL). */
  async function keyboardWalk(page: Page, state: State, locale: string, pixels: boolean): Promise<void> {
    const combo = `${locale} default 100`;
    const rtl = dirOf(locale) === 'rtl';
    const expected = await page.evaluate(tabbables);
    const returnTo = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.auditStop ?? null);
    // From the top of the screen (or of the open dialog) to the end, never round: past the last
    // stop focus leaves the page for the browser, and the way back in is the browser's, whose
    // hand-over once raced the next key press under load and came back after the heading.
    await page.evaluate(() => {
      const dialog = document.querySelector('dialog[open]');
      if (dialog) return (dialog.querySelector('[tabindex="-1"]') as HTMLElement | null)?.focus();
      // Focus moved to the very start and the marker removed: the next Tab starts from there.
      const start = document.createElement('span');
      start.tabIndex = -1;
      document.body.prepend(start);
      start.focus({ preventScroll: true });
      start.remove();
      window.scrollTo(0, 0);
    });
    const order: Array<NonNullable<ReturnType<typeof focusedStop>>> = [];
    let trapped = false;
    for (let i = 0; i < expected.length + 6; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(focusedStop);
      // Focus has left the page: the walk is over.
      if (!stop || order.some((o) => o.key === stop.key)) break;
      order.push(stop);
      // The skip link appears only when focused: there is no unfocused look to compare with.
      if (pixels && !stop.sig.includes('skip-link')) await focusPixels(page, state, stop);
      const covered = await page.evaluate(focusCovered);
      if (covered) fail(state.id, combo, '3', covered);
      // No trap: Shift+Tab goes back to the stop before, and Tab comes here again.
      if (order.length === 2) {
        await page.keyboard.press('Shift+Tab');
        trapped = (await page.evaluate(focusedStop))?.key !== order[0]!.key;
        await page.keyboard.press('Tab');
      }
    }
    checksRun++;
    if (trapped) fail(state.id, combo, '2', 'Shift+Tab does not move focus back to the stop before');
    const reached = new Set(order.map((o) => o.key));
    const missed = expected.filter((k) => !reached.has(k));
    if (missed.length) {
      const names = await page.evaluate(
        (keys) => keys.map((k) => document.querySelector(`[data-audit-stop="${k}"]`)?.outerHTML.slice(0, 80) ?? k),
        missed,
      );
      fail(state.id, combo, '2', `Tab never reached ${names.join(' | ')} (the walk went ${order.map((o) => o.sig).join(' > ')})`);
    }
    // Reading order: never back up and towards the start of the line.
    for (let i = 1; i < order.length; i++) {
      const a = { ...order[i - 1]!.box, ...order[i - 1]!.page };
      const b = { ...order[i]!.box, ...order[i]!.page };
      const sameRow = b.y < a.y + a.h - 2 && a.y < b.y + b.h - 2;
      const startward = rtl ? b.x + b.w > a.x + a.w + 2 : b.x < a.x - 2;
      const above = b.y + b.h <= a.y + 2;
      if ((sameRow && startward) || (above && (rtl ? b.x + b.w > a.x + 2 : b.x < a.x + a.w - 2)))
        fail(state.id, combo, '2', `tab order goes against reading order (${rtl ? 'rtl' : 'ltr'}) between stops ${i} and ${i + 1} (${order[i - 1]!.sig} ${JSON.stringify(a)} -> ${order[i]!.sig} ${JSON.stringify(b)})`);
    }
    await page.evaluate(
      (k) => ((k ? document.querySelector(`[data-audit-stop="${k}"]`) : document.querySelector('dialog[open] h2, main h1')) as HTMLElement | null)?.focus(),
      returnTo,
    );
  }

  /** Target 3 by pixels: each kind of focusable, in each theme, changes an area of at least a 2 px perimeter at 3:1. */
  async function focusPixels(page: Page, state: State, stop: NonNullable<ReturnType<typeof focusedStop>>): Promise<void> {
    for (const theme of THEMES) {
      const sampleKey = `${theme} ${stop.sig}`;
      if ((focusSamples.get(sampleKey) ?? 0) >= 2) continue;
      focusSamples.set(sampleKey, (focusSamples.get(sampleKey) ?? 0) + 1);
      if (theme !== 'default') await page.evaluate((t) => (window as any).guichetDisplay.updateSettings({ theme: t }), theme);
      const now = (await page.evaluate(focusedStop)) ?? stop;
      const pad = 14;
      const vp = page.viewportSize()!;
      const x = Math.max(0, now.box.x - pad);
      const y = Math.max(0, now.box.y - pad);
      const clip = { x, y, width: Math.min(vp.width - x, now.box.w + 2 * pad), height: Math.min(vp.height - y, now.box.h + 2 * pad) };
      if (clip.width > 4 && clip.height > 4) {
        const after = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        const before = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Tab');
        const { changed } = await page.evaluate(focusDiff, {
          before: `data:image/png;base64,${before.toString('base64')}`,
          after: `data:image/png;base64,${after.toString('base64')}`,
        });
        const needed = 2 * 2 * (now.box.w + now.box.h);
        checksRun++;
        if (changed < needed)
          fail(state.id, `fr ${theme} 100`, '3', `focus of ${now.sig} changes ${changed} px at 3:1, needs ${Math.round(needed)} (2 px around)`);
      }
      if (theme !== 'default') await page.evaluate(() => (window as any).guichetDisplay.updateSettings({ theme: 'default' }));
    }
  }

  async function ariaGolden(page: Page, state: State, locale: string): Promise<void> {
    let snapshot = normalise(await page.locator('body').ariaSnapshot(), dateParts);
    // The accessibility page quotes the last full audit, which every full run rewrites.
    if (state.id === 'accessibility') snapshot = maskAuditFigures(snapshot, declared);
    checksRun++;
    const file = join(goldenDir, locale, `${state.id.replace(/\//g, '__')}.yaml`);
    if (!/- banner/.test(snapshot) || !/- main/.test(snapshot) || !/- contentinfo/.test(snapshot))
      fail(state.id, locale, '21', 'aria snapshot lacks banner, main or contentinfo');
    if ((snapshot.match(/- heading ".*" \[level=1\]/g) ?? []).length !== 1) fail(state.id, locale, '21', 'aria snapshot does not have exactly one level-1 heading');
    const old = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (old === snapshot) return;
    if (old === undefined || options.updateGolden) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, snapshot);
      goldenWritten.push(file);
      return;
    }
    const was = old.split('\n');
    const now = snapshot.split('\n');
    const line = now.findIndex((l, i) => l !== was[i]);
    fail(state.id, locale, '21', `aria snapshot differs from ${file} at line ${line + 1}: "${now[line]?.trim()}" was "${was[line]?.trim()}" (A11Y_UPDATE_GOLDEN=1 to accept)`);
  }

  async function speechCheck(page: Page, state: State, locale: string): Promise<void> {
    const expectedLang = speechLangOf(locale);
    const h1 = await page.evaluate(
      (error) => (document.querySelector(error ? '.error-summary h2' : 'dialog[open] h2, main h1')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      state.kind === 'error' && locale === 'fr',
    );
    let log: Spoken[] = [];
    for (let i = 0; i < 20; i++) {
      log = await page.evaluate(() => (window as any).spokenLog as Spoken[]);
      if (log.some((u) => u.text && h1 && u.text.replace(/\s+/g, ' ').includes(h1.slice(0, 20)))) break;
      await page.waitForTimeout(50);
    }
    checksRun++;
    const said = log.filter((u) => u.text && h1 && u.text.replace(/\s+/g, ' ').includes(h1.slice(0, 20)));
    if (!said.length) fail(state.id, locale, '22', `the screen's heading "${h1}" was not spoken`);
    else if (!said.some((u) => u.lang === expectedLang)) fail(state.id, locale, '22', `spoken in ${said.map((u) => u.lang).join(',')}, not ${expectedLang}`);
    for (const value of state.privateValues ?? [])
      if (log.some((u) => u.text?.includes(value))) fail(state.id, locale, '22', `a private answer was spoken: "${value}"`);
    await page.evaluate(() => ((window as any).spokenLog as unknown[]).splice(0));
  }

  /** Every check of a state across the matrix (or the slice), then back to fr / default / 100. */
  async function audit(page: Page, state: State): Promise<void> {
    if (screens.has(state.id)) return;
    const path = await page.evaluate(() => location.pathname);
    const route = state.id === 'content-error' ? 'contentError' : routeOf(path).name;
    visitedRoutes.add(route);
    const record: ScreenRecord = { id: state.id, route, path, combos: 0 };
    screens.set(state.id, record);
    log(`${state.id} (${path})`);
    for (const locale of LOCALES) {
      if (!localeInSlice(state, locale)) continue;
      for (const size of SIZES) {
        for (const theme of THEMES) {
          if (!inSlice(state, locale, theme, size)) continue;
          await timed('display', () => setDisplay(page, { locale, theme, textSize: size, readAloud: true }));
          const combo = `${locale} ${theme} ${size}`;
          await timed('axe', () => axeCheck(page, state, combo, theme === 'default' && size === 100));
          await timed('dom', () => domCheck(page, state, locale, combo));
          record.combos++;
        }
        await setDisplay(page, { locale, theme: 'default', textSize: size });
        if (heavy(state)) await timed('reflow', () => reflowCheck(page, state, `${locale} default ${size}`, size === 200));
      }
      await setDisplay(page, { locale, theme: 'default', textSize: 100 });
      if (heavy(state) && (state.kind !== 'filled' || locale !== 'fr')) await timed('speech', () => speechCheck(page, state, locale));
      await timed('aria', () => ariaGolden(page, state, locale));
      if (heavy(state) && (locale === 'fr' || locale === 'ar')) await timed('keyboard', () => keyboardWalk(page, state, locale, locale === 'fr'));
      if (locale === 'fr' && heavy(state)) {
        await page.emulateMedia({ forcedColors: 'active' });
        for (const p of await page.evaluate(forcedColourChecks)) fail(state.id, `${locale} forced-colors`, '9', p);
        await page.emulateMedia({ forcedColors: 'none', reducedMotion: 'reduce' });
        for (const p of await page.evaluate(runningAnimations)) fail(state.id, `${locale} reduced-motion`, '9', p);
        await page.emulateMedia({ reducedMotion: 'no-preference' });
        await page.evaluate(() => (window as any).guichetDisplay.updateSettings({ pauseAnimations: true }));
        for (const p of await page.evaluate(runningAnimations)) fail(state.id, `${locale} pause-animations`, '9', p);
        await page.evaluate(() => (window as any).guichetDisplay.updateSettings({ pauseAnimations: false }));
        checksRun += 3;
      }
    }
    await setDisplay(page, { locale: 'fr', theme: 'default', textSize: 100 });
    await page.evaluate(() => ((window as any).spokenLog as unknown[]).splice(0));
  }

  /** Target 4: after a transition, the title names the screen and focus is on its h1 (or the error summary). */
  async function arrival(page: Page, state: State): Promise<void> {
    if (screens.has(state.id)) return;
    await page
      .waitForFunction(() => document.activeElement?.matches('main h1, .error-summary, dialog h2'), undefined, { timeout: 3000 })
      .catch(() => {});
    const where = await page.evaluate(() => ({
      title: document.title,
      active: document.activeElement?.matches('main h1, .error-summary, dialog h2') ? 'ok' : document.activeElement?.outerHTML.slice(0, 80),
    }));
    checksRun++;
    if (where.active !== 'ok') fail(state.id, 'fr default 100', '4', `focus after the transition is on ${where.active}`);
    if (state.kind === 'error') {
      const flow = await page.evaluate(() => {
        const problems: string[] = [];
        const links = [...document.querySelectorAll<HTMLAnchorElement>('.error-summary a')];
        if (!links.length) problems.push('12: error summary without links');
        for (const link of links) {
          const target = document.getElementById(link.getAttribute('href')!.slice(1));
          if (!target) {
            problems.push(`12: error link to a missing field ${link.getAttribute('href')}`);
            continue;
          }
          const holder = target.getAttribute('aria-invalid') ? target : target.closest('[aria-invalid]');
          if (holder?.getAttribute('aria-invalid') !== 'true') problems.push(`12: field ${target.id} not aria-invalid`);
          const described = [holder, target, target.closest('fieldset')]
            .flatMap((el) => (el?.getAttribute('aria-describedby') ?? '').split(/\s+/))
            .map((id) => (id ? document.getElementById(id) : null))
            .filter((el) => el?.classList.contains('field-error'));
          if (!described.length) problems.push(`12: field ${target.id} not described by its error message`);
        }
        links[0]?.click();
        const first = links[0] && document.getElementById(links[0].getAttribute('href')!.slice(1));
        if (first && document.activeElement !== first) problems.push('12: the error link does not move focus to its field');
        return problems;
      });
      for (const p of flow) fail(state.id, 'fr default 100', '12', p);
    }
  }

  async function visit(page: Page, state: State): Promise<void> {
    if (screens.has(state.id)) return;
    await arrival(page, state);
    await audit(page, state);
  }

  /** Every context a walk opened, closed at the end even when the walk failed half-way. */
  const opened = new Set<BrowserContext>();

  /** A page in a context of its own: nothing of an earlier walk (session, storage, cache) shows. */
  async function startPage(): Promise<Page> {
    const context = await options.browser.newContext({ viewport: VIEWPORT, hasTouch: true, locale: 'fr-FR', reducedMotion: 'no-preference' });
    opened.add(context);
    const page = await newPage(context);
    await page.goto(options.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await setDisplay(page, { locale: 'fr', theme: 'default', textSize: 100, readAloud: true });
    return page;
  }

  async function openFromBanner(page: Page, name: string): Promise<void> {
    await page.getByRole('navigation').getByRole('link', { name, exact: true }).tap();
    await page.waitForFunction(() => document.activeElement?.matches('main h1'), undefined, { timeout: 3000 }).catch(() => {});
  }

  /**
   * The camera screen of a file step (the browser has Chromium's fake camera): the live
   * preview with its shutter, then the photo taken; back to the step without keeping it.
   */
  async function walkCapture(page: Page, step: Procedure['steps'][number], id: string, base: Partial<State>): Promise<void> {
    const c = ui.fr!.capture;
    await page.getByRole('link', { name: ui.fr!.field.file.takePhoto, exact: true }).first().tap();
    await page.getByRole('heading', { level: 1, name: c.title }).waitFor();
    const shutter = page.getByRole('button', { name: c.shutter, exact: true });
    await shutter.waitFor();
    await visit(page, { ...base, id: `${id}/capture`, kind: 'screen' });
    await shutter.tap();
    await page.getByRole('heading', { level: 2, name: c.taken.replace('{{page}}', '1') }).waitFor();
    await audit(page, { ...base, id: `${id}/capture/taken`, kind: 'filled' });
    await page.getByRole('link', { name: c.cancel, exact: true }).tap();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: step.title.fr! }).waitFor();
  }

  /** "Suivre ma demande": the form, its errors (nothing typed; a wrong code) and a real request's status. */
  async function walkTracking(page: Page): Promise<void> {
    const t = ui.fr!.tracking;
    const answer = await fetch(`${options.url}/api/submissions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
      body: JSON.stringify(validSubmission(content.procedures.find((p) => p.audience === 'resident')!, { postcodes: content.site.postcodes })),
    });
    const { reference, trackingCode } = (await answer.json()) as { reference: string; trackingCode: string };
    await openFromBanner(page, ui.fr!.nav.home);
    await page.getByRole('link', { name: new RegExp(`^${escapeRe(t.title)}`) }).tap();
    await page.getByRole('heading', { level: 1, name: t.title, exact: true }).waitFor();
    await visit(page, { id: 'tracking', kind: 'screen' });
    await page.getByRole('button', { name: t.submit }).tap();
    await page.locator('.error-summary').waitFor();
    await visit(page, { id: 'tracking/error', kind: 'error' });
    const privateValues = [trackingCode];
    await page.getByRole('textbox', { name: t.reference }).fill(reference);
    await page.getByRole('textbox', { name: t.code }).fill(trackingCode === 'ZZZZZZ' ? 'YYYYYY' : 'ZZZZZZ');
    await page.getByRole('button', { name: t.submit }).tap();
    await page.getByRole('alert').getByRole('link', { name: t.errors.notFound }).waitFor();
    await visit(page, { id: 'tracking/not-found', kind: 'error' });
    await page.getByRole('textbox', { name: t.code }).fill(trackingCode);
    await page.getByRole('button', { name: t.submit }).tap();
    await page.getByRole('heading', { level: 1, name: t.result.heading }).waitFor();
    await visit(page, { id: 'tracking/result', kind: 'screen', privateValues });
  }

  /** The screens outside procedures. */
  async function walkFrame(): Promise<void> {
    const page = await startPage();
    await visit(page, { id: 'home', kind: 'screen' });
    await page.locator('#settings-button').tap();
    await page.locator('dialog[open]').waitFor();
    await visit(page, { id: 'settings', kind: 'dialog' });
    await page.keyboard.press('Escape');
    const back = await page.evaluate(() => document.activeElement?.id);
    if (back !== 'settings-button') fail('settings', 'fr default 100', '17', `closing the panel leaves focus on ${back}, not its button`);
    await openFromBanner(page, ui.fr!.nav.language);
    await visit(page, { id: 'language', kind: 'screen' });
    await openFromBanner(page, ui.fr!.nav.help);
    await visit(page, { id: 'help', kind: 'screen' });
    await page.getByRole('contentinfo').getByRole('link', { name: ui.fr!.footer.accessibility }).tap();
    await visit(page, { id: 'accessibility', kind: 'screen' });
    await walkTracking(page);
    await page.evaluate(() => {
      history.pushState(null, '', '/nowhere');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await visit(page, { id: 'not-found', kind: 'screen' });
    await page.evaluate(() => {
      history.pushState(null, '', '/suivi');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.waitForFunction(() => document.activeElement?.matches('main h1'), undefined, { timeout: 3000 }).catch(() => {});
    await visit(page, { id: 'tracking', kind: 'screen' });
    await page.evaluate(() => {
      history.pushState(null, '', '/agents');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.waitForFunction(() => document.activeElement?.matches('main h1'), undefined, { timeout: 3000 }).catch(() => {});
    await visit(page, { id: 'agents', kind: 'screen' });
    // Reception's desk: sign-in, and what a missing identifier says.
    await page.evaluate(() => {
      history.pushState(null, '', '/reprendre');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.getByRole('heading', { level: 1, name: ui.fr!.resume.title }).waitFor();
    await visit(page, { id: 'resume', kind: 'screen' });
    await page.getByRole('button', { name: ui.fr!.agents.signIn }).tap();
    await page.getByRole('alert').waitFor();
    await visit(page, { id: 'resume/error', kind: 'error' });
    // "I can't finish, help me" from a step: what will happen, then the code.
    const first = content.procedures.find((p) => p.id === 'write-to-town-hall')!.steps[0]!.id;
    await page.evaluate((path) => {
      history.pushState(null, '', path);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/p/write-to-town-hall/q/${first}/aide`);
    await page.getByRole('heading', { level: 1, name: ui.fr!.handoff.title }).waitFor();
    await visit(page, { id: 'handoff', kind: 'screen' });
    await page.getByRole('button', { name: ui.fr!.handoff.get }).tap();
    await page.getByRole('heading', { level: 1, name: ui.fr!.handoff.codeTitle }).waitFor();
    await visit(page, { id: 'handoff/code', kind: 'screen' });
    await page.context().close();
    // The content error: the server does not answer /api/content.
    // Its own context, without service worker, so no cache answers in the server's place.
    const isolated = await options.browser.newContext({ viewport: VIEWPORT, hasTouch: true, locale: 'fr-FR', serviceWorkers: 'block' });
    const broken = await newPage(isolated);
    await broken.route('**/api/content*', (r) => r.abort());
    await broken.goto(options.url);
    await broken.getByRole('heading', { level: 1 }).waitFor();
    await setDisplay(broken, { locale: 'fr', theme: 'default', textSize: 100, readAloud: true });
    await broken.getByRole('heading', { level: 1, name: ui.fr!.contentError.title }).waitFor();
    await visit(broken, { id: 'content-error', kind: 'screen' });
    await isolated.close();
  }

  /** Slots of a fixed week, for the booking screens: the server's change with the day. */
  const AUDIT_SLOTS = [
    ['perm-samia@2030-01-08T09:00', 'mediation', 'Rendez-vous avec Samia', 'epn-mediatheque', 'Espace numérique de la médiathèque', '2030-01-08T08:00:00.000Z', '2030-01-08T08:30:00.000Z', 1, 1],
    ['perm-samia@2030-01-08T09:30', 'mediation', 'Rendez-vous avec Samia', 'epn-mediatheque', 'Espace numérique de la médiathèque', '2030-01-08T08:30:00.000Z', '2030-01-08T09:00:00.000Z', 1, 1],
    ['atelier-smartphone@2030-01-10T09:30', 'workshop', 'Premiers pas avec un smartphone', 'epn-mediatheque', 'Espace numérique de la médiathèque', '2030-01-10T08:30:00.000Z', '2030-01-10T10:30:00.000Z', 12, 7],
    ['perm-samia@2030-01-10T14:00', 'mediation', 'Rendez-vous avec Samia', 'epn-mediatheque', 'Espace numérique de la médiathèque', '2030-01-10T13:00:00.000Z', '2030-01-10T13:30:00.000Z', 1, 1],
    ['perm-samia@2030-01-10T14:30', 'mediation', 'Rendez-vous avec Samia', 'epn-mediatheque', 'Espace numérique de la médiathèque', '2030-01-10T13:30:00.000Z', '2030-01-10T14:00:00.000Z', 1, 1],
  ].map(([id, kind, title, place, placeName, start, end, capacity, remaining]) => ({ id, kind, title, place, placeName, topics: ['procedure', 'devices'], start, end, capacity, remaining }));

  /**
   * Booking help from the home screen, every question (the first one in error too), the code,
   * and cancelling and confirming with a code (empty, in error). The slots and the booking come
   * from a fixed week (page.route), so the snapshots do not change with the day; the real API
   * is test/e2e/booking.test.ts's.
   */
  async function walkBooking(): Promise<void> {
    const b = ui.fr!.booking;
    const page = await startPage();
    await page.route('**/api/help/slots*', (route) => route.fulfill({ json: AUDIT_SLOTS }));
    await page.route('**/api/help/bookings', (route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 201, json: { code: 'K7QD-4MZ9', state: 'booked', slot: AUDIT_SLOTS[0] } }) : route.fallback(),
    );
    await page.getByRole('link', { name: new RegExp(`^${escapeRe(b.homeTitle)}`) }).tap();
    await page.getByRole('heading', { level: 1, name: b.what.title }).waitFor();
    await visit(page, { id: 'book/what', kind: 'screen', progress: true });
    await page.getByRole('button', { name: ui.fr!.step.continue }).tap();
    await page.locator('.error-summary').waitFor();
    await visit(page, { id: 'book/what/error', kind: 'error', progress: true });
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: ui.fr!.step.continue }).tap();
    await page.getByRole('heading', { level: 1, name: b.where.title }).waitFor();
    await visit(page, { id: 'book/where', kind: 'screen', progress: true });
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: ui.fr!.step.continue }).tap();
    await page.getByRole('heading', { level: 1, name: b.when.title }).waitFor();
    await page.getByRole('radio').first().waitFor();
    await visit(page, { id: 'book/when', kind: 'screen', progress: true });
    await page.getByRole('button', { name: b.when.more }).tap();
    await page.getByRole('button', { name: b.when.earlier }).waitFor();
    await audit(page, { id: 'book/when/later', kind: 'screen', progress: true });
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: ui.fr!.step.continue }).tap();
    await page.getByRole('heading', { level: 1, name: b.who.title }).waitFor();
    await visit(page, { id: 'book/who', kind: 'screen', progress: true });
    await page.getByRole('textbox', { name: b.who.title }).fill('Camille');
    await page.getByRole('button', { name: ui.fr!.step.continue }).tap();
    await page.getByRole('heading', { level: 1, name: b.remind.title }).waitFor();
    await visit(page, { id: 'book/remind', kind: 'screen', progress: true });
    await page.getByRole('radio', { name: b.remind.sms }).check();
    await page.getByRole('textbox', { name: b.remind.phone }).fill('12');
    await page.getByRole('button', { name: b.remind.submit }).tap();
    await page.locator('.error-summary').waitFor();
    await visit(page, { id: 'book/remind/error', kind: 'error', progress: true });
    await page.getByRole('textbox', { name: b.remind.phone }).fill('06 12 34 56 78');
    await page.getByRole('button', { name: b.remind.submit }).tap();
    await page.getByRole('heading', { level: 1, name: b.done.title }).waitFor();
    await visit(page, { id: 'book/done', kind: 'screen', privateValues: ['K7QD-4MZ9'] });
    await page.evaluate(() => {
      history.pushState(null, '', '/rendez-vous/confirm');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.getByRole('heading', { level: 1, name: b.confirm.title }).waitFor();
    await visit(page, { id: 'book/confirm', kind: 'screen' });
    await openFromBanner(page, ui.fr!.nav.home);
    await page.getByRole('link', { name: b.cancelLink, exact: true }).tap();
    await page.getByRole('heading', { level: 1, name: b.cancel.title }).waitFor();
    await visit(page, { id: 'book/cancel', kind: 'screen' });
    await page.getByRole('button', { name: b.cancel.submit }).tap();
    await page.locator('.error-summary').waitFor();
    await visit(page, { id: 'book/cancel/error', kind: 'error' });
    await page.context().close();
  }

  /** Mediators: sign-in, their space, each question of an assisted session (empty, in error), the consent to print, home under the mandate. */
  async function walkMediation(): Promise<void> {
    if (!options.dataDir) return void skipped.push('mediation (no data folder to make a mediator account in)');
    const m = ui.fr!.mediation;
    const mediator = { login: 'audit.mediation', name: 'Camille Aide', code: 'audit-mediation-Kq7m!' };
    addStaffAccount(options.dataDir, { role: 'mediator', ...mediator });
    const page = await startPage();
    await page.getByRole('link', { name: m.title, exact: true }).tap();
    await page.getByRole('heading', { level: 1, name: m.title }).waitFor();
    await visit(page, { id: 'mediation/sign-in', kind: 'screen' });
    await page.getByRole('textbox', { name: m.login }).fill(mediator.login);
    await page.getByLabel(m.code, { exact: true }).fill(mediator.code);
    await page.getByRole('button', { name: m.signIn }).tap();
    await page.getByText(m.noSessions).waitFor();
    await visit(page, { id: 'mediation', kind: 'screen', privateValues: [mediator.code] });
    await page.getByRole('link', { name: m.open }).tap();
    const question = async (step: string, title: string, answer: () => Promise<void>, submit: string = ui.fr!.step.continue) => {
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      await visit(page, { id: `assist/${step}/empty`, kind: 'empty', progress: true });
      await page.getByRole('button', { name: submit }).tap();
      await page.locator('.error-summary').waitFor();
      await visit(page, { id: `assist/${step}/error`, kind: 'error', progress: true });
      await answer();
      await page.getByRole('button', { name: submit }).tap();
    };
    const resident = 'Zoé Quentin';
    await question('resident', m.resident.title, () => page.getByRole('textbox', { name: m.resident.title }).fill(resident));
    await question('procedures', m.procedures.title, () => page.getByRole('checkbox').first().check());
    await question('until', m.until.title, () => page.getByRole('radio', { name: m.until.session }).check());
    await question('consent', m.consent.title, () => page.getByRole('checkbox', { name: m.consent.confirm.replace('{{resident}}', resident) }).check(), m.consent.submit);
    await page.getByRole('heading', { level: 1, name: m.ready.title }).waitFor();
    await visit(page, { id: 'assist/ready', kind: 'screen' });
    await page.getByRole('link', { name: m.ready.start }).tap();
    await page.getByRole('heading', { level: 1, name: ui.fr!.home.heading.replace('{{town}}', town) }).waitFor();
    await visit(page, { id: 'mediation/assisted-home', kind: 'screen' });
    await page.context().close();
  }

  async function walkProcedure(procedure: Procedure): Promise<void> {
    const publicTexts = JSON.stringify([content, ui]);
    for (const generated of coveringAnswers(procedure, content.site.postcodes)) {
      // Private answers unlike any example of the interface, so a leak cannot hide in a hint.
      const answers: Answers = { ...generated };
      for (const f of allFields(procedure).filter((f) => f.private && answers[f.id] !== undefined)) {
        if (f.type === 'email') answers[f.id] = 'zoe.quentin@exemple.org';
        if (f.type === 'phone') answers[f.id] = '0698765431';
        if (f.type === 'address') answers[f.id] = { ...(answers[f.id] as object), street: '7 impasse des Glycines' } as Answers[string];
      }
      const page = await startPage();
      const driver = createDriver(page, 'touch', words);
      const privateValues = allFields(procedure)
        .filter((f) => f.private && answers[f.id] !== undefined)
        .flatMap((f) => {
          const v = answers[f.id];
          if (typeof v === 'string') return [v, v.replace(/(\d{2})(?=\d)/g, '$1 ')];
          if (v && typeof v === 'object' && !Array.isArray(v)) return Object.values(v).map(String);
          return [];
        })
        .filter((v) => v.length >= 4 && !publicTexts.includes(v));
      const base = { privateValues };
      const card = page.getByRole('link', { name: new RegExp(`^${escapeRe(procedure.title.fr!)}`) });
      if (await card.count()) await driver.press(card);
      else
        // Agent procedures are not on the home screen: reached by their address, as a signed-in agent's link does.
        await page.evaluate((path) => {
          history.pushState(null, '', path);
          dispatchEvent(new PopStateEvent('popstate'));
        }, `/p/${encodeURIComponent(procedure.id)}`);
      await page.getByRole('heading', { level: 1, name: procedure.title.fr }).waitFor();
      await visit(page, { ...base, id: `${procedure.id}/intro`, kind: 'screen' });
      await driver.press(page.getByRole('button', { name: words.start }));
      const shown = procedure.steps.filter((s) => !s.when || holds(s.when, answers));
      for (const step of shown) {
        await page.getByRole('heading', { level: 1 }).filter({ hasText: step.title.fr! }).waitFor();
        visitedSteps.add(`${procedure.id}/${step.id}`);
        const id = `${procedure.id}/${step.id}`;
        await visit(page, { ...base, id: `${id}/empty`, kind: 'empty', progress: true });
        if (step.fields.some((f) => f.type === 'file') && !screens.has(`${id}/capture`)) await walkCapture(page, step, id, base);
        if (step.fields.some((f) => f.required !== false) && !screens.has(`${id}/error`)) {
          await driver.press(page.getByRole('button', { name: words.continue }));
          await page.locator('.error-summary').waitFor();
          await visit(page, { ...base, id: `${id}/error`, kind: 'error', progress: true });
        }
        await driver.answerStep(step, answers);
        await audit(page, { ...base, id: `${id}/filled`, kind: 'filled', progress: true });
        await driver.press(page.getByRole('button', { name: words.continue }));
      }
      await page.getByRole('heading', { level: 1, name: ui.fr!.check.title }).waitFor();
      await visit(page, { ...base, id: `${procedure.id}/check`, kind: 'screen' });
      if (!screens.has(`${procedure.id}/done`)) {
        await driver.press(page.getByRole('button', { name: words.send }));
        const sent = await page
          .getByRole('heading', { level: 1, name: ui.fr!.done.title })
          .waitFor({ timeout: procedure.audience === 'agent' ? 8000 : 30000 })
          .then(() => true, (error) => {
            if (procedure.audience !== 'agent') throw error;
            return false;
          });
        if (!sent) {
          // The server takes agent procedures from a signed-in agent only; the audit has no account.
          skipped.push(`${procedure.id}/done (the server wants a signed-in agent)`);
          await page.context().close();
          continue;
        }
        await visit(page, { ...base, id: `${procedure.id}/done`, kind: 'screen' });
        // 17: Terminer resets the display settings for the next person.
        await setDisplay(page, { locale: 'ar', theme: 'contrast', textSize: 200, readAloud: true });
        await page.getByRole('button', { name: ui.ar!.done.finish, exact: true }).tap();
        // The session's end may reload the page (kiosk/src/session): wait for the home screen again.
        let after: { textSize?: number; theme?: string; readAloud?: boolean } = {};
        for (let i = 0; i < 20; i++) {
          try {
            await page.getByRole('heading', { level: 1, name: ui.fr!.home.heading.replace('{{town}}', town) }).waitFor();
            after = await page.evaluate(() => ({ ...(window as any).guichetDisplay.currentSettings(), theme: document.documentElement.dataset.theme }));
            break;
          } catch {
            await page.waitForTimeout(250);
          }
        }
        if (after.textSize !== 100 || after.theme !== 'default' || after.readAloud)
          fail(`${procedure.id}/done`, 'ar contrast 200', '17', `settings not reset at session end: ${JSON.stringify(after)}`);
      }
      await page.context().close();
    }
  }

  // Walks run `workers` at a time; each opens the contexts it needs.
  const workers = Math.max(1, options.workers ?? 2);
  const only = options.only?.length ? new Set(options.only) : undefined;
  const queue: Array<(() => Promise<void>) & { label: string }> = [
    ...content.procedures.filter((p) => !only || only.has(p.id)).map((p) => Object.assign(() => walkProcedure(p), { label: p.id })),
    ...(!only || only.has('frame') ? [Object.assign(() => walkFrame(), { label: 'frame' })] : []),
    ...(!only || only.has('mediation') ? [Object.assign(() => walkMediation(), { label: 'mediation' })] : []),
    ...(!only || only.has('booking') ? [Object.assign(() => walkBooking(), { label: 'booking' })] : []),
  ];
  try {
    await Promise.all(
      Array.from({ length: workers }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          try {
            await job();
          } catch (error) {
            fail(`walk ${job.label}`, '-', 'walk', String(error instanceof Error ? error.stack ?? error.message : error).slice(0, 600));
          }
        }
      }),
    );
  } finally {
    await Promise.all([...opened].map((c) => c.close().catch(() => undefined)));
  }

  // 20: the same idea always has the same pictogram.
  for (const [locale, byLabel] of pictograms)
    for (const [label, set] of byLabel) if (set.size > 1) fail('all', locale, '20', `"${label}" shown with pictograms ${[...set].join(', ')}`);

  // Coverage: every route of the router, every step of every procedure.
  const notVisited = only
    ? []
    : [
        ...[...ROUTE_NAMES, 'contentError'].filter((r) => !visitedRoutes.has(r)).map((r) => `route ${r}`),
        ...content.procedures.flatMap((p) => p.steps.map((s) => `${p.id}/${s.id}`)).filter((s) => !visitedSteps.has(s)).map((s) => `step ${s}`),
      ];
  for (const n of notVisited) fail(n, '-', 'coverage', `${n} was not audited`);

  return {
    scope: options.scope,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    workers,
    matrix: { locales: LOCALES, themes: THEMES, sizes: SIZES },
    screens: [...screens.values()],
    checksRun,
    violations,
    incompleteAllowed,
    goldenWritten,
    notVisited,
    skipped,
    timing: Object.fromEntries([...timing].map(([k, v]) => [k, Math.round(v / 1000)])),
  };
}
