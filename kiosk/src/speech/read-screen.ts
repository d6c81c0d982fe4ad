// What a screen says aloud, read from the rendered DOM in reading order: the step, the
// question, its hints, the choices, errors and texts; never what a person typed (input
// values are not read) nor anything marked `data-private` (a private answer on the
// check-your-answers screen, the tracking code).
import type { SpeechPart } from './speech.ts';

const BLOCKS = 'h1, h2, h3, p, li, dt, dd, label, legend';
/** Controls' companions that would only repeat what was said ("Modifier" after each answer). */
const SKIPPED = '[data-private], [hidden], [aria-hidden="true"], .summary__action, .skip-link, template, script, style';

function isShown(el: Element): boolean {
  if (el.closest(SKIPPED)) return false;
  const view = el.ownerDocument.defaultView;
  const style = view?.getComputedStyle(el);
  return !style || (style.display !== 'none' && style.visibility !== 'hidden');
}

/** Text content without what is skipped inside (pictograms, private parts). */
function spokenText(el: Element): string {
  let out = '';
  for (const node of el.childNodes) {
    if (node.nodeType === 3) out += node.textContent ?? '';
    else if (node.nodeType === 1 && !(node as Element).matches(SKIPPED)) out += ` ${spokenText(node as Element)} `;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * The parts of a screen to speak, in document order, each in the language of its element.
 *
 * @example screenParts(document.querySelector('main')!, 'fr')
 *   // [{ text: 'Étape 1 sur 4', lang: 'fr' }, { text: 'Votre message', lang: 'fr' }, …]
 */
export function screenParts(root: Element, fallbackLang: string, speechLangOf: (lang: string) => string = (l) => l): SpeechPart[] {
  const parts: SpeechPart[] = [];
  const taken: Element[] = [];
  for (const el of root.querySelectorAll(BLOCKS)) {
    if (taken.some((t) => t.contains(el))) continue;
    if (!isShown(el)) continue;
    const text = spokenText(el);
    if (!text) continue;
    taken.push(el);
    // A block that only holds a text in another language (a language's name) is said in it.
    const inner = el.querySelector('[lang]');
    const own = inner && (inner.textContent ?? '').replace(/\s+/g, ' ').trim() === text ? inner : el.closest('[lang]');
    const lang = own?.getAttribute('lang') || fallbackLang;
    parts.push({ text, lang: speechLangOf(lang) });
  }
  return parts;
}
