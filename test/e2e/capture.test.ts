// Photos taken with the terminal's camera (Chromium's fake device) and a photo chosen as a file,
// through the real kiosk, the real server and the street back-office's webhook: what arrives
// is shrunk (long side at most 1600 px) and carries no EXIF. Then the failures a person can
// meet: no camera, permission refused, camera busy, each with its way on.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { holds, LIMITS, type Answers } from '../../content/model/index.ts';
import { validAnswers } from '../../server/test-support/valid-answers.ts';
import fr from '../../content/locales/fr/ui.json' with { type: 'json' };
import { FAKE_CAMERA_FLAGS, launchChromium } from '../support/chromium.ts';
import { hasExif, jpegSize, withExif } from '../support/jpeg.ts';
import { startWebhookReceiver, WEBHOOK_SECRET, type WebhookReceiver } from '../support/receivers.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { createDriver, FRENCH_WORDS } from './journey-driver.ts';

const content = readContent();
const procedure = content.procedures.find((p) => p.id === 'report-street-problem')!;
const words = FRENCH_WORDS;
const text = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));

let server: RunningServer;
let receiver: WebhookReceiver;
let browser: Browser;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startServer({
    GUICHET_STREET_WEBHOOK_URL: `${receiver.url}/street`,
    GUICHET_STREET_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GUICHET_RELAY_POLL_MS: '100',
  });
  browser = await launchChromium({ args: FAKE_CAMERA_FLAGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await receiver?.close();
});

async function openKiosk(on: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await on.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'fr-FR' });
  const page = await context.newPage();
  // A photo is shrunk in a worker before it is shown: on a loaded machine that alone can take
  // longer than Playwright's 30 s default wait.
  page.setDefaultTimeout(90_000);
  await page.goto(server.url);
  return { context, page };
}

/** A 3200 x 2400 JPEG that says which camera took it, as a phone's photo does. */
async function phonePhoto(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = new OffscreenCanvas(3200, 2400);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#8a6d3b';
    context.fillRect(0, 0, 3200, 2400);
    context.fillStyle = '#222';
    context.beginPath();
    context.ellipse(1600, 1400, 900, 400, 0, 0, Math.PI * 2);
    context.fill();
    const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 })).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return Buffer.from(withExif(Buffer.from(base64, 'base64'), { make: 'GuichetPhoneCam', orientation: 1 }));
}

/** Goes from home to the photos step of the street report, answering the steps before it. */
async function reachPhotos(page: Page, answers: Answers): Promise<ReturnType<typeof createDriver>> {
  const driver = createDriver(page, 'keyboard', words);
  await driver.press(page.getByRole('link', { name: new RegExp(`^${procedure.title.fr}`) }));
  await driver.press(page.getByRole('button', { name: words.start }));
  for (const step of procedure.steps) {
    if (step.when && !holds(step.when, answers)) continue;
    await page.getByRole('heading', { level: 1 }).filter({ hasText: step.title.fr! }).waitFor();
    if (step.id === 'photos') return driver;
    await driver.answerStep(step, answers);
    await driver.press(page.getByRole('button', { name: words.continue }));
  }
  throw new Error('the photos step was not shown');
}

interface DeliveredFile {
  filename: string;
  type: string;
  content: string;
}

describe('photos from the kiosk to the back-office', () => {
  it('takes photos with the camera by keyboard alone, retakes one, adds a chosen file, and the street service receives them shrunk and without EXIF', async () => {
    const answers = validAnswers(procedure, { postcodes: content.site.postcodes, choose: { notify: 'no' } });
    delete answers.photos;
    const { context, page } = await openKiosk(browser);
    try {
      const driver = await reachPhotos(page, answers);
      const main = page.getByRole('main');
      // The limits are said before any is met.
      await main.getByText(text(fr.field.file.count, { taken: 0, max: 3 })).waitFor();
      await main.getByText(text(fr.field.file.weight, { used: '0', max: LIMITS.maxSubmissionBytes / 1024 / 1024 })).waitFor();

      await driver.press(page.getByRole('link', { name: fr.field.file.takePhoto }));
      await page.getByRole('heading', { level: 1, name: fr.capture.title }).waitFor();
      // The preview is named for a screen reader; the shutter by its visible words.
      await page.getByRole('main').getByLabel(fr.capture.preview, { exact: true }).first().waitFor();
      const shutter = page.getByRole('button', { name: fr.capture.shutter });
      await driver.press(shutter);
      await page.getByRole('heading', { level: 2, name: text(fr.capture.taken, { page: 1 }) }).waitFor();
      await page.getByRole('img', { name: text(fr.capture.takenAlt, { page: 1 }) }).waitFor();
      // Focus went to the photo taken, so a screen reader says what happened.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('capture-taken');

      await driver.press(page.getByRole('button', { name: fr.capture.retake }));
      await shutter.waitFor();
      await page.getByText(text(fr.capture.photos, { taken: 0, max: 3 })).waitFor();
      await driver.press(shutter);
      await page.getByRole('heading', { level: 2, name: text(fr.capture.taken, { page: 1 }) }).waitFor();
      await driver.press(page.getByRole('button', { name: fr.capture.anotherPhoto }));
      await driver.press(shutter);
      await page.getByRole('heading', { level: 2, name: text(fr.capture.taken, { page: 2 }) }).waitFor();
      await page.getByText(text(fr.capture.photos, { taken: 2, max: 3 })).waitFor();
      await driver.press(page.getByRole('button', { name: text(fr.capture.keepPhotos, { taken: 2 }) }));

      await page.getByRole('heading', { level: 1, name: procedure.steps.find((s) => s.id === 'photos')!.title.fr }).waitFor();
      const removable = (name: string) => main.getByRole('button', { name: `${fr.field.file.remove} ${name}` });
      await removable('photo-1.jpg').waitFor();
      await removable('photo-2.jpg').waitFor();
      await main.getByText(text(fr.field.file.count, { taken: 2, max: 3 })).waitFor();

      // A photo from a phone, chosen as a file: shrunk too.
      await driver.pickFiles(page.getByLabel(words.addFile, { exact: true }), [
        { name: 'IMG_2041.JPG', mimeType: 'image/jpeg', buffer: await phonePhoto(page) },
      ]);
      await removable('IMG_2041.jpg').waitFor();
      await main.getByText(text(fr.field.file.count, { taken: 3, max: 3 })).waitFor();

      await driver.press(page.getByRole('button', { name: words.continue }));
      for (const step of procedure.steps.slice(procedure.steps.findIndex((s) => s.id === 'photos') + 1)) {
        if (step.when && !holds(step.when, answers)) continue;
        await page.getByRole('heading', { level: 1 }).filter({ hasText: step.title.fr! }).waitFor();
        await driver.answerStep(step, answers);
        await driver.press(page.getByRole('button', { name: words.continue }));
      }
      await page.getByRole('heading', { level: 1, name: fr.check.title }).waitFor();
      await driver.press(page.getByRole('button', { name: fr.check.send }));
      await page.getByRole('heading', { level: 1, name: fr.done.title }).waitFor();
      const reference = (await page.getByRole('main').innerText()).match(/Référence\s*:\s*([2-9A-Z]{4}-[2-9A-Z]{4})/)?.[1];
      expect(reference).toBeDefined();

      // The server stored three files against the photos answer.
      const db = new Database(join(server.dataDir, 'guichet.sqlite'), { readonly: true });
      const stored = db.prepare('SELECT answers_json, attachments_json FROM submissions WHERE reference = ?').get(reference) as
        | { answers_json: string; attachments_json: string }
        | undefined;
      db.close();
      expect((JSON.parse(stored!.answers_json) as Answers).photos).toHaveLength(3);

      // The street service's application received them.
      for (let i = 0; i < 200 && receiver.keys.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(receiver.keys.length).toBeGreaterThan(0);
      const delivered = (JSON.parse(receiver.lastBody) as { data: { attachments: DeliveredFile[] } }).data.attachments;
      expect(delivered).toHaveLength(3);
      for (const file of delivered) {
        const bytes = Buffer.from(file.content, 'base64');
        expect(file.type).toBe('image/jpeg');
        const { width, height } = jpegSize(bytes);
        expect(Math.max(width, height), file.filename).toBeLessThanOrEqual(LIMITS.maxImageSide);
        expect(hasExif(bytes), file.filename).toBe(false);
        expect(bytes.includes(Buffer.from('GuichetPhoneCam'))).toBe(false);
      }
      // The fake camera's 1920 x 1080 frames and the phone's 3200 x 2400 photo: each long side
      // brought to the limit, each ratio kept (the server names files itself, so by shape).
      const shapes = delivered.map((f) => jpegSize(Buffer.from(f.content, 'base64')));
      expect(shapes.every((s) => s.width === LIMITS.maxImageSide)).toBe(true);
      expect(shapes.map((s) => Number((s.height / s.width).toFixed(2))).sort()).toEqual([0.56, 0.56, 0.75]);
    } finally {
      await context.close();
    }
  });

  it('takes no more photos than the field has room for: the button for another goes once it is full', async () => {
    const answers = validAnswers(procedure, { postcodes: content.site.postcodes, choose: { notify: 'no' } });
    const { context, page } = await openKiosk(browser);
    try {
      const driver = await reachPhotos(page, answers);
      await driver.press(page.getByRole('link', { name: fr.field.file.takePhoto }));
      const shutter = page.getByRole('button', { name: fr.capture.shutter });
      for (let taken = 1; taken <= 3; taken++) {
        await driver.press(shutter);
        await page.getByRole('heading', { level: 2, name: text(fr.capture.taken, { page: taken }) }).waitFor();
        if (taken < 3) await driver.press(page.getByRole('button', { name: fr.capture.anotherPhoto }));
      }
      expect(await page.getByRole('button', { name: fr.capture.anotherPhoto }).count()).toBe(0);
      await page.getByText(text(fr.capture.photos, { taken: 3, max: 3 })).waitFor();
      await driver.press(page.getByRole('link', { name: fr.capture.cancel }));
      // Leaving without keeping adds nothing.
      await page.getByText(fr.field.file.none).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe('when the camera cannot be used', () => {
  async function failure(page: Page, message: string): Promise<void> {
    await page.getByRole('heading', { level: 1, name: fr.capture.title }).waitFor();
    const alert = page.getByRole('alert');
    await alert.getByText(message).waitFor();
    await alert.getByText(fr.capture.wayOn).waitFor();
    expect(await page.getByRole('button', { name: fr.capture.shutter }).count()).toBe(0);
  }

  it('says there is no camera, and leads back to choosing a file', async () => {
    // This machine has no camera: a browser without the fake device meets none.
    const bare = await launchChromium();
    const { page } = await openKiosk(bare);
    try {
      const driver = await reachPhotos(page, validAnswers(procedure, { postcodes: content.site.postcodes, choose: { notify: 'no' } }));
      await driver.press(page.getByRole('link', { name: fr.field.file.takePhoto }));
      await failure(page, fr.capture.failed.none);
      expect(await page.getByRole('button', { name: fr.capture.retry }).count()).toBe(0);
      await driver.press(page.getByRole('link', { name: fr.capture.cancel }));
      await page.getByLabel(words.addFile, { exact: true }).waitFor({ state: 'attached' });
    } finally {
      await bare.close();
    }
  });

  for (const [name, message] of [
    ['NotAllowedError', fr.capture.failed.refused],
    ['NotReadableError', fr.capture.failed.busy],
  ] as const)
    it(`says what a ${name} means, and tries again on request`, async () => {
      const { context, page } = await openKiosk(browser);
      try {
        // Stands in for the browser's own refusal (a policy, a denied prompt) or for another
        // program holding the camera, which this machine cannot produce; once only, so
        // "Réessayer" then opens the fake camera.
        await page.evaluate((errorName) => {
          const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
          let failures = 1;
          navigator.mediaDevices.getUserMedia = (constraints) =>
            failures-- > 0 ? Promise.reject(new DOMException('camera', errorName)) : real(constraints);
        }, name);
        const driver = await reachPhotos(page, validAnswers(procedure, { postcodes: content.site.postcodes, choose: { notify: 'no' } }));
        await driver.press(page.getByRole('link', { name: fr.field.file.takePhoto }));
        await failure(page, message);
        await driver.press(page.getByRole('button', { name: fr.capture.retry }));
        await page.getByRole('button', { name: fr.capture.shutter }).waitFor();
      } finally {
        await context.close();
      }
    });
});
