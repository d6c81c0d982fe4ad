/**
 * The provisional number a person is given while the envelope is only on the terminal: the
 * first eight hex digits of its key, which is also the submission's id on the server, so
 * reception can find the request by it once it has arrived.
 *
 * @example provisionalNumber('3f2b8c1e-5d4a-4e6b-9c7d-2a1b0c9d8e7f') // 'P-3F2B-8C1E'
 */
export function provisionalNumber(key: string): string {
  const hex = key.replace(/-/g, '').slice(0, 8).toUpperCase();
  return `P-${hex.slice(0, 4)}-${hex.slice(4, 8)}`;
}
