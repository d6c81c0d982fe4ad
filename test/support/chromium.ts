// Finds the Chromium that browser tests drive. playwright-core never downloads a browser here:
// it drives Debian's `chromium` package (or whatever CHROME_PATH names).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The path of a Chromium executable, or undefined when none is installed. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((path) => existsSync(path));
}

// Without the background-networking flags Chromium keeps calling Google's hosts, which a
// closed network refuses, many times a second.
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * A camera that is there and allowed, for tests of the camera screen: Chromium's fake device (a
 * moving test pattern) and the permission granted without a prompt, as a kiosk's policy does.
 */
export const FAKE_CAMERA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('Chromium not found: run `apt-get install chromium` or set CHROME_PATH (see README).');
  return chromium.launch({
    executablePath,
    headless: true,
    ...options,
    args: [...QUIET_FLAGS, ...(options.args ?? [])],
  });
}
