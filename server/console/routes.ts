// The delivery console's routes; mounted at /console by app.ts.
import { Hono, type Context } from 'hono';
import type { Content } from '../../content/model/index.ts';
import type { DeliveryFilter, StaffAccount, Store } from '../store/types.ts';
import type { Assistance } from '../receipts/index.ts';
import { clientAddress, logSecurityEvent } from '../rate-limit.ts';
import { assistanceOf } from '../staff/assistance.ts';
import { actorOf, closeStaffSession, openStaffSession, staffOf } from '../staff/auth.ts';
import { createSignInLimiter, type SignInLimiter } from '../staff/limiter.ts';
import { MIN_CODE_LENGTH, hashCode, verifyCode } from '../staff/passwords.ts';
import { limitBody } from '../validators.ts';
import { sameOrigin } from '../security.ts';
import { CONSOLE_SESSION, bearerOf, sameSecret, type Caller } from './auth.ts';
import {
  FILTERS,
  deliveriesPage,
  firstAdminPage,
  notConfiguredPage,
  overviewPage,
  signInPage,
  terminalEnrolledPage,
  terminalsPage,
  type FailingRoute,
  type FieldProblem,
  type RouteInfo,
} from './pages.ts';
import { CONSOLE_CSS } from './styles.ts';
import QRCode from 'qrcode';
import { newTerminalCredential, secretHashOf, setUpAddress } from '../terminals/enrolment.ts';

/** A terminal id or site, as the heartbeat's (routes/terminals.ts). */
const TERMINAL_NAME = /^[A-Za-z0-9._:-]{1,64}$/;

/** What main.ts gives the console. */
export interface ConsoleSettings {
  /**
   * GUICHET_ADMIN_TOKEN: creates the first admin account while none is enabled, and lets a
   * script read the console as JSON with `Authorization: Bearer`. Without it and without an
   * admin account, every console page answers 503.
   */
  adminToken?: string;
  /** Each route of site.yaml: its connector, or why the server cannot serve it. */
  routes?: ReadonlyMap<string, RouteInfo>;
  /** A route whose oldest pending failure is older than this gets the banner. Defaults to 15 minutes. */
  alertAfterMs?: number;
  /** Called after a "retry now", so the relay looks for due work at once. */
  onRetry?: () => void;
}

export interface ConsoleDeps extends ConsoleSettings {
  store: Store;
  content: Content;
  now: () => Date;
  /** The staff sign-in's limiter: a wrong admin code counts with the kiosk's and the reception's. */
  limiter?: SignInLimiter;
}

export const DEFAULT_ALERT_AFTER_MS = 15 * 60_000;

const PAGE_SIZE = 100;
const NOTICE_KINDS = ['retried', 'in-flight', 'already-delivered', 'not-found'] as const;
const FORM_LIMIT = 8 * 1024;

/** Who asked, as the audit trail records it: the admin account, or the token's script. */
const whoOf = (caller: Caller): string => (caller.kind === 'admin' ? actorOf(caller.staff.account) : 'administrateur (API, jeton GUICHET_ADMIN_TOKEN)');

const text = (value: unknown, max: number): string | undefined => (typeof value === 'string' && value.length <= max ? value : undefined);

/** Only a path inside the console may be a target after sign-in or a retry. */
const safeBack = (value: unknown, fallback: string): string =>
  typeof value === 'string' && /^\/console(\/[\w/-]*)?(\?[\w=&%.-]*)?$/.test(value) ? value : fallback;

const wantsJson = (c: Context) => /application\/json/.test(c.req.header('accept') ?? '') || c.req.header('authorization') !== undefined;

const noStore = { 'Cache-Control': 'no-store' } as const;

/**
 * The delivery console: `/console` (overview and banner), `/console/deliveries?state=` (lists),
 * "retry now", and sign-in by admin token. Every route but the stylesheet checks the token.
 */
export const consoleRoutes = (deps: ConsoleDeps) => {
  const titles = new Map(deps.content.procedures.map((p) => [p.id, p.title.fr ?? p.id]));
  const token = deps.adminToken;
  const routes = deps.routes ?? new Map<string, RouteInfo>();
  const alertAfterMs = deps.alertAfterMs ?? DEFAULT_ALERT_AFTER_MS;

  const limiter = deps.limiter ?? createSignInLimiter();
  /** Whether an enabled admin account exists: until one does, the token may create one. */
  const hasAdmin = async (): Promise<boolean> => (await deps.store.listStaffAccounts()).some((a) => a.role === 'admin' && !a.disabled);

  const denied = (c: Context) => {
    if (wantsJson(c))
      return c.json({ type: 'about:blank', title: 'Connexion nécessaire', status: 401 }, 401, {
        ...noStore,
        'WWW-Authenticate': 'Bearer realm="console"',
      });
    return c.redirect(`/console/sign-in?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
  };

  const app = new Hono<{ Variables: { caller: Caller } }>();
  app.get('/console.css', (c) => c.body(CONSOLE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));
  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    // Stricter than the app's: console pages run no script at all and load only their stylesheet.
    c.header('Content-Security-Policy', "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    if (!token && !(await hasAdmin())) {
      if (wantsJson(c)) return c.json({ type: 'about:blank', title: 'Console non configurée', status: 503 }, 503);
      return c.html(notConfiguredPage(), 503);
    }
    await next();
  });
  app.use('*', limitBody(FORM_LIMIT));

  app.get('/sign-in', async (c) => {
    if (!(await hasAdmin())) return c.html(firstAdminPage({ problems: [], values: {} }));
    return c.html(signInPage({ next: safeBack(c.req.query('next'), '/console'), problems: [] }));
  });

  app.post('/sign-in', async (c) => {
    if (!sameOrigin(c)) return c.text('Origine refusée.', 403);
    const form = await c.req.parseBody();
    const next = safeBack(form.next, '/console');
    const login = text(form.login, 64)?.trim() ?? '';
    const code = text(form.code, 200) ?? '';
    const problems: FieldProblem[] = [];
    if (!login) problems.push({ field: 'login', message: 'Écrivez votre identifiant.' });
    if (!code) problems.push({ field: 'code', message: 'Écrivez votre code.' });
    if (problems.length) return c.html(signInPage({ next, login, problems }), 400);
    const now = deps.now();
    const accountKey = `account:admin:${login.toLowerCase()}`;
    const keys = [accountKey, `address:${clientAddress(c)}`];
    // The try's place is taken before the first await, so a burst cannot outrun the count.
    const place = limiter.reserve(keys, now.getTime());
    if (place.wait > 0) {
      logSecurityEvent('rate-limited', { limit: 'sign-in', keys, retryAfter: place.wait });
      const message = `Trop d’essais : réessayez dans ${Math.ceil(place.wait / 60)} minute(s).`;
      return c.html(signInPage({ next, login, problems: [{ field: 'code', message }] }), 429, { 'Retry-After': String(place.wait) });
    }
    let account: StaffAccount | undefined;
    let right: boolean;
    try {
      account = await deps.store.findStaffAccount('admin', login);
      right = await verifyCode(account && !account.disabled ? account.passwordHash : undefined, code);
    } catch (error) {
      place.release();
      throw error;
    }
    if (!account || account.disabled || !right)
      return c.html(signInPage({ next, login, problems: [{ field: 'code', message: 'Identifiant ou code incorrect.' }] }), 401);
    place.release();
    limiter.succeed(accountKey);
    await openStaffSession(c, deps.store, account, now, CONSOLE_SESSION);
    await deps.store.appendAudit({ at: now.toISOString(), kind: 'staff.signed-in', actor: actorOf(account), data: { role: 'admin', via: 'console' } });
    return c.redirect(next, 303);
  });

  // The first admin account, made with the server's token while no admin account is enabled.
  app.post('/first-admin', async (c) => {
    if (!sameOrigin(c)) return c.text('Origine refusée.', 403);
    if (await hasAdmin()) return c.redirect('/console/sign-in', 303);
    const form = await c.req.parseBody();
    const values = { login: text(form.login, 64)?.trim() ?? '', displayName: text(form.displayName, 100)?.trim() ?? '' };
    const code = text(form.code, 200) ?? '';
    const given = text(form.token, 500)?.trim() ?? '';
    const now = deps.now();
    const keys = [`address:${clientAddress(c)}`];
    const place = limiter.reserve(keys, now.getTime());
    if (place.wait > 0) {
      logSecurityEvent('rate-limited', { limit: 'first-admin', keys, retryAfter: place.wait });
      return c.html(firstAdminPage({ values, problems: [{ field: 'token', message: `Trop d’essais : réessayez dans ${Math.ceil(place.wait / 60)} minute(s).` }] }), 429, { 'Retry-After': String(place.wait) });
    }
    const problems: FieldProblem[] = [];
    if (!token || !given || !sameSecret(given, token)) problems.push({ field: 'token', message: 'Ce jeton n’est pas celui du serveur.' });
    else place.release();
    if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(values.login)) problems.push({ field: 'login', message: 'Écrivez un identifiant de 2 à 64 lettres, chiffres, points ou tirets.' });
    if (!values.displayName) problems.push({ field: 'displayName', message: 'Écrivez le nom à afficher.' });
    if ([...code].length < MIN_CODE_LENGTH) problems.push({ field: 'code', message: `Choisissez un code d’au moins ${MIN_CODE_LENGTH} caractères.` });
    if (problems.length) return c.html(firstAdminPage({ values, problems }), problems.some((p) => p.field === 'token') ? 401 : 400);
    const created = await deps.store.createStaffAccount({ role: 'admin', login: values.login, displayName: values.displayName, passwordHash: await hashCode(code), createdAt: now.toISOString() });
    if (created === 'exists') return c.html(firstAdminPage({ values, problems: [{ field: 'login', message: 'Cet identifiant existe déjà (compte désactivé) : choisissez-en un autre.' }] }), 409);
    await deps.store.appendAudit({ at: now.toISOString(), kind: 'staff.account-created', actor: 'administrateur (jeton GUICHET_ADMIN_TOKEN)', data: { role: 'admin', login: values.login, via: 'console-first-admin' } });
    await openStaffSession(c, deps.store, created, now, CONSOLE_SESSION);
    await deps.store.appendAudit({ at: now.toISOString(), kind: 'staff.signed-in', actor: actorOf(created), data: { role: 'admin', via: 'console' } });
    return c.redirect('/console', 303);
  });

  // Everything below needs a signed-in admin, or the token as a Bearer.
  app.use('*', async (c, next) => {
    const bearer = bearerOf(c, token);
    if (bearer === 'wrong') return denied(c);
    if (bearer === 'bearer') {
      c.set('caller', { kind: 'bearer' });
      return next();
    }
    const staff = await staffOf(c, deps.store, deps.now(), CONSOLE_SESSION);
    if (!staff || staff.account.role !== 'admin') return denied(c);
    if (c.req.method === 'POST' && !sameOrigin(c)) return c.text('Origine refusée.', 403);
    c.set('caller', { kind: 'admin', staff });
    await next();
  });

  app.post('/sign-out', async (c) => {
    const caller = c.get('caller');
    await closeStaffSession(c, deps.store, CONSOLE_SESSION);
    if (caller.kind === 'admin')
      await deps.store.appendAudit({ at: deps.now().toISOString(), kind: 'staff.signed-out', actor: actorOf(caller.staff.account), data: { via: 'console' } });
    return c.html(signInPage({ next: '/console', problems: [], notice: 'Vous êtes déconnecté.' }));
  });

  app.get('/', async (c) => {
    const now = deps.now();
    const summary = await deps.store.deliverySummary();
    const failing: FailingRoute[] = [];
    for (const s of summary) {
      if (!s.failingSince || now.getTime() - new Date(s.failingSince).getTime() < alertAfterMs) continue;
      const [latest] = await deps.store.listDeliveries({ state: 'waiting', route: s.route, limit: 1 });
      failing.push({ route: s.route, since: s.failingSince, waiting: s.waiting, ...(latest?.lastError ? { lastError: latest.lastError } : {}) });
    }
    if (wantsJson(c)) return c.json({ summary, failing, routes: Object.fromEntries(routes) }, 200);
    return c.html(overviewPage({ summary, routes, failing, now }));
  });

  app.get('/deliveries', async (c) => {
    const requested = c.req.query('state') ?? 'all';
    const filter = FILTERS.find((f) => f.state === requested)?.state ?? 'all';
    const route = c.req.query('route') || undefined;
    const page = Math.max(1, Math.min(1_000_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    // Pages are found next to a known delivery (keyset), so the millionth costs what the first does.
    const keyOf = (name: string) => {
      const value = Number.parseInt(c.req.query(name) ?? '', 10);
      return Number.isSafeInteger(value) && value > 0 ? value : undefined;
    };
    const before = keyOf('before');
    const after = before === undefined ? keyOf('after') : undefined;
    const rows = await deps.store.listDeliveries({
      ...(filter === 'all' ? {} : { state: filter as DeliveryFilter }),
      ...(route ? { route } : {}),
      limit: PAGE_SIZE + 1,
      ...(before !== undefined ? { before } : after !== undefined ? { after } : { offset: (page - 1) * PAGE_SIZE }),
    });
    // Going back to newer rows, the extra row is the newest one; otherwise the oldest one.
    const deliveries = after !== undefined ? rows.slice(-PAGE_SIZE) : rows.slice(0, PAGE_SIZE);
    const more = after !== undefined ? true : rows.length > PAGE_SIZE;
    // Who helped with each submission (a mediator under the resident's mandate), once per submission.
    const assistance = new Map<string, Assistance>();
    for (const id of new Set(deliveries.map((d) => d.submissionId))) {
      const help = await assistanceOf(deps.store, deps.content, id);
      if (help) assistance.set(id, help);
    }
    if (wantsJson(c))
      return c.json(
        {
          state: filter,
          route: route ?? null,
          page,
          deliveries: deliveries.map((d) => {
            const help = assistance.get(d.submissionId);
            return help ? { ...d, assistance: { helperName: help.helperName, mandateId: help.mandate.id, residentName: help.mandate.residentName } } : d;
          }),
          more,
        },
        200,
      );
    const kind = NOTICE_KINDS.find((k) => k === c.req.query('notice'));
    const reference = c.req.query('ref')?.slice(0, 20);
    const notice = kind ? { kind, ...(reference ? { reference } : {}) } : undefined;
    const url = new URL(c.req.url);
    url.searchParams.delete('notice');
    url.searchParams.delete('ref');
    return c.html(
      deliveriesPage({
        filter,
        ...(route ? { route } : {}),
        deliveries,
        assistance,
        titles,
        page,
        more,
        ...(notice ? { notice } : {}),
        back: `${url.pathname}${url.search}`,
      }),
    );
  });

  // Three missed heartbeats (one a minute) before a terminal is called silent.
  const terminalsView = async (more: Partial<Parameters<typeof terminalsPage>[0]> = {}) =>
    terminalsPage({ terminals: await deps.store.listTerminals(), now: deps.now(), silentAfterMs: 3 * 60_000, ...more });

  app.get('/terminals', async (c) => {
    if (wantsJson(c)) return c.json({ terminals: await deps.store.listTerminals() }, 200);
    const revokedId = c.req.query('revoked');
    const revoked = revokedId && TERMINAL_NAME.test(revokedId) ? { terminalId: revokedId, done: c.req.query('done') === 'yes' } : undefined;
    return c.html(await terminalsView(revoked ? { revoked } : {}));
  });

  // Enrolment (issue 22, part 5): the new terminal's secret is shown once, in its set-up address.
  app.post('/terminals/enrol', async (c) => {
    const form = await c.req.parseBody();
    const site = (text(form.site, 200) ?? '').trim();
    if (site && !TERMINAL_NAME.test(site)) {
      const problems = [{ field: 'site', message: 'Le lieu s’écrit en lettres sans accent, chiffres, points ou tirets, 64 au plus.' }];
      return c.html(await terminalsView({ problems, site }), 400);
    }
    const credential = newTerminalCredential();
    await deps.store.enrolTerminal({ terminalId: credential.terminalId, secretHash: secretHashOf(credential.secret), site, by: whoOf(c.get('caller')), at: deps.now() });
    const address = setUpAddress(new URL(c.req.url).origin, credential, site);
    if (wantsJson(c)) return c.json({ ...credential, site, setUpAddress: address }, 201);
    const qrSvg = (await QRCode.toString(address, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })).replace(
      '<svg ',
      '<svg role="img" aria-label="Code QR de l’adresse d’installation de la borne" focusable="false" ',
    );
    return c.html(terminalEnrolledPage({ terminalId: credential.terminalId, site, address, qrSvg }), 201);
  });

  app.post('/terminals/:id/revoke', async (c) => {
    const terminalId = c.req.param('id');
    const done = TERMINAL_NAME.test(terminalId) && (await deps.store.revokeTerminal({ terminalId, by: whoOf(c.get('caller')), at: deps.now() }));
    if (wantsJson(c)) return c.json({ revoked: done }, done ? 200 : 404);
    if (!TERMINAL_NAME.test(terminalId)) return c.redirect('/console/terminals', 303);
    return c.redirect(`/console/terminals?revoked=${encodeURIComponent(terminalId)}&done=${done ? 'yes' : 'no'}`, 303);
  });

  app.post('/deliveries/:id/retry', async (c) => {
    const id = Number(c.req.param('id'));
    const result = Number.isSafeInteger(id) && id > 0
      ? await deps.store.retryDeliveryNow(id, { at: deps.now(), by: whoOf(c.get('caller')) })
      : ({ outcome: 'not-found' } as const);
    if (result.outcome === 'retried') deps.onRetry?.();
    if (wantsJson(c)) return c.json(result, result.outcome === 'not-found' ? 404 : 200);
    const form = await c.req.parseBody();
    const back = new URL(safeBack(form.back, '/console/deliveries?state=dead'), 'http://x');
    back.searchParams.set('notice', result.outcome);
    if (result.outcome === 'retried') back.searchParams.set('ref', result.delivery.reference);
    return c.redirect(`${back.pathname}${back.search}`, 303);
  });

  return app;
};
