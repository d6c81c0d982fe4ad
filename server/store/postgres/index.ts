// PostgreSQL, for several server instances on one database. What differs from SQLite: a pool
// of connections, row locks (FOR UPDATE, SKIP LOCKED for claims), the audit chain's advisory
// lock, and advisory-locked migrations. Every commit waits for its WAL flush
// (synchronous_commit on), so an answer means the row is on disk.
//
// node-postgres (`pg`): a pool whose clients can be held for a whole session (the migration's
// advisory lock is released by the connection that took it), the most used, longest
// maintained driver, and Kysely's PostgreSQL dialect is built on it.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createStore } from '../create-store.ts';
import type { StoreDialect } from '../dialect.ts';
import type { Database } from '../schema.ts';
import type { Store, StoreOptions } from '../types.ts';

export interface PostgresStoreOptions extends StoreOptions {
  /** `postgres://user:password@host:port/database`, as in DATABASE_URL. */
  connectionString: string;
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
}

/** pg_advisory_lock(classid, objid) held while migrating: 'GUIC' and 1. */
const MIGRATION_LOCK = sql`${sql.lit(0x47554943)}, ${sql.lit(1)}`;
/**
 * pg_advisory_xact_lock held from reading the audit chain's head to the commit of the entries
 * chained to it: the appends of every instance form one line.
 */
const CHAIN_LOCK = sql`${sql.lit(0x47554943)}, ${sql.lit(2)}`;

function postgresDialect(options: PostgresStoreOptions): StoreDialect {
  return {
    kind: 'postgresql',
    migrationsDir: new URL('./migrations/', import.meta.url),

    open() {
      const pool = new pg.Pool({
        connectionString: options.connectionString,
        max: options.maxConnections ?? 10,
        // Durable whatever the server's default: a commit returns once its WAL is flushed.
        options: '-c synchronous_commit=on',
        application_name: 'guichet',
      });
      // An idle client whose server went away: the pool drops it, the next query reconnects.
      pool.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
      return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    },

    async close(db) {
      await db.destroy();
    },

    async migrating(db, migrations) {
      await db.connection().execute(async (conn) => {
        // Two instances starting together: the second waits here, then finds nothing to do.
        await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
        try {
          await sql`CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`.execute(conn);
          const applied = new Set((await conn.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
          for (const migration of migrations) {
            if (applied.has(migration.version)) continue;
            try {
              await conn.transaction().execute(async (trx) => {
                // No parameters: node-postgres sends it as a simple query, several statements at once.
                await sql.raw(migration.sql).execute(trx);
                await trx
                  .insertInto('schema_migrations')
                  .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() })
                  .execute();
              });
            } catch (error) {
              throw new Error(`PostgreSQL migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
            }
          }
        } finally {
          await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
        }
      });
    },

    lockRows: (query, { skipLocked = false } = {}) => (skipLocked ? query.forUpdate().skipLocked() : query.forUpdate()),

    unflushedTransaction(db, work) {
      return db.transaction().execute(async (trx) => {
        await sql`SET LOCAL synchronous_commit = off`.execute(trx);
        return work(trx);
      });
    },

    async lockAuditChain(trx) {
      await sql`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(trx);
    },

    instant: (value) => sql`(${value})::timestamptz`,

    // deadlock_detected, serialization_failure.
    isTransient: (error) => error instanceof pg.DatabaseError && (error.code === '40P01' || error.code === '40001'),

    isUniqueViolation: (error, table, column) =>
      error instanceof pg.DatabaseError && error.code === '23505' && error.constraint === `${table}_${column}_key`,
  };
}

/**
 * A store in a PostgreSQL database. Construction does nothing; `migrate()` opens the pool.
 *
 * @example const store = createPostgresStore({ connectionString: process.env.DATABASE_URL }); await store.migrate();
 */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  return createStore(postgresDialect(options), options);
}
