import { Hono } from 'hono';
import type { Content } from '../../content/model/index.ts';
import type { Keyring, SealingPublicKey } from '../sealing.ts';

/**
 * What the kiosk may see: back-office routing stays on the server. `sealing` is the key the
 * kiosk seals its outbox envelopes with; it comes with the content so an offline kiosk has it.
 */
export function publicContent(content: Content, sealing: SealingPublicKey) {
  const { routes: _siteRoutes, ...site } = content.site;
  // Routing and the desk's working lists stay inside the town hall: kiosks need neither.
  const procedures = content.procedures.map(({ routes: _routes, desk: _desk, ...procedure }) => procedure);
  return { version: content.version, site, procedures, sealing };
}

/** Whether an If-None-Match header names this entity tag (weak comparison, RFC 9110 §13.1.2). */
export function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** GET /api/content: procedures, site and sealing key, versioned; the kiosk revalidates with If-None-Match. */
export const contentRoutes = (deps: { content: Content; keyring: Keyring }) => {
  const body = publicContent(deps.content, deps.keyring.current);
  // A new key is a new entity, or kiosks revalidating would keep sealing with the old one.
  const etag = `"${deps.content.version}.${deps.keyring.current.keyId}"`;
  const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
  return new Hono().get('/', (c) => {
    if (matchesETag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.json(body, 200, headers);
  });
};
