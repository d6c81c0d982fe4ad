// Text a person typed, isolated for bidi wherever staff or residents read it (issue 22): a
// right-to-left override (U+202E) planted in a name reversed the rest of the line in the
// consoles, the consent page and the emails. Each renderer is given such a name; what it
// writes must hold that text inside a <bdi> (HTML) or between U+2068 and U+2069 (plain text),
// so the override ends with the name.
import { describe, expect, it } from 'vitest';
import { isolateText } from './bidi.ts';
import { terminalsPage } from './console/pages.ts';
import { mandatePage } from './reception/pages.ts';
import { renderConsentPage } from './staff/consent-page.ts';
import type { Mandate } from './store/types.ts';
import { content } from './test-support/test-app.ts';

const RLO = '\u202E';
const NAME = `Jeanne ${RLO}nitraM`;

const mandate: Mandate = {
  id: '3f2a9c1e-0000-4000-8000-000000000001',
  mediatorId: 1,
  residentName: NAME,
  procedureIds: ['write-to-town-hall'],
  scope: 'session',
  createdAt: '2026-11-28T10:00:00.000Z',
  expiresAt: '2026-11-28T18:00:00.000Z',
  consentConfirmedAt: '2026-11-28T10:00:00.000Z',
  channel: 'reception',
  terminal: null,
};

/** Every place the planted override appears is inside an isolate that closes after it. */
function expectIsolatedHtml(page: string) {
  const at = [...page.matchAll(new RegExp(RLO, 'g'))].map((m) => m.index);
  expect(at.length).toBeGreaterThan(0);
  for (const index of at) {
    const before = page.slice(0, index);
    const open = before.lastIndexOf('<bdi');
    expect(open, `override at ${index} outside a <bdi>`).toBeGreaterThan(before.lastIndexOf('</bdi>'));
    expect(page.slice(index).indexOf('</bdi>')).toBeGreaterThan(0);
  }
}

describe('bidi isolation of user text', () => {
  it('isolates a plain-text value between FSI and PDI', () => {
    expect(isolateText(NAME)).toBe(`\u2068${NAME}\u2069`);
  });

  it('isolates the resident’s and the helper’s names on the consent page, in French and in Arabic', () => {
    const page = renderConsentPage({ mandate, helper: { displayName: `Marc ${RLO}dnaruD` }, content: content(), locale: 'ar' });
    expectIsolatedHtml(page.slice(page.indexOf('<body')));
    // The title is plain text: there, the isolate marks.
    expect(page).toContain(`\u2068${NAME}\u2069`);
  });

  it('isolates the resident’s name and the desk’s on the reception console', () => {
    const page = String(mandatePage({ desk: { displayName: `Accueil ${RLO}lairtnec` }, mandate, titles: new Map([['write-to-town-hall', 'Écrire à la mairie']]) }));
    expectIsolatedHtml(page);
  });

  it('isolates what a terminal reports about itself on the delivery console', () => {
    const page = String(
      terminalsPage({
        now: new Date('2026-11-28T10:00:00Z'),
        silentAfterMs: 60_000,
        terminals: [
          {
            terminalId: 'borne-1',
            site: `mediatheque${RLO}`,
            appVersion: `1.0${RLO}`,
            contentVersion: 'c1',
            outboxLength: 0,
            oldestAgeSeconds: 0,
            firstSeenAt: '2026-11-28T09:00:00Z',
            lastSeenAt: '2026-11-28T09:59:00Z',
          },
        ],
      }),
    );
    expectIsolatedHtml(page);
  });
});
