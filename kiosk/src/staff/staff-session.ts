// Owns who is signed in on this terminal (an agent, a mediator) and their requests: signals
// for the screens, sign-in and sign-out through the API. Every session end signs out on the
// server (kiosk-session.ts calls the forgetter registered here), so the next person finds
// nobody signed in; so does every start, since a reload is an end.
import { signal } from '@preact/signals';
import { getStaffRequests, postSignIn, postSignOut, type SignInAnswer, type StaffMember, type StaffRequest, type StaffRole } from '../api/staff-client.ts';
import { onSessionEnd } from '../session/kiosk-session.ts';

export const staff = signal<StaffMember | undefined>(undefined);
export const staffRequests = signal<StaffRequest[] | undefined>(undefined);

/** Signs in; on success the person is signed in for this kiosk session only. */
export async function signIn(role: StaffRole, login: string, code: string): Promise<SignInAnswer> {
  const answer = await postSignIn(role, login, code);
  if (answer.kind === 'signed-in') {
    staff.value = answer.staff;
    staffRequests.value = undefined;
  }
  return answer;
}

export async function refreshRequests(): Promise<void> {
  staffRequests.value = await getStaffRequests();
}

/** What must reach the server while the staff member is still signed in (ending a mandate). */
const beforeSignOut = new Set<() => Promise<void>>();

/** Runs `task` at every sign-out, before the session ends on the server. */
export function onSigningOut(task: () => Promise<void>): void {
  beforeSignOut.add(task);
}

/** Forgets who was signed in, here and on the server. */
export async function forgetStaff(): Promise<void> {
  await Promise.all([...beforeSignOut].map((task) => task().catch(() => undefined)));
  const wasSignedIn = staff.peek() !== undefined;
  staff.value = undefined;
  staffRequests.value = undefined;
  // Always asked of the server: the cookie may outlive the page (a reload).
  await postSignOut().catch(() => {
    if (wasSignedIn) console.warn('Sign-out did not reach the server; the session ends there by itself.');
  });
}

let registered = false;

/** Signs out at every session end, and now (a leftover session from before a reload). */
export async function startStaffSession(): Promise<void> {
  if (!registered) {
    registered = true;
    onSessionEnd(forgetStaff);
  }
  await forgetStaff();
}
