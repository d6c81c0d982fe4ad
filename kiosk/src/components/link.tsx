import type { ComponentChildren, JSX } from 'preact';
import { navigate } from '../router/history.ts';

type LinkProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href' | 'onClick'> & {
  href: string;
  children: ComponentChildren;
  /** Runs before the navigation (a Change link marks the journey as returning to check). */
  onNavigate?: () => void;
};

/** A real link (it has an address and opens with Enter) that changes screen without reloading. */
export function Link({ href, children, onNavigate, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={href}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        onNavigate?.();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
