// Starts the journey indicators once the home screen is up (loaded with the offline side, never
// before it): follows the route and the display settings into the tracker, writes each report
// to the queue at once (a session's end reloads the page), and sends the queue now, every
// minute and when the network comes back. The done screen asks its question through `rateJourney`.
import { effect } from '@preact/signals';
import { todayIn, type Procedure } from '../../../content/model/index.ts';
import { contentState } from '../content/content-store.ts';
import { locale } from '../i18n/i18n.ts';
import { terminalChannel, terminalId, terminalSite } from '../offline/terminal.ts';
import type { Route } from '../router/routes.ts';
import { currentRoute } from '../router/history.ts';
import { onSessionEnd } from '../session/kiosk-session.ts';
import { readAloud, textSize, theme } from '../settings/settings.ts';
import { assisted } from '../staff/assisted-session.ts';
import { createJourneyTracker, type IndicatorReport, type TrackedPlace, type TrackedState } from './journey-tracker.ts';
import { createReportQueue, type ReportQueue } from './report-queue.ts';
import { flushOnce, SEND_EVERY_MS, type Origin } from './report-sender.ts';
import { canRate, onRating } from './satisfaction.ts';

let queue: ReportQueue | undefined;
/** Written before the queue opens (or where IndexedDB is missing): kept in memory until then. */
const waiting: IndicatorReport[] = [];
const writes = new Set<Promise<void>>();

function store(report: IndicatorReport): void {
  if (report.kind === 'journey') canRate.value = report.outcome === 'finished';
  if (report.kind === 'satisfaction') canRate.value = false;
  if (!queue) {
    waiting.push(report);
    return;
  }
  // Sent at once after it is written; if the page reloads first, the next start sends it.
  const write = queue
    .add(report)
    .then(send)
    .catch((error) => console.error('indicators: report not kept:', error));
  writes.add(write);
  void write.finally(() => writes.delete(write));
}

const tracker = createJourneyTracker({ now: () => Date.now(), today: () => todayIn(), report: store });

function stepOf(procedure: Procedure | undefined, stepId: string): number {
  return (procedure?.steps.findIndex((step) => step.id === stepId) ?? -1) + 1;
}

/** Where the route stands in a procedure, in the tracker's words. */
export function placeOf(route: Route, procedures: readonly Procedure[]): TrackedPlace {
  if (!('procedureId' in route)) return { kind: 'elsewhere' };
  const procedure = procedures.find((p) => p.id === route.procedureId);
  if (!procedure) return { kind: 'elsewhere' };
  switch (route.name) {
    case 'intro':
      return { kind: 'intro', procedureId: procedure.id };
    case 'step':
    case 'capture':
      return { kind: 'step', procedureId: procedure.id, step: stepOf(procedure, route.stepId) };
    case 'handoff':
      return { kind: 'handoff', procedureId: procedure.id, step: stepOf(procedure, route.stepId) };
    case 'check':
      return { kind: 'check', procedureId: procedure.id, steps: procedure.steps.length };
    case 'done':
      return { kind: 'done', procedureId: procedure.id };
  }
}

function origin(): Origin {
  const channel = terminalChannel();
  return {
    terminalId: terminalId(),
    site: terminalSite(),
    channel: channel === 'epn' || channel === 'reception' || channel === 'tiers-lieu' ? channel : '',
  };
}

let started = false;

function send(): void {
  if (queue) void flushOnce(queue, origin).catch(() => undefined);
}

export function startIndicators(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  onRating((rating) => tracker.rate(rating));
  effect(() => {
    const route = currentRoute.value;
    const state: TrackedState = {
      locale: locale.value,
      assisted: assisted.value !== undefined,
      readAloud: readAloud.value,
      textSize: textSize.value,
      theme: theme.value,
    };
    const content = contentState.peek();
    tracker.place(placeOf(route, content.status === 'ready' ? content.content.procedures : []), state);
  });
  // Before the page reloads for the next person: the report is on disk first.
  onSessionEnd(async (reason) => {
    tracker.end(reason);
    canRate.value = false;
    await Promise.all([...writes]);
  });
  if (typeof indexedDB === 'undefined') return;
  try {
    queue = createReportQueue();
  } catch (error) {
    console.error('indicators: no queue:', error);
    return;
  }
  for (const report of waiting.splice(0)) store(report);
  send();
  setInterval(send, SEND_EVERY_MS);
  addEventListener('online', send);
}
