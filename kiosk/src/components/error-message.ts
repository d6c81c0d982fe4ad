import { formatDate } from '../journey/format.ts';
import type { JourneyError } from '../journey/journey.ts';
import { formatLocale, hasText, t } from '../i18n/i18n.ts';

/** The sentence of an error, with dates in words in the person's language. */
export function errorText(error: JourneyError): string {
  const params: Record<string, string | number> = { ...error.params };
  for (const bound of ['min', 'max'] as const) {
    const value = params[bound];
    if ((error.code === 'dateTooEarly' || error.code === 'dateTooLate') && typeof value === 'string')
      params[bound] = formatDate(value, formatLocale());
  }
  if (!hasText(error.key)) return error.message ?? t('errors.type');
  return t(error.key, params);
}

/** The id of the input an error is about: `address.postcode` -> `f-address-postcode`. */
export function inputIdOf(field: string): string {
  return `f-${field.replace(/\./g, '-')}`;
}

/** The id of the message shown under a field. */
export function errorIdOf(field: string): string {
  return `${inputIdOf(field)}-error`;
}
