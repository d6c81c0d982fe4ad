// What a person types, and the one place it becomes a typed answer: strings trimmed, empty
// optional answers dropped, numbers parsed, phone separators removed, dates assembled.
import type { Address, AnswerValue, Field } from '../../../content/model/index.ts';

export interface RawDate {
  day: string;
  month: string;
  year: string;
}

export interface RawAddress {
  street: string;
  complement: string;
  postcode: string;
  city: string;
}

/** The value an input holds: text, ticked options, a box, date parts, address parts, file ids. */
export type RawValue = string | string[] | boolean | RawDate | RawAddress;

export const EMPTY_DATE: RawDate = { day: '', month: '', year: '' };
export const EMPTY_ADDRESS: RawAddress = { street: '', complement: '', postcode: '', city: '' };

const asString = (raw: RawValue | undefined): string => (typeof raw === 'string' ? raw : '');
const asList = (raw: RawValue | undefined): string[] => (Array.isArray(raw) ? raw : []);

function isRawDate(raw: RawValue | undefined): raw is RawDate {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'day' in raw;
}

function isRawAddress(raw: RawValue | undefined): raw is RawAddress {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'street' in raw;
}

/** `06 12-34.56 78` -> `0612345678`; `+33 (0)6 12 34 56 78` -> `+33612345678`. */
export function normalisePhone(value: string): string {
  return value.replace(/\(0\)/g, '').replace(/[\s.\-()/]/g, '');
}

/** `{ day: '4', month: '7', year: '1956' }` -> `1956-07-04`; a part that is not digits stays visible as wrong. */
export function assembleDate(raw: RawDate): string | undefined {
  const day = raw.day.trim();
  const month = raw.month.trim();
  const year = raw.year.trim();
  if (!day && !month && !year) return undefined;
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return `${year}-${month}-${day}`;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** `1956-07-04` -> `{ day: '4', month: '7', year: '1956' }`, to show an answer again. */
export function splitDate(value: string): RawDate {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return { ...EMPTY_DATE };
  return { year: match[1] ?? '', month: String(Number(match[2])), day: String(Number(match[3])) };
}

/** `'3'` -> 3, `'2,5'` -> 2.5; what is not a number stays a string, which validation refuses. */
export function parseNumber(value: string): number | string {
  const compact = value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(compact)) return compact;
  return Number(compact);
}

/**
 * The typed answer of one field from what its input holds, or `undefined` for no answer.
 *
 * @example toAnswer({ id: 'phone', type: 'phone', label }, ' 06 12 34 56 78 ') // '0612345678'
 */
export function toAnswer(field: Field, raw: RawValue | undefined): AnswerValue | undefined {
  switch (field.type) {
    case 'text':
    case 'longText':
    case 'email': {
      const value = asString(raw).trim();
      return value === '' ? undefined : value;
    }
    case 'phone': {
      const value = normalisePhone(asString(raw).trim());
      return value === '' ? undefined : value;
    }
    case 'number': {
      const value = asString(raw).trim();
      return value === '' ? undefined : parseNumber(value);
    }
    case 'date':
      return isRawDate(raw) ? assembleDate(raw) : undefined;
    case 'choice': {
      const value = asString(raw);
      return value === '' ? undefined : value;
    }
    case 'choices':
    case 'file': {
      const list = asList(raw);
      return list.length === 0 ? undefined : [...list];
    }
    case 'consent':
      if (raw === true) return true;
      // An unticked required box is answered "no", so the person reads the consent message.
      return field.required === false ? undefined : false;
    case 'address': {
      if (!isRawAddress(raw)) return undefined;
      const street = raw.street.trim();
      const complement = raw.complement.trim();
      const postcode = raw.postcode.replace(/\s/g, '');
      const city = raw.city.trim();
      if (!street && !complement && !postcode && !city) return undefined;
      const address: Partial<Address> = {};
      if (street) address.street = street;
      if (complement) address.complement = complement;
      if (postcode) address.postcode = postcode;
      if (city) address.city = city;
      return address as Address;
    }
  }
}

/** What an input shows for an answer already given (after Back, Change or a reload of the step). */
export function toRaw(field: Field, answer: AnswerValue | undefined): RawValue | undefined {
  if (answer === undefined) return undefined;
  switch (field.type) {
    case 'date':
      return typeof answer === 'string' ? splitDate(answer) : undefined;
    case 'number':
      return String(answer);
    case 'address':
      return typeof answer === 'object' && !Array.isArray(answer)
        ? { ...EMPTY_ADDRESS, ...answer, complement: answer.complement ?? '' }
        : undefined;
    default:
      return answer as RawValue;
  }
}
