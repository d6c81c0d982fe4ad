/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// A form's problems, field by field: the message above the input, and the attributes that tie
// the input to it (aria-invalid, aria-describedby with the hint), as GOV.UK's error message does.

/** A form's problem: which input (its id), what to do. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The message of one field, or nothing.
 *
 * @example <FieldError problems={problems} field="respondBy" />
 */
export function FieldError(props: { problems: readonly FieldProblem[]; field: string }) {
  const problem = props.problems.find((candidate) => candidate.field === props.field);
  if (!problem) return null;
  return (
    <p class="error" id={`${props.field}-error`}>
      <span class="visually-hidden">Erreur : </span>
      {problem.message}
    </p>
  );
}

/**
 * The attributes of an input: described by its hint and its error, invalid when it has one.
 * A fieldset (`group: true`) is only described: aria-invalid belongs to its inputs.
 *
 * @example <input id="respondBy" {...fieldAttributes(problems, 'respondBy', { hint: true })} />
 */
export function fieldAttributes(problems: readonly FieldProblem[], field: string, options: { hint?: boolean; group?: boolean } = {}): Record<string, string> {
  const invalid = problems.some((problem) => problem.field === field);
  const describedBy = [options.hint ? `${field}-hint` : '', invalid ? `${field}-error` : ''].filter(Boolean).join(' ');
  return { ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(invalid && !options.group ? { 'aria-invalid': 'true' } : {}) };
}
