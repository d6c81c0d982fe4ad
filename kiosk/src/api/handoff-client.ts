// The hand-off part of the API (server/handoffs/routes.ts), over Hono's typed client. Never
// throws: every answer is one the screens can put in plain words.
import { hc } from 'hono/client';
import type { AppType } from '../../../server/app.ts';
import { terminalId, terminalSite } from '../offline/terminal.ts';

function client() {
  const base = typeof location === 'undefined' ? 'http://localhost' : location.origin;
  return hc<AppType>(base, { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) });
}

export interface SealedDraft {
  lookup: string;
  sealed: { iv: string; data: string };
}

export type LeaveAnswer = { kind: 'left'; expiresAt: string } | { kind: 'taken' } | { kind: 'failed' };

/** `POST /api/handoffs`: leaves the sealed draft for reception. */
export async function postHandoff(draft: SealedDraft & { procedureId: string; procedureVersion: number }): Promise<LeaveAnswer> {
  try {
    const site = terminalSite('');
    const response = await client().api.handoffs.$post(
      { json: draft },
      { headers: { 'Guichet-Terminal': terminalId(), ...(site ? { 'Guichet-Site': site } : {}) } },
    );
    if (response.status === 201) return { kind: 'left', expiresAt: ((await response.json()) as { expiresAt: string }).expiresAt };
    if (response.status === 409) return { kind: 'taken' };
    return { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  }
}

export type OpenAnswer =
  | { kind: 'opened'; procedureId: string; procedureVersion: number; sealed: SealedDraft['sealed'] }
  | { kind: 'not-found' }
  | { kind: 'limited'; retryAfterSeconds: number }
  | { kind: 'signed-out' }
  | { kind: 'failed' };

/** `POST /api/handoffs/open`: reception takes the draft, once. */
export async function openHandoff(lookup: string): Promise<OpenAnswer> {
  try {
    const response = await client().api.handoffs.open.$post({ json: { lookup } });
    if (response.status === 200) {
      const body = (await response.json()) as { procedureId: string; procedureVersion: number; sealed: SealedDraft['sealed'] };
      return { kind: 'opened', procedureId: body.procedureId, procedureVersion: body.procedureVersion, sealed: body.sealed };
    }
    if (response.status === 404) return { kind: 'not-found' };
    if (response.status === 429) return { kind: 'limited', retryAfterSeconds: Number(response.headers.get('retry-after')) || 60 };
    if (response.status === 401 || response.status === 403) return { kind: 'signed-out' };
    return { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  }
}
