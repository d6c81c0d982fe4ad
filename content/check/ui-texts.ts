// Checks the interface texts, content/locales/<code>/ui.json (i18next JSON): every locale
// has the same keys as the default one, the same {{variables}} in each text, no empty text,
// and the easy-to-read lint on fr-x-falc.
import { lintFalc } from './falc.ts';
import type { Finding } from './problem.ts';
import { FALC_LOCALE } from './schema.ts';
import type { SourceFile } from './source.ts';

/** i18next plural endings (Intl.PluralRules categories): `files_one`, `files_other`. */
const PLURAL = /_(?:zero|one|two|few|many|other)$/u;
const VARIABLE = /\{\{\s*-?\s*([^,}\s]+)[^}]*\}\}/gu;

interface Leaf {
  path: string[];
  text: string;
}

/** The ui.json of one locale, as read from disk. */
export interface UiFile {
  locale: string;
  source: SourceFile;
}

function leaves(value: unknown, path: string[], out: Leaf[], findings: Finding[]): void {
  if (typeof value === 'string') out.push({ path, text: value });
  else if (typeof value === 'object' && value !== null && !Array.isArray(value))
    for (const [key, child] of Object.entries(value)) leaves(child, [...path, key], out, findings);
  else findings.push({ path, message: `expected a text or a group of texts, got ${Array.isArray(value) ? 'a list' : String(value)}` });
}

const baseKey = (path: readonly string[]) => path.join('.').replace(PLURAL, '');

function variables(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap((t) => [...t.matchAll(VARIABLE)].map((m) => m[1] ?? '')));
}

interface Catalogue {
  file: UiFile;
  leaves: Leaf[];
  /** Base key (plural ending removed) to its texts. */
  byKey: Map<string, Leaf[]>;
}

function catalogue(file: UiFile, findings: Finding[]): Catalogue {
  const list: Leaf[] = [];
  if (file.source.value !== undefined) leaves(file.source.value, [], list, findings);
  const byKey = new Map<string, Leaf[]>();
  for (const leaf of list) byKey.set(baseKey(leaf.path), [...(byKey.get(baseKey(leaf.path)) ?? []), leaf]);
  return { file, leaves: list, byKey };
}

/**
 * Findings per ui.json file, keyed by locale. `reference` is the locale the others are
 * compared with (site.yaml's default locale).
 *
 * @example uiFindings([{ locale: 'fr', source }, { locale: 'en', source }], 'fr')
 *   // Map { 'en' => [{ path: [], message: "missing key 'home.title' (present in fr)" }] }
 */
export function uiFindings(files: readonly UiFile[], reference: string): Map<string, Finding[]> {
  const result = new Map<string, Finding[]>(files.map((f) => [f.locale, []]));
  const catalogues = files.map((file) => catalogue(file, result.get(file.locale) ?? []));
  const ref = catalogues.find((c) => c.file.locale === reference);

  for (const cat of catalogues) {
    const findings = result.get(cat.file.locale) ?? [];
    for (const leaf of cat.leaves) {
      if (!/\S/u.test(leaf.text)) findings.push({ path: leaf.path, message: 'empty text' });
      // `format.*` are settings (a date format's locale tag), not sentences a person reads.
      if (cat.file.locale === FALC_LOCALE && leaf.path[0]?.startsWith('format.') !== true && leaf.path[0] !== 'format')
        for (const f of lintFalc(leaf.text)) findings.push({ path: leaf.path, message: `FALC: ${f.message}` });
    }
    for (const [key, group] of cat.byKey) {
      const plural = group.some((l) => PLURAL.test(l.path.at(-1) ?? ''));
      if (plural && !group.some((l) => (l.path.at(-1) ?? '').endsWith('_other')))
        findings.push({ path: group[0]?.path ?? [], message: `plural text '${key}' has no '${key}_other' form` });
    }
    if (!ref || ref === cat) continue;
    for (const [key, group] of ref.byKey) {
      if (cat.byKey.has(key)) continue;
      // Point at the nearest group that exists in this file, so the editor lands near the gap.
      const parent = group[0]?.path.slice(0, -1) ?? [];
      findings.push({ path: parent, message: `missing key '${key}' (present in ${reference})` });
    }
    for (const [key, group] of cat.byKey) {
      const refGroup = ref.byKey.get(key);
      const first = group[0];
      if (!first) continue;
      if (!refGroup) {
        findings.push({ path: first.path, at: 'key', message: `extra key '${key}' (absent from ${reference})` });
        continue;
      }
      const mine = variables(group.map((l) => l.text));
      const theirs = variables(refGroup.map((l) => l.text));
      const missing = [...theirs].filter((v) => !mine.has(v)).map((v) => `{{${v}}}`);
      const extra = [...mine].filter((v) => !theirs.has(v)).map((v) => `{{${v}}}`);
      if (missing.length || extra.length)
        findings.push({
          path: first.path,
          message: `variables differ from ${reference}: ${[
            missing.length ? `missing ${missing.join(', ')}` : '',
            extra.length ? `unknown ${extra.join(', ')}` : '',
          ]
            .filter(Boolean)
            .join('; ')}`,
        });
    }
  }
  return result;
}
