// Completing an incomplete request (CRPA L114-5): the service named what is missing, and the
// resident gives it at a kiosk or on the tracking page. The kiosk's runner and the server's
// validation both walk the same procedure, built here from the original one and the named
// pieces, so a completion is checked by the model exactly as a first sending is.
import type { Field, FileField, Procedure, Step, Text } from './types.ts';

/** A missing piece as the service named it: a label per locale (French at least). */
export interface NamedPiece {
  label: Partial<Record<string, string>> & { fr: string };
  /**
   * The procedure's field the piece asks again for (a piece from the procedure's own list);
   * without it the piece is a document to give.
   */
  field?: string;
}

/**
 * The id of the file question a free-text piece becomes, unique across the rounds of asking (a
 * second request for pieces must not replace the answers of the first): `round1piece1`, …
 */
export function missingFieldId(round: number, index: number): string {
  return `round${round}piece${index + 1}`;
}

const DOCUMENT_TYPES: FileField['accept'] = ['image/jpeg', 'image/png', 'application/pdf'];

function asText(label: NamedPiece['label']): Text {
  const text: Text = {};
  for (const [code, value] of Object.entries(label)) if (typeof value === 'string' && value.trim() !== '') text[code] = value;
  return text;
}

/**
 * The round of asking an incomplete entry is: 1 for the first request for pieces, 2 for the
 * next, … counted over the history up to it.
 *
 * @example roundOf(history, history.length - 1) // 2
 */
export function roundOf(history: ReadonlyArray<{ status: string }>, at: number = history.length - 1): number {
  return history.slice(0, at + 1).filter((entry) => entry.status === 'incomplete').length;
}

/**
 * The procedure that asks only for the missing pieces, one page each: a piece naming one of the
 * procedure's fields asks that field again (its own checks apply); any other piece asks for a
 * document (photo or PDF, up to 5 files). Its id and version are the original's, so the
 * envelope names the request's procedure; its steps are only the pieces.
 *
 * @example
 * completionProcedure(procedure, [{ label: { fr: 'Copie de votre pièce d’identité' } }]).steps[0].fields[0]
 * // { id: 'round1piece1', type: 'file', label: { fr: 'Copie de votre pièce d’identité' }, accept: [...], maxFiles: 5 }
 */
export function completionProcedure(procedure: Procedure, missing: readonly NamedPiece[], round = 1): Procedure {
  const own = new Map(procedure.steps.flatMap((step) => step.fields).map((field) => [field.id, field] as const));
  const used = new Set<string>();
  const steps: Step[] = [];
  missing.forEach((piece, index) => {
    const label = asText(piece.label);
    const asked = piece.field !== undefined ? own.get(piece.field) : undefined;
    if (asked && !used.has(asked.id)) {
      used.add(asked.id);
      steps.push({ id: missingFieldId(round, index), title: label, fields: [{ ...asked, required: true } as Field] });
      return;
    }
    const field: FileField = { id: missingFieldId(round, index), type: 'file', label, accept: DOCUMENT_TYPES, maxFiles: 5, copy: false };
    steps.push({ id: missingFieldId(round, index), title: label, fields: [field] });
  });
  const { routes: _routes, ...rest } = procedure;
  return { ...rest, steps };
}
