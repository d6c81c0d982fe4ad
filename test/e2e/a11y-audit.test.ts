// The accessibility audit's slice, on every `npm test`: every screen and state in fr / default
// / 100 %, and a few screens (home, settings, one procedure's intro, error and check, not
// found) in every locale x theme x text size. `npm run a11y` runs the whole matrix in CI.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROUTE_NAMES } from '../../kiosk/src/router/routes.ts';
import { runAudit } from '../../a11y/audit/audit.ts';
import { writeReport } from '../../a11y/audit/report.ts';
import { FAKE_CAMERA_FLAGS, launchChromium } from '../support/chromium.ts';
import { startServer, type RunningServer } from '../support/server.ts';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // The relay stays off: the shipped routes fall back to the desk, which would make the request
  // received (ARE) within a turn; what this test shows is the registered request, as it was sent.
  server = await startServer({ GUICHET_RELAY: 'off' });
  // The camera screen is audited with Chromium's fake camera.
  browser = await launchChromium({ args: FAKE_CAMERA_FLAGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('the audit slice finds no violation and visits every route', { timeout: 600_000 }, async () => {
  const report = await runAudit({ url: server.url, browser, scope: 'slice', workers: 2, dataDir: server.dataDir });
  writeReport(report, 'a11y/report/slice');
  const routes = new Set(report.screens.map((s) => s.route));
  for (const name of ROUTE_NAMES) expect(routes, `route ${name}`).toContain(name);
  expect(report.notVisited).toEqual([]);
  expect(report.violations.map((v) => `${v.screen} [${v.combo}] ${v.check}: ${v.message}`)).toEqual([]);
  // Each locale, theme and size was seen on the slice's screens.
  expect(report.screens.find((s) => s.id === 'settings')?.combos).toBe(24);
});
