// Checks the whole content directory and says where each problem is: the one command an
// editor runs after changing a procedure, and the gate the server passes at start.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Content, Procedure, Site } from '../model/index.ts';
import { CONTENT_DIR, readContentFiles, type ContentFiles } from './load.ts';
import { formatProblem, sortProblems, type Problem } from './problem.ts';
import { procedureFindings, siteFindings, type Pictograms } from './rules.ts';
import { contentSchemas, shapeFindings } from './schema.ts';
import { parseSource, type SourceFile } from './source.ts';
import { uiFindings, type UiFile } from './ui-texts.ts';

export interface CheckResult {
  /** Errors and warnings, sorted by file and position. */
  problems: Problem[];
  /** The content as read; trustworthy only when no problem is an error. */
  content: Content;
}

/** The locale codes site.yaml declares, read leniently so a broken site still yields them. */
function declaredLocales(value: unknown): string[] {
  const locales = (value as { locales?: unknown } | undefined)?.locales;
  if (!Array.isArray(locales)) return [];
  return locales.flatMap((l: unknown) => {
    const code = (l as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? [code] : [];
  });
}

function listDir(path: string): string[] {
  return existsSync(path) ? readdirSync(path) : [];
}

function readPictograms(dir: string): Pictograms {
  const names = new Set(
    listDir(join(dir, 'pictograms'))
      .filter((name) => name.endsWith('.svg'))
      .map((name) => name.slice(0, -'.svg'.length)),
  );
  // While no pictogram is drawn yet, a missing one must not block everything else.
  return { names, severity: names.size ? 'error' : 'warning' };
}

/**
 * The texts of each locale folder: `ui.json` (the kiosk's interface) and `receipts.json` (the
 * acknowledgments, statuses and receipt emails the server writes), each compared with the
 * default locale's, so a new locale is data only and every missing sentence is named.
 */
const LOCALE_FILES = ['ui.json', 'receipts.json'] as const;

function checkUiTexts(dir: string, locales: readonly string[], reference: string, siteKnown: boolean, name: (typeof LOCALE_FILES)[number]): Problem[] {
  const path = (locale: string) => `locales/${locale}/${name}`;
  const folders = listDir(join(dir, 'locales'));
  const codes = siteKnown ? locales : folders;
  const present = codes.filter((code) => existsSync(join(dir, path(code))));
  if (!present.length) return [];
  const problems: Problem[] = codes
    .filter((code) => !present.includes(code))
    .map((code) => ({
      file: path(code),
      line: 1,
      column: 1,
      message: `missing file: every locale of site.yaml needs its ${name} (${present.join(', ')} have one)`,
      severity: 'error',
    }));
  if (siteKnown)
    for (const folder of folders)
      if (!locales.includes(folder) && existsSync(join(dir, path(folder))))
        problems.push({
          file: path(folder),
          line: 1,
          column: 1,
          message: `locale '${folder}' is not in site.yaml locales: these texts are never shown`,
          severity: 'warning',
        });
  const files: UiFile[] = present.map((locale) => ({
    locale,
    source: parseSource(path(locale), readFileSync(join(dir, path(locale)), 'utf8'), 'json'),
  }));
  const findings = uiFindings(files, present.includes(reference) ? reference : (present[0] ?? reference));
  for (const { locale, source } of files) problems.push(...source.syntax, ...source.place(findings.get(locale) ?? []));
  return problems;
}

function missingFile(file: string, error: unknown): Problem {
  const reason = error instanceof Error ? error.message : String(error);
  return { file, line: 1, column: 1, message: `cannot read: ${reason}`, severity: 'error' };
}

/**
 * Checks site.yaml, every procedure and every locale's ui.json and receipts.json under `dir`.
 *
 * @example const { problems } = checkContent(); problems.filter((p) => p.severity === 'error').length // 0
 */
export function checkContent(dir: string = CONTENT_DIR): CheckResult {
  let files: ContentFiles;
  try {
    files = readContentFiles(dir);
  } catch (error) {
    const file = (error as { path?: string }).path?.slice(join(dir, '/').length) ?? 'site.yaml';
    return { problems: [missingFile(file, error)], content: { version: '', site: {} as Site, procedures: [] } };
  }
  const problems: Problem[] = [];
  const pictograms = readPictograms(dir);

  const siteSource = parseSource(files.site.file, files.site.text);
  problems.push(...siteSource.syntax);
  const locales = declaredLocales(siteSource.value);
  const schemas = contentSchemas(locales);
  let site: Site | undefined;
  if (siteSource.value !== undefined) {
    const parsed = schemas.site.safeParse(siteSource.value, { reportInput: true });
    const { findings, wellFormed } = shapeFindings(parsed.error?.issues ?? []);
    problems.push(...siteSource.place(findings));
    if (wellFormed) {
      site = siteSource.value as Site;
      problems.push(...siteSource.place(siteFindings(site, pictograms)));
    }
  }

  const procedures: Procedure[] = [];
  for (const { file, text } of files.procedures) {
    const source: SourceFile = parseSource(file, text);
    problems.push(...source.syntax);
    if (source.value === undefined) continue;
    const parsed = schemas.procedure.safeParse(source.value, { reportInput: true });
    const { findings, wellFormed } = shapeFindings(parsed.error?.issues ?? []);
    problems.push(...source.place(findings));
    if (!wellFormed) continue;
    const procedure = source.value as Procedure;
    procedures.push(procedure);
    const name = basename(file, '.yaml');
    problems.push(...source.place(procedureFindings(procedure, { name, site, pictograms })));
  }

  for (const name of LOCALE_FILES) problems.push(...checkUiTexts(dir, locales, site?.defaultLocale ?? locales[0] ?? 'fr', site !== undefined, name));
  return {
    problems: sortProblems(problems),
    content: { version: files.version, site: (site ?? siteSource.value) as Site, procedures },
  };
}

/** Thrown by `loadContent`: the content has errors; `problems` lists them. */
export class ContentError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[], dir: string) {
    super(
      `content has ${problems.length} error${problems.length === 1 ? '' : 's'} (npm run content:check):\n` +
        problems.map((p) => formatProblem(p, dir)).join('\n'),
    );
    this.name = 'ContentError';
    this.problems = problems;
  }
}

/**
 * The checked content, or a `ContentError` listing every error (warnings do not stop it).
 *
 * @example const content = loadContent(); // at server start; throws on bad content
 */
export function loadContent(dir: string = CONTENT_DIR): Content {
  const { problems, content } = checkContent(dir);
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new ContentError(errors, dir);
  return content;
}
