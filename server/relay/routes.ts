// The connectors of the site's routes, built once at start from site.yaml and the environment.
// A route that cannot be built (a variable missing) does not stop the server: it is reported
// and its deliveries wait until the variable is set and the server restarted. A route that says
// `fallback: desk` is handed to the instruction desk instead: a town starts with the desk and
// moves a service to its own application by setting that application's variables.
import type { Site } from '../../content/model/index.ts';
import { createConnector, createDeskConnector, fromRoute, type Connector, type Env } from './connectors/index.ts';

export interface SiteConnectors {
  connectors: Map<string, Connector>;
  /** Routes that cannot be served, with the sentence the console shows on their deliveries. */
  unavailable: Map<string, string>;
  /** Routes that cannot be built and fall back to the desk, with why (for the start-up log). */
  toDesk: Map<string, string>;
}

/**
 * One connector per route of site.yaml, or the reason it cannot be built.
 *
 * @example const { connectors, unavailable } = siteConnectors(content.site.routes, process.env)
 */
export function siteConnectors(routes: Site['routes'], env: Env): SiteConnectors {
  const connectors = new Map<string, Connector>();
  const unavailable = new Map<string, string>();
  const toDesk = new Map<string, string>();
  for (const [name, route] of Object.entries(routes ?? {})) {
    try {
      connectors.set(name, createConnector(fromRoute(route, env, name)));
    } catch (error) {
      const problem = error instanceof Error ? error.message : String(error);
      if (route.fallback === 'desk') {
        connectors.set(name, createDeskConnector());
        toDesk.set(name, problem);
      } else unavailable.set(name, `Destination non configurée sur le serveur. ${problem}`);
    }
  }
  return { connectors, unavailable, toDesk };
}
