/** The questions a mediator asks before an assisted session opens, one per page, then the consent to print. */
export const ASSIST_STEPS = ['resident', 'procedures', 'until', 'consent', 'ready'] as const;
export type AssistStep = (typeof ASSIST_STEPS)[number];

/** Booking help, one question per page, then the code; `cancel` and `confirm` (an offered place) with the code. */
export const BOOK_STEPS = ['what', 'where', 'when', 'who', 'remind', 'done', 'cancel', 'confirm'] as const;
export type BookStep = (typeof BOOK_STEPS)[number];

/** The kiosk's screens, each with a real URL, so history and reloads behave as people expect. */
export type Route =
  | { name: 'home' }
  | { name: 'language' }
  | { name: 'help' }
  | { name: 'accessibility' }
  /** "Espace agents": agents sign in, then see their procedures and requests. */
  | { name: 'agents' }
  /** "Espace médiateurs": mediators sign in, then see today's assisted sessions. */
  | { name: 'mediation' }
  /** Opening an assisted session for a resident, one question per page. */
  | { name: 'assist'; step: AssistStep }
  | { name: 'intro'; procedureId: string }
  | { name: 'step'; procedureId: string; stepId: string }
  /** The camera, for a file field of a step: the photos taken go back to that step. */
  | { name: 'capture'; procedureId: string; stepId: string; fieldId: string }
  /** "I can't finish, help me" on a step: the code to take to the reception desk. */
  | { name: 'handoff'; procedureId: string; stepId: string }
  /** Reception's desk: sign in, type a person's code, and the journey resumes. */
  | { name: 'resume' }
  | { name: 'check'; procedureId: string }
  | { name: 'done'; procedureId: string }
  /** "Suivre ma demande"; the receipt's QR code lands on `/suivi/<reference>`. */
  | { name: 'tracking'; reference?: string }
  /** Booking a slot with a mediator or a workshop place (issue 21). */
  | { name: 'book'; step: BookStep }
  | { name: 'notFound' };

const NAMES: Record<Route['name'], true> = {
  home: true,
  language: true,
  help: true,
  accessibility: true,
  agents: true,
  mediation: true,
  assist: true,
  intro: true,
  step: true,
  capture: true,
  handoff: true,
  resume: true,
  check: true,
  done: true,
  tracking: true,
  book: true,
  notFound: true,
};

/**
 * Every route's name. The accessibility audit (a11y/) fails when one was not visited, and
 * `NAMES` fails to type-check when a route is added without being listed: a screen added
 * without being audited fails the build.
 */
export const ROUTE_NAMES = Object.keys(NAMES) as Array<Route['name']>;

const segment = (s: string) => encodeURIComponent(s);

/** The path of a route: `pathOf({ name: 'step', procedureId: 'x', stepId: 'y' })` is `/p/x/q/y`. */
export function pathOf(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'language':
      return '/langue';
    case 'help':
      return '/aide';
    case 'accessibility':
      return '/accessibilite';
    case 'agents':
      return '/agents';
    case 'mediation':
      return '/mediation';
    case 'assist':
      return `/mediation/accompagner/${route.step}`;
    case 'intro':
      return `/p/${segment(route.procedureId)}`;
    case 'step':
      return `/p/${segment(route.procedureId)}/q/${segment(route.stepId)}`;
    case 'capture':
      return `/p/${segment(route.procedureId)}/q/${segment(route.stepId)}/photo/${segment(route.fieldId)}`;
    case 'handoff':
      return `/p/${segment(route.procedureId)}/q/${segment(route.stepId)}/aide`;
    case 'resume':
      return '/reprendre';
    case 'check':
      return `/p/${segment(route.procedureId)}/check`;
    case 'done':
      return `/p/${segment(route.procedureId)}/done`;
    case 'tracking':
      return route.reference ? `/suivi/${segment(route.reference)}` : '/suivi';
    case 'book':
      return `/rendez-vous/${route.step}`;
    case 'notFound':
      return '/404';
  }
}

/** The route a path names, or `notFound`. */
export function routeOf(path: string): Route {
  const parts = path
    .replace(/[?#].*$/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return '\u0000';
      }
    });
  const [first, id, third, stepId, fifth, fieldId, ...rest] = parts;
  if (first === undefined) return { name: 'home' };
  if (parts.length === 1 && first === 'langue') return { name: 'language' };
  if (parts.length === 1 && first === 'aide') return { name: 'help' };
  if (parts.length === 1 && first === 'accessibilite') return { name: 'accessibility' };
  if (parts.length === 1 && first === 'agents') return { name: 'agents' };
  if (parts.length === 1 && first === 'mediation') return { name: 'mediation' };
  if (first === 'mediation' && id === 'accompagner' && parts.length === 3) {
    const step = ASSIST_STEPS.find((s) => s === third);
    return step ? { name: 'assist', step } : { name: 'notFound' };
  }
  if (parts.length === 1 && first === 'reprendre') return { name: 'resume' };
  if (first === 'rendez-vous' && parts.length <= 2) {
    const step = id === undefined ? 'what' : BOOK_STEPS.find((s) => s === id);
    return step ? { name: 'book', step } : { name: 'notFound' };
  }
  if (first === 'p' && id !== undefined && third === 'q' && stepId !== undefined && fifth === 'aide' && fieldId === undefined && rest.length === 0)
    return { name: 'handoff', procedureId: id, stepId };
  if (first === 'suivi' && parts.length <= 2) return id ? { name: 'tracking', reference: id } : { name: 'tracking' };
  if (first !== 'p' || id === undefined || rest.length > 0) return { name: 'notFound' };
  if (third === undefined) return { name: 'intro', procedureId: id };
  if (third === 'q' && stepId !== undefined && fifth === 'photo' && fieldId !== undefined)
    return { name: 'capture', procedureId: id, stepId, fieldId };
  if (fifth !== undefined) return { name: 'notFound' };
  if (third === 'q' && stepId !== undefined) return { name: 'step', procedureId: id, stepId };
  if (stepId !== undefined) return { name: 'notFound' };
  if (third === 'check') return { name: 'check', procedureId: id };
  if (third === 'done') return { name: 'done', procedureId: id };
  return { name: 'notFound' };
}
