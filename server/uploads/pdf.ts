// PDFs are kept as sent (a scan or a form must stay what it is) but read first with pdf-lib:
// a file it cannot open, or one that carries active content (JavaScript, files embedded in
// it, launch actions, XFA forms), is refused. Dictionary keys are never encrypted, so the
// walk sees them even in a password-protected PDF.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream, type PDFObject } from 'pdf-lib';

/** Keys that only active content or embedded files use. */
const ACTIVE_KEYS = new Map([
  ['/JS', 'du JavaScript'],
  ['/JavaScript', 'du JavaScript'],
  ['/EmbeddedFiles', 'des fichiers joints'],
  ['/EF', 'des fichiers joints'],
  ['/RichMedia', 'du contenu multimédia actif'],
  ['/XFA', 'un formulaire XFA'],
]);
/** Values of an action's `/S` or an object's `/Type` that do the same. */
const ACTIVE_NAMES = new Map([
  ['/JavaScript', 'du JavaScript'],
  ['/Launch', 'une commande qui lance un programme'],
  ['/EmbeddedFile', 'des fichiers joints'],
  ['/ImportData', 'une importation de données'],
]);

export type PdfCheck = { ok: true; pages: number } | { ok: false; problem: 'unreadable' | 'active-content'; reason: string };

/**
 * The first active content found in these objects and what it holds, as a French phrase.
 * A loop over a stack rather than recursion: nesting is the sender's to choose.
 */
function activeContent(roots: Iterable<PDFObject | undefined>, seen: Set<PDFObject>): string | undefined {
  const stack = [...roots];
  while (stack.length) {
    const object = stack.pop();
    if (!object || seen.has(object)) continue;
    seen.add(object);
    const dict = object instanceof PDFStream ? object.dict : object;
    if (dict instanceof PDFDict) {
      for (const [key, value] of dict.entries()) {
        const name = key.asString();
        const found = ACTIVE_KEYS.get(name);
        if (found) return found;
        if ((name === '/S' || name === '/Type') && value instanceof PDFName) {
          const action = ACTIVE_NAMES.get(value.asString());
          if (action) return action;
        }
        stack.push(value);
      }
    } else if (dict instanceof PDFArray) for (const value of dict.asArray()) stack.push(value);
  }
  return undefined;
}

/**
 * Opens a PDF and looks through every object it holds.
 *
 * @example const check = await checkPdf(bytes); if (!check.ok) refuse(check.reason)
 */
export async function checkPdf(bytes: Uint8Array): Promise<PdfCheck> {
  let document: PDFDocument;
  let pages: number;
  try {
    document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: true });
    pages = document.getPageCount();
  } catch (error) {
    return { ok: false, problem: 'unreadable', reason: (error as Error).message.split('\n')[0]! };
  }
  if (pages < 1) return { ok: false, problem: 'unreadable', reason: "il n'a aucune page" };
  const objects = document.context.enumerateIndirectObjects().map(([, object]) => object);
  const found = activeContent(objects, new Set());
  return found ? { ok: false, problem: 'active-content', reason: `il contient ${found}` } : { ok: true, pages };
}
