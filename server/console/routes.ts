// The delivery console's routes; mounted at /console by app.ts.
import { Hono, type Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Content } from '../../content/model/index.ts';
import type { DeliveryFilter, Store } from '../store/types.ts';
import type { Assistance } from '../receipts/index.ts';
import { assistanceOf } from '../staff/assistance.ts';
import { limitBody } from '../validators.ts';
import { sameOrigin } from '../security.ts';
import { SESSION_COOKIE, callerOf, overHttps, sameSecret, sessionValue, type Caller } from './auth.ts';
import { FILTERS, deliveriesPage, notConfiguredPage, overviewPage, signInPage, terminalsPage, type FailingRoute, type RouteInfo } from './pages.ts';
import { CONSOLE_CSS } from './styles.ts';

/** What main.ts gives the console. */
export interface ConsoleSettings {
  /** GUICHET_ADMIN_TOKEN; without it every console page answers 503. */
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
}

export const DEFAULT_ALERT_AFTER_MS = 15 * 60_000;

const PAGE_SIZE = 100;
const NOTICE_KINDS = ['retried', 'in-flight', 'already-delivered', 'not-found'] as const;
const FORM_LIMIT = 8 * 1024;
const SESSION_HOURS = 12;

/** Who asked, as the audit trail records it: no personal data until named accounts exist. */
const WHO: Record<Caller, string> = {
  session: 'administrateur (console, jeton GUICHET_ADMIN_TOKEN)',
  bearer: 'administrateur (API, jeton GUICHET_ADMIN_TOKEN)',
};

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

  const denied = (c: Context) => {
    if (wantsJson(c))
      return c.json({ type: 'about:blank', title: 'Jeton manquant ou invalide', status: 401 }, 401, {
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
    if (!token) {
      if (wantsJson(c)) return c.json({ type: 'about:blank', title: 'Console non configurée', status: 503 }, 503);
      return c.html(notConfiguredPage(), 503);
    }
    await next();
  });
  app.use('*', limitBody(FORM_LIMIT));

  app.get('/sign-in', (c) => c.html(signInPage({ next: safeBack(c.req.query('next'), '/console'), failed: false })));
  app.post('/sign-in', async (c) => {
    if (!sameOrigin(c)) return c.text('Origine refusée.', 403);
    const form = await c.req.parseBody();
    const next = safeBack(form.next, '/console');
    if (typeof form.token !== 'string' || !sameSecret(form.token.trim(), token!))
      return c.html(signInPage({ next, failed: true }), 401);
    setCookie(c, SESSION_COOKIE, sessionValue(token!), {
      httpOnly: true,
      sameSite: 'Strict',
      secure: overHttps(c),
      path: '/console',
      maxAge: SESSION_HOURS * 3600,
    });
    return c.redirect(next, 303);
  });

  // Everything below needs the token.
  app.use('*', async (c, next) => {
    const caller = callerOf(c, token!);
    if (!caller) return denied(c);
    if (c.req.method === 'POST' && caller === 'session' && !sameOrigin(c)) return c.text('Origine refusée.', 403);
    c.set('caller', caller);
    await next();
  });

  app.post('/sign-out', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/console', secure: overHttps(c) });
    return c.redirect('/console/sign-in', 303);
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

  app.get('/terminals', async (c) => {
    const terminals = await deps.store.listTerminals();
    if (wantsJson(c)) return c.json({ terminals }, 200);
    // Three missed heartbeats (one a minute) before a terminal is called silent.
    return c.html(terminalsPage({ terminals, now: deps.now(), silentAfterMs: 3 * 60_000 }));
  });

  app.post('/deliveries/:id/retry', async (c) => {
    const id = Number(c.req.param('id'));
    const result = Number.isSafeInteger(id) && id > 0
      ? await deps.store.retryDeliveryNow(id, { at: deps.now(), by: WHO[c.get('caller')] })
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
