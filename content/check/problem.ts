import { join, relative } from 'node:path';

export type Severity = 'error' | 'warning';

/** One thing wrong with the content, where an editor can find it. */
export interface Problem {
  /** Path relative to the content directory: `procedures/write-to-town-hall.yaml`. */
  file: string;
  /** 1-based, like an editor's status bar. */
  line: number;
  column: number;
  message: string;
  severity: Severity;
}

/** A problem found in a parsed value, before it is placed in its file. */
export interface Finding {
  path: readonly PropertyKey[];
  message: string;
  severity?: Severity;
  /** Point at the key (an unknown key) rather than at its value (a wrong value). */
  at?: 'key' | 'value';
}

/**
 * `file:line:column message`, the form editors and CI annotations turn into links.
 *
 * @example formatProblem({ file: 'site.yaml', line: 3, column: 1, message: 'x', severity: 'warning' }, '/repo/content')
 *   // 'content/site.yaml:3:1 warning: x' (from /repo)
 */
export function formatProblem(problem: Problem, dir?: string): string {
  const file = dir ? relative(process.cwd(), join(dir, problem.file)) : problem.file;
  const label = problem.severity === 'warning' ? 'warning: ' : '';
  return `${file}:${problem.line}:${problem.column} ${label}${problem.message}`;
}

/**
 * By file and position, so the output reads top to bottom; an error before a warning on the same spot.
 *
 * @example sortProblems(problems).map((p) => formatProblem(p)) // ['procedures/a.yaml:3:1 …', 'site.yaml:1:1 …']
 */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const rank = (p: Problem) => (p.severity === 'error' ? 0 : 1);
  return [...problems].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || rank(a) - rank(b),
  );
}
