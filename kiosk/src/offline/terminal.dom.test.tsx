// The terminal's enrolment as the kiosk keeps it: the set-up address's fragment gives the id
// and the secret, the address bar loses the secret at once, and a session's end keeps both.
import { beforeEach, describe, expect, it } from 'vitest';
import { keepsStorageKey } from '../session/erase.ts';
import { rememberEnrolment, rememberInstallation, terminalId, terminalSecret, terminalSite } from './terminal.ts';

const SECRET = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycA1';

describe('terminal enrolment in the kiosk', () => {
  beforeEach(() => localStorage.clear());

  it('has no secret and a random id until enrolled', () => {
    expect(terminalSecret()).toBe('');
    expect(terminalId()).toMatch(/^t-[0-9a-f-]{36}$/);
  });

  it('keeps the id and secret of the set-up address, removes them from the address, and a session end keeps them', () => {
    history.replaceState(null, '', `/?site=mediatheque#enrol=t-enrolled-1.${SECRET}`);
    rememberInstallation();
    expect(terminalId()).toBe('t-enrolled-1');
    expect(terminalSecret()).toBe(SECRET);
    expect(terminalSite()).toBe('mediatheque');
    expect(location.hash).toBe('');
    expect(location.search).toBe('?site=mediatheque');
    for (let i = 0; i < localStorage.length; i++) expect(keepsStorageKey(localStorage.key(i)!)).toBe(true);
  });

  it('ignores a fragment that is not a whole enrolment', () => {
    expect(rememberEnrolment('#enrol=t-1.short')).toBe(false);
    expect(rememberEnrolment(`#enrol=<b>.${SECRET}`)).toBe(false);
    expect(rememberEnrolment(`#x=1&enrol=t-2.${SECRET}`)).toBe(true);
    expect(terminalId()).toBe('t-2');
  });
});
