// Which section of the desk's inbox a request belongs to, from its status and legal dates.
// Pure, so the sections can be tested apart from storage and pages.
import { addCalendarDays, type CalendarDate } from '../receipts/calendar.ts';
import type { RequestStatus } from '../requests/status.ts';

/** One line of the inbox, as the store will list it for the instructor's services. */
export interface InboxRow {
  reference: string;
  procedureTitle: string;
  service: string;
  status: RequestStatus;
  /** ISO instant of receipt. */
  receivedAt: string;
  /** While the delay runs: the day silence decides (requests/status.ts `legalDates`). */
  implicitDecisionDate?: CalendarDate;
  implicitDecision?: 'deemed-accepted' | 'deemed-rejected';
  /** While incomplete: the day by which the resident is asked to complete. */
  respondBy?: CalendarDate;
  /** The instructor's name the request is assigned to. */
  assignee?: string;
  channel?: string;
}

export type InboxSection = 'overdue' | 'dueSoon' | 'new' | 'incomplete' | 'inProgress';

export interface InboxSections {
  /** The implicit decision date has come and no express decision was taken. */
  overdue: InboxRow[];
  /** The implicit decision date is within `dueSoonDays`. */
  dueSoon: InboxRow[];
  /** Received, nobody assigned yet. */
  new: InboxRow[];
  /** Waiting for the resident's missing pieces (past their date first). */
  incomplete: InboxRow[];
  /** Received, assigned, not due soon. */
  inProgress: InboxRow[];
}

/** Seven days: what a service can still decide on in a week. */
export const DUE_SOON_DAYS = 7;

/**
 * Sorts the open requests into the inbox's sections; each request is in one section, the most
 * urgent that applies. Decided, closed and withdrawn requests are in none.
 *
 * @example inboxSections(rows, '2026-04-28').overdue.map((row) => row.reference)
 */
export function inboxSections(rows: readonly InboxRow[], today: CalendarDate, dueSoonDays = DUE_SOON_DAYS): InboxSections {
  const sections: InboxSections = { overdue: [], dueSoon: [], new: [], incomplete: [], inProgress: [] };
  const soon = addCalendarDays(today, dueSoonDays);
  for (const row of rows) {
    if (row.status === 'incomplete') sections.incomplete.push(row);
    else if (row.status !== 'received' && row.status !== 'registered') continue;
    else if (row.implicitDecisionDate && row.implicitDecisionDate <= today) sections.overdue.push(row);
    else if (row.implicitDecisionDate && row.implicitDecisionDate <= soon) sections.dueSoon.push(row);
    else if (!row.assignee) sections.new.push(row);
    else sections.inProgress.push(row);
  }
  const byDate = (key: 'implicitDecisionDate' | 'respondBy') => (a: InboxRow, b: InboxRow) =>
    (a[key] ?? '9999').localeCompare(b[key] ?? '9999') || a.receivedAt.localeCompare(b.receivedAt);
  sections.overdue.sort(byDate('implicitDecisionDate'));
  sections.dueSoon.sort(byDate('implicitDecisionDate'));
  sections.incomplete.sort(byDate('respondBy'));
  sections.new.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  sections.inProgress.sort(byDate('implicitDecisionDate'));
  return sections;
}
