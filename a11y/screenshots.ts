// Screenshots of the settings panel and of each theme at 200 % text, in French and Arabic,
// for people to look at (a machine cannot judge them): a11y/report/screenshots/*.png.
// Run: node --import tsx a11y/screenshots.ts (after npm run build).
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../test/support/chromium.ts';
import { startServer } from '../test/support/server.ts';
import { setDisplay } from './audit/page-control.ts';

const out = 'a11y/report/screenshots';
mkdirSync(out, { recursive: true });
const server = await startServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(server.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  for (const locale of ['fr', 'ar']) {
    for (const theme of ['default', 'dark', 'contrast'] as const) {
      await setDisplay(page, { locale, theme, textSize: 200 });
      await page.screenshot({ path: `${out}/home-${locale}-${theme}-200.png` });
    }
    await setDisplay(page, { locale, theme: 'default', textSize: 200 });
    await page.locator('#settings-button').click();
    await page.locator('dialog[open]').waitFor();
    await page.screenshot({ path: `${out}/settings-${locale}-200.png` });
    await page.keyboard.press('Escape');
    await setDisplay(page, { locale, theme: 'default', textSize: 100 });
    await page.locator('#settings-button').click();
    await page.screenshot({ path: `${out}/settings-${locale}-100.png` });
    await page.keyboard.press('Escape');
  }
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
