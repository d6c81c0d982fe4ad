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
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
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
    transaction(work) {
      return database()
        .transaction()
        .execute(async (trx) => {
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
        });
    },
  };
}
