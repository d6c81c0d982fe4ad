// A hand-off row as both stores read it (migration 007), to the shape the Store returns.
import type { OpenedHandoff } from './types.ts';

export interface HandoffRow {
  id: string;
  lookup: string | null;
  sealed: string | null;
  procedure_id: string;
  procedure_version: number;
  terminal: string | null;
  site: string | null;
  created_at: string;
  expires_at: string | Date;
}

export const handoffOf = (row: HandoffRow, sealed: string): OpenedHandoff => ({
  id: row.id,
  sealed,
  procedureId: row.procedure_id,
  procedureVersion: Number(row.procedure_version),
  terminal: row.terminal,
  site: row.site,
  createdAt: row.created_at,
});
