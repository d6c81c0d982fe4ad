// Serves the built kiosk (dist/kiosk): hashed assets cached for good, everything else
// revalidated, and index.html for any other page so the kiosk's own router takes over.
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { Context } from 'hono';
import { getMimeType } from 'hono/utils/mime';

const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Guichet</title></head>
<body><main><h1>Le kiosque n'est pas construit</h1>
<p>Lancez <code>npm run build</code> (ou <code>npm start</code>, qui le fait), puis rechargez cette page.</p>
<p lang="en">The kiosk is not built: run <code>npm run build</code>, then reload.</p></main></body></html>
`;

/**
 * Paths the kiosk never answers: the API, metrics and the staff pages have their own 404s (the
 * kiosk's service worker leaves the same ones to the network: kiosk/src/offline/server-pages.ts).
 */
function isServerPath(path: string): boolean {
  return /^\/(?:api|console|reception|desk|indicators|open-data|metrics)(?:\/|$)/.test(path);
}

async function fileStats(file: string): Promise<Stats | undefined> {
  try {
    const stats = await stat(file);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}

async function send(c: Context, file: string, stats: Stats, cacheControl: string): Promise<Response> {
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const headers = {
    'Content-Type': getMimeType(file) ?? 'application/octet-stream',
    'Cache-Control': cacheControl,
    ETag: etag,
  };
  if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
  return c.body(await readFile(file), 200, headers);
}

/**
 * A not-found handler for the kiosk: the file when there is one, index.html for any other
 * GET outside /api and /metrics, undefined when the server should answer 404 itself.
 */
export function kioskFiles(dir: string) {
  const root = resolve(dir);
  const index = resolve(root, 'index.html');
  return async (c: Context): Promise<Response | undefined> => {
    if (c.req.method !== 'GET' || isServerPath(c.req.path)) return undefined;
    const indexStats = await fileStats(index);
    if (!indexStats) return c.html(NOT_BUILT_PAGE, 503, { 'Cache-Control': 'no-store' });
    let path: string;
    try {
      path = decodeURIComponent(c.req.path);
    } catch {
      return undefined;
    }
    if (path.includes('\0') || path.split('/').some((part) => part.startsWith('.') && part.length > 0)) return undefined;
    const file = resolve(root, `.${path}`);
    if (file.startsWith(root + sep)) {
      const stats = await fileStats(file);
      if (stats) return send(c, file, stats, path.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
    }
    // A missing asset is an error, not a page: answering index.html would poison caches.
    if (path.startsWith('/assets/')) return undefined;
    return send(c, index, indexStats, 'no-cache');
  };
}
