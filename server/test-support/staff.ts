// Staff for route tests: an account made in the store and signed in through the API, as the
// kiosk does, so tests hold a real session cookie.
import type { Procedure } from '../../content/model/index.ts';
import { hashCode } from '../staff/passwords.ts';
import type { StaffAccount, StaffRole } from '../store/types.ts';
import type { TestApp } from './test-app.ts';

export const TEST_HOST = 'guichet.test';
/** What a page of this server sends with a fetch that changes something. */
export const SAME_ORIGIN = { Host: TEST_HOST, Origin: `http://${TEST_HOST}` } as const;

export interface SignedIn {
  account: StaffAccount;
  code: string;
  /** `Cookie` and same-origin headers, for `app.request` and the typed client. */
  headers: Record<string, string>;
}

/**
 * @example const agent = await signIn(t, 'agent', '4512'); await t.app.request('/api/staff/requests', { headers: agent.headers })
 */
export async function signIn(t: Pick<TestApp, 'app' | 'store'>, role: StaffRole, login: string, displayName = `${role} ${login}`): Promise<SignedIn> {
  const code = `code-${login}-Kq7m!`;
  const existing = await t.store.findStaffAccount(role, login);
  const account =
    existing ??
    (await t.store.createStaffAccount({ role, login, displayName, passwordHash: await hashCode(code), createdAt: new Date().toISOString() }));
  if (account === 'exists') throw new Error('unreachable');
  const response = await t.app.request(`http://${TEST_HOST}/api/staff/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...SAME_ORIGIN },
    body: JSON.stringify({ role, login, code }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const cookie = /guichet_staff=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no session cookie');
  return { account, code, headers: { Cookie: cookie, ...SAME_ORIGIN } };
}

/** Headers a submission of this procedure needs: an agent's session for an agent procedure. */
export async function headersFor(t: Pick<TestApp, 'app' | 'store'>, procedure: Procedure): Promise<Record<string, string>> {
  return procedure.audience === 'agent' ? (await signIn(t, 'agent', '4512')).headers : {};
}
