import type { ComponentChildren } from 'preact';
import { t } from '../i18n/i18n.ts';
import { currentRoute, openAside } from '../router/history.ts';
import { pathOf, type Route } from '../router/routes.ts';
import { Link } from './link.tsx';
import { Pictogram } from './pictogram.tsx';

function Tool({ route, pictogram, label }: { route: Route; pictogram: string; label: string }) {
  const here = currentRoute.value.name === route.name;
  const href = pathOf(route);
  return (
    <li class="tools__item">
      <a
        class="tool"
        href={href}
        aria-current={here ? 'page' : undefined}
        onClick={(event) => {
          if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
          event.preventDefault();
          openAside(route);
        }}
      >
        <Pictogram name={pictogram} />
        <span class="tool__label">{label}</span>
      </a>
    </li>
  );
}

/**
 * The frame of every screen: the banner with the town and the tools (same order, same place
 * on every screen), the main content and the footer.
 */
export function Shell({ town, children }: { town?: string; children: ComponentChildren }) {
  return (
    <div class="shell">
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="banner">
        <div class="banner__inner">
          <p class="banner__town">
            <Pictogram name="home" />
            <span>{town ? t('app.townHall', { town }) : 'Guichet'}</span>
          </p>
          <nav class="tools" aria-label={t('nav.label')}>
            <ul class="tools__list">
              <Tool route={{ name: 'home' }} pictogram="home" label={t('nav.home')} />
              <Tool route={{ name: 'language' }} pictogram="language" label={t('nav.language')} />
              <Tool route={{ name: 'help' }} pictogram="help" label={t('nav.help')} />
              {/* Display settings and Read aloud join here, after Help. */}
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="main" tabIndex={-1}>
        <div class="main__inner">{children}</div>
      </main>
      <footer class="footer">
        <div class="footer__inner">
          <p class="footer__status">{t('footer.status')}</p>
          <Link href={pathOf({ name: 'accessibility' })} class="footer__link">
            {t('footer.accessibility')}
          </Link>
        </div>
      </footer>
    </div>
  );
}
