// SQLite: one file, WAL, full durability, one connection. What differs from PostgreSQL: the
// driver (write transactions begin IMMEDIATE, statements are prepared once, booleans and dates
// are bound as SQLite takes them), multi-statement migration files, and julianday() for times.
import { chmodSync } from 'node:fs';
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { createStore } from '../create-store.ts';
import type { StoreDialect } from '../dialect.ts';
import type { Database as Tables } from '../schema.ts';
import type { Store, StoreOptions } from '../types.ts';

export interface SqliteStoreOptions extends StoreOptions {
  /** Path of the database file; its folder must exist. */
  file: string;
}

/** How long a statement waits for another connection's write lock before it fails. */
const BUSY_TIMEOUT_MS = 5_000;
const BUSY_PAUSE_MAX_MS = 20;

const bindable = (value: unknown): unknown =>
  typeof value === 'boolean' ? (value ? 1 : 0) : value instanceof Date ? value.toISOString() : value;

/**
 * Kysely's own SQLite driver prepares every statement anew and begins deferred transactions;
 * this one keeps prepared statements, and begins IMMEDIATE, so that a transaction that reads
 * then writes never fails to upgrade its lock when another process (a CLI) writes meanwhile.
 */
class SqliteDriver implements Driver {
  readonly #connection: DatabaseConnection;
  #queue: Promise<void> = Promise.resolve();

  constructor(readonly database: Database.Database) {
    const statements = new Map<string, Database.Statement>();
    const run = <R>(query: CompiledQuery): QueryResult<R> => {
      let statement = statements.get(query.sql);
      if (!statement) statements.set(query.sql, (statement = database.prepare(query.sql)));
      const parameters = query.parameters.map(bindable);
      if (statement.reader) return { rows: statement.all(parameters) as R[] };
      const { changes, lastInsertRowid } = statement.run(parameters);
      return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
    };
    this.#connection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        // Another connection holds the write lock (a CLI, a second store in tests): wait for it
        // here, between turns of the event loop, rather than in SQLite's busy handler, which
        // would block this process's loop, and with it whoever holds the lock in this process.
        for (let waited = 0; ; ) {
          try {
            return run<R>(query);
          } catch (error) {
            const busy = error instanceof Database.SqliteError && error.code.startsWith('SQLITE_BUSY');
            if (!busy || database.inTransaction || waited >= BUSY_TIMEOUT_MS) throw error;
            const pause = Math.min(BUSY_PAUSE_MAX_MS, 1 + waited / 10);
            await new Promise((resume) => setTimeout(resume, pause));
            waited += pause;
          }
        }
      },
      streamQuery() {
        throw new Error('The store does not stream queries.');
      },
    };
  }

  async init(): Promise<void> {}

  /** One connection: a second caller waits until the first releases it. */
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  #release: (() => void) | undefined;

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('COMMIT'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    // SQLite may have rolled back on its own (a full disk): nothing is left to undo then.
    if (this.database.inTransaction) await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
  }

  async destroy(): Promise<void> {
    this.database.close();
  }
}

function sqliteDialect(file: string): StoreDialect {
  let database: Database.Database | undefined;
  return {
    kind: 'sqlite',
    migrationsDir: new URL('./migrations/', import.meta.url),

    open() {
      const d = new Database(file);
      // The file holds residents' answers: readable by the server's user only.
      chmodSync(file, 0o600);
      d.pragma('journal_mode = WAL');
      d.pragma('synchronous = FULL');
      d.pragma('foreign_keys = ON');
      d.pragma('busy_timeout = 5000');
      // 64 MiB of pages (the default is 2 MiB): the random keys of a large store's indexes
      // (ids, references, hashes) are then read from memory, not from the file, at each write.
      d.pragma('cache_size = -65536');
      database = d;
      const dialect: Dialect = {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new SqliteDriver(d),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      };
      return new Kysely<Tables>({ dialect });
    },

    async close(db) {
      await db.destroy();
      database = undefined;
    },

    async migrating(_db, migrations) {
      const d = database!;
      d.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
      // The write lock of each IMMEDIATE transaction is the lock between processes: a second
      // process waits for it, then finds the migration applied and skips it.
      for (const migration of migrations) {
        // A migration that rebuilds a referenced table (to change a CHECK) asks, on its first
        // line, for foreign keys off while it runs: the pragma cannot change inside a
        // transaction. Every key is checked again before its commit.
        const rebuild = migration.sql.startsWith('-- guichet: foreign-keys-off');
        if (rebuild) d.pragma('foreign_keys = OFF');
        try {
          d.transaction(() => {
            if (d.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(migration.version)) return;
            d.exec(migration.sql);
            if (rebuild && (d.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error(`migration ${migration.name} broke a foreign key`);
            d.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
          }).immediate();
        } finally {
          if (rebuild) d.pragma('foreign_keys = ON');
        }
      }
      // From now on the driver waits for locks itself, without blocking the event loop.
      d.pragma('busy_timeout = 0');
    },

    lockRows: (query) => query,

    unflushedTransaction(db, work) {
      // The safety level may not change inside a transaction: it is set around it, on the one
      // connection, which no other transaction can take meanwhile.
      return db.connection().execute(async (connection) => {
        await sql`PRAGMA synchronous = NORMAL`.execute(connection);
        try {
          return await connection.transaction().execute(work);
        } finally {
          await sql`PRAGMA synchronous = FULL`.execute(connection);
        }
      });
    },

    async lockAuditChain() {
      // Write transactions are IMMEDIATE: the one writing holds the database's write lock.
    },

    // julianday() reads the offsets of town-time and UTC timestamps alike.
    instant: (value) => sql`julianday(${value})`,

    // One writer at a time: SQLite never deadlocks; a busy lock is waited for by the driver.
    isTransient: () => false,

    isUniqueViolation: (error, table, column) =>
      error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes(`${table}.${column}`),
  };
}

/**
 * A store in one SQLite file. Construction does nothing; `migrate()` opens the file.
 *
 * @example const store = createSqliteStore({ file: 'data/guichet.sqlite' }); await store.migrate();
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  return createStore(sqliteDialect(options.file), options);
}
