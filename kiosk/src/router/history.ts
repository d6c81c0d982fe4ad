// Owns the browser history: the current path as a signal, and navigation that pushes or
// replaces an entry. Components read `currentRoute` and call `navigate`; nothing else
// touches `history` or listens to `popstate`.
import { computed, signal } from '@preact/signals';
import { pathOf, routeOf, type Route } from './routes.ts';

export const currentPath = signal<string>(typeof location === 'undefined' ? '/' : location.pathname);
export const currentRoute = computed<Route>(() => routeOf(currentPath.value));

/** Where the person was before opening a page of the banner (language, help), to go back to. */
export const returnPath = signal<string>('/');

/** Opens a route; `replace` rewrites the current entry (redirects, finishing a journey). */
export function navigate(to: Route | string, options: { replace?: boolean } = {}): void {
  const path = typeof to === 'string' ? to : pathOf(to);
  if (path === currentPath.value) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  currentPath.value = path;
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
