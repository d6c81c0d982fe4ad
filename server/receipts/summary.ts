// The copy of the answers ("Récapitulatif de votre demande") printed with the acknowledgment
// and shown on the tracking page: every answer as the kiosk's check screen shows it (choices
// by their labels, dates in words, addresses on lines), in French and in the person's
// language, except the fields a procedure marks `copy: false`.
import { visibleSteps, type AnswerValue, type Answers, type Field, type Locale, type Procedure, type Text } from '../../content/model/index.ts';
import type { Bilingual } from './acknowledgment.ts';
import { isReceiptLocale, receiptText, type ReceiptTextKey } from './texts.ts';

export interface SummaryRow {
  field: string;
  label: Bilingual;
  /** One entry a line (an address, a multi-line message, ticked choices). */
  lines: Bilingual[];
  /**
   * What the person typed (names, messages, addresses): the same in both languages, in its own
   * direction (`dir="auto"`), never translated.
   */
  typed: boolean;
}

export interface AnswerSummary {
  heading: Bilingual;
  lead: Bilingual;
  rows: SummaryRow[];
  /** Said when some answers are kept off the copy (`copy: false`). */
  withheld?: Bilingual;
}

function writer(locale: Locale) {
  const local = locale !== 'fr' && isReceiptLocale(locale) ? locale : undefined;
  const say = (key: ReceiptTextKey, params: Record<string, string | number> = {}): Bilingual =>
    local ? { fr: receiptText('fr', key, params), local: receiptText(local, key, params) } : { fr: receiptText('fr', key, params) };
  const pick = (text: Text | undefined): Bilingual => {
    const fr = text?.fr ?? '';
    return local ? { fr, local: text?.[local] ?? fr } : { fr };
  };
  const same = (value: string): Bilingual => (local ? { fr: value, local: value } : { fr: value });
  const format = (make: (tag: string) => string): Bilingual => {
    const fr = make(receiptText('fr', 'format.locale'));
    return local ? { fr, local: make(receiptText(local, 'format.locale')) } : { fr };
  };
  return { say, pick, same, format };
}

type Writer = ReturnType<typeof writer>;

function dateInWords(value: string, tag: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** The lines of one answer, as the check screen shows them; `typed` when the person wrote them. */
function answerLines(write: Writer, field: Field, value: AnswerValue | undefined): { lines: Bilingual[]; typed: boolean } {
  if (value === undefined) return { lines: [write.say('summary.notAnswered')], typed: false };
  switch (field.type) {
    case 'choice': {
      const option = field.options.find((o) => o.value === value);
      return { lines: [option ? write.pick(option.label) : write.same(String(value))], typed: false };
    }
    case 'choices':
      return {
        lines: (Array.isArray(value) ? value : []).map((v) => {
          const option = field.options.find((o) => o.value === v);
          return option ? write.pick(option.label) : write.same(String(v));
        }),
        typed: false,
      };
    case 'date':
      return { lines: [write.format((tag) => dateInWords(String(value), tag))], typed: false };
    case 'address': {
      if (typeof value !== 'object' || Array.isArray(value)) return { lines: [], typed: true };
      const lines = [value.street, value.complement, [value.postcode, value.city].filter(Boolean).join(' ')].filter(
        (line): line is string => typeof line === 'string' && line.trim() !== '',
      );
      return { lines: lines.map(write.same), typed: true };
    }
    case 'consent':
      return { lines: [value === true ? write.say('summary.yes') : write.say('summary.notAnswered')], typed: false };
    case 'file':
      return { lines: [write.say('summary.files', { count: Array.isArray(value) ? value.length : 0 })], typed: false };
    case 'number': {
      const unit = field.unit ? write.pick(field.unit) : undefined;
      const number = write.format((tag) => new Intl.NumberFormat(tag).format(Number(value)));
      return {
        lines: [unit ? { fr: `${number.fr} ${unit.fr}`, ...(number.local !== undefined ? { local: `${number.local} ${unit.local ?? unit.fr}` } : {}) } : number],
        typed: false,
      };
    }
    case 'phone':
      // A French number reads in pairs, as people say it: 06 12 34 56 78.
      return { lines: [write.same(/^0\d{9}$/.test(String(value)) ? String(value).replace(/(\d{2})(?=\d)/g, '$1 ') : String(value))], typed: true };
    default:
      return { lines: String(value).split('\n').map(write.same), typed: true };
  }
}

/**
 * The copy of the answers of a submission, in French and in its locale.
 *
 * @example summarizeAnswers(procedure, { topic: 'question', message: '…' }, 'en').rows.map((r) => r.field) // ['topic', …] without `message` (copy: false)
 */
export function summarizeAnswers(procedure: Procedure, answers: Answers, locale: Locale): AnswerSummary {
  const write = writer(locale);
  const rows: SummaryRow[] = [];
  let withheld = false;
  for (const step of visibleSteps(procedure, answers)) {
    for (const field of step.fields) {
      if (field.copy === false) {
        withheld = true;
        continue;
      }
      const label = write.pick(step.fields.length === 1 ? step.title : field.label);
      rows.push({ field: field.id, label, ...answerLines(write, field, answers[field.id]) });
    }
  }
  return {
    heading: write.say('summary.heading'),
    lead: write.say('summary.lead'),
    rows,
    ...(withheld ? { withheld: write.say('summary.withheld') } : {}),
  };
}
