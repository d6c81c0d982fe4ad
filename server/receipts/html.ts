// The acknowledgment as one accessible HTML document, for the screen, the email's HTML part
// and printing (A4, or 80 mm thermal paper at the kiosk).
import QRCode from 'qrcode';
import type { Acknowledgment, AcknowledgmentSection, Bilingual, Mention } from './acknowledgment.ts';
import type { AnswerSummary } from './summary.ts';
import { receiptText, isReceiptLocale } from './texts.ts';

export type Paper = 'a4' | '80mm';

export interface RenderOptions {
  /** The public address of the server, without a trailing slash: the QR code points to `${publicUrl}/suivi/${reference}`. */
  publicUrl: string;
  /** Paper the printout is laid out for; A4 by default. */
  paper?: Paper;
  /**
   * The tracking code, printed beside the reference when the person who asks has it (the kiosk
   * that just sent the request, the tracking page): never in an email nor in the QR code.
   */
  trackingCode?: string;
  /** The copy of the answers, printed after the acknowledgment. */
  summary?: AnswerSummary;
  /** What happens next, in plain words (the status's explanation). */
  next?: Bilingual;
}

/** The page where the person follows their file. */
export function trackingUrl(publicUrl: string, reference: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/suivi/${encodeURIComponent(reference)}`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

// Two paper sizes: the class on <body> names the @page (a named page, so one document carries
// both), and a narrow print media query catches a thermal printer chosen in the print dialog.
const STYLE = `
:root { color: #111; background: #fff; font-family: 'Atkinson Hyperlegible', 'Noto Sans', Arial, sans-serif; line-height: 1.45; }
body { margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0.2rem 0 0.8rem; }
h2 { font-size: 1.2rem; margin: 1.4rem 0 0.4rem; border-bottom: 2px solid #111; padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.3rem; }
.town { font-weight: 700; margin: 0; }
.head { display: flex; gap: 1.5rem; justify-content: space-between; align-items: flex-start; }
.reference { margin: 0.4rem 0; }
.reference-label { display: block; font-size: 1rem; }
/* A reference or a code read back over the phone: one line, never hyphenated nor cut. Not
   spaced out: a letter-spaced word reaches the PDF as glyphs placed one by one, and a PDF
   reader takes the gaps for spaces ("MKGFGX" copied from the paper, or read by a screen
   reader, became "M KG F G X"; even at 0.05em, "PWM2EJ" became "PWM2E J"). */
.reference-value { display: block; font-size: 2.6rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.reference-value, .code-value { white-space: nowrap; hyphens: none; overflow-wrap: normal; word-break: keep-all; font-feature-settings: 'zero' 0; }
.code-value { display: block; font-size: 1.8rem; font-weight: 700; }
.code-note { font-size: 0.9rem; margin: 0.2rem 0 0; }
.next { border: 2px solid #111; padding: 0.4rem 0.8rem; margin: 1rem 0; break-inside: avoid; }
.next h2, .next h3 { border: 0; margin-top: 0.4rem; }
.summary-lead { margin: 0.3rem 0; }
.summary-line { display: block; white-space: pre-wrap; }
.tracking { margin: 0; text-align: center; width: 11rem; }
.tracking svg { width: 8rem; height: 8rem; display: block; margin: 0 auto; }
.tracking figcaption { font-size: 0.8rem; hyphens: auto; }
/* Only the address may break anywhere: it has no words to keep whole. */
.tracking figcaption a { overflow-wrap: anywhere; }
dl { margin: 0; }
.mention { display: grid; grid-template-columns: 14rem 1fr; gap: 0.2rem 1rem; padding: 0.35rem 0; border-bottom: 1px solid #bbb; break-inside: avoid; }
dt { font-weight: 700; }
dd { margin: 0; }
.notes p { margin: 0.3rem 0; }
.translation { margin-top: 2rem; border-top: 3px double #111; }
.translation h3 { border-bottom: 2px solid #111; padding-bottom: 0.2rem; }
[dir='rtl'] { font-family: 'Noto Sans Arabic', 'IBM Plex Sans Arabic', 'Atkinson Hyperlegible', sans-serif; }
a { color: inherit; }
@page { size: A4; margin: 15mm; }
@page thermal { size: 80mm 297mm; margin: 3mm; }
@media print {
  main { max-width: none; padding: 0; }
  .translation { break-before: auto; }
}
body.paper-80mm { page: thermal; }
/* The same narrow layout for the 80 mm class and for any narrow printout. */
body.paper-80mm { font-size: 9pt; }
body.paper-80mm main { max-width: 74mm; padding: 0; }
body.paper-80mm .head { flex-direction: column; gap: 0.3rem; }
body.paper-80mm .reference-value { font-size: 20pt; }
body.paper-80mm .code-value { font-size: 14pt; }
body.paper-80mm .mention { grid-template-columns: 1fr; }
body.paper-80mm h1 { font-size: 13pt; }
body.paper-80mm h2 { font-size: 11pt; }
body.paper-80mm .tracking { width: auto; }
body.paper-80mm .tracking svg { width: 30mm; height: 30mm; }
@media print and (max-width: 100mm) {
  body { font-size: 9pt; }
  main { max-width: none; padding: 0; }
  .head { flex-direction: column; gap: 0.3rem; }
  .reference-value { font-size: 20pt; }
  .code-value { font-size: 14pt; }
  .mention { grid-template-columns: 1fr; }
  .tracking { width: auto; }
  .tracking svg { width: 30mm; height: 30mm; }
}
`;

async function qrSvg(url: string, label: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
  return svg.replace('<svg ', `<svg role="img" aria-label="${escapeHtml(label)}" focusable="false" `);
}

function sectionHtml(section: AcknowledgmentSection, side: 'fr' | 'local', level: 2 | 3): string {
  const id = `${side}-${section.id}`;
  const text = (value: Bilingual): string => escapeHtml((side === 'fr' ? value.fr : value.local ?? value.fr) || '—');
  // A verbatim value (address, phone) keeps its left-to-right order inside a right-to-left section.
  // Every other value is isolated too: it may hold what the person typed (a name, a subject).
  const value = (item: Mention): string => (item.verbatim && side === 'local' ? `<bdi dir="ltr">${text(item.value)}</bdi>` : `<bdi>${text(item.value)}</bdi>`);
  const rows = section.mentions
    .map((item) => `<div class="mention" data-mention="${item.id}"><dt>${text(item.label)}</dt><dd>${value(item)}</dd></div>`)
    .join('\n');
  return `<section aria-labelledby="${id}">\n<h${level} id="${id}">${text(section.heading)}</h${level}>\n<dl>\n${rows}\n</dl>\n</section>`;
}

type Side = 'fr' | 'local';
const pickSide = (value: Bilingual, side: Side): string => (side === 'fr' ? value.fr : value.local ?? value.fr);

function codeHtml(code: string | undefined, side: Side, local: string): string {
  if (!code) return '';
  const locale = side === 'fr' ? 'fr' : local;
  return `<p class="reference"><span class="reference-label">${escapeHtml(receiptText(locale, 'label.trackingCode'))}</span> <span class="code-value"><bdi dir="ltr">${escapeHtml(code)}</bdi></span></p>
<p class="code-note">${escapeHtml(receiptText(locale, 'trackingCode.keep'))}</p>`;
}

function nextHtml(next: Bilingual | undefined, side: Side, local: string, level: 2 | 3): string {
  if (!next) return '';
  const id = `${side}-next`;
  return `<section class="next" aria-labelledby="${id}">
<h${level} id="${id}">${escapeHtml(receiptText(side === 'fr' ? 'fr' : local, 'next.heading'))}</h${level}>
<p>${escapeHtml(pickSide(next, side))}</p>
</section>`;
}

function summaryHtml(summary: AnswerSummary | undefined, side: Side, level: 2 | 3): string {
  if (!summary) return '';
  const id = `${side}-summary`;
  const rows = summary.rows
    .map((row) => {
      // What the person typed keeps its own direction, whatever the page's.
      const lines = row.lines.map((line) => `<span class="summary-line"${row.typed ? ' dir="auto"' : ''}>${escapeHtml(pickSide(line, side) || '—')}</span>`).join('');
      return `<div class="mention" data-field="${escapeHtml(row.field)}"><dt>${escapeHtml(pickSide(row.label, side))}</dt><dd>${lines}</dd></div>`;
    })
    .join('\n');
  const withheld = summary.withheld ? `<p class="summary-lead">${escapeHtml(pickSide(summary.withheld, side))}</p>` : '';
  return `<section class="summary" aria-labelledby="${id}">
<h${level} id="${id}">${escapeHtml(pickSide(summary.heading, side))}</h${level}>
<p class="summary-lead">${escapeHtml(pickSide(summary.lead, side))}</p>
<dl>
${rows}
</dl>
${withheld}
</section>`;
}

/**
 * The acknowledgment as a complete HTML document: French first (the legal text), then the
 * same mentions in the person's language in a section with its own `lang` and `dir`.
 *
 * @example await renderReceiptHtml(buildReceipt(submission, context), { publicUrl: 'https://guichet.belval-sur-loire.fr' })
 */
export async function renderReceiptHtml(ack: Acknowledgment, options: RenderOptions): Promise<string> {
  const paper = options.paper ?? 'a4';
  const url = trackingUrl(options.publicUrl, ack.reference);
  // The QR code carries the reference only, never the tracking code: a paper is photographed,
  // left on a printer's tray, pinned on a fridge; whoever scans it lands on the tracking page
  // with the reference filled in and must still type the code, which is printed for the
  // person's eyes only. The code in a URL would also end in the phone's history and in
  // server logs.
  const qr = await qrSvg(url, `QR code : ${receiptText('fr', 'tracking')}`);
  const french = ack.sections.map((section) => sectionHtml(section, 'fr', 2)).join('\n');
  const notes = ack.notes.map((note) => `<p>${escapeHtml(note.fr)}</p>`).join('\n');
  let translation = '';
  if (ack.translated) {
    const local = isReceiptLocale(ack.locale) ? ack.locale : 'fr';
    const code = codeHtml(options.trackingCode, 'local', local);
    const heading = `${receiptText(local, 'section.translation')} — ${ack.title.local ?? ''}`;
    translation = `
<section class="translation" lang="${escapeHtml(ack.lang)}" dir="${ack.dir}" aria-labelledby="local-title">
<h2 id="local-title">${escapeHtml(heading)}</h2>
<p class="town">${escapeHtml(ack.town.local ?? '')}</p>
<p class="reference"><span class="reference-label">${escapeHtml(receiptText(local, 'label.reference'))}</span> <span class="reference-value"><bdi dir="ltr">${escapeHtml(ack.reference)}</bdi></span></p>
${code}
${nextHtml(options.next, 'local', local, 3)}
${ack.sections.map((section) => sectionHtml(section, 'local', 3)).join('\n')}
${summaryHtml(options.summary, 'local', 3)}
<div class="notes">${ack.notes.map((note) => `<p>${escapeHtml(note.local ?? '')}</p>`).join('\n')}</div>
<p><a href="${escapeHtml(url)}">${escapeHtml(receiptText(local, 'tracking'))}</a></p>
</section>`;
  }
  return `<!doctype html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${ack.title.fr} — ${ack.reference} — ${ack.town.fr}`)}</title>
<style>${STYLE}</style>
</head>
<body class="paper-${paper}">
<main>
<header class="head">
<div>
<p class="town">${escapeHtml(ack.town.fr)}</p>
<h1>${escapeHtml(ack.title.fr)}</h1>
<p class="reference"><span class="reference-label">${escapeHtml(receiptText('fr', 'label.reference'))}</span> <span class="reference-value">${escapeHtml(ack.reference)}</span></p>
${codeHtml(options.trackingCode, 'fr', 'fr')}
</div>
<figure class="tracking">
${qr}
<figcaption>${escapeHtml(receiptText('fr', 'qr.caption'))} <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></figcaption>
</figure>
</header>
${nextHtml(options.next, 'fr', 'fr', 2)}
${french}
${summaryHtml(options.summary, 'fr', 2)}
<div class="notes">
${notes}
</div>${translation}
</main>
</body>
</html>
`;
}
