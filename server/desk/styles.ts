// The desk's stylesheet: the reception console's, plus what the instruction forms need
// (text areas, selects, date inputs, the history), with logical properties so that a resident's
// Arabic text, shown in its own direction, lays out from the right.
import { RECEPTION_CSS } from '../reception/styles.ts';

export const DESK_CSS = `${RECEPTION_CSS}
caption, th, td { text-align: start; }
.bar form { margin-left: 0; margin-inline-start: auto; }
textarea, select, input[type="date"] { font: inherit; min-height: 48px; width: min(100%, 40rem); padding: 0.5rem; border: 2px solid var(--ink); border-radius: 4px; }
textarea { min-height: 8rem; }
textarea[aria-invalid="true"], select[aria-invalid="true"] { border-color: #b00020; border-width: 3px; }
.choice input[type="radio"] { inline-size: 28px; block-size: 28px; margin: 0; flex: none; }
.act { border-block-start: 2px solid var(--line); margin-block-start: 2rem; padding-block-start: 0.5rem; }
.history { list-style: none; padding: 0; margin: 0; }
.history > li { border-inline-start: 6px solid var(--line); padding: 0.25rem 0 0.75rem 1rem; padding-inline: 1rem 0; margin-block-end: 0.75rem; }
.history .what { font-weight: 700; margin: 0; }
.history p { margin: 0.25rem 0; }
.resident-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.facts { grid-template-columns: minmax(8rem, max-content) minmax(0, 1fr); }
@media (max-width: 40rem) { .facts { grid-template-columns: minmax(0, 1fr); } .facts dd { margin-block-end: 0.75rem; } }
.sections { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; }
.sections a { display: inline-flex; align-items: center; min-height: 48px; padding: 0 0.5rem; }
.late { font-weight: 700; color: #8a1c00; }
/* 320 px with text at 200 %: long French words and buttons wrap instead of widening the page. */
body { overflow-wrap: break-word; hyphens: auto; }
button, a.button { white-space: normal; max-width: 100%; text-align: center; }
.bar > * { min-width: 0; max-width: 100%; }
@media (max-width: 30rem) {
  main, .bar { padding-inline: 0.75rem; }
  h1 { font-size: 1.5rem; }
  .error-summary { padding-inline: 0.75rem; }
}
.empty { color: var(--muted); }
`;
