// The Cache Storage caches the service worker fills, named in a module of their own so that the
// session's erase (kiosk/src/session/erase.ts) knows them without loading Workbox.

/** The last copy of the procedures (`/api/content`), the same for everyone. */
export const CONTENT_CACHE = 'guichet-content';

/** The server's recordings of fixed texts (`/api/speech/<key>.wav`): no answer is ever one. */
export const SPEECH_CACHE = 'guichet-speech';

/**
 * Caches that hold shared files only, never a person's: Workbox's precache (the build's own
 * files, listed at build time), the content cache (one URL, `/api/content`) and the fixed
 * texts' recordings (the server makes none from an answer). The erase at
 * each session end and start skips them, which keeps the start quick on a slow terminal.
 */
export function holdsSharedFilesOnly(cacheName: string): boolean {
  return cacheName === CONTENT_CACHE || cacheName === SPEECH_CACHE || cacheName.startsWith('workbox-precache');
}
