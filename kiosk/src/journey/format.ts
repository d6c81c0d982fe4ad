import type { Address } from '../../../content/model/index.ts';

/**
 * A date in words for a locale tag: `formatDate('1956-07-14', 'fr')` is `14 juillet 1956`.
 * Anything that is not a `YYYY-MM-DD` date is returned as it is.
 */
export function formatDate(value: string, localeTag: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return value;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(localeTag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    date,
  );
}

/** An address on the lines of an envelope. */
export function addressLines(address: Partial<Address>): string[] {
  return [address.street, address.complement, [address.postcode, address.city].filter(Boolean).join(' ')].filter(
    (line): line is string => typeof line === 'string' && line.trim() !== '',
  );
}

/** `1048576` -> `1` (megabytes, rounded down, at least 1). */
export function megabytes(bytes: number): number {
  return Math.max(1, Math.floor(bytes / (1024 * 1024)));
}

/** `1258291` in `fr` -> `1,2` (megabytes, one decimal, in the locale's digits and separator). */
export function megabytesPrecise(bytes: number, localeTag: string): string {
  return new Intl.NumberFormat(localeTag, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
}
