// The audit log's hash chain, the same for every store: each entry's hash covers the previous
// entry's hash and the entry itself in canonical JSON, so that editing, removing or reordering
// an entry breaks every hash after it. Stores compute the hash with `chainHash` while they hold
// the write lock (SQLite: the immediate transaction; PostgreSQL: a lock on the chain head), and
// `verifyAuditChain` checks a whole log, oldest first.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.ts';

/** The hash the first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers, besides the previous hash. */
export interface ChainedFields {
  at: string;
  kind: string;
  /** Who: `kiosk`, `relay`, `retention`, `agent:1234`, `mediator:m.dupont`; null when unknown. */
  actor: string | null;
  /** Which terminal, as the kiosk names itself; null when not from a terminal. */
  terminal: string | null;
  /** The submission id, when the event is about one. */
  submission: string | null;
  data: Record<string, unknown>;
}

/** One entry as stored, with its place in the chain. */
export interface AuditEntry extends ChainedFields {
  id: number;
  prevHash: string | null;
  hash: string | null;
}

/**
 * The entry's hash: hex sha256 of the canonical JSON of `[version, prevHash, at, kind, actor,
 * terminal, submission, data]` (object keys sorted at every depth, no spaces).
 *
 * @example chainHash(GENESIS_HASH, { at: '2026-11-28T11:00:00.000+01:00', kind: 'submission.received', actor: 'kiosk', terminal: null, submission: 'f3…', data: {} })
 */
export function chainHash(prevHash: string, entry: ChainedFields): string {
  const canonical = canonicalJson([1, prevHash, entry.at, entry.kind, entry.actor, entry.terminal, entry.submission, entry.data]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainBreak {
  id: number;
  problem: 'unsealed' | 'previous-hash' | 'hash';
  /** A sentence for the person running `npm run audit:verify`. */
  message: string;
}

export interface ChainReport {
  entries: number;
  /** The last entry's hash: write it down elsewhere (a log, a printout) to detect a cut tail later. */
  head: string;
  breaks: ChainBreak[];
}

/**
 * Checks a log, oldest first, in pages: call `add` for each page, `report` at the end.
 * An entry whose `prevHash` is not the hash before it was removed, inserted or reordered;
 * one whose `hash` does not match its fields was edited.
 *
 * @example const check = auditChainChecker(); check.add(await store.auditLog({ limit: 1000 })); check.report().breaks // []
 */
export function auditChainChecker() {
  let previous = GENESIS_HASH;
  let entries = 0;
  const breaks: ChainBreak[] = [];
  return {
    add(page: readonly AuditEntry[]): void {
      for (const entry of page) {
        entries += 1;
        if (entry.hash === null || entry.prevHash === null) {
          breaks.push({ id: entry.id, problem: 'unsealed', message: `entry ${entry.id} has no hash: it was written outside the store, or its hash was erased` });
          continue;
        }
        if (entry.prevHash !== previous)
          breaks.push({
            id: entry.id,
            problem: 'previous-hash',
            message: `entry ${entry.id} does not follow the entry before it: an entry before it was removed, inserted or reordered`,
          });
        if (chainHash(entry.prevHash, entry) !== entry.hash)
          breaks.push({ id: entry.id, problem: 'hash', message: `entry ${entry.id} (${entry.kind}, ${entry.at}) was edited after it was written` });
        previous = entry.hash;
      }
    },
    report(): ChainReport {
      return { entries, head: previous, breaks: [...breaks] };
    },
  };
}

/** `auditChainChecker` over one list. */
export function verifyAuditChain(entries: readonly AuditEntry[]): ChainReport {
  const check = auditChainChecker();
  check.add(entries);
  return check.report();
}
