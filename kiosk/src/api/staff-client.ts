// The staff part of the API (server/staff/routes.ts), over Hono's typed client like client.ts.
// The session cookie is HttpOnly: the browser sends it, this code never sees it.
import { hc } from 'hono/client';
import type { AppType } from '../../../server/app.ts';

function client() {
  const base = typeof location === 'undefined' ? 'http://localhost' : location.origin;
  return hc<AppType>(base, { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) });
}

export type StaffRole = 'mediator' | 'agent' | 'reception' | 'admin';

export interface StaffMember {
  role: StaffRole;
  login: string;
  displayName: string;
  expiresAt: string;
}

export interface StaffRequest {
  reference: string;
  procedureId: string;
  status: 'received' | 'delivered' | 'acknowledged' | 'closed';
  receivedAt: string;
  channel: string | null;
  mandateId?: string;
}

export type SignInAnswer =
  | { kind: 'signed-in'; staff: StaffMember }
  | { kind: 'wrong' }
  | { kind: 'limited'; retryAfterSeconds: number }
  | { kind: 'failed' };

/** `POST /api/staff/sign-in`. Never throws. */
export async function postSignIn(role: StaffRole, login: string, code: string): Promise<SignInAnswer> {
  try {
    const response = await client().api.staff['sign-in'].$post({ json: { role, login, code } });
    if (response.status === 200) return { kind: 'signed-in', staff: (await response.json()) as StaffMember };
    if (response.status === 401) return { kind: 'wrong' };
    if (response.status === 429) return { kind: 'limited', retryAfterSeconds: Number(response.headers.get('retry-after')) || 60 };
    return { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  }
}

/** `POST /api/staff/sign-out`: ends the session on the server. Throws when offline. */
export async function postSignOut(): Promise<void> {
  const response = await client().api.staff['sign-out'].$post();
  // Read to its end, though nothing in it is needed: an unread body leaves the request
  // unfinished in the browser, holding its connection until it is collected.
  await response.arrayBuffer();
}

/** `GET /api/staff/requests`: the signed-in agent's requests, or a mediator's of today. */
export async function getStaffRequests(): Promise<StaffRequest[] | undefined> {
  try {
    const response = await client().api.staff.requests.$get();
    if (response.status !== 200) return undefined;
    return ((await response.json()) as { requests: StaffRequest[] }).requests;
  } catch {
    return undefined;
  }
}

/** A resident's mandate, as `server/staff/mandates.ts` shows it. */
export interface MandateView {
  id: string;
  residentName: string;
  procedureIds: string[];
  scope: 'session' | 'duration';
  createdAt: string;
  expiresAt: string;
  consentConfirmedAt: string;
  active: boolean;
}

/** One of today's assisted sessions, with the requests sent under it. */
export interface AssistedSessionView extends MandateView {
  requests: StaffRequest[];
}

export interface MandateRequest {
  residentName: string;
  procedureIds: string[];
  until: { scope: 'session' } | { scope: 'duration'; days: number };
}

/** Where the terminal stands, sent with the mandate as with submissions. */
export interface TerminalOrigin {
  terminalId?: string;
  channel?: string;
}

const originHeaders = (origin: TerminalOrigin): Record<string, string> => ({
  ...(origin.terminalId ? { 'Guichet-Terminal': origin.terminalId } : {}),
  ...(origin.channel ? { 'Guichet-Channel': origin.channel } : {}),
});

/** `POST /api/staff/mandates`, the resident's consent confirmed. Undefined when it failed. Never throws. */
export async function postMandate(request: MandateRequest, origin: TerminalOrigin = {}): Promise<MandateView | undefined> {
  try {
    const response = await client().api.staff.mandates.$post({ json: { ...request, consent: true } }, { headers: originHeaders(origin) });
    return response.status === 201 ? ((await response.json()) as MandateView) : undefined;
  } catch {
    return undefined;
  }
}

/** `POST /api/staff/mandates/:id/end`. Throws when offline. */
export async function postEndMandate(id: string): Promise<void> {
  const response = await client().api.staff.mandates[':id'].end.$post({ param: { id } });
  // Read to its end for the same reason as the sign-out's.
  await response.arrayBuffer();
}

/** `GET /api/staff/mandates`: the signed-in mediator's assisted sessions of today. */
export async function getAssistedSessions(): Promise<AssistedSessionView[] | undefined> {
  try {
    const response = await client().api.staff.mandates.$get();
    if (response.status !== 200) return undefined;
    return ((await response.json()) as { mandates: AssistedSessionView[] }).mandates;
  } catch {
    return undefined;
  }
}

/** The printable consent of a mandate, in French and the resident's language. */
export const consentPageUrl = (id: string, locale: string): string =>
  `/api/staff/mandates/${encodeURIComponent(id)}/consent.html?locale=${encodeURIComponent(locale)}`;
