// Node-side door to content: read it from disk and check it.
export { CONTENT_DIR, readContent, readContentFiles, type ContentFile, type ContentFiles } from './load.ts';
export { checkContent, loadContent, ContentError, type CheckResult } from './check.ts';
export { formatProblem, type Problem, type Severity } from './problem.ts';
export { lintFalc, FALC_MAX_WORDS, type FalcFinding, type FalcRule } from './falc.ts';
