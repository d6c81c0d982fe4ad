import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import { currentPath } from '../router/history.ts';
import { t } from '../i18n/i18n.ts';
import { screensShown } from '../speech/announce.ts';

interface PageProps {
  /** What the page is, without the town: "Étape 2 sur 4 – Votre message". */
  title: string;
  town: string;
  hasErrors?: boolean;
  children: ComponentChildren;
}

/** The page title of a screen, for `<title>`: unique, and starting with "Erreur : " on errors. */
export function documentTitle(title: string, town: string, hasErrors = false): string {
  const full = town ? t('app.title', { page: title, town }) : title;
  return hasErrors ? t('app.errorTitle', { title: full }) : full;
}

/**
 * A screen: sets the document title and, when the screen is new, moves focus to its `h1`
 * so a screen reader starts reading at the question.
 */
export function Page({ title, town, hasErrors = false, children }: PageProps) {
  const path = currentPath.value;
  const full = documentTitle(title, town, hasErrors);
  useLayoutEffect(() => {
    document.title = full;
  }, [full]);
  // A new screen at the same address (after signing in) is read aloud as a new address is.
  useEffect(() => {
    screensShown.value++;
  }, []);
  useEffect(() => {
    // jsdom has no layout: scrolling there only prints "not implemented".
    if (!navigator.userAgent.includes('jsdom')) window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
  }, [path]);
  return <>{children}</>;
}

/** The heading of a screen; focusable by script only, so focus can be moved to it. */
export function Heading({ children, id = 'page-heading' }: { children: ComponentChildren; id?: string }) {
  return (
    <h1 id={id} class="page-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}
