// Owns the printing of a paper the kiosk writes itself (the provisional paper of a request
// saved on this terminal while the network is down, when the server cannot give its receipt):
// the paper is rendered into a container of its own at the end of <body>, everything else is
// kept off the printout while it prints, and the container goes after printing and when the
// screen closes, so the next person finds nothing of it.
import { render, type VNode } from 'preact';
import '../styles/print-paper.css';

const PRINTING = 'printing-paper';
let holder: HTMLElement | undefined;

/** Removes the paper and what it holds. */
export function forgetPrintedPaper(doc: Document = document): void {
  if (holder) render(null, holder);
  holder?.remove();
  holder = undefined;
  doc.documentElement.classList.remove(PRINTING);
}

/**
 * Prints `paper` on the terminal's printer: silently where the kiosk runs with
 * `--kiosk-printing` (docs/kiosk-setup.md), through the print dialog otherwise.
 *
 * @example printPaper(<ProvisionalPaper … />)
 */
export function printPaper(paper: VNode, doc: Document = document): void {
  forgetPrintedPaper(doc);
  const current = doc.createElement('div');
  current.className = 'print-paper';
  holder = current;
  doc.body.append(current);
  render(paper, current);
  doc.documentElement.classList.add(PRINTING);
  const view = doc.defaultView;
  view?.addEventListener('afterprint', () => (holder === current ? forgetPrintedPaper(doc) : undefined), { once: true });
  view?.print();
}
