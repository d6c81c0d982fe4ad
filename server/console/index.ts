// The delivery console's door: what app.ts mounts at /console.
export { consoleRoutes, DEFAULT_ALERT_AFTER_MS, type ConsoleDeps, type ConsoleSettings } from './routes.ts';
export type { RouteInfo } from './pages.ts';
