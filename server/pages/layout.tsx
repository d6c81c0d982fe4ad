/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// One layout for staff pages: landmarks (banner, navigation, main), a skip link, one stylesheet
// served as a file (no inline style or script, so the strict CSP holds), French.
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';

export interface NavLink {
  href: string;
  label: string;
}

export interface StaffLayoutProps {
  /** The page's own title; the layout adds "Erreur : " and the area's name. */
  title: string;
  /** "Instruction", "Accueil": the area, in the title and the banner. */
  area: string;
  stylesheet: string;
  /** The signed-in person, when there is one: their name, the navigation and sign-out. */
  user?: { name: string; detail?: string };
  nav?: readonly NavLink[];
  current?: string;
  signOutAction?: string;
  hasErrors?: boolean;
  children?: Child;
}

/**
 * @example <StaffLayout title="Boîte de réception" area="Instruction" stylesheet="/desk/desk.css">…</StaffLayout>
 */
export function StaffLayout(props: StaffLayoutProps) {
  return (
    <html lang="fr" dir="ltr">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.hasErrors ? 'Erreur : ' : ''}${props.title} — ${props.area} Guichet`}</title>
        <link rel="stylesheet" href={props.stylesheet} />
      </head>
      <body>
        <a class="skip" href="#contenu">
          Aller au contenu
        </a>
        <header class="bar">
          <p class="brand">
            Guichet — {props.area.toLowerCase()}
            {props.user ? ` · ${props.user.name}${props.user.detail ? ` (${props.user.detail})` : ''}` : ''}
          </p>
          {props.user && props.nav ? (
            <nav aria-label={props.area}>
              <ul>
                {props.nav.map((link) => (
                  <li>
                    <a href={link.href} aria-current={props.current === link.href ? 'page' : undefined}>
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {props.user && props.signOutAction ? (
            <form method="post" action={props.signOutAction}>
              <button type="submit" class="secondary">
                Se déconnecter
              </button>
            </form>
          ) : null}
        </header>
        <main id="contenu" tabindex={-1}>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/**
 * A whole document from a page's element: the doctype, then the page.
 *
 * @example c.html(documentOf(<InboxPage {...data} />))
 */
export function documentOf(page: Child): string {
  return `${raw('<!doctype html>')}${String(page)}`;
}
