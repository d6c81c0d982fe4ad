// Switches the kiosk's language and display settings inside the page, through the settings
// model (kiosk/src/start.ts exposes it as `guichetDisplay`), so the audit never reloads.
import type { Page } from 'playwright-core';

export type Theme = 'default' | 'dark' | 'contrast';
export type TextSize = 100 | 150 | 200;

export interface Display {
  locale: string;
  theme: Theme;
  textSize: TextSize;
  moreSpacing?: boolean;
  readAloud?: boolean;
}

interface DisplayHandle {
  updateSettings: (change: object) => void;
  setLocale: (code: string) => Promise<void>;
}

/** Applies a display and waits for the next frame, so what follows sees it rendered. */
export async function setDisplay(page: Page, display: Display): Promise<void> {
  await page.evaluate(async (d) => {
    const handle = (window as unknown as { guichetDisplay: DisplayHandle }).guichetDisplay;
    // Setting the same language again changes nothing on screen and says nothing aloud.
    await handle.setLocale(d.locale);
    handle.updateSettings({
      theme: d.theme,
      textSize: d.textSize,
      moreSpacing: d.moreSpacing ?? false,
      ...(d.readAloud === undefined ? {} : { readAloud: d.readAloud }),
    });
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, display);
}
