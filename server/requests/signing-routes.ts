// Which back-office routes may report statuses, and with which secret: every webhook route of
// site.yaml that can be built, with the secret it signs its deliveries with.
import type { Site } from '../../content/model/index.ts';
import { fromRoute, type Env } from '../relay/connectors/index.ts';
import type { SigningRoute } from './webhook-signature.ts';

/**
 * @example signingRoutes(content.site.routes, process.env) // [{ route: 'street-app', secret: 'whsec_…' }]
 */
export function signingRoutes(routes: Site['routes'], env: Env): SigningRoute[] {
  const signing: SigningRoute[] = [];
  for (const [name, route] of Object.entries(routes ?? {})) {
    if (route.connector !== 'webhook') continue;
    try {
      const config = fromRoute(route, env, name);
      if (config.connector === 'webhook') signing.push({ route: name, secret: config.options.secret });
    } catch {
      // Not configured: siteConnectors reports it once; it cannot sign events either.
    }
  }
  return signing;
}
