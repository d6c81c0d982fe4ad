// What every request meets before its route: the security headers on every response, errors
// and kiosk files included (OWASP ASVS level 2, V14.4; Hono's secureHeaders() defaults fall
// short: HSTS for 180 days and no Content-Security-Policy), and the refusal of state changes
// sent by another site's page (cross-site request forgery).
import type { Context, MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { GuichetError } from './errors.ts';

const ONE_YEAR = 365 * 24 * 60 * 60;

/**
 * Only the server's own scripts run: no inline script, no eval, no plugin, no framing.
 * Styles may be inline (receipts and console pages carry their stylesheet in the page, and
 * styles cannot run code); images may be data: (the receipt's QR code) or blob: (a photo
 * being taken, before it is sent).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  mediaSrc: ["'self'", 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const serialise = (policy: Record<string, string[]>) =>
  Object.entries(policy)
    .map(([name, values]) => `${kebab(name)} ${values.join(' ')}`)
    .join('; ');

/**
 * Headers of a page the kiosk prints through a hidden frame (the receipt): the same policy,
 * but framable by the kiosk's own pages.
 */
export const FRAMED_BY_KIOSK = {
  'Content-Security-Policy': serialise({ ...CONTENT_SECURITY_POLICY, frameAncestors: ["'self'"] }),
  'X-Frame-Options': 'SAMEORIGIN',
} as const;

/** Types whose body is text: each says its charset, so no browser has to guess. */
const TEXT_TYPE = /^(text\/|application\/(?:[\w.+-]+\+)?(?:json|xml|javascript)\b)/i;

/** Adds `; charset=utf-8` to a text response that does not say its charset. */
const charsetOnText: MiddlewareHandler = async (c, next) => {
  await next();
  const type = c.res.headers.get('Content-Type');
  if (type && TEXT_TYPE.test(type) && !/;\s*charset=/i.test(type)) c.res.headers.set('Content-Type', `${type}; charset=utf-8`);
};

const headers = secureHeaders({
  strictTransportSecurity: `max-age=${ONE_YEAR}; includeSubDomains`,
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  xFrameOptions: 'DENY',
  // No address of the kiosk leaves for another site in a Referer. Same-origin, not
  // no-referrer: under no-referrer a browser sends `Origin: null` with a form post, and the
  // console's forms could no longer prove they come from this server.
  referrerPolicy: 'same-origin',
  // The kiosk's camera and microphone serve the page itself, never an embedded one.
  permissionsPolicy: { camera: ['self'], microphone: [], geolocation: [], payment: [] },
  // A route that sets a stricter header of its own (the console's CSP) keeps it.
  overwrite: false,
});

/** Security headers and charsets, on every response the app makes. */
export const securityHeaders: MiddlewareHandler = (c, next) =>
  headers(c, async () => {
    await charsetOnText(c, next);
  });

const SAFE_METHOD = /^(GET|HEAD|OPTIONS)$/;

/**
 * A POST, PUT or DELETE that a browser says comes from another site's page is refused (403),
 * whatever its content type: Hono's csrf() looks at form types only, and a sign-out has no body.
 * Browsers send Sec-Fetch-Site, and Origin on every cross-origin write; clients that are not
 * browsers (a back-office script, the tests) send neither and are judged by their route.
 */
export const refuseCrossSite: MiddlewareHandler = async (c, next) => {
  if (!SAFE_METHOD.test(c.req.method)) {
    const site = c.req.header('sec-fetch-site');
    if ((site && site !== 'same-origin' && site !== 'none') || (c.req.header('origin') !== undefined && !sameOrigin(c)))
      throw new GuichetError('origin-refused', "Cette demande vient d'une autre page que le guichet : elle est refusée.");
  }
  await next();
};

/**
 * The request names this server as its origin: a page of this very server sent it. Behind a
 * reverse proxy, the proxy must pass the Host header through.
 */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  const host = c.req.header('host');
  if (!origin || !host || origin === 'null') return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
