import type { AnswerValue, Field } from '../../../content/model/index.ts';
import { formatLocale, tIn, textIn } from '../i18n/i18n.ts';
import { addressLines, formatDate, megabytesPrecise } from './format.ts';
import type { Attachment } from './journey.ts';

/**
 * An answer as the person reads it back, in a locale: labels for choices, dates in words, the
 * address on lines, files by name and size. The check screen shows it; the provisional paper
 * prints it in the person's language and in French.
 *
 * @example answerLines(choiceField, 'question', 'en') // ['A question']
 */
export function answerLines(field: Field, value: AnswerValue | undefined, code: string, attachments: readonly Attachment[] = []): string[] {
  if (value === undefined) return [tIn(code, 'check.notAnswered')];
  switch (field.type) {
    case 'choice':
      return [textIn(code, field.options.find((o) => o.value === value)?.label) || String(value)];
    case 'choices':
      return (Array.isArray(value) ? value : []).map((v) => textIn(code, field.options.find((o) => o.value === v)?.label) || v);
    case 'date':
      return [formatDate(String(value), formatLocale(code))];
    case 'address':
      return typeof value === 'object' && !Array.isArray(value) ? addressLines(value) : [];
    case 'consent':
      return [value === true ? tIn(code, 'check.yes') : tIn(code, 'check.notAnswered')];
    case 'file': {
      const ids = Array.isArray(value) ? value : [];
      const files = attachments.filter((a) => ids.includes(a.id));
      if (!files.length) return [tIn(code, 'check.files', { count: ids.length })];
      // The name as the person chose it, and its size: "facture.pdf (1,2 Mo)".
      return files.map((file) => tIn(code, 'check.fileSize', { name: file.name, size: megabytesPrecise(file.size, formatLocale(code)) }));
    }
    case 'number':
      return [`${new Intl.NumberFormat(formatLocale(code)).format(Number(value))}${field.unit ? ` ${textIn(code, field.unit)}` : ''}`];
    case 'phone':
      // A French number reads in pairs, as people say it: 06 12 34 56 78.
      return [/^0\d{9}$/.test(String(value)) ? String(value).replace(/(\d{2})(?=\d)/g, '$1 ') : String(value)];
    default:
      return String(value).split('\n');
  }
}
