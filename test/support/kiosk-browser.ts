// A Chromium process of our own, on a profile folder that outlives it, driven over CDP: so a
// test can SIGKILL the browser as a crash or a power cut would, and start it again on the same
// profile (service worker, caches, IndexedDB and all).
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { QUIET_FLAGS, findChromium } from './chromium.ts';

export interface KioskBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  process: ChildProcess;
  /** SIGKILL: no shutdown, nothing flushed by the browser itself. */
  kill: () => Promise<void>;
  close: () => Promise<void>;
}

export async function launchKioskBrowser(userDataDir: string, options: { offline?: boolean } = {}): Promise<KioskBrowser> {
  const executable = findChromium();
  if (!executable) throw new Error('Chromium not found: run `apt-get install chromium` or set CHROME_PATH.');
  const child = spawn(
    executable,
    [
      ...QUIET_FLAGS,
      '--headless=new',
      `--user-data-dir=${userDataDir}`,
      '--remote-debugging-port=0',
      '--window-size=1080,1920',
      '--lang=fr-FR',
      'about:blank',
    ],
    // A process group of its own: a kill takes the renderers and helpers too, which would
    // otherwise outlive the main process and go on writing into the profile.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // The group has already gone.
    }
  };
  // Never left behind when the test run itself ends.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start:\n${output}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = output.match(/DevTools listening on (ws:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited with ${code}:\n${output}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0]!;
  if (options.offline) await context.setOffline(true);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    browser,
    context,
    page,
    process: child,
    kill: async () => {
      killGroup('SIGKILL');
      await exited;
      process.off('exit', onExit);
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      killGroup('SIGTERM');
      await exited;
      process.off('exit', onExit);
    },
  };
}
