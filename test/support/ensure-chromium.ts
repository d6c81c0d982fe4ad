// Runs before `npm test`: the browser tests need Debian's Chromium. Find it, install it when
// running as root on Debian, or stop with one line that says what to run.
import { execFileSync } from 'node:child_process';
import { findChromium } from './chromium.ts';

function install(): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log('Chromium is missing: installing Debian\'s chromium package with apt-get…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
}

if (!findChromium()) {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && !process.env.CHROME_PATH) {
    try {
      install();
    } catch {
      // Fall through to the message below.
    }
  }
  if (!findChromium()) {
    console.error('The browser tests need Chromium: run `sudo apt-get install chromium`, or set CHROME_PATH.');
    process.exit(1);
  }
}
