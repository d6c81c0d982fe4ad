// Owns the printing of an acknowledgment at the kiosk: the receipt's own HTML page (with its
// print stylesheet, A4 or 80 mm paper) loaded in a hidden frame of this page and printed
// from there, so the person never leaves the kiosk's frame (its Home, its session end) for a
// page that has neither. The frame holds the person's receipt: it is removed after printing
// and when the screen closes.

let frame: HTMLIFrameElement | undefined;

/** Removes the frame and the receipt it holds. */
export function forgetPrintedReceipt(): void {
  frame?.remove();
  frame = undefined;
}

/**
 * Prints the page at `url` (same origin). Resolves true once the print dialog or the printer
 * has it, false when the page could not be loaded.
 *
 * `prepare` may complete the page before it prints.
 *
 * @example await printReceipt('/api/submissions/7KQ4-M2XD/receipt.html?code=H4TR8P', 'Accusé')
 */
export function printReceipt(url: string, title: string, doc: Document = document, prepare?: (page: Document) => void): Promise<boolean> {
  forgetPrintedReceipt();
  const current = doc.createElement('iframe');
  frame = current;
  current.setAttribute('aria-hidden', 'true');
  current.tabIndex = -1;
  current.title = title;
  // Laid out (a frame with display: none prints nothing) but out of sight and of reach.
  current.setAttribute('style', 'position: fixed; top: 0; left: -10000px; width: 1px; height: 1px; border: 0; opacity: 0;');
  return new Promise((resolve) => {
    current.addEventListener(
      'load',
      () => {
        const view = current.contentWindow;
        // A 404 or 429 comes back as JSON, not as the receipt.
        const ok = !!view && view.document.contentType === 'text/html' && !!view.document.querySelector('main');
        if (!ok) {
          forgetPrintedReceipt();
          return resolve(false);
        }
        view.addEventListener('afterprint', () => (frame === current ? forgetPrintedReceipt() : undefined), { once: true });
        // What only this terminal knows joins the page before it prints (the files' names).
        prepare?.(view.document);
        view.print();
        resolve(true);
      },
      { once: true },
    );
    current.addEventListener('error', () => resolve(false), { once: true });
    current.src = url;
    doc.body.append(current);
  });
}
