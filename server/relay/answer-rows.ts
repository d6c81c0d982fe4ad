// The answers of a submission as the back-office reads them: labelled and formatted in French,
// in the order the person was asked, with file answers named like the delivered files.
import type { AnswerValue, Answers, Field, Procedure } from '../../content/model/index.ts';
import type { AnswerRow } from './connectors/index.ts';

const FRENCH_DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });
const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

/**
 * The file name a delivered attachment gets: its id and the extension of its type. The kiosk
 * sends no original file name (a photo taken at the terminal has none worth keeping).
 *
 * @example attachmentFilename('photos-1', 'image/jpeg') // 'photos-1.jpg'
 */
export function attachmentFilename(id: string, type: string): string {
  return `${id}.${EXTENSIONS[type] ?? 'bin'}`;
}

/** The procedure's title in French, the back-office's language. */
export function frenchTitle(procedure: Procedure): string {
  return procedure.title.fr ?? procedure.id;
}

/**
 * One row per answered field, in the order asked. A field alone on its step is labelled by
 * the step's title, as the kiosk showed it.
 *
 * @example answerRows(procedure, { where: { street: '3 rue Haute', postcode: '41200', city: 'Belval' } }, types)
 * // [{ label: 'Où est le problème ?', value: '3 rue Haute, 41200 Belval' }]
 */
export function answerRows(procedure: Procedure, answers: Answers, attachmentTypes: ReadonlyMap<string, string>): AnswerRow[] {
  const rows: AnswerRow[] = [];
  for (const step of procedure.steps) {
    for (const field of step.fields) {
      const value = answers[field.id];
      if (value === undefined || value === null) continue;
      const label = step.fields.length === 1 ? (step.title.fr ?? field.label.fr) : field.label.fr;
      rows.push({ label: label ?? field.id, value: formatAnswer(field, value, attachmentTypes) });
    }
  }
  return rows;
}

function formatAnswer(field: Field, value: AnswerValue, attachmentTypes: ReadonlyMap<string, string>): string {
  const optionLabel = (v: unknown) =>
    field.type === 'choice' || field.type === 'choices'
      ? (field.options.find((o) => o.value === v)?.label.fr ?? String(v))
      : String(v);
  switch (field.type) {
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? FRENCH_DATE.format(new Date(`${value}T00:00:00Z`))
        : String(value);
    case 'number':
      return typeof value === 'number'
        ? `${value.toLocaleString('fr-FR')}${field.unit?.fr ? ` ${field.unit.fr}` : ''}`
        : String(value);
    case 'choice':
      return optionLabel(value);
    case 'choices':
      return Array.isArray(value) ? value.map(optionLabel).join(', ') : optionLabel(value);
    case 'address': {
      const a = value as { street?: string; complement?: string; postcode?: string; city?: string };
      return [a.street, a.complement, [a.postcode, a.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    }
    case 'file':
      return Array.isArray(value)
        ? value.map((id) => attachmentFilename(String(id), attachmentTypes.get(String(id)) ?? '')).join(', ')
        : String(value);
    case 'consent':
      return value === true ? 'Oui' : 'Non';
    default:
      return String(value);
  }
}
