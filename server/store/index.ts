// The store's one door: main and every command-line tool open the store the same way.
import { join } from 'node:path';
import { createPostgresStore } from './postgres/index.ts';
import { createSqliteStore } from './sqlite/index.ts';
import type { Store } from './types.ts';

export { createPostgresStore } from './postgres/index.ts';
export { createSqliteStore } from './sqlite/index.ts';
export type * from './types.ts';

/**
 * PostgreSQL when a connection string is given, otherwise SQLite in the data folder. Does no
 * I/O: call `migrate()`.
 *
 * @example const store = openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: 'data' });
 */
export function openStore(config: { databaseUrl?: string | undefined; dataDir: string }): Store {
  const url = config.databaseUrl?.trim();
  return url ? createPostgresStore({ connectionString: url }) : createSqliteStore({ file: join(config.dataDir, 'guichet.sqlite') });
}
