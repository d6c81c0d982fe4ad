// Follows one journey at a time through the kiosk's screens and says, once it has ended, what it
// did: which procedure, the furthest step, how it ended, how long it took, in which language,
// whether a mediator helped and which display settings were used. Never an answer, a name or
// anything typed: the report is made of closed lists and counts (the server takes nothing else).
// No DOM, no storage, no timers: the caller feeds it routes and ends, and stores the reports.

/** How a journey ended, as the server counts it. */
export type JourneyOutcome = 'finished' | 'abandoned' | 'timed-out' | 'handed-off';
export type SatisfactionRating = 'good' | 'neutral' | 'bad' | 'skipped';

export interface JourneyReport {
  kind: 'journey';
  day: string;
  procedureId: string;
  locale: string;
  assisted: boolean;
  outcome: JourneyOutcome;
  step: number;
  durationSeconds: number;
  readAloud: boolean;
  textSize: 100 | 150 | 200;
  theme: 'default' | 'dark' | 'contrast';
}

export interface SatisfactionReport {
  kind: 'satisfaction';
  day: string;
  procedureId: string;
  locale: string;
  rating: SatisfactionRating;
}

export type IndicatorReport = JourneyReport | SatisfactionReport;

/** What the screen shows, as far as the tracker cares. */
export type TrackedPlace =
  | { kind: 'elsewhere' }
  | { kind: 'intro'; procedureId: string }
  | { kind: 'step'; procedureId: string; step: number }
  | { kind: 'check'; procedureId: string; steps: number }
  | { kind: 'handoff'; procedureId: string; step: number }
  | { kind: 'done'; procedureId: string };

/** The terminal's state beside the route, read at each change. */
export interface TrackedState {
  locale: string;
  assisted: boolean;
  readAloud: boolean;
  textSize: 100 | 150 | 200;
  theme: 'default' | 'dark' | 'contrast';
}

/** Why a session ended (session/lifecycle.ts). */
export type SessionEnd = 'finished' | 'timeout' | 'signed-out';

interface Current {
  procedureId: string;
  startedAt: number;
  day: string;
  step: number;
  handedOff: boolean;
  state: TrackedState;
}

/**
 * @example
 * const tracker = createJourneyTracker({ now: Date.now, today: () => todayIn(), report: (r) => queue.add(r) });
 * tracker.place({ kind: 'step', procedureId: 'write-to-town-hall', step: 2 }, state);
 * tracker.end('timeout'); // reports { outcome: 'timed-out', step: 2, … }
 */
export function createJourneyTracker(options: { now: () => number; today: () => string; report: (report: IndicatorReport) => void }) {
  let current: Current | undefined;
  /** The last procedure finished in this session: what the question after sending is about. */
  let finished: { procedureId: string; day: string; locale: string; rated: boolean } | undefined;

  const close = (outcome: JourneyOutcome) => {
    const journey = current;
    if (!journey) return;
    current = undefined;
    const { state } = journey;
    options.report({
      kind: 'journey',
      day: journey.day,
      procedureId: journey.procedureId,
      locale: state.locale,
      assisted: state.assisted,
      outcome: journey.handedOff && outcome !== 'finished' ? 'handed-off' : outcome,
      step: journey.step,
      durationSeconds: Math.min(24 * 3600, Math.max(0, Math.round((options.now() - journey.startedAt) / 1000))),
      readAloud: state.readAloud,
      textSize: state.textSize,
      theme: state.theme,
    });
    if (outcome === 'finished') finished = { procedureId: journey.procedureId, day: journey.day, locale: state.locale, rated: false };
  };

  /** Settings count as used when they were on at any moment of the journey. */
  const merge = (was: TrackedState, now: TrackedState): TrackedState => ({
    locale: now.locale,
    assisted: was.assisted || now.assisted,
    readAloud: was.readAloud || now.readAloud,
    textSize: Math.max(was.textSize, now.textSize) as TrackedState['textSize'],
    theme: now.theme !== 'default' ? now.theme : was.theme,
  });

  return {
    /** The screen changed (or the settings did). */
    place(place: TrackedPlace, state: TrackedState): void {
      if (place.kind === 'elsewhere') {
        if (current) current.state = merge(current.state, state);
        return;
      }
      // Another procedure begun while one was on the way: the first was given up.
      if (current && current.procedureId !== place.procedureId) close('abandoned');
      if (!current) {
        if (place.kind === 'done') return;
        current = { procedureId: place.procedureId, startedAt: options.now(), day: options.today(), step: 0, handedOff: false, state };
      }
      current.state = merge(current.state, state);
      const reached = place.kind === 'step' || place.kind === 'handoff' ? place.step : place.kind === 'check' ? place.steps + 1 : 0;
      current.step = Math.max(current.step, reached);
      if (place.kind === 'handoff') current.handedOff = true;
      if (place.kind === 'done') close('finished');
    },

    /** The session ended: a journey still on the way ends with it. */
    end(reason: SessionEnd): void {
      close(reason === 'timeout' ? 'timed-out' : 'abandoned');
      finished = undefined;
    },

    /** The answer to the question after sending, once per finished journey. */
    rate(rating: SatisfactionRating): boolean {
      if (!finished || finished.rated) return false;
      finished.rated = true;
      options.report({ kind: 'satisfaction', day: finished.day, procedureId: finished.procedureId, locale: finished.locale, rating });
      return true;
    },
  };
}

export type JourneyTracker = ReturnType<typeof createJourneyTracker>;
