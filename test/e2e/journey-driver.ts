// Walks a procedure through the kiosk as a person would, from the procedure's own definition:
// finds every control by its role and accessible name, as a screen reader announces it, and
// answers either by touch (taps, on-screen typing) or with the keyboard alone (Tab, Space,
// arrows, Enter), never by CSS selector or test id.
import type { Locator, Page } from 'playwright-core';
import type { Address, AnswerValue, Answers, Field, Procedure, Step } from '../../content/model/index.ts';
import { holds } from '../../content/model/index.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };

export type Mode = 'touch' | 'keyboard';

/** Words of the French interface that the driver looks for (content/locales/fr/ui.json). */
export interface KioskWords {
  start: string;
  /** The first word of "Étape N sur M". */
  step: string;
  continue: string;
  send: string;
  day: string;
  month: string;
  year: string;
  street: string;
  complement: string;
  postcode: string;
  city: string;
  /** The button-like label of the file input. */
  addFile: string;
}

/** The driver's words, read from the French interface texts. */
export const FRENCH_WORDS: KioskWords = {
  start: fr.intro.start,
  step: fr.step.progress.split(' ')[0]!,
  continue: fr.step.continue,
  send: fr.check.send,
  day: fr.field.date.day,
  month: fr.field.date.month,
  year: fr.field.date.year,
  street: fr.field.address.street,
  complement: fr.field.address.complement.replace(/\s*\(.*\)$/, ''),
  postcode: fr.field.address.postcode,
  city: fr.field.address.city,
  addFile: fr.field.file.add,
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The name as shown, possibly followed by "(facultatif)". */
const startsWith = (text: string) => new RegExp(`^${escape(text.trim())}`);

/** A file as the terminal's chooser would hand it over. */
type ChosenFile = { name: string; mimeType: string; buffer: Buffer };

export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

export function createDriver(page: Page, mode: Mode, words: KioskWords, locale = 'fr') {
  const say = (text: Record<string, string>) => text[locale] ?? text.fr ?? '';
  // Playwright asks Chromium to intercept file choosers when the first listener is added, and
  // does not wait for the answer: a key pressed right after `waitForEvent('filechooser')` can
  // open the chooser before interception is on, and the event never comes (seen in CI under
  // load). A listener kept from the start turns interception on long before any file step.
  page.on('filechooser', () => {});
  // A step that never comes is easier to read with the page's own last words beside it.
  page.on('crash', () => console.error(`[journey-driver] the page crashed at ${page.url()}`));
  page.on('pageerror', (error) => console.error(`[journey-driver] page error at ${page.url()}: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (request.url().includes('/assets/')) console.error(`[journey-driver] ${request.url()} failed: ${request.failure()?.errorText}`);
  });

  /** Presses Tab until the target has focus: the keyboard's only way to reach a control. */
  async function tabTo(target: Locator, limit = 80): Promise<void> {
    const handle = await target.elementHandle();
    for (let i = 0; i < limit; i++) {
      if (await page.evaluate((el) => el === document.activeElement, handle)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target}`);
  }

  async function press(target: Locator): Promise<void> {
    if (mode === 'touch') return target.tap();
    await tabTo(target);
    await page.keyboard.press('Enter');
  }

  async function type(target: Locator, value: string): Promise<void> {
    if (mode === 'touch') {
      await target.tap();
      await target.fill(value);
      return;
    }
    await tabTo(target);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(value);
  }

  async function tick(target: Locator): Promise<void> {
    if (await target.isChecked()) return;
    if (mode === 'touch') return target.tap();
    await tabTo(target);
    await page.keyboard.press('Space');
  }

  /** A radio group is one Tab stop: Tab into it, then arrows move the choice. */
  async function pickRadio(group: Locator, option: Locator): Promise<void> {
    if (mode === 'touch') return option.tap();
    const first = group.getByRole('radio').first();
    const checked = group.getByRole('radio', { checked: true });
    await tabTo((await checked.count()) ? checked : first);
    for (let i = 0; i < 20; i++) {
      if (await option.evaluate((el) => el === document.activeElement)) {
        await page.keyboard.press('Space');
        return;
      }
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`arrows never reached ${option}`);
  }

  /**
   * The keyboard opens the file chooser as a person would; the chooser itself is the
   * operating system's, so the test hands it the files.
   */
  async function pickFiles(input: Locator, chosen: ChosenFile[]): Promise<void> {
    if (mode === 'touch') return input.setInputFiles(chosen);
    await tabTo(input);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await chooser).setFiles(chosen);
  }

  function chooseFiles(input: Locator, count: number): Promise<void> {
    return pickFiles(
      input,
      Array.from({ length: count }, (_, i) => ({ name: `photo-${i + 1}.png`, mimeType: 'image/png', buffer: PNG_1X1 })),
    );
  }

  async function answer(scope: Locator, field: Field, name: string, value: AnswerValue): Promise<void> {
    switch (field.type) {
      case 'choice': {
        const option = field.options.find((o) => o.value === value)!;
        const group = scope.getByRole('radiogroup', { name: startsWith(name) });
        const holder = (await group.count()) ? group : scope;
        return pickRadio(holder, holder.getByRole('radio', { name: say(option.label), exact: true }));
      }
      case 'choices':
        for (const chosen of value as string[]) {
          const option = field.options.find((o) => o.value === chosen)!;
          await tick(scope.getByRole('checkbox', { name: say(option.label), exact: true }));
        }
        return;
      case 'consent':
        return tick(scope.getByRole('checkbox', { name: startsWith(say(field.label)) }));
      case 'date': {
        const [year, month, day] = (value as string).split('-') as [string, string, string];
        const group = scope.getByRole('group', { name: startsWith(name) });
        await type(group.getByRole('textbox', { name: words.day, exact: true }), String(Number(day)));
        await type(group.getByRole('textbox', { name: words.month, exact: true }), String(Number(month)));
        await type(group.getByRole('textbox', { name: words.year, exact: true }), year);
        return;
      }
      case 'address': {
        const address = value as Address;
        const group = scope.getByRole('group', { name: startsWith(name) });
        await type(group.getByRole('textbox', { name: startsWith(words.street) }), address.street);
        if (address.complement)
          await type(group.getByRole('textbox', { name: startsWith(words.complement) }), address.complement);
        await type(group.getByRole('textbox', { name: startsWith(words.postcode) }), address.postcode);
        await type(group.getByRole('textbox', { name: startsWith(words.city) }), address.city);
        return;
      }
      case 'file':
        return chooseFiles(scope.getByLabel(words.addFile, { exact: true }), (value as string[]).length);
      case 'number':
        return type(scope.getByRole('textbox', { name: startsWith(name) }).or(scope.getByRole('spinbutton', { name: startsWith(name) })), String(value));
      default:
        return type(scope.getByRole('textbox', { name: startsWith(name) }), String(value));
    }
  }

  async function answerStep(step: Step, answers: Answers): Promise<void> {
    const main = page.getByRole('main');
    for (const field of step.fields) {
      if (!Object.hasOwn(answers, field.id)) continue;
      // A lone field is named by the page's question; fields that share a page by their label.
      const name = step.fields.length === 1 ? say(step.title) : say(field.label);
      await answer(main, field, name, answers[field.id]!);
    }
  }

  /** The intro's start button, then each shown step: heading and progress checked, answered, continued. */
  async function walkSteps(procedure: Procedure, answers: Answers): Promise<void> {
    await press(page.getByRole('button', { name: words.start }).or(page.getByRole('link', { name: words.start })));
    const shown = procedure.steps.filter((step) => !step.when || holds(step.when, answers));
    for (const [index, step] of shown.entries()) {
      const heading = page.getByRole('heading', { level: 1 });
      await heading.filter({ hasText: say(step.title) }).waitFor();
      // "Étape 2 sur 5", or "Étape 2" while answers to come may still change the total.
      await page.getByText(new RegExp(`^${escape(words.step)} ${index + 1}(?: \\S+ \\d+)?$`)).first().waitFor();
      await answerStep(step, answers);
      await press(page.getByRole('button', { name: words.continue }));
    }
  }

  return {
    press,
    tabTo,
    pickFiles,
    answerStep,
    /**
     * From the procedure's intro page to the check-your-answers page: answers each shown step
     * and checks the page's heading and progress on the way. A failure says where the journey
     * stopped and what the screen showed.
     */
    async walk(procedure: Procedure, answers: Answers): Promise<void> {
      await walkSteps(procedure, answers).catch(async (error: unknown) => {
        const shown = await page.locator('main').innerText({ timeout: 5_000 }).catch((e: unknown) => `(unreadable: ${String(e)})`);
        throw new Error(`${String(error)}\n--- the page at ${page.url()} ---\n${shown}`);
      });
    },
  };
}
