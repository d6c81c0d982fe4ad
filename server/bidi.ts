// Owns how text a person typed is shown to another: isolated, so that its direction (Arabic,
// or a planted right-to-left override U+202E) cannot reorder the words around it. In HTML a
// `<bdi>` (direction from its own first strong letter); in plain text, FIRST STRONG ISOLATE
// (U+2068) before and POP DIRECTIONAL ISOLATE (U+2069) after, which also close any embedding or
// override the text leaves open (Unicode bidi algorithm, UAX #9, rule X6a).
import { html } from 'hono/html';

const FSI = '\u2068';
const PDI = '\u2069';

/**
 * User text in a plain-text line (an email, a page title).
 *
 * @example `Nom : ${isolateText('\u202Eevil')}` // 'Nom : \u2068\u202Eevil\u2069'
 */
export function isolateText(text: string): string {
  return `${FSI}${text}${PDI}`;
}

/**
 * User text in an HTML page built with hono's `html` (escaped there).
 *
 * @example html`<dd>${isolated(mandate.residentName)}</dd>`
 */
export function isolated(text: string | null | undefined) {
  return html`<bdi>${text ?? ''}</bdi>`;
}

/** The same for pages built as strings: `escaped` must already be escaped HTML. */
export function isolatedHtml(escaped: string): string {
  return `<bdi>${escaped}</bdi>`;
}
