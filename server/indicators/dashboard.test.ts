// /indicators through the app, as a manager's browser meets it: sign-in for managers only, the
// dashboard's tables for a period and the one before, and the period form's refusals.
import { randomUUID } from 'node:crypto';
import { JSDOM } from 'jsdom';
import { afterEach, describe, expect, it } from 'vitest';
import { hashCode } from '../staff/passwords.ts';
import { deliverAll } from '../test-support/deliver.ts';
import { SAME_ORIGIN, TEST_HOST } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';
import type { JourneyReport } from '../store/types.ts';
import { instantsOf, median, previousPeriod, townMidnight } from './figures.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
let t: TestApp;
afterEach(() => t?.dispose());
const url = (path: string) => `http://${TEST_HOST}${path}`;
const codeOf = (login: string) => `code-${login}-Kq7m!`;

async function account(login: string, role: 'manager' | 'instructor') {
  await t.store.createStaffAccount({ role, login, displayName: `Élue ${login}`, passwordHash: await hashCode(codeOf(login)), createdAt: NOW.toISOString(), services: ['mail'] });
}
const postForm = (path: string, fields: Record<string, string>) =>
  t.app.request(url(path), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN }, body: new URLSearchParams(fields) });

async function signInAsManager(): Promise<Record<string, string>> {
  await account('m.dupont', 'manager');
  const response = await postForm('/indicators/sign-in', { login: 'm.dupont', code: codeOf('m.dupont'), next: '/indicators' });
  expect(response.status).toBe(303);
  const cookie = /guichet_indicators=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  return { Cookie: cookie!, ...SAME_ORIGIN };
}

const journey = (overrides: Partial<JourneyReport> = {}): JourneyReport => ({
  day: '2026-11-28',
  procedureId: 'write-to-town-hall',
  locale: 'fr',
  assisted: false,
  outcome: 'finished',
  step: 8,
  durationSeconds: 200,
  readAloud: false,
  textSize: 100,
  theme: 'default',
  ...overrides,
});

/** A table's rows as the text of their cells, by the table's id. */
function tableOf(html: string, id: string): string[][] {
  const doc = new JSDOM(html).window.document;
  return [...doc.querySelectorAll(`#${id} tbody tr`)].map((tr) => [...tr.children].map((cell) => cell.textContent!.trim()));
}

describe('the dashboard’s figures', () => {
  it('compares a period with the one just before, and begins each day at the town’s midnight, summer or winter', () => {
    expect(previousPeriod({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-10-02', to: '2026-10-31' });
    expect(townMidnight('2026-03-29')).toBe('2026-03-29T00:00:00+01:00');
    expect(townMidnight('2026-03-30')).toBe('2026-03-30T00:00:00+02:00');
    expect(instantsOf({ from: '2026-10-01', to: '2026-10-31' })).toEqual({ from: '2026-10-01T00:00:00+02:00', to: '2026-11-01T00:00:00+01:00' });
    expect([median([]), median([3]), median([4, 1, 3]), median([1, 2, 3, 10])]).toEqual([undefined, 3, 3, 2.5]);
  });
});

describe('/indicators', () => {
  it('is for managers only: others are sent to sign in, and an instructor’s code does not open it', async () => {
    t = await startTestApp({ now: () => NOW });
    const anonymous = await t.app.request(url('/indicators'));
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/indicators/sign-in?next=%2Findicators');
    await account('c.martin', 'instructor');
    expect((await postForm('/indicators/sign-in', { login: 'c.martin', code: codeOf('c.martin') })).status).toBe(401);
    const signIn = await t.app.request(url('/indicators/sign-in'));
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain('Connexion aux indicateurs');
  });

  it('shows the period’s requests, channels, journeys, delays and answers per procedure, beside the period before', async () => {
    t = await startTestApp({ now: () => NOW });
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const references: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await t.app.request(url('/api/submissions'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'Guichet-Channel': 'epn' },
        body: JSON.stringify(validSubmission(procedure, { postcodes: t.content.site.postcodes, today: '2026-11-28' })),
      });
      expect(response.status).toBe(201);
      references.push(((await response.json()) as { reference: string }).reference);
    }
    await deliverAll(t.store, references[0]!, new Date('2026-11-30T10:00:00.000Z'));
    await t.store.recordJourneys({
      id: randomUUID(),
      at: NOW,
      site: 'mediatheque',
      channel: 'epn',
      journeys: [journey(), journey(), journey({ assisted: true }), journey({ outcome: 'abandoned', step: 2 }), journey({ day: '2026-10-20' })],
      satisfaction: [{ day: '2026-11-28', procedureId: 'write-to-town-hall', locale: 'fr', rating: 'good' }],
    });
    const headers = await signInAsManager();
    const response = await t.app.request(url('/indicators'), { headers });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Indicateurs du 1 novembre 2026 au 28 novembre 2026');
    expect(tableOf(html, 'journeys')).toEqual([
      ['Écrire à la mairie', '4', '3', '1', '0', '0', '75 %', '100 %', 'Étape 2'],
      ['Toutes les démarches', '4', '3', '1', '0', '0', '75 %', '100 %', 'Étape 2'],
    ]);
    expect(tableOf(html, 'requests')[0]).toEqual(['Écrire à la mairie', '2', '0', '+2', '2', '0', '0', '0', '0 %']);
    expect(tableOf(html, 'delays')[0]).toEqual(['Écrire à la mairie', '2', '—', '0', '0', '0', '0']);
    expect(tableOf(html, 'satisfaction')[0]).toEqual(['Écrire à la mairie', '1', '0', '0', '0']);
    // The charts say the same in their text alternative.
    expect(html).toContain('<title id="requests-chart-title">Demandes reçues par démarche</title>');
    expect(html).toContain('Écrire à la mairie : 2 (période précédente : 0)');
    expect(html).not.toContain(references[0]!);
  });

  it('names what is wrong with the period asked for, and shows this month instead', async () => {
    t = await startTestApp({ now: () => NOW });
    const headers = await signInAsManager();
    const reversed = await t.app.request(url('/indicators?from=2026-11-20&to=2026-11-01'), { headers });
    expect(reversed.status).toBe(400);
    expect(await reversed.text()).toContain('La date de fin doit être le même jour que la date de début, ou après.');
    const nonsense = await t.app.request(url('/indicators?from=2026-02-30&to=2026-13-01'), { headers });
    expect(nonsense.status).toBe(400);
    expect((await t.app.request(url('/indicators?from=2026-10-01&to=2026-10-31'), { headers })).status).toBe(200);
  });
});
