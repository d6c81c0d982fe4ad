/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The desk's pages over sample data, served as a tiny app, for checking them in a real browser
// before the desk has its routes and storage: inbox, a request (Arabic answers, history, every
// form), the same with a refused form, a decided request, sign-in with an error.
import { Hono, type Context } from 'hono';
import { DeskSignInPage, DESK_CSS, FindRequestPage, InboxPage, RequestPage, type DeskRequest, type InboxRow, type RequestPageData } from '../desk/index.ts';
import { documentOf } from '../pages/index.ts';
import type { HistoryEntry } from '../requests/status.ts';

export const SAMPLE_INSTRUCTOR = { id: 'c.durand', name: 'Camille Durand', services: ['Services techniques'] };

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

export const SAMPLE_ROWS: InboxRow[] = [
  row({ reference: 'AAAA-AAAA', implicitDecisionDate: '2026-04-28' }),
  row({ reference: 'BBBB-BBBB', implicitDecisionDate: '2026-05-05', assignee: 'Camille Durand', channel: 'epn' }),
  row({ reference: 'CCCC-CCCC', implicitDecisionDate: '2026-06-20', procedureTitle: 'Inscrire un enfant à l’école', service: 'Direction de l’Éducation', channel: 'reception' }),
  row({ reference: 'EEEE-EEEE', status: 'incomplete', respondBy: '2026-05-10', implicitDecisionDate: undefined }),
  row({ reference: 'FFFF-FFFF', status: 'incomplete', respondBy: '2026-04-01', implicitDecisionDate: undefined }),
];

const history: HistoryEntry[] = [
  { status: 'registered', at: '2026-03-02T09:00:00Z', actor: { kind: 'system' } },
  { status: 'received', at: '2026-03-02T09:00:05Z', actor: { kind: 'system' } },
  {
    status: 'incomplete',
    at: '2026-03-05T10:00:00Z',
    actor: { kind: 'instructor', id: 'c.durand' },
    missing: [{ label: { fr: 'Photo du lieu', ar: 'صورة المكان' } }],
    respondBy: '2026-04-01',
    message: { fr: 'Merci de nous envoyer une photo.', ar: 'شكرا لإرسال صورة.' },
  },
  { status: 'received', at: '2026-03-09T10:00:00Z', actor: { kind: 'resident' }, completed: true },
];

export function sampleRequest(overrides: Partial<DeskRequest> = {}): DeskRequest {
  return {
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
      { id: 'description', label: 'Description du problème', value: 'نافورة مكسورة في ساحة الجمهورية منذ أسبوعين، والماء يسيل على الرصيف.' },
      { id: 'kinds', label: 'Type', value: ['Voirie', 'Éclairage'] },
      { id: 'address', label: 'Adresse', value: '1 place de la République, 41200 Belval-sur-Loire' },
    ],
    attachments: [{ id: 'photo', label: 'Photo du problème', type: 'image/jpeg', bytes: 250_000, href: '/desk/requests/7KQ4-M2XD/attachments/photo' }],
    history,
    notes: [{ at: '2026-03-06T08:00:00Z', author: 'Camille Durand', text: 'Appelé la personne, photo à venir.' }],
    ...overrides,
  };
}

export function samplePage(overrides: Partial<RequestPageData> = {}): RequestPageData {
  return {
    instructor: SAMPLE_INSTRUCTOR,
    today: '2026-03-10',
    request: sampleRequest(),
    names: new Map([['c.durand', 'Camille Durand']]),
    proposedPieces: [
      { id: 'id-card', label: 'Pièce d’identité' },
      { id: 'proof-of-address', label: 'Justificatif de domicile' },
    ],
    templates: [
      { id: 'ok', decision: 'accepted', title: 'Intervention programmée', text: { fr: 'Nous interviendrons sous 15 jours.', ar: 'سنتدخل خلال 15 يوما.' } },
      { id: 'no', decision: 'rejected', title: 'Domaine privé', text: { fr: 'Ce lieu est privé : la commune ne peut pas intervenir.' } },
    ],
    colleagues: [
      { id: 'c.durand', name: 'Camille Durand' },
      { id: 'n.benali', name: 'Nadia Benali' },
    ],
    ...overrides,
  };
}

/** The preview pages, by path. */
export const PREVIEW_PAGES = ['/inbox', '/request', '/request-errors', '/request-decided', '/request-refused', '/sign-in', '/find'] as const;

/** @example serve({ fetch: deskPreviewApp().fetch, port: 0 }) */
export function deskPreviewApp() {
  const html = (page: unknown) => (c: Context) => c.html(documentOf(page as never));
  return new Hono()
    .get('/desk/desk.css', (c) => c.body(DESK_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }))
    .get('/inbox', html(<InboxPage instructor={SAMPLE_INSTRUCTOR} today="2026-04-28" rows={SAMPLE_ROWS} notice="Demande 7KQ4-M2XD : décision enregistrée." />))
    .get('/request', html(<RequestPage {...samplePage({ templateId: 'ok' })} />))
    .get(
      '/request-errors',
      html(
        <RequestPage
          {...samplePage({
            form: {
              name: 'missing',
              problems: [
                { field: 'missing-pieces', message: 'Choisissez ou écrivez au moins une pièce manquante.' },
                { field: 'missing-respond-by', message: 'La date doit être après aujourd’hui. Par exemple : 15/04/2026' },
              ],
              values: { respondBy: '2026-03-01' },
            },
          })}
        />,
      ),
    )
    .get('/request-decided', html(<RequestPage {...samplePage({ request: sampleRequest({ status: 'accepted', dates: { receivedOn: '2026-03-02', suspended: false } }) })} />))
    .get(
      '/request-refused',
      html(
        <RequestPage
          {...samplePage({
            request: sampleRequest({ status: 'accepted', dates: { receivedOn: '2026-03-02', suspended: false } }),
            refusal: 'La demande est déjà décidée (acceptée) : une autre décision n’est pas possible ici.',
          })}
        />,
      ),
    )
    .get('/sign-in', html(<DeskSignInPage next="/desk" login="c.durand" problems={[{ field: 'code', message: 'Identifiant ou code incorrect. Vérifiez-les et réessayez.' }]} />))
    .get('/find', html(<FindRequestPage instructor={SAMPLE_INSTRUCTOR} problems={[]} />));
}
