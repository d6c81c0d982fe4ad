// Owns the kiosk's queue of indicator reports in IndexedDB, beside the outbox and kept like it
// at each session end (its name starts with the outbox's: session/erase.ts keeps it), so reports
// made offline wait for the network and survive the reload that ends every session.
//
// Stored in clear, not sealed like envelopes: a report is only names from closed lists and
// counts (procedure, step, outcome, language, settings, a day), nothing about a person, and the
// entries already keep the terminal's site and channel in clear. Sealing would protect nothing
// and cost a key exchange per journey.
import { Dexie, type EntityTable } from 'dexie';
import { OUTBOX_DB_NAME } from '../outbox/name.ts';
import type { IndicatorReport } from './journey-tracker.ts';

export const REPORTS_DB_NAME = `${OUTBOX_DB_NAME}-indicators`;
/** A terminal that stays offline for months keeps the newest reports only. */
export const MAX_QUEUED = 5_000;

interface QueuedReport {
  id?: number;
  /** The batch it was last sent in: sent again in the same batch, so the server counts it once. */
  batch?: string;
  report: IndicatorReport;
}

type ReportsDatabase = Dexie & { reports: EntityTable<QueuedReport, 'id'> };

export interface ReportQueue {
  add(report: IndicatorReport): Promise<void>;
  /**
   * The next batch: one sent before without an answer, as it was (same id, same reports), or
   * else the oldest reports under a new batch id, written before they are sent.
   */
  take(limit: number): Promise<{ batchId: string; ids: number[]; reports: IndicatorReport[] }>;
  remove(ids: number[]): Promise<void>;
  count(): Promise<number>;
  close(): void;
}

/** @example const queue = createReportQueue(); await queue.add(report); */
export function createReportQueue(options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange; name?: string } = {}): ReportQueue {
  const db = new Dexie(options.name ?? REPORTS_DB_NAME, {
    chromeTransactionDurability: 'strict',
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  }) as ReportsDatabase;
  // Append-only: a version block is never edited once shipped.
  db.version(1).stores({ reports: '++id, batch' });
  return {
    async add(report) {
      await db.transaction('rw', db.reports, async () => {
        await db.reports.add({ report });
        const extra = (await db.reports.count()) - MAX_QUEUED;
        // The oldest go, unless a batch on its way holds them.
        if (extra > 0) await db.reports.orderBy('id').filter((row) => row.batch === undefined).limit(extra).delete();
      });
    },
    async take(limit) {
      return db.transaction('rw', db.reports, async () => {
        const pending = await db.reports.orderBy('id').filter((row) => row.batch !== undefined).first();
        let rows: QueuedReport[];
        let batchId: string;
        if (pending?.batch) {
          batchId = pending.batch;
          rows = await db.reports.where('batch').equals(batchId).sortBy('id');
        } else {
          batchId = crypto.randomUUID();
          rows = await db.reports.orderBy('id').limit(limit).toArray();
          await db.reports.bulkPut(rows.map((row) => ({ ...row, batch: batchId })));
        }
        return { batchId, ids: rows.map((row) => row.id!), reports: rows.map((row) => row.report) };
      });
    },
    async remove(ids) {
      await db.transaction('rw', db.reports, () => db.reports.bulkDelete(ids));
    },
    count: () => db.reports.count(),
    close: () => db.close(),
  };
}
