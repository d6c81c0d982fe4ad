// Values as they come back from either dialect, to the shapes the Store returns.

/** Times leave the store as UTC ISO 8601 with milliseconds, whatever the column type. */
export const iso = (value: string | Date): string => (value instanceof Date ? value.toISOString() : value);

export const isoOrUndefined = (value: string | Date | null): string | undefined => (value === null ? undefined : iso(value));

/** A JSON column: text on SQLite, parsed by node-postgres. */
export const fromJson = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/** A generated id or a count: a number on SQLite, a string for bigint on PostgreSQL. */
export const num = (value: number | string | bigint): number => Number(value);

/** Leaves out absent values, so that shapes compare equal on both dialects. */
export const present = <K extends string, V>(key: K, value: V | null | undefined): Partial<Record<K, V>> =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>);
