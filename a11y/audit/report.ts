// Writes the audit's report: a11y/report/report.json and report.html (gitignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditReport } from './audit.ts';

const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function writeReport(report: AuditReport, dir = 'a11y/report'): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), JSON.stringify(report, null, 2));
  const combos = report.screens.reduce((n, s) => n + s.combos, 0);
  const rows = report.screens
    .map((s) => {
      const v = report.violations.filter((x) => x.screen === s.id).length;
      return `<tr><td>${esc(s.id)}</td><td>${esc(s.route)}</td><td><code>${esc(s.path)}</code></td><td>${s.combos}</td><td>${v ? `<strong>${v}</strong>` : '0'}</td></tr>`;
    })
    .join('\n');
  const violations = report.violations
    .map((v) => `<tr><td>${esc(v.screen)}</td><td>${esc(v.combo)}</td><td>${esc(v.check)}</td><td>${esc(v.message)}</td></tr>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Guichet accessibility audit: ${report.violations.length} violations</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;margin:1rem auto;max-width:80rem;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #555;padding:.25rem .5rem;text-align:start;vertical-align:top}</style></head>
<body><main>
<h1>Accessibility audit (${esc(report.scope)}): ${report.violations.length} violations</h1>
<p>Started ${esc(report.startedAt)}, ${(report.durationMs / 1000).toFixed(0)} s on ${report.workers} workers. Matrix: locales ${report.matrix.locales.join(', ')}; themes ${report.matrix.themes.join(', ')}; text ${report.matrix.sizes.join(' and ')} %.
${report.screens.length} screens visited, ${combos} screen x combination audits, ${report.checksRun} checks, ${report.incompleteAllowed} axe "incomplete" results accepted by a11y/allow-list.yaml.</p>
${report.notVisited.length ? `<p><strong>Not audited:</strong> ${esc(report.notVisited.join(', '))}</p>` : '<p>Every route and every step was audited.</p>'}
${report.skipped.length ? `<p>Skipped: ${esc(report.skipped.join('; '))}</p>` : ''}
<h2>Violations</h2>
${report.violations.length ? `<table><thead><tr><th>screen</th><th>combination</th><th>target</th><th>problem</th></tr></thead><tbody>${violations}</tbody></table>` : '<p>None.</p>'}
<h2>Screens visited</h2>
<table><thead><tr><th>screen</th><th>route</th><th>path</th><th>combinations</th><th>violations</th></tr></thead><tbody>${rows}</tbody></table>
</main></body></html>
`;
  writeFileSync(join(dir, 'report.html'), html);
}
