import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError, checkContent, loadContent } from './check.ts';
import { CONTENT_DIR } from './load.ts';
import { formatProblem, type Problem } from './problem.ts';

const FIXTURES = new URL('fixtures/', import.meta.url).pathname;

interface Expectation {
  file: string;
  line: number;
  severity: Problem['severity'];
  message: string;
}

/**
 * Each fixture's YAML marks the line a problem must be reported on with a comment
 * `# expect: <start of the message>` (or `# expect warning: …`), so the expectation sits
 * next to the mistake it describes.
 */
function expectations(dir: string): Expectation[] {
  const files = ['site.yaml', ...readdirSync(join(dir, 'procedures')).map((name) => `procedures/${name}`)];
  return files.flatMap((file) =>
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .flatMap((text, i) => {
        const match = /# expect( warning)?: (.+)$/u.exec(text);
        return match?.[2]
          ? [{ file, line: i + 1, severity: match[1] ? ('warning' as const) : ('error' as const), message: match[2].trim() }]
          : [];
      }),
  );
}

const yamlFixtures = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'ui-texts')
  .map((entry) => entry.name);

describe('content check on fixtures', () => {
  it('has one fixture per kind of problem, and a valid one', () => {
    expect(yamlFixtures.length).toBeGreaterThanOrEqual(35);
    for (const name of yamlFixtures)
      if (name !== 'valid') expect(expectations(join(FIXTURES, name)), name).not.toHaveLength(0);
  });

  it('finds nothing wrong with the valid fixture', () => {
    expect(checkContent(join(FIXTURES, 'valid')).problems).toEqual([]);
  });

  describe.each(yamlFixtures.filter((name) => name !== 'valid'))('%s', (name) => {
    const dir = join(FIXTURES, name);
    const { problems } = checkContent(dir);
    const expected = expectations(dir);

    it.each(expected)('reports $file:$line "$message"', (expectation) => {
      const found = problems.filter((p) => p.file === expectation.file && p.line === expectation.line);
      expect(found.map((p) => `${p.severity}: ${p.message}`)).toContainEqual(
        expect.stringContaining(`${expectation.severity}: ${expectation.message}`),
      );
    });

    it('reports nothing else', () => {
      const unexpected = problems.filter(
        (p) => !expected.some((e) => e.file === p.file && e.line === p.line && p.message.includes(e.message)),
      );
      expect(unexpected.map((p) => formatProblem(p))).toEqual([]);
    });
  });

  it('checks ui.json: key diff per locale, plural forms, variables, FALC, unknown locale folders', () => {
    const { problems } = checkContent(join(FIXTURES, 'ui-texts'));
    expect(problems.map((p) => formatProblem(p)).filter((line) => !line.includes('receipts.json'))).toEqual([
      "locales/de/ui.json:1:1 warning: locale 'de' is not in site.yaml locales: these texts are never shown",
      "locales/fr-x-falc/ui.json:1:1 missing key 'goodbye' (present in fr)",
      'locales/fr-x-falc/ui.json:3:14 variables differ from fr: missing {{town}}',
      "locales/fr-x-falc/ui.json:5:5 extra key 'home.extra' (absent from fr)",
      "locales/fr-x-falc/ui.json:7:16 plural text 'files' has no 'files_other' form",
      'locales/fr-x-falc/ui.json:8:11 FALC: passive voice «est envoyée»: say who does it ("La mairie envoie …")',
    ]);
  });

  it('checks receipts.json as ui.json: a locale that lacks a receipt sentence is named with the key', () => {
    const { problems } = checkContent(join(FIXTURES, 'ui-texts'));
    expect(problems.map((p) => formatProblem(p)).filter((line) => line.includes('receipts.json'))).toEqual([
      "locales/fr-x-falc/receipts.json:1:1 missing key 'tracking' (present in fr)",
    ]);
  });
});

describe('loadContent', () => {
  it('returns the content when it has no error', () => {
    const content = loadContent(join(FIXTURES, 'valid'));
    expect(content.procedures.map((p) => p.id)).toEqual(['ask']);
    expect(content.site.town).toBe('Testville');
    expect(content.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('returns the content when it has only warnings', () => {
    expect(loadContent(join(FIXTURES, 'no-pictograms-yet')).procedures).toHaveLength(1);
  });

  it('throws a ContentError that lists every error', () => {
    const load = () => loadContent(join(FIXTURES, 'unknown-route'));
    expect(load).toThrow(ContentError);
    expect(load).toThrow(/procedures\/ask\.yaml:6:20 unknown route 'crm'/u);
  });

  it('reports a missing site.yaml instead of throwing from checkContent', () => {
    const { problems } = checkContent(join(FIXTURES, 'does-not-exist'));
    expect(problems).toMatchObject([{ file: 'site.yaml', line: 1, severity: 'error' }]);
  });
});

describe('the real content', () => {
  // Fails while the content engineers are still writing; the message names each file and line.
  it('has no error', () => {
    const errors = checkContent(CONTENT_DIR).problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => formatProblem(p))).toEqual([]);
  });
});
