// The instruction desk's own rows (migration 013): the open requests of a set of procedures
// for the inbox, internal notes, and who a request is assigned to. Status changes are not here:
// they go through `applyRequestEvent` like every other source.
import type { StoreContext } from '../context.ts';
import type { HistoryEntry } from '../../requests/status.ts';
import type { Channel, DeskOpenRequest, Store, StoredAttachment } from '../types.ts';
import { fromJson, num, present } from '../values.ts';

type DeskMethods = Pick<Store, 'deskOpenRequests' | 'addDeskNote' | 'deskNotes' | 'assignRequest' | 'submissionAttachments' | 'deskAssignee'>;

/** An inbox shows what is open; the desk finds any other request by its reference. */
const OPEN = ['registered', 'received', 'incomplete'];

export function deskPart(ctx: StoreContext): DeskMethods {
  return {
    async deskOpenRequests({ procedureIds, limit }) {
      if (procedureIds.length === 0) return [];
      const db = ctx.db();
      const rows = await db
        .selectFrom('request_events as e')
        .innerJoin('submissions as s', 's.id', 'e.submission_id')
        .leftJoin('desk_assignments as d', 'd.submission_id', 's.id')
        .leftJoin('staff_accounts as a', 'a.id', 'd.account_id')
        .leftJoin('submission_attribution as t', 't.submission_id', 's.id')
        .select(['s.id', 's.reference', 's.procedure_id', 's.received_at', 's.locale', 'd.account_id', 'a.display_name', 't.channel'])
        .where('e.status', 'in', OPEN)
        .where('s.procedure_id', 'in', procedureIds)
        .where('e.id', '=', (eb) => eb.selectFrom('request_events as last').select((l) => l.fn.max('last.id').as('id')).whereRef('last.submission_id', '=', 'e.submission_id'))
        .orderBy('s.received_at')
        .orderBy('s.id')
        .limit(limit)
        .execute();
      if (rows.length === 0) return [];
      const events = await db
        .selectFrom('request_events')
        .select(['submission_id', 'entry_json'])
        .where(
          'submission_id',
          'in',
          rows.map((row) => row.id),
        )
        .orderBy('id')
        .execute();
      const histories = new Map<string, HistoryEntry[]>();
      for (const event of events) {
        const list = histories.get(event.submission_id) ?? [];
        list.push(fromJson(event.entry_json) as HistoryEntry);
        histories.set(event.submission_id, list);
      }
      return rows.map(
        (row): DeskOpenRequest => ({
          submissionId: row.id,
          reference: row.reference,
          procedureId: row.procedure_id,
          receivedAt: row.received_at,
          locale: row.locale,
          history: histories.get(row.id) ?? [],
          ...present('assignee', row.account_id === null || row.account_id === undefined ? null : { id: num(row.account_id), name: row.display_name ?? '' }),
          ...present('channel', (row.channel as Channel | null) ?? null),
        }),
      );
    },

    async addDeskNote(note) {
      await ctx.transaction(async (tx) => {
        await tx.db.insertInto('desk_notes').values({ submission_id: note.submissionId, author_id: note.authorId, at: note.at, text: note.text }).execute();
        // The audit says a note was written, not what it says.
        tx.audit({ at: note.at, kind: 'desk.note-added', actor: note.actor, submissionId: note.submissionId, data: {} });
      });
    },

    async deskNotes(submissionId) {
      const rows = await ctx
        .db()
        .selectFrom('desk_notes as n')
        .innerJoin('staff_accounts as a', 'a.id', 'n.author_id')
        .select(['n.at', 'n.text', 'n.author_id', 'a.display_name'])
        .where('n.submission_id', '=', submissionId)
        .orderBy('n.id')
        .execute();
      return rows.map((row) => ({ at: row.at, text: row.text, authorId: num(row.author_id), authorName: row.display_name }));
    },

    async deskAssignee(submissionId) {
      const row = await ctx
        .db()
        .selectFrom('desk_assignments as d')
        .innerJoin('staff_accounts as a', 'a.id', 'd.account_id')
        .select(['a.id', 'a.display_name'])
        .where('d.submission_id', '=', submissionId)
        .executeTakeFirst();
      return row ? { id: num(row.id), name: row.display_name } : undefined;
    },

    async submissionAttachments(submissionId) {
      const row = await ctx.db().selectFrom('submissions').select('attachments_json').where('id', '=', submissionId).executeTakeFirst();
      return row ? ((fromJson(row.attachments_json) as StoredAttachment[] | null) ?? []) : [];
    },

    async assignRequest({ submissionId, accountId, at, actor }) {
      await ctx.transaction(async (tx) => {
        await tx.db.deleteFrom('desk_assignments').where('submission_id', '=', submissionId).execute();
        if (accountId !== null) await tx.db.insertInto('desk_assignments').values({ submission_id: submissionId, account_id: accountId, at }).execute();
        tx.audit({ at, kind: 'desk.assigned', actor, submissionId, data: { to: accountId } });
      });
    },
  };
}
