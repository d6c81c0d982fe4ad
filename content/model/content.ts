import type { Procedure, Site } from './types.ts';

/** Everything the kiosk needs to run procedures, as GET /api/content serves it. */
export interface Content {
  /** Changes whenever any procedure, text or the site changes (a hash). */
  version: string;
  site: Site;
  procedures: Procedure[];
}
