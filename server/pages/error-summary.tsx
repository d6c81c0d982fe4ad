/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The list of what to correct at the top of a page after a refused form: each entry links to
// its field. The page's title then starts with "Erreur : " (the layout's `hasErrors`).
import type { FieldProblem } from './field-error.tsx';

/**
 * @example <ErrorSummary problems={[{ field: 'decision-message', message: 'Écrivez le message de la décision.' }]} />
 */
export function ErrorSummary(props: { problems: readonly FieldProblem[] }) {
  if (props.problems.length === 0) return null;
  const count = props.problems.length;
  return (
    <div class="error-summary" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">{count > 1 ? `${count} choses à corriger` : 'Une chose à corriger'}</h2>
      <ul>
        {props.problems.map((problem) => (
          <li>
            <a href={`#${problem.field}`}>{problem.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
