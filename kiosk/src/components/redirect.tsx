import { useEffect } from 'preact/hooks';
import { navigate } from '../router/history.ts';
import type { Route } from '../router/routes.ts';

/** Sends a screen that cannot be shown now (a hidden step, an empty check page) elsewhere. */
export function Redirect({ to }: { to: Route }) {
  useEffect(() => navigate(to, { replace: true }), []);
  return null;
}
