// What every part of the store shares: the open database, the dialect's hooks, and
// transactions that chain their audit entries at the end, under the chain lock.
import { sql, type Kysely, type Transaction } from 'kysely';
import { GENESIS_HASH, chainHash, type ChainedFields } from './audit-chain.ts';
import type { StoreDialect } from './dialect.ts';
import type { Database } from './schema.ts';
import type { NewAuditEvent } from './types.ts';

/** A transaction of the store. */
export interface Tx {
  readonly db: Transaction<Database>;
  /**
   * Queues an entry for the audit log. Entries are chained and written when the work is done,
   * just before the commit, after every row lock the work took (see lockAuditChain).
   */
  audit(event: NewAuditEvent): void;
  /**
   * Runs `work` in a savepoint: if it throws, what it wrote and audited is undone and the
   * error rethrown, and the transaction goes on. When even the rollback fails (SQLite gave up
   * the whole transaction on a full disk), `broken` is set and that error is thrown instead.
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
  readonly broken: boolean;
}

export interface StoreContext {
  readonly dialect: StoreDialect;
  /** The open database; throws before migrate() and after dispose(). */
  db(): Kysely<Database>;
  /**
   * Runs `work` in a transaction, its audit entries chained at the end. `flush: false` for
   * leases only (see StoreDialect.unflushedTransaction): the commit does not wait for the disk.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>, options?: { flush?: boolean }): Promise<T>;
}

/** Rows a multi-row INSERT carries at most (SQLite binds up to 32,766 values a statement). */
const AUDIT_ROWS_PER_INSERT = 500;

/** Appends entries chained to the head of the log, in order. Call inside a transaction. */
export async function appendChained(trx: Transaction<Database>, dialect: StoreDialect, events: readonly NewAuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await dialect.lockAuditChain(trx);
  const head = await trx.selectFrom('audit_events').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  let prevHash = head?.hash ?? GENESIS_HASH;
  const rows = events.map((e) => {
    const fields: ChainedFields = { at: e.at, kind: e.kind, actor: e.actor, terminal: e.terminal ?? null, submission: e.submissionId ?? null, data: e.data };
    const hash = chainHash(prevHash, fields);
    const row = {
      at: fields.at,
      kind: fields.kind,
      actor: fields.actor,
      terminal: fields.terminal,
      submission_id: fields.submission,
      data_json: JSON.stringify(fields.data),
      prev_hash: prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  // One multi-row INSERT numbers its rows in the order of its VALUES on both databases: the
  // chain's order is the id order audit:verify reads.
  for (let i = 0; i < rows.length; i += AUDIT_ROWS_PER_INSERT)
    await trx.insertInto('audit_events').values(rows.slice(i, i + AUDIT_ROWS_PER_INSERT)).execute();
}

export function createContext(dialect: StoreDialect, database: () => Kysely<Database>): StoreContext {
  return {
    dialect,
    db: database,
    transaction(work, { flush = true } = {}) {
      const run = async (trx: Transaction<Database>) => {
        const entries: NewAuditEvent[] = [];
        let broken = false;
        const tx: Tx = {
          db: trx,
          audit: (event) => void entries.push(event),
          get broken() {
            return broken;
          },
          async savepoint(inner) {
            const mark = entries.length;
            await sql`SAVEPOINT guichet`.execute(trx);
            try {
              const result = await inner();
              await sql`RELEASE SAVEPOINT guichet`.execute(trx);
              return result;
            } catch (error) {
              entries.length = mark;
              try {
                await sql`ROLLBACK TO SAVEPOINT guichet`.execute(trx);
                await sql`RELEASE SAVEPOINT guichet`.execute(trx);
              } catch (rollback) {
                broken = true;
                throw rollback;
              }
              throw error;
            }
          },
      };
      const result = await work(tx);
      await appendChained(trx, dialect, entries);
      return result;
      };
      return flush ? database().transaction().execute(run) : dialect.unflushedTransaction(database(), run);
    },
  };
}

/**
 * The option of a transaction that only leases rows of an outbox (claims): its commit need
 * not wait for the disk. Losing a lease in a power cut makes the item due again, and it is
 * sent again under the same idempotency key, which every receiver dedupes; waiting for the
 * disk at each claim halved the relay's pace.
 */
export const UNFLUSHED_LEASE = { flush: false } as const;

/** How many times a batch the database aborted to break a deadlock is run again. */
const BATCH_TRIES = 3;

/** Work submitted one item at a time and committed in batches. */
export interface GroupCommit<I, O> {
  /** Resolves once the batch holding `item` is committed (or rejects with its own error). */
  submit(item: I): Promise<O>;
  /** Resolves when nothing submitted is waiting any more. */
  drain(): Promise<void>;
}

/**
 * Group commit. A commit waits for the disk (the fsync of SQLite's WAL, PostgreSQL's WAL
 * flush): so items queue, and those queued while a batch commits go together in the next one,
 * one transaction, one flush and one turn of the audit chain's lock, before any of them is
 * answered. Each runs in its own savepoint: one that fails is rolled back and rejected alone;
 * a failed commit rejects the whole batch, and none of it is stored.
 *
 * @example const accepts = groupCommit(ctx, (tx, submission) => insert(tx, submission));
 */
export function groupCommit<I, O>(
  ctx: StoreContext,
  one: (tx: Tx, item: I) => Promise<O>,
  options: {
    /** Runs first in each batch's transaction: takes the row locks the batch needs, in one order, so two batches never wait for each other in a circle. */
    lockFirst?: (tx: Tx, items: readonly I[]) => Promise<void>;
    /**
     * The order a batch runs its items in. Two batches that lock rows in the same order (keys
     * inserted by two instances at once) wait for each other in a line, never in a circle.
     */
    order?: (a: I, b: I) => number;
    /** Runs last in each batch's transaction, with the items that succeeded, before the audit chain's lock. */
    finish?: (tx: Tx, done: ReadonlyArray<{ item: I; value: O }>) => Promise<void>;
    /**
     * Does the whole batch at once (a few multi-row statements instead of a few per item), in
     * one savepoint, its results in the items' order. If it throws, the batch is done again one
     * item at a time by `one`, so that only the item at fault fails.
     */
    many?: (tx: Tx, items: readonly I[]) => Promise<O[]>;
  } = {},
): GroupCommit<I, O> {
  type Queued = { item: I; resolve: (value: O) => void; reject: (error: unknown) => void };
  let queued: Queued[] = [];
  let running: Promise<void> | undefined;

  const attempt = async (batch: Queued[]): Promise<Array<PromiseSettledResult<O>>> => {
    const outcomes: Array<PromiseSettledResult<O>> = [];
    await ctx.transaction(async (tx) => {
      const items = batch.map(({ item }) => item);
      await options.lockFirst?.(tx, items);
      const many = options.many;
      if (many && batch.length > 1) {
        try {
          const values = await tx.savepoint(() => many(tx, items));
          outcomes.push(...values.map((value): PromiseSettledResult<O> => ({ status: 'fulfilled', value })));
        } catch (reason) {
          // A deadlock the database broke runs the whole batch again (see commit); any other
          // fault is found again below, item by item.
          if (tx.broken || ctx.dialect.isTransient(reason)) throw reason;
        }
      }
      if (outcomes.length === 0)
        for (const { item } of batch) {
          try {
            outcomes.push({ status: 'fulfilled', value: await tx.savepoint(() => one(tx, item)) });
          } catch (reason) {
            if (tx.broken) throw reason;
            outcomes.push({ status: 'rejected', reason });
          }
        }
      await options.finish?.(
        tx,
        batch.flatMap(({ item }, i) => {
          const outcome = outcomes[i]!;
          return outcome.status === 'fulfilled' ? [{ item, value: outcome.value }] : [];
        }),
      );
    });
    return outcomes;
  };

  const commit = async (queuedBatch: Queued[]): Promise<void> => {
    const order = options.order;
    const batch = order ? [...queuedBatch].sort((a, b) => order(a.item, b.item)) : queuedBatch;
    let outcomes: Array<PromiseSettledResult<O>>;
    for (let tries = 1; ; tries++) {
      try {
        outcomes = await attempt(batch);
        break;
      } catch (error) {
        // The database broke a deadlock by aborting this batch: nothing of it was kept, run it again.
        if (ctx.dialect.isTransient(error) && tries < BATCH_TRIES) continue;
        for (const { reject } of batch) reject(error);
        return;
      }
    }
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!;
      if (outcome.status === 'fulfilled') resolve(outcome.value);
      else reject(outcome.reason);
    });
  };

  const run = async (): Promise<void> => {
    while (queued.length) {
      const batch = queued;
      queued = [];
      await commit(batch);
    }
    running = undefined;
  };

  return {
    submit(item) {
      ctx.db();
      return new Promise<O>((resolve, reject) => {
        queued.push({ item, resolve, reject });
        // Started on the next turn, so that the items of this turn share the first batch.
        running ??= new Promise<void>((start) => setImmediate(start)).then(run);
      });
    },
    async drain() {
      await running;
    },
  };
}
