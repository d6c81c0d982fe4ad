// The reception console's stylesheet: the delivery console's, plus what its forms need (text
// inputs, checkboxes with 48 px targets, a search box, facts as a list, links styled as buttons).
import { CONSOLE_CSS } from '../console/styles.ts';

export const RECEPTION_CSS = `${CONSOLE_CSS}
input[type="text"] { font: inherit; min-height: 48px; width: min(100%, 36rem); padding: 0.5rem; border: 2px solid var(--ink); border-radius: 4px; }
.hint { color: var(--muted); margin: 0 0 0.25rem; }
.error { color: #b00020; font-weight: 600; margin: 0 0 0.25rem; }
.search { display: flex; flex-wrap: wrap; align-items: end; gap: 0.5rem 1rem; margin: 1rem 0 2rem; }
.search label, .search .hint { flex-basis: 100%; margin: 0; }
fieldset { border: 0; padding: 0; margin-inline: 0; }
legend { font-weight: 600; margin-block-end: 0.5rem; }
.choice { display: flex; align-items: center; gap: 0.75rem; min-height: 48px; }
.choice input { inline-size: 28px; block-size: 28px; margin: 0; flex: none; }
.choice label { margin: 0; font-weight: 400; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1.5rem; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
/* At 320 px (or 200 % text) the labels go above their values: two columns overflowed by a few pixels. */
@media (max-width: 40rem) { .facts { grid-template-columns: minmax(0, 1fr); gap: 0.25rem; } .facts dd { margin-block-end: 0.5rem; } }
.facts ul { margin: 0; padding-inline-start: 1.25rem; }
.actions { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 1rem; }
a.button { display: inline-flex; align-items: center; min-height: 48px; padding: 0.5rem 1.25rem; border: 2px solid var(--link); border-radius: 6px; font-weight: 600; text-decoration: none; }
.error-summary ul { padding-inline-start: 1.25rem; }
.letter { max-width: 40rem; }
.letter address { font-style: normal; margin: 2rem 0; }
@media print { .letter a { display: none; } }
.setup-address code { overflow-wrap: anywhere; }
.setup-qr svg { width: 16rem; max-width: 100%; height: auto; background: #fff; }
@media (prefers-color-scheme: dark) {
  .error { color: #ff8a9a; }
}
`;
