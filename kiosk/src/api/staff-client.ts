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
  await client().api.staff['sign-out'].$post();
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
