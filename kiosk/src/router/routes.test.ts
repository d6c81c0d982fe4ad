import { describe, expect, it } from 'vitest';
import { pathOf, routeOf, type Route } from './routes.ts';

describe('routes', () => {
  it('reads back every path it writes', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'language' },
      { name: 'help' },
      { name: 'accessibility' },
      { name: 'intro', procedureId: 'write-to-town-hall' },
      { name: 'step', procedureId: 'write-to-town-hall', stepId: 'message' },
      { name: 'capture', procedureId: 'report-street-problem', stepId: 'photos', fieldId: 'photos' },
      { name: 'check', procedureId: 'write-to-town-hall' },
      { name: 'done', procedureId: 'write-to-town-hall' },
      { name: 'tracking' },
      { name: 'tracking', reference: '7KQ4-M2XD' },
      { name: 'mediation' },
      { name: 'assist', step: 'resident' },
      { name: 'assist', step: 'ready' },
    ];
    for (const route of routes) expect(routeOf(pathOf(route))).toEqual(route);
  });

  it('says not found for anything else', () => {
    for (const path of ['/p', '/p/x/y', '/p/x/q', '/p/x/q/a/b', '/p/x/q/a/photo', '/p/x/check/photo/a', '/p/x/q/a/photo/b/c', '/nope', '/aide/x', '/suivi/a/b', '/mediation/accompagner/nope', '/mediation/x/resident', '/mediation/accompagner'])
      expect(routeOf(path).name, path).toBe('notFound');
  });
});
