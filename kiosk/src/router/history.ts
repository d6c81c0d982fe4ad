// Owns the browser history: the current path as a signal, and navigation that pushes or
// replaces an entry. Components read `currentRoute` and call `navigate`; nothing else
// touches `history` or listens to `popstate`.
import { computed, signal } from '@preact/signals';
import { pathOf, routeOf, type Route } from './routes.ts';

export const currentPath = signal<string>(typeof location === 'undefined' ? '/' : location.pathname);
export const currentRoute = computed<Route>(() => routeOf(currentPath.value));

/** Where the person was before opening a page of the banner (language, help), to go back to. */
export const returnPath = signal<string>('/');

/** How many entries this kiosk pushed before the current one (kept in `history.state`). */
function depthOf(state: unknown): number {
  const depth = (state as { depth?: unknown } | null)?.depth;
  return typeof depth === 'number' && Number.isInteger(depth) && depth > 0 ? depth : 0;
}

/** Opens a route; `replace` rewrites the current entry (redirects, finishing a journey). */
export function navigate(to: Route | string, options: { replace?: boolean } = {}): void {
  const path = typeof to === 'string' ? to : pathOf(to);
  if (path === currentPath.value) return;
  const depth = depthOf(history.state);
  if (options.replace) history.replaceState({ depth }, '', path);
  else history.pushState({ depth: depth + 1 }, '', path);
  currentPath.value = path;
}

/**
 * Goes back to the first entry the kiosk made, so Back can no longer walk through the pages of
 * the session that ends; the next navigation then drops the entries ahead. Resolves when
 * there (at once when already there). Across a reload the browser loads that first address.
 */
export function rewindHistory(): Promise<void> {
  const depth = depthOf(history.state);
  if (depth === 0) return Promise.resolve();
  return new Promise((resolve) => {
    addEventListener('popstate', () => resolve(), { once: true });
    history.go(-depth);
  });
}

/** Opens a page of the banner and remembers the page to come back to. */
export function openAside(route: Route): void {
  const here = currentRoute.value.name;
  if (here !== 'language' && here !== 'help' && here !== 'accessibility') returnPath.value = currentPath.value;
  navigate(route);
}

let listening = false;

/** Follows the browser's Back and Forward buttons. */
export function listenToHistory(): void {
  if (listening) return;
  listening = true;
  addEventListener('popstate', () => {
    currentPath.value = location.pathname;
  });
}
