// `npm run content:check [dir]`: prints each problem as file:line:column, then a count;
// exits 1 when there is an error, so CI and the editor's pre-commit hook can stop on it.
import { resolve } from 'node:path';
import { CONTENT_DIR } from './load.ts';
import { checkContent } from './check.ts';
import { formatProblem } from './problem.ts';

const dir = process.argv[2] ? resolve(process.argv[2]) : CONTENT_DIR;
const { problems, content } = checkContent(dir);
for (const problem of problems) console.log(formatProblem(problem, dir));
const errors = problems.filter((p) => p.severity === 'error').length;
const warnings = problems.length - errors;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
console.log(
  `${plural(errors, 'error')}, ${plural(warnings, 'warning')} (${plural(content.procedures.length, 'well-formed procedure')})`,
);
process.exitCode = errors ? 1 : 0;
