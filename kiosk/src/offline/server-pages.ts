// The addresses the server answers with pages of its own, which the kiosk's service worker
// leaves to the network (kiosk/src/sw.ts); a module of its own so a test can read it.

/**
 * The server's own pages, never answered with the kiosk's app (whose router would say "Page
 * introuvable"): the API and its receipts, the staff consoles (reception, delivery console,
 * instruction desk, indicators, the help agenda), open data, the register of processing and metrics, with or without a `/c/<commune>` prefix.
 * A browser profile that once ran the kiosk opens them from the server, as any other would.
 */
export const SERVER_PAGES = /^(?:\/c\/[^/]+)?\/(?:api|console|reception|desk|indicators|open-data|register|metrics|agenda)(?:\/|$)/;

