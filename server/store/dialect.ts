// What differs between SQLite and PostgreSQL, and nothing else: how to connect, how to run a
// migration file, how to lock, how to read a time with an offset, what a unique violation looks
// like. Every query of the store is written once, in ./parts, over Kysely and these hooks.
import type { Expression, Kysely, RawBuilder, SelectQueryBuilder, Transaction } from 'kysely';
import type { Migration } from './migrations.ts';
import type { Database } from './schema.ts';

export interface StoreDialect {
  /** `sqlite` or `postgresql`, as /api/health reports it. */
  readonly kind: 'sqlite' | 'postgresql';
  /** The folder of this dialect's numbered migration files (see readMigrations). */
  readonly migrationsDir: URL;
  /** Opens the connection(s); called by migrate() once. */
  open(): Kysely<Database>;
  /** Closes what open() opened. */
  close(db: Kysely<Database>): Promise<void>;
  /**
   * Applies the migrations not applied yet, each in its own transaction with its row in
   * `schema_migrations`, holding the lock that keeps two processes from migrating at once.
   */
  migrating(db: Kysely<Database>, migrations: readonly Migration[]): Promise<void>;
  /**
   * Locks the rows a select will update until the transaction ends; with `skipLocked`, rows
   * another transaction holds are passed over. SQLite's write transactions are exclusive: nothing to add.
   */
  lockRows<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, options?: { skipLocked?: boolean }): SelectQueryBuilder<DB, TB, O>;
  /**
   * Serialises appends to the audit chain until the transaction ends. Taken last in a
   * transaction, after every row lock, so that writers never wait for each other in a circle.
   */
  lockAuditChain(trx: Transaction<Database>): Promise<void>;
  /**
   * Runs a transaction whose commit returns before it reaches the disk. For leases only: a
   * claim lost in a power cut (never in a crash of the process) puts the row back in the queue,
   * and the item is tried again, which every outbox already tolerates. On SQLite the WAL is not
   * synced at that commit (the next synced commit carries it); on PostgreSQL,
   * synchronous_commit is off for that transaction.
   */
  unflushedTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** An instant comparable across offsets ("2026-11-28T11:00:00+01:00" = "2026-11-28T10:00:00Z"). */
  instant(value: Expression<unknown>): RawBuilder<unknown>;
  /** An error that says "run the transaction again": a deadlock the database broke, a serialization failure. */
  isTransient(error: unknown): boolean;
  /** The error a unique constraint raised, naming one of its columns (`submissions.reference`). */
  isUniqueViolation(error: unknown, table: string, column: string): boolean;
}
