// `npm run a11y`: builds the kiosk, starts the real server, runs the full accessibility audit
// (every screen x locales x themes x text sizes), writes a11y/report/, and exits 1 on any
// violation. A11Y_SCOPE=slice runs what `npm test` runs; A11Y_WORKERS sets the pages in parallel;
// A11Y_ONLY=<procedure ids, frame, mediation, booking> walks those only (their screens in the whole matrix), coverage unchecked.
import { availableParallelism } from 'node:os';
import { build } from 'vite';
import { FAKE_CAMERA_FLAGS, launchChromium } from '../test/support/chromium.ts';
import { startServer } from '../test/support/server.ts';
import { runAudit } from './audit/audit.ts';
import { writeReport } from './audit/report.ts';
import { writeDeclaration } from './declaration.ts';

const scope = process.env.A11Y_SCOPE === 'slice' ? 'slice' : 'full';
const workers = Number(process.env.A11Y_WORKERS ?? Math.min(availableParallelism(), 4));
if (process.env.A11Y_SKIP_BUILD !== '1') await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
// The relay stays off: the shipped routes fall back to the desk, and a request received within a
// turn would make the tracking screen's status, and its snapshot, depend on timing.
const server = await startServer({ GUICHET_RELAY: 'off' });
// The camera screen is audited with Chromium's fake camera.
const browser = await launchChromium({ args: FAKE_CAMERA_FLAGS });
let failed = true;
try {
  const report = await runAudit({
    url: server.url,
    browser,
    scope,
    workers,
    updateGolden: process.env.A11Y_UPDATE_GOLDEN === '1',
    only: process.env.A11Y_ONLY?.split(',').filter(Boolean),
    dataDir: server.dataDir,
    log: process.env.A11Y_QUIET ? undefined : (line) => console.log(line),
  });
  writeReport(report);
  // The declaration quotes the full audit only: a slice, or some walks only, prove less.
  if (scope === 'full' && !process.env.A11Y_ONLY) writeDeclaration();
  const combos = report.screens.reduce((n, s) => n + s.combos, 0);
  console.log(
    `\n${scope} audit: ${report.screens.length} screens, ${combos} screen x combination audits, ${report.checksRun} checks, ` +
      `${report.violations.length} violations, ${(report.durationMs / 1000).toFixed(0)} s on ${workers} workers. ` +
      `Report: a11y/report/report.html`,
  );
  if (report.goldenWritten.length) console.log(`${report.goldenWritten.length} aria snapshots written to a11y/golden/`);
  failed = report.violations.length > 0;
} finally {
  await browser.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
