// Runs before `npm test`: the tests need a few of Debian's programs (Chromium for the browser
// tests, pdftotext to read printed receipts back, espeak-ng and opusenc for the server's voice). Find them,
// install what is missing when running as root on Debian, or stop with one line that says what
// to run. PostgreSQL and ClamAV are looked after by the tests that start them.
import { execFileSync } from 'node:child_process';
import { findChromium } from './chromium.ts';

const onPath = (program: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const NEEDED: ReadonlyArray<{ package: string; present: () => boolean; why: string }> = [
  { package: 'chromium', present: () => findChromium() !== undefined, why: 'the browser tests (or set CHROME_PATH)' },
  { package: 'poppler-utils', present: () => onPath('pdftotext'), why: 'reading printed receipts back' },
  { package: 'espeak-ng', present: () => onPath('espeak-ng'), why: "the server's voice" },
  { package: 'opus-tools', present: () => onPath('opusenc'), why: "the server's voice, compressed" },
];

const missing = NEEDED.filter((n) => !n.present());
if (missing.length > 0 && process.getuid?.() === 0 && !process.env.CHROME_PATH) {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.log(`Installing Debian's ${missing.map((n) => n.package).join(', ')} with apt-get…`);
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing.map((n) => n.package)], { stdio: 'inherit', env });
  } catch {
    // Fall through to the message below.
  }
}
const still = NEEDED.filter((n) => !n.present());
if (still.length > 0) {
  console.error(`The tests need ${still.map((n) => `${n.package} (${n.why})`).join(', ')}: run \`sudo apt-get install ${still.map((n) => n.package).join(' ')}\`.`);
  process.exit(1);
}
