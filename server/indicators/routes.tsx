/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// /indicators: the dashboard for managers and elected officials (role `manager`), with its own
// sign-in and cookie. Reads the journeys' day counts and the requests' facts of a period and of
// the one before; never a reference, an answer or a name.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Content } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import { documentOf, type FieldProblem } from '../pages/index.ts';
import { clientAddress, logSecurityEvent } from '../rate-limit.ts';
import { townDay } from '../requests/status.ts';
import { sameOrigin } from '../security.ts';
import { actorOf, closeStaffSession, openStaffSession, staffOf, type SessionCookie, type Staff } from '../staff/auth.ts';
import type { SignInLimiter } from '../staff/limiter.ts';
import { verifyCode } from '../staff/passwords.ts';
import type { StaffAccount, Store } from '../store/types.ts';
import { limitBody, query } from '../validators.ts';
import { dashboardOf, instantsOf, previousPeriod, type Period } from './figures.ts';
import { DashboardPage, IndicatorsProblemPage, IndicatorsSignInPage } from './pages.tsx';
import { INDICATORS_CSS } from './styles.ts';

export const INDICATORS_SESSION: SessionCookie = { name: 'guichet_indicators', path: '/indicators' };

/** A period of a year at most: enough for an annual report, bounded for the store. */
const MAX_DAYS = 366;
const PAGE_POLICY = "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const safeNext = (value: unknown): string => (typeof value === 'string' && /^\/indicators(\/[\w/-]*)?(\?[\w=&%.-]*)?$/.test(value) ? value : '/indicators');

type Form = Record<string, string | File | (string | File)[]>;
const textOf = (form: Form, name: string): string => (typeof form[name] === 'string' ? form[name] : '');

export interface IndicatorsDeps {
  store: Store;
  content: Content;
  now: () => Date;
  limiter: SignInLimiter;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (day: string | undefined) => day !== undefined && DAY.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);

/** The period asked for, or this month so far; with what is wrong in it. */
export function periodOf(asked: { from?: string | undefined; to?: string | undefined }, today: string): { period: Period; problems: FieldProblem[] } {
  const fallback = { from: `${today.slice(0, 8)}01`, to: today };
  if (asked.from === undefined && asked.to === undefined) return { period: fallback, problems: [] };
  const problems: FieldProblem[] = [];
  if (!validDay(asked.from)) problems.push({ field: 'from', message: 'Écrivez la date de début, par exemple 01/11/2026.' });
  if (!validDay(asked.to)) problems.push({ field: 'to', message: 'Écrivez la date de fin, par exemple 30/11/2026.' });
  if (problems.length) return { period: fallback, problems };
  const period = { from: asked.from!, to: asked.to! };
  const length = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1;
  if (length < 1) return { period: fallback, problems: [{ field: 'to', message: 'La date de fin doit être le même jour que la date de début, ou après.' }] };
  if (length > MAX_DAYS) return { period: fallback, problems: [{ field: 'to', message: 'Choisissez une période d’un an au plus.' }] };
  return { period, problems: [] };
}

/** @example app.route('/indicators', indicatorsRoutes({ store, content, now, limiter })) */
export const indicatorsRoutes = (deps: IndicatorsDeps) => {
  const page = (c: Context, body: unknown, status: 200 | 400 | 401 | 403 | 429 = 200, headers: Record<string, string> = {}) => c.html(documentOf(body as never), status, headers);
  const app = new Hono<{ Variables: { staff: Staff } }>();
  app.get('/indicators.css', (c) => c.body(INDICATORS_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));
  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', PAGE_POLICY);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !sameOrigin(c)) throw new GuichetError('origin-refused', 'Cette demande ne vient pas d’une page de ce serveur.');
    await next();
  });
  app.use('*', limitBody(8 * 1024));

  app.get('/sign-in', query(z.strictObject({ next: z.string().max(300).optional() })), (c) =>
    page(c, <IndicatorsSignInPage next={safeNext(c.req.valid('query').next)} problems={[]} />),
  );

  app.post('/sign-in', async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const login = textOf(form, 'login').trim();
    const code = textOf(form, 'code');
    const next = safeNext(form.next);
    const problems: FieldProblem[] = [];
    if (login === '' || login.length > 64) problems.push({ field: 'login', message: 'Écrivez votre identifiant de responsable.' });
    if (code === '' || code.length > 200) problems.push({ field: 'code', message: 'Écrivez votre code.' });
    if (problems.length > 0) return page(c, <IndicatorsSignInPage next={next} login={login} problems={problems} />, 400);
    const now = deps.now();
    const accountKey = `account:indicators:${login.toLowerCase()}`;
    const keys = [accountKey, `address:${clientAddress(c)}`];
    const place = deps.limiter.reserve(keys, now.getTime());
    if (place.wait > 0) {
      logSecurityEvent('rate-limited', { limit: 'sign-in', keys, retryAfter: place.wait });
      const message = `Trop d’essais : réessayez dans ${Math.ceil(place.wait / 60)} minute(s), ou demandez un nouveau code.`;
      return page(c, <IndicatorsSignInPage next={next} login={login} problems={[{ field: 'code', message }]} />, 429, { 'Retry-After': String(place.wait) });
    }
    let account: StaffAccount | undefined;
    let right: boolean;
    try {
      account = await deps.store.findStaffAccount('manager', login);
      right = await verifyCode(account && !account.disabled ? account.passwordHash : undefined, code);
    } catch (error) {
      place.release();
      throw error;
    }
    if (!account || account.disabled || !right) {
      const message = 'Identifiant ou code incorrect. Vérifiez-les, ou demandez un nouveau code à l’administrateur.';
      return page(c, <IndicatorsSignInPage next={next} login={login} problems={[{ field: 'code', message }]} />, 401);
    }
    place.release();
    deps.limiter.succeed(accountKey);
    await openStaffSession(c, deps.store, account, now, INDICATORS_SESSION);
    await deps.store.appendAudit({ at: now.toISOString(), kind: 'staff.signed-in', actor: actorOf(account), data: { role: account.role, via: 'indicators' } });
    return c.redirect(next, 303);
  });

  app.post('/sign-out', async (c) => {
    const staff = await staffOf(c, deps.store, deps.now(), INDICATORS_SESSION);
    await closeStaffSession(c, deps.store, INDICATORS_SESSION);
    if (staff) await deps.store.appendAudit({ at: deps.now().toISOString(), kind: 'staff.signed-out', actor: actorOf(staff.account), data: { via: 'indicators' } });
    return c.redirect('/indicators/sign-in', 303);
  });

  app.use('*', async (c, next) => {
    const staff = await staffOf(c, deps.store, deps.now(), INDICATORS_SESSION);
    if (!staff) return c.redirect(`/indicators/sign-in?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
    if (staff.account.role !== 'manager')
      return page(c, <IndicatorsProblemPage title="Réservé aux responsables" message="Ce compte ne donne pas accès aux indicateurs. Demandez un compte de responsable à l’administrateur." />, 403);
    c.set('staff', staff);
    await next();
  });

  app.get('/', query(z.strictObject({ from: z.string().max(20).optional(), to: z.string().max(20).optional() })), async (c) => {
    const { period, problems } = periodOf(c.req.valid('query'), townDay(deps.now()));
    const before = previousPeriod(period);
    const ids = deps.content.procedures.map((p) => p.id);
    const read = async (p: Period) => {
      const [journeys, facts, answers] = await Promise.all([deps.store.journeyDays(p), deps.store.requestFacts(instantsOf(p)), deps.store.satisfactionDays(p)]);
      return dashboardOf(p, ids, journeys, facts, answers);
    };
    const [now, previous] = await Promise.all([read(period), read(before)]);
    const titles = new Map(deps.content.procedures.map((p) => [p.id, p.title.fr ?? p.id]));
    return page(c, <DashboardPage manager={{ name: c.get('staff').account.displayName }} now={now} before={previous} titles={titles} problems={problems} />, problems.length ? 400 : 200);
  });

  return app;
};
