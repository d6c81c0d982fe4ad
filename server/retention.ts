// The retention purge (legal.md, "Personal data"): once a procedure's retention period has
// passed since a submission's last status change, its answers and attachment files go, and the
// minimal record stays (reference, procedure, dates, statuses, audit log). A submission still
// `received` (never handed to the service) is kept: the data is still needed to hand it over.
// Owns its timer between start() and stop(); removes files under the attachments folder.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { retentionDays, type Content } from '../content/model/index.ts';
import type { Store } from './store/types.ts';

const DAY_MS = 86_400_000;
/** A file younger than this may belong to a submission whose transaction is still running. */
const ORPHAN_GRACE_MS = 60 * 60_000;
const SHA256_NAME = /^[0-9a-f]{64}$/;

export interface PurgeDeps {
  store: Store;
  content: Content;
  attachmentsDir: string;
  now?: () => Date;
  /** Submissions per transaction. */
  batch?: number;
}

export interface PurgeReport {
  submissions: number;
  files: number;
  /** Hand-offs (sealed drafts and their tombstones) whose end had passed. */
  handoffs: number;
  /** Mandates whose resident's name was removed. */
  mandates: number;
  /** Per procedure: how many were purged and the retention applied, in days. */
  procedures: Array<{ procedureId: string; days: number; purged: number }>;
}

async function removeFile(dir: string, sha256: string): Promise<boolean> {
  if (!SHA256_NAME.test(sha256)) return false;
  try {
    await rm(join(dir, sha256));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * One purge: every procedure of the content, with its own retention (legal.retentionDays,
 * 30 days by default, 92 at most), then attachment files no submission names any more
 * (including files left by a crash between writing a file and committing its submission).
 *
 * @example await purgeExpired({ store, content, attachmentsDir, now: () => new Date('2027-01-15T00:00:00Z') })
 */
export async function purgeExpired(deps: PurgeDeps): Promise<PurgeReport> {
  const now = (deps.now ?? (() => new Date()))();
  const batch = deps.batch ?? 200;
  const report: PurgeReport = { submissions: 0, files: 0, handoffs: await deps.store.purgeHandoffs(now), mandates: 0, procedures: [] };
  const candidates = new Set<string>();
  for (const procedure of deps.content.procedures) {
    const days = retentionDays(procedure);
    let purged = 0;
    for (;;) {
      const done = await deps.store.purgeSubmissions({
        procedureId: procedure.id,
        lastChangeBefore: new Date(now.getTime() - days * DAY_MS),
        at: now,
        limit: batch,
      });
      for (const submission of done) for (const file of submission.attachments) candidates.add(file.sha256);
      purged += done.length;
      if (done.length < batch) break;
    }
    report.procedures.push({ procedureId: procedure.id, days, purged });
    report.submissions += purged;
  }
  report.files += await removeUnusedFiles(deps.store, deps.attachmentsDir, candidates);
  report.files += await removeOrphans(deps, now);
  // A mandate's resident name is kept as long as the answers of a request made under it may be
  // (the longest retention of the content) after the mandate ended, then removed.
  const mandateDays = Math.max(0, ...deps.content.procedures.map(retentionDays));
  report.mandates = await deps.store.purgeMandates({ endedBefore: new Date(now.getTime() - mandateDays * DAY_MS), at: now });
  // Last: what was removed leaves the write-ahead log too (freed space is zeroed as it goes).
  if (report.submissions || report.handoffs || report.mandates) await deps.store.scrubRemoved();
  return report;
}

/**
 * Removes, of these attachment files, those no submission names any more (files are shared by
 * sha256); returns how many. For the purge and for an erasure at the person's request.
 *
 * @example await removeUnusedFiles(store, 'data/attachments', erased.map((a) => a.sha256))
 */
export async function removeUnusedFiles(store: Store, attachmentsDir: string, sha256s: Iterable<string>): Promise<number> {
  let removed = 0;
  for (const sha256 of new Set(sha256s)) if (!(await store.attachmentInUse(sha256)) && (await removeFile(attachmentsDir, sha256))) removed += 1;
  return removed;
}

async function removeOrphans(deps: PurgeDeps, now: Date): Promise<number> {
  let names: string[];
  try {
    names = await readdir(deps.attachmentsDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const name of names) {
    if (!SHA256_NAME.test(name)) continue;
    const info = await stat(join(deps.attachmentsDir, name)).catch(() => undefined);
    if (!info || now.getTime() - info.mtimeMs < ORPHAN_GRACE_MS) continue;
    if (!(await deps.store.attachmentInUse(name)) && (await removeFile(deps.attachmentsDir, name))) removed += 1;
  }
  return removed;
}

/**
 * Runs `purgeExpired` at start and every `everyMs` (an hour by default).
 *
 * @example const purge = startRetention({ store, content, attachmentsDir }); … await purge.stop();
 */
export function startRetention(
  deps: PurgeDeps & { everyMs?: number; log?: Pick<Console, 'log' | 'error'>; onRun?: (run: { outcome: 'done' | 'failed'; submissions: number }) => void },
) {
  const log = deps.log ?? console;
  let running: Promise<unknown> | undefined;
  const run = () => {
    running ??= purgeExpired(deps)
      .then((report) => {
        deps.onRun?.({ outcome: 'done', submissions: report.submissions });
        if (report.submissions || report.files || report.handoffs || report.mandates)
          log.log(
            `Retention: answers of ${report.submissions} submission(s), ${report.files} file(s), ${report.handoffs} expired hand-off(s) and the names of ${report.mandates} ended mandate(s) removed.`,
          );
      })
      .catch((error: unknown) => {
        deps.onRun?.({ outcome: 'failed', submissions: 0 });
        log.error('Retention purge failed; tried again at the next round.', error);
      })
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(run, deps.everyMs ?? 3_600_000);
  timer.unref();
  run();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
