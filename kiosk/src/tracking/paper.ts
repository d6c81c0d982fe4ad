import type { Paper, Site } from '../../../content/model/index.ts';
import { terminalSite } from '../offline/terminal.ts';

/**
 * The paper this terminal's printer takes: site.yaml `printing.sites[<?site=>]`, else
 * `printing.paper`, else A4.
 *
 * @example paperOf({ ...site, printing: { paper: 'a4', sites: { 'accueil-mairie': '80mm' } } }, 'accueil-mairie') // '80mm'
 */
export function paperOf(site: Pick<Site, 'printing'>, terminal: string = terminalSite()): Paper {
  return site.printing?.sites?.[terminal] ?? site.printing?.paper ?? 'a4';
}
