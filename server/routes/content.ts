import { Hono } from 'hono';
import type { Content } from '../../content/model/index.ts';

/** What the kiosk may see: back-office routing stays on the server. */
export function publicContent(content: Content) {
  const { routes: _siteRoutes, ...site } = content.site;
  const procedures = content.procedures.map(({ routes: _routes, ...procedure }) => procedure);
  return { version: content.version, site, procedures };
}

/** Whether an If-None-Match header names this entity tag (weak comparison, RFC 9110 §13.1.2). */
export function matchesETag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** GET /api/content: procedures and site, versioned; the kiosk revalidates with If-None-Match. */
export const contentRoutes = (deps: { content: Content }) => {
  const body = publicContent(deps.content);
  const etag = `"${deps.content.version}"`;
  const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
  return new Hono().get('/', (c) => {
    if (matchesETag(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.json(body, 200, headers);
  });
};
