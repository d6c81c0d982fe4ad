// The kiosk's service worker: precaches the app shell (scripts, styles, fonts, every locale's
// interface texts; pictograms are inlined in the scripts), serves /api/content network-first
// from a cache, and flushes the outbox on Background Sync. It takes control of the first page
// it installs under, so one online visit is enough to open the kiosk with no network later;
// after that a new version waits until the page says the kiosk is idle (between sessions).
//
// Submissions never go through Workbox's own Background Sync queue: it removes a request
// from IndexedDB before replaying it and counts any HTTP answer, a 500 included, as sent, so a
// crash or a server error there loses the request. The outbox (kiosk/src/outbox) deletes an
// envelope only after a 201. Nothing here caches a POST or any personal answer.
/// <reference lib="webworker" />
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SERVER_PAGES } from './offline/server-pages.ts';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { CONTENT_CACHE, SPEECH_CACHE } from './offline/cache-names.ts';
import { flushOutbox } from './outbox/flush.ts';
import { openWorkerOutbox } from './outbox/worker-outbox.ts';
import { sendEntry } from './outbox/send-entry.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

const CONTENT_URL = '/api/content';
const SYNC_TAG = 'guichet-outbox';
/** Sent by the page on `online` (kiosk/src/outbox/index.ts). */
const ABANDON_MESSAGE = 'outbox-abandon';

/** The Background Sync flush in progress: abandoned when the page says the network came back. */
let flushing: AbortController | undefined;

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [SERVER_PAGES] }));

// The procedures: the newest when the server answers within a few seconds, the last copy
// (with its own `version`) when it does not.
registerRoute(
  ({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && url.pathname === CONTENT_URL,
  new NetworkFirst({
    cacheName: CONTENT_CACHE,
    networkTimeoutSeconds: 4,
    plugins: [new CacheableResponsePlugin({ statuses: [200] })],
  }),
);

// The server's recordings of fixed texts, for a language the terminal has no voice for: named
// by their words, so a kept one is never stale; kept once heard or prepared (speech.ts).
registerRoute(
  ({ url, request }) => request.method === 'GET' && url.origin === self.location.origin && url.pathname.startsWith('/api/speech/'),
  new CacheFirst({ cacheName: SPEECH_CACHE, plugins: [new CacheableResponsePlugin({ statuses: [200] })] }),
);

self.addEventListener('install', (event) => {
  const firstInstall = !self.registration.active;
  event.waitUntil(
    (async () => {
      // The page fetched the content before this worker existed: fetch it again into the cache.
      try {
        const response = await fetch(CONTENT_URL, { cache: 'no-cache' });
        if (response.ok) await (await caches.open(CONTENT_CACHE)).put(CONTENT_URL, response);
      } catch {
        // Offline while installing: the network-first route fills the cache next time.
      }
      // No session can be running under a worker that does not exist yet.
      if (firstInstall) await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | undefined;
  // Sent by the page only between sessions (kiosk/src/offline/updates.ts).
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  // Its requests went out on the connection that died: let the page's flush take the lock now.
  if (data?.type === ABANDON_MESSAGE) flushing?.abort();
});

async function tellClients(message: unknown): Promise<void> {
  for (const client of await self.clients.matchAll({ type: 'window', includeUncontrolled: true })) client.postMessage(message);
}

async function flushFromWorker(): Promise<void> {
  // Not Dexie (outbox.ts): the raw API keeps the worker small, and it starts at every sync.
  const outbox = openWorkerOutbox();
  const controller = new AbortController();
  flushing = controller;
  try {
    const report = await flushOutbox({
      outbox,
      send: sendEntry,
      force: true,
      signal: controller.signal,
      onSent: (entry, receipt) => void tellClients({ type: 'outbox-sent', key: entry.key, receipt }),
    });
    await tellClients({ type: 'outbox-changed' });
    // A rejection asks the browser to fire `sync` again later, with its own backoff.
    if (report.failed) throw new Error('outbox: the server could not be reached');
  } finally {
    if (flushing === controller) flushing = undefined;
    outbox.close();
  }
}

self.addEventListener('sync', (event) => {
  const sync = event as Event & { tag: string; waitUntil(p: Promise<unknown>): void };
  if (sync.tag === SYNC_TAG) sync.waitUntil(flushFromWorker());
});
