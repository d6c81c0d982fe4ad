/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The desk's pages rendered in Node and read back as a browser would (jsdom): structure,
// labels, errors tied to their fields, the resident's text in its own direction, and
// escaping of everything that comes from a person or a back-office.
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { documentOf } from '../pages/index.ts';
import type { HistoryEntry } from '../requests/status.ts';
import { DeskSignInPage, FindRequestPage, InboxPage, inboxSections, RequestPage, type DeskRequest, type InboxRow, type RequestPageData } from './index.ts';

const HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>';
const me = { id: 'c.durand', name: 'Camille Durand', services: ['Services techniques'] };

function read(page: unknown): Document {
  const html = documentOf(page as never);
  expect(html.startsWith('<!doctype html>')).toBe(true);
  return new JSDOM(html).window.document;
}

/** Every form control has a name a screen reader announces: a label, or a legend for a choice. */
function expectLabelled(document: Document): void {
  for (const control of document.querySelectorAll('input:not([type="hidden"]), textarea, select')) {
    const label = document.querySelector(`label[for="${control.id}"]`);
    expect(label?.textContent?.trim(), `label of #${control.id}`).toBeTruthy();
    if ((control as HTMLInputElement).type === 'radio' || (control as HTMLInputElement).type === 'checkbox')
      expect(control.closest('fieldset')?.querySelector('legend')?.textContent?.trim()).toBeTruthy();
  }
}

function expectUniqueIdsAndReferences(document: Document): void {
  const ids = [...document.querySelectorAll('[id]')].map((element) => element.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const element of document.querySelectorAll('[aria-describedby], [aria-labelledby]'))
    for (const attribute of ['aria-describedby', 'aria-labelledby'])
      for (const id of (element.getAttribute(attribute) ?? '').split(' ').filter(Boolean)) expect(document.getElementById(id), `${attribute} → #${id}`).not.toBeNull();
}

function expectLandmarks(document: Document): void {
  expect(document.documentElement.getAttribute('lang')).toBe('fr');
  expect(document.querySelectorAll('h1')).toHaveLength(1);
  expect(document.querySelector('body > header')).not.toBeNull();
  expect(document.querySelector('main#contenu')).not.toBeNull();
  expect(document.querySelector('a.skip')?.getAttribute('href')).toBe('#contenu');
  expect(document.querySelector('link[rel="stylesheet"]')?.getAttribute('href')).toBe('/desk/desk.css');
  // No script, no inline style: the strict CSP holds.
  expect(document.querySelectorAll('script, style, [style], [onerror], [onclick]')).toHaveLength(0);
}

const row = (overrides: Partial<InboxRow>): InboxRow => ({
  reference: '7KQ4-M2XD',
  procedureTitle: 'Signaler un problème de voirie',
  service: 'Services techniques',
  status: 'received',
  receivedAt: '2026-03-02T09:00:00Z',
  implicitDecisionDate: '2026-05-02',
  implicitDecision: 'deemed-accepted',
  ...overrides,
});

describe('inboxSections', () => {
  it('puts each open request in its most urgent section, and decided ones in none', () => {
    const rows = [
      row({ reference: 'AAAA-AAAA', implicitDecisionDate: '2026-04-28' }),
      row({ reference: 'BBBB-BBBB', implicitDecisionDate: '2026-05-05', assignee: 'Camille' }),
      row({ reference: 'CCCC-CCCC', implicitDecisionDate: '2026-06-20' }),
      row({ reference: 'DDDD-DDDD', implicitDecisionDate: '2026-06-20', assignee: 'Camille' }),
      row({ reference: 'EEEE-EEEE', status: 'incomplete', respondBy: '2026-05-10' }),
      row({ reference: 'FFFF-FFFF', status: 'incomplete', respondBy: '2026-04-01' }),
      row({ reference: 'GGGG-GGGG', status: 'accepted' }),
      row({ reference: 'HHHH-HHHH', status: 'closed' }),
    ];
    const sections = inboxSections(rows, '2026-04-28');
    const refs = (key: keyof typeof sections) => sections[key].map((r) => r.reference);
    expect(refs('overdue')).toEqual(['AAAA-AAAA']);
    expect(refs('dueSoon')).toEqual(['BBBB-BBBB']);
    expect(refs('new')).toEqual(['CCCC-CCCC']);
    expect(refs('inProgress')).toEqual(['DDDD-DDDD']);
    expect(refs('incomplete')).toEqual(['FFFF-FFFF', 'EEEE-EEEE']);
  });
});

describe('InboxPage', () => {
  const rows = [
    row({ reference: 'AAAA-AAAA', implicitDecisionDate: '2026-04-28', procedureTitle: HOSTILE }),
    row({ reference: 'FFFF-FFFF', status: 'incomplete', respondBy: '2026-04-01', implicitDecisionDate: undefined }),
  ];
  const document = read(<InboxPage instructor={me} today="2026-04-28" rows={rows} notice={`Décision ${HOSTILE}`} />);

  it('is one page with its landmarks, its title and the current link', () => {
    expectLandmarks(document);
    expect(document.title).toBe('Boîte de réception — Instruction Guichet');
    expect(document.querySelector('nav a[aria-current="page"]')?.getAttribute('href')).toBe('/desk');
    expect(document.querySelector('.brand')?.textContent).toContain('Camille Durand');
    expectUniqueIdsAndReferences(document);
  });

  it('lists each section with a table the keyboard can scroll, or says it is empty', () => {
    const overdue = document.querySelector('table#depassees')!;
    expect(overdue.querySelector('caption')?.textContent).toBe('Date de décision implicite atteinte (1)');
    expect(overdue.closest('.table-wrap')?.getAttribute('tabindex')).toBe('0');
    expect([...overdue.querySelectorAll('thead th')].every((th) => th.getAttribute('scope') === 'col')).toBe(true);
    expect(overdue.querySelector('tbody th[scope="row"] a')?.getAttribute('href')).toBe('/desk/requests/AAAA-AAAA');
    expect(document.querySelector('table#incompletes td .late')?.textContent).toContain('délai passé');
    expect(document.querySelector('#nouvelles')?.textContent).toContain('aucune demande');
    expect([...document.querySelectorAll('.sections a')].map((a) => a.textContent)).toContain('Nouvelles demandes, sans agent (0)');
  });

  it('escapes what comes from procedures and notices', () => {
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(document.querySelector('table#depassees tbody td')?.textContent).toBe(HOSTILE);
    expect(document.querySelector('.notice[role="status"]')?.textContent).toContain('<script>');
  });
});

const history: HistoryEntry[] = [
  { status: 'registered', at: '2026-03-02T09:00:00Z', actor: { kind: 'system' } },
  { status: 'received', at: '2026-03-02T09:00:05Z', actor: { kind: 'system' } },
  {
    status: 'incomplete',
    at: '2026-03-05T10:00:00Z',
    actor: { kind: 'instructor', id: 'c.durand' },
    missing: [{ label: { fr: `Photo ${HOSTILE}`, ar: 'صورة المكان' } }],
    respondBy: '2026-04-01',
    message: { fr: 'Merci', ar: 'شكرا' },
  },
  { status: 'received', at: '2026-03-09T10:00:00Z', actor: { kind: 'resident' }, completed: true },
];

const request = (overrides: Partial<DeskRequest> = {}): DeskRequest => ({
  reference: '7KQ4-M2XD',
  procedureTitle: 'Signaler un problème de voirie',
  service: 'Services techniques',
  status: 'received',
  decides: true,
  locale: { code: 'ar', name: 'العربية', dir: 'rtl' },
  receivedAt: '2026-03-02T09:00:00Z',
  dates: { receivedOn: '2026-03-02', runsFrom: '2026-03-09', implicitDecisionDate: '2026-05-09', implicitDecision: 'deemed-accepted', suspended: false },
  channel: 'epn',
  site: 'mediatheque',
  assistance: { mediatorName: 'Marc Durand', mandateId: 'M-42', until: '2026-03-02T18:00:00Z' },
  notices: ['sms'],
  answers: [
    { id: 'description', label: 'Description', value: `نافورة مكسورة ${HOSTILE}` },
    { id: 'kinds', label: 'Type', value: ['Voirie', 'Éclairage'] },
  ],
  attachments: [{ id: 'photo', label: 'Photo du problème', type: 'image/jpeg', bytes: 250_000, href: '/desk/requests/7KQ4-M2XD/attachments/photo' }],
  history,
  notes: [{ at: '2026-03-06T08:00:00Z', author: 'Camille Durand', text: HOSTILE }],
  ...overrides,
});

const pageData = (overrides: Partial<RequestPageData> = {}): RequestPageData => ({
  instructor: me,
  today: '2026-03-10',
  request: request(),
  names: new Map([['c.durand', 'Camille Durand']]),
  proposedPieces: [
    { id: 'id-card', label: 'Pièce d’identité' },
    { id: 'proof-of-address', label: 'Justificatif de domicile' },
  ],
  templates: [{ id: 'ok', decision: 'accepted', title: 'Intervention programmée', text: { fr: 'Nous interviendrons sous 15 jours.', ar: 'سنتدخل خلال 15 يوما.' } }],
  colleagues: [
    { id: 'c.durand', name: 'Camille Durand' },
    { id: 'n.benali', name: 'Nadia Benali' },
  ],
  ...overrides,
});

describe('RequestPage', () => {
  it('shows the request: facts, answers in the resident’s direction, attachments, history newest first', () => {
    const document = read(<RequestPage {...pageData()} />);
    expectLandmarks(document);
    expectUniqueIdsAndReferences(document);
    expect(document.title).toBe('Demande 7KQ4-M2XD — Instruction Guichet');
    const answer = [...document.querySelectorAll('dd.resident-text')][0]!;
    expect(answer.getAttribute('lang')).toBe('ar');
    expect(answer.getAttribute('dir')).toBe('rtl');
    expect(answer.textContent).toContain(HOSTILE);
    expect(document.querySelectorAll('dd.resident-text li')).toHaveLength(2);
    expect(document.querySelector('a[href="/desk/requests/7KQ4-M2XD/attachments/photo"]')?.textContent).toBe('Photo du problème (image JPEG, 244 Ko)');
    const facts = document.querySelector('dl.facts')!.textContent!;
    expect(facts).toContain('Marc Durand, mandat M-42');
    expect(facts).toContain('Espace numérique (mediatheque)');
    expect(facts).toContain('9 mai 2026');
    expect(facts).toContain('par SMS');
    const steps = [...document.querySelectorAll('.history > li .what')].map((what) => what.textContent);
    expect(steps).toEqual(['Reçue, à instruire', 'Incomplète, en attente de la personne', 'Reçue, à instruire', 'Enregistrée, pas encore reçue par le service']);
    const incomplete = document.querySelectorAll('.history > li')[1]!;
    expect(incomplete.textContent).toContain('Camille Durand');
    expect(incomplete.querySelector('[lang="ar"][dir="rtl"]')?.textContent).toBe('صورة المكان');
    expect(document.querySelectorAll('img, script')).toHaveLength(0);
  });

  it('offers the actions the status allows, each form labelled', () => {
    const received = read(<RequestPage {...pageData()} />);
    expectLabelled(received);
    const headings = (document: Document) => [...document.querySelectorAll('section.act h2')].map((h2) => h2.textContent);
    expect(headings(received)).toEqual(['Demander des pièces manquantes', 'Décider', 'Confier à un agent', 'Notes internes']);
    expect(received.querySelector('#missing-respond-by')?.getAttribute('min')).toBe('2026-03-10');
    expect(received.querySelector('#assign-to option[selected]')?.textContent).toBe('Personne');

    const declaration = read(<RequestPage {...pageData({ request: request({ decides: false }) })} />);
    expect(headings(declaration)).toContain('Clore la demande');
    const decided = read(<RequestPage {...pageData({ request: request({ status: 'accepted' }) })} />);
    expect(headings(decided)).toEqual(['Clore la demande', 'Confier à un agent', 'Notes internes']);
    const late = read(<RequestPage {...pageData({ request: request({ status: 'incomplete', dates: { suspended: true, respondBy: '2026-03-01' } }) })} />);
    expect(headings(late)).toContain('Clore la demande');
    const closed = read(<RequestPage {...pageData({ request: request({ status: 'closed' }) })} />);
    expect(headings(closed)).toEqual(['Confier à un agent', 'Notes internes']);
  });

  it('fills the decision from a template chosen by its link', () => {
    const document = read(<RequestPage {...pageData({ templateId: 'ok' })} />);
    expect(document.querySelector('a[href="/desk/requests/7KQ4-M2XD?template=ok#decision-message"]')?.getAttribute('aria-current')).toBe('true');
    expect((document.querySelector('#decision-accepted') as HTMLInputElement).checked).toBe(true);
    expect(document.querySelector('#decision-message')?.textContent).toBe('Nous interviendrons sous 15 jours.');
    expect(document.querySelector('input[type="hidden"][name="template"]')?.getAttribute('value')).toBe('ok');
  });

  it('sends a refused form back with the error summary, each field tied to its message, and what was typed', () => {
    const problems = [
      { field: 'missing-pieces', message: 'Choisissez ou écrivez au moins une pièce.' },
      { field: 'missing-respond-by', message: 'La date doit être après aujourd’hui. Par exemple : 15/04/2026' },
    ];
    const document = read(<RequestPage {...pageData({ form: { name: 'missing', problems, values: { pieces: ['proof-of-address'], other: HOSTILE, respondBy: '2026-03-01' } } })} />);
    expect(document.title).toBe('Erreur : Demande 7KQ4-M2XD — Instruction Guichet');
    const links = [...document.querySelectorAll('.error-summary a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['#missing-pieces', '#missing-respond-by']);
    for (const href of links) expect(document.querySelector(href!)).not.toBeNull();
    const date = document.querySelector('#missing-respond-by')!;
    expect(date.getAttribute('aria-invalid')).toBe('true');
    expect(date.getAttribute('aria-describedby')).toBe('missing-respond-by-hint missing-respond-by-error');
    expect(date.getAttribute('value')).toBe('2026-03-01');
    expect(document.querySelector('#missing-pieces')?.hasAttribute('aria-invalid')).toBe(false);
    expect(document.querySelector('#missing-pieces')?.getAttribute('aria-describedby')).toBe('missing-pieces-error');
    expect((document.querySelector('#missing-piece-proof-of-address') as HTMLInputElement).checked).toBe(true);
    expect((document.querySelector('#missing-piece-id-card') as HTMLInputElement).checked).toBe(false);
    expect(document.querySelector('#missing-other')?.textContent).toBe(HOSTILE);
    expect(document.querySelector('#missing-respond-by-error')?.textContent).toBe('Erreur : La date doit être après aujourd’hui. Par exemple : 15/04/2026');
    // Another form's fields stay clean.
    expect(document.querySelector('#decision-message')?.hasAttribute('aria-invalid')).toBe(false);
    expectUniqueIdsAndReferences(document);
  });
});

describe('sign-in and find pages', () => {
  it('asks for the identifier and the code with their autocomplete purposes, and names a wrong field', () => {
    const document = read(<DeskSignInPage next={'/desk"><script>'} login={HOSTILE} problems={[{ field: 'code', message: 'Identifiant ou code incorrect.' }]} />);
    expectLandmarks(document);
    expectLabelled(document);
    expect(document.querySelector('#login')?.getAttribute('autocomplete')).toBe('username');
    expect(document.querySelector('#code')?.getAttribute('autocomplete')).toBe('current-password');
    expect(document.querySelector('#code')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.querySelector('input[name="next"]')?.getAttribute('value')).toBe('/desk"><script>');
    expect(document.querySelector('#login')?.getAttribute('value')).toBe(HOSTILE);
    expect(document.querySelector('nav')).toBeNull();
    const find = read(<FindRequestPage instructor={me} problems={[]} />);
    expectLabelled(find);
    expect(find.querySelector('main form')?.getAttribute('method')).toBe('get');
  });
});
