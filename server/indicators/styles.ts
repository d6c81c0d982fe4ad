// The indicators' stylesheet: the desk's, plus the charts, the period form, and a print layout
// for A4 (no navigation or forms, tables that do not split a row, charts beside their tables).
import { DESK_CSS } from '../desk/styles.ts';

export const INDICATORS_CSS = `${DESK_CSS}
.lead { max-width: 60rem; }
.period { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0.5rem 1.5rem; margin-block: 1rem 2rem; }
.period .field { margin: 0; min-width: 0; max-width: 100%; }
.period input[type="date"] { max-width: 100%; min-width: 0; box-sizing: border-box; }
.side-by-side > * { min-width: 0; }
.block { margin-block-end: 2.5rem; }
.side-by-side { display: grid; gap: 1.5rem; }
@media (min-width: 70rem) { .side-by-side { grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); align-items: start; } }
.chart { margin: 0; max-width: 40rem; }
.chart svg { display: block; width: 100%; height: auto; }
.chart__text { font: 15px system-ui, sans-serif; fill: #1a1a1a; }
.chart__label { font-weight: 700; }
.bar--now { fill: #1d4f91; }
.bar--before { fill: #ffffff; stroke: #1a1a1a; stroke-width: 2; }
.bar--plain { fill: #1d4f91; }
td, th { font-variant-numeric: tabular-nums; }
@media (forced-colors: active) { .bar--now, .bar--plain { fill: CanvasText; } .bar--before { fill: Canvas; stroke: CanvasText; } .chart__text { fill: CanvasText; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  .skip, .bar nav, .bar form, .period { display: none; }
  body { font-size: 10.5pt; }
  main, .bar { padding: 0; }
  h1 { font-size: 16pt; }
  h2 { font-size: 13pt; break-after: avoid; }
  .side-by-side { grid-template-columns: minmax(0, 1fr); }
  .chart { max-width: 120mm; break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 9pt; width: 100%; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;
