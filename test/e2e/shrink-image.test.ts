// The kiosk's photo shrinking (kiosk/src/files/shrink-image.ts), run in real Chromium: its
// decoding, scaling and encoding are the browser's own, which Node has none of. Each test
// photo is made in the page as a camera would make it, with an EXIF block written in.
import type { Browser, Page } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { hasExif, jpegSize, withExif } from '../support/jpeg.ts';

let browser: Browser;
let page: Page;

/** shrink-image.ts as one script that sets `window.shrinkModule`. */
async function bundle(): Promise<string> {
  const built = (await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      lib: { entry: 'kiosk/src/files/shrink-image.ts', formats: ['iife'], name: 'shrinkModule', fileName: 'shrink' },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const output = Array.isArray(built) ? built[0]!.output : built.output;
  return (output.find((o) => o.type === 'chunk') as Rollup.OutputChunk).code;
}

beforeAll(async () => {
  const script = await bundle();
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>shrink</title>');
  await page.addScriptTag({ content: script });
});

afterAll(async () => {
  await browser?.close();
});

/** A photo made in the page: its left half red, its right half blue, so orientation shows. */
async function photo(width: number, height: number, type: 'image/jpeg' | 'image/png' = 'image/jpeg'): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ width, height, type }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#d00000';
      context.fillRect(0, 0, width / 2, height);
      context.fillStyle = '#0000d0';
      context.fillRect(width / 2, 0, width - width / 2, height);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.95 })).arrayBuffer());
      let binary = '';
      for (const byte of bytes) binary += String.fromCharCode(byte);
      return btoa(binary);
    },
    { width, height, type },
  );
  return Buffer.from(base64, 'base64');
}

interface Shrunk {
  bytes: Buffer;
  type: string;
  /** Colour names at the middle of the top edge and of the bottom edge. */
  top: string;
  bottom: string;
  left: string;
}

async function shrinkInPage(input: Uint8Array, type: string): Promise<Shrunk> {
  const result = await page.evaluate(
    async ({ base64, type }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const shrunk: Blob = await (window as any).shrinkModule.shrinkImage(new Blob([bytes], { type }));
      const bitmap = await createImageBitmap(shrunk);
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const context = canvas.getContext('2d')!;
      context.drawImage(bitmap, 0, 0);
      const colour = (x: number, y: number) => {
        const [r, , b] = context.getImageData(x, y, 1, 1).data;
        return r! > 150 && b! < 100 ? 'red' : b! > 150 && r! < 100 ? 'blue' : `rgb ${r} ${b}`;
      };
      const w = bitmap.width;
      const h = bitmap.height;
      const out = new Uint8Array(await shrunk.arrayBuffer());
      let binary = '';
      for (const byte of out) binary += String.fromCharCode(byte);
      return {
        base64: btoa(binary),
        type: shrunk.type,
        top: colour(Math.floor(w / 2), 2),
        bottom: colour(Math.floor(w / 2), h - 3),
        left: colour(2, Math.floor(h / 2)),
      };
    },
    { base64: Buffer.from(input).toString('base64'), type },
  );
  return { ...result, bytes: Buffer.from(result.base64, 'base64') };
}

describe('shrinking a photo on the kiosk', () => {
  it('brings a large photo down to 1600 px on its long side, as JPEG without its EXIF', async () => {
    const original = withExif(await photo(3200, 2400), { make: 'GuichetTestCam', orientation: 1 });
    expect(hasExif(original)).toBe(true);
    const shrunk = await shrinkInPage(original, 'image/jpeg');
    expect(shrunk.type).toBe('image/jpeg');
    expect(jpegSize(shrunk.bytes)).toEqual({ width: 1600, height: 1200 });
    expect(hasExif(shrunk.bytes)).toBe(false);
    expect(shrunk.bytes.includes(Buffer.from('GuichetTestCam'))).toBe(false);
    expect(shrunk.bytes.length).toBeLessThan(original.length);
  });

  it('keeps the aspect ratio of a tall page', async () => {
    const shrunk = await shrinkInPage(await photo(1200, 4000), 'image/jpeg');
    expect(jpegSize(shrunk.bytes)).toEqual({ width: 480, height: 1600 });
    expect(shrunk.left).toBe('red');
  });

  it('never enlarges a small photo, and still drops its EXIF', async () => {
    const original = withExif(await photo(640, 480), { make: 'GuichetTestCam', orientation: 1 });
    const shrunk = await shrinkInPage(original, 'image/jpeg');
    expect(jpegSize(shrunk.bytes)).toEqual({ width: 640, height: 480 });
    expect(hasExif(shrunk.bytes)).toBe(false);
  });

  it('turns a photo taken sideways upright before its EXIF goes', async () => {
    // Orientation 6: the stored image must be turned a quarter clockwise to be seen upright,
    // so its left (red) half ends on top.
    const original = withExif(await photo(3000, 2000), { make: 'GuichetTestCam', orientation: 6 });
    const shrunk = await shrinkInPage(original, 'image/jpeg');
    expect(jpegSize(shrunk.bytes)).toEqual({ width: 1067, height: 1600 });
    expect([shrunk.top, shrunk.bottom]).toEqual(['red', 'blue']);
    expect(hasExif(shrunk.bytes)).toBe(false);
  });

  it('re-encodes a PNG screenshot as JPEG', async () => {
    const shrunk = await shrinkInPage(await photo(2000, 1000, 'image/png'), 'image/png');
    expect(shrunk.type).toBe('image/jpeg');
    expect(jpegSize(shrunk.bytes)).toEqual({ width: 1600, height: 800 });
  });
});
