// A request's life as the resident sees it on the tracking page: each status with its date,
// what the service wrote to them, what is missing and by when, and the legal dates. Who did it
// is said as "the service", "you" or "Guichet": staff identifiers and back-office routes stay
// inside the town hall.
import type { CalendarDate } from '../receipts/calendar.ts';
import { legalDates, statusOf, type HistoryEntry, type LegalDates, type LocalizedText, type MissingPiece, type RequestRecord, type RequestStatus } from './status.ts';

export interface ResidentEntry {
  status: RequestStatus;
  at: string;
  by: 'you' | 'service' | 'guichet';
  /** You gave the missing pieces: the delay ran again from this day. */
  completed?: true;
  message?: LocalizedText;
  missing?: MissingPiece[];
  respondBy?: CalendarDate;
  /** A decision by silence: the day it was made. */
  decidedOn?: CalendarDate;
}

export interface ResidentLife {
  status: RequestStatus;
  history: ResidentEntry[];
  dates: LegalDates;
}

function by(entry: HistoryEntry): ResidentEntry['by'] {
  return entry.actor.kind === 'resident' ? 'you' : entry.actor.kind === 'system' ? 'guichet' : 'service';
}

/**
 * @example residentView(record).history.map((entry) => entry.by) // ['guichet', 'guichet', 'service', 'you']
 */
export function residentView(record: RequestRecord): ResidentLife {
  return {
    status: statusOf(record),
    history: record.history.map((entry) => ({
      status: entry.status,
      at: entry.at,
      by: by(entry),
      ...(entry.completed ? { completed: true as const } : {}),
      ...(entry.message ? { message: entry.message } : {}),
      ...(entry.missing ? { missing: entry.missing } : {}),
      ...(entry.respondBy ? { respondBy: entry.respondBy } : {}),
      ...(entry.decidedOn ? { decidedOn: entry.decidedOn } : {}),
    })),
    dates: legalDates(record),
  };
}
