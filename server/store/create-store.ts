// Assembles the store from its parts over one dialect. Construction does no I/O: migrate()
// opens the database and applies pending migrations, dispose() answers what is queued and closes.
import { sql, type Kysely } from 'kysely';
import { createContext } from './context.ts';
import type { StoreDialect } from './dialect.ts';
import { auditPart } from './parts/audit.ts';
import { deliveriesPart } from './parts/deliveries.ts';
import { deskPart } from './parts/desk.ts';
import { handoffsPart } from './parts/handoffs.ts';
import { helpPart } from './parts/help.ts';
import { indicatorsPart } from './parts/indicators.ts';
import { noticesPart } from './parts/notices.ts';
import { receiptEmailsPart } from './parts/receipt-emails.ts';
import { requestsPart } from './parts/requests.ts';
import { staffPart } from './parts/staff.ts';
import { submissionsPart } from './parts/submissions.ts';
import { terminalsPart } from './parts/terminals.ts';
import { trustPart } from './parts/trust.ts';
import { readMigrations } from './migrations.ts';
import type { Database } from './schema.ts';
import type { Store, StoreOptions } from './types.ts';

export function createStore(dialect: StoreDialect, options: StoreOptions = {}): Store {
  let db: Kysely<Database> | undefined;
  const ctx = createContext(dialect, () => {
    if (!db) throw new Error(`The ${dialect.kind} store is not open: call migrate() first.`);
    return db;
  });
  const submissions = submissionsPart(ctx, options);
  const { drain, ...submissionMethods } = submissions;
  const { drain: drainRecords, ...deliveryMethods } = deliveriesPart(ctx);
  const audit = auditPart(ctx);
  const { sealLegacy, ...auditMethods } = audit;

  return {
    kind: dialect.kind,
    ...submissionMethods,
    ...auditMethods,
    ...deliveryMethods,
    ...receiptEmailsPart(ctx),
    ...staffPart(ctx),
    ...handoffsPart(ctx),
    ...terminalsPart(ctx),
    ...requestsPart(ctx),
    ...noticesPart(ctx),
    ...deskPart(ctx),
    ...helpPart(ctx),
    ...indicatorsPart(ctx),
    ...trustPart(ctx),

    async migrate() {
      db ??= dialect.open();
      // Nothing a purge removed stays in the file's free space: SQLite zeroes deleted content
      // and freed pages (measured cost in server/README.md "Security"). Per connection; the
      // store has one.
      if (dialect.kind === 'sqlite') await sql`PRAGMA secure_delete = ON`.execute(db);
      await dialect.migrating(db, readMigrations(dialect.migrationsDir));
      await sealLegacy();
    },

    async dispose() {
      const closing = db;
      if (!closing) return;
      await Promise.all([drain(), drainRecords()]);
      db = undefined;
      await dialect.close(closing);
    },

    async health() {
      await sql`SELECT 1`.execute(ctx.db());
    },
  };
}
