// Owns the person's time at the terminal and its timers: a session starts at the first touch
// or key, a warning comes after `warnAfterMs` without activity, and the session ends
// `endAfterMs` later unless the person asks for more time (as often as they like). Screens read
// the signals; nothing here renders, and what the end erases lives in ./end.ts.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { SessionTimes } from '../../../content/model/index.ts';

/** `idle`: nobody has touched the terminal since the last end. */
export type SessionPhase = 'idle' | 'active' | 'warning';

/** Why a session ended: the banner's button, the timeout, or a staff member signing out. */
export type EndReason = 'finished' | 'timeout' | 'signed-out';

export interface SessionDurations {
  warnAfterMs: number;
  endAfterMs: number;
}

/** Three minutes idle, then one minute of warning (accessibility target 14: at least 60 s). */
export const DEFAULT_DURATIONS: SessionDurations = { warnAfterMs: 180_000, endAfterMs: 60_000 };

/** site.yaml's `session:` in milliseconds, the defaults for what it leaves out. */
export function durationsOf(times: SessionTimes | undefined): SessionDurations {
  if (!times) return DEFAULT_DURATIONS;
  return { warnAfterMs: times.warnAfterSeconds * 1000, endAfterMs: times.endAfterSeconds * 1000 };
}

/** The clock the lifecycle runs on; tests give it a fake one. */
export interface SessionTimers {
  now: () => number;
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  setInterval: (run: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

const browserTimers: SessionTimers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (run, ms) => globalThis.setInterval(run, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

export interface SessionLifecycle {
  readonly phase: ReadonlySignal<SessionPhase>;
  /** Whole seconds before the end while the warning is shown; 0 otherwise. */
  readonly secondsLeft: ReadonlySignal<number>;
  /** The durations in force, for the texts that announce them. */
  readonly durations: ReadonlySignal<SessionDurations>;
  /** A touch, a key, typing: starts the session, or pushes the warning back. Ignored during the warning. */
  activity(): void;
  /** "J'ai besoin de plus de temps": back to a full period, without limit on how often. */
  moreTime(): void;
  /** Ends the session now: stops the timers and runs `onEnd` once. */
  end(reason: EndReason): Promise<void>;
  /** New durations (the content arrived); a period in progress restarts with them. */
  configure(durations: SessionDurations): void;
  dispose(): void;
}

export interface LifecycleOptions {
  durations?: SessionDurations;
  /** The warning appeared: sound and speech go here. */
  onWarn?: () => void;
  /** Erase everything; called once per session end. */
  onEnd: (reason: EndReason) => void | Promise<void>;
  timers?: SessionTimers;
}

/**
 * @example
 *   const session = createSessionLifecycle({ onEnd: (reason) => eraseEverything(reason) });
 *   session.activity(); // first touch: phase 'active'; after 3 min idle 'warning'; 1 min later onEnd('timeout')
 */
export function createSessionLifecycle(options: LifecycleOptions): SessionLifecycle {
  const timers = options.timers ?? browserTimers;
  const phase = signal<SessionPhase>('idle');
  const secondsLeft = signal(0);
  const durations = signal<SessionDurations>(options.durations ?? DEFAULT_DURATIONS);
  let warnTimer: unknown;
  let endTimer: unknown;
  let tick: unknown;
  let endsAt = 0;
  let ending: Promise<void> | undefined;

  function stopTimers(): void {
    if (warnTimer !== undefined) timers.clearTimeout(warnTimer);
    if (endTimer !== undefined) timers.clearTimeout(endTimer);
    if (tick !== undefined) timers.clearInterval(tick);
    warnTimer = endTimer = tick = undefined;
  }

  function countDown(): void {
    secondsLeft.value = Math.max(0, Math.ceil((endsAt - timers.now()) / 1000));
  }

  function warn(): void {
    warnTimer = undefined;
    endsAt = timers.now() + durations.peek().endAfterMs;
    phase.value = 'warning';
    countDown();
    tick = timers.setInterval(countDown, 1000);
    endTimer = timers.setTimeout(() => void end('timeout'), durations.peek().endAfterMs);
    options.onWarn?.();
  }

  function startPeriod(): void {
    stopTimers();
    secondsLeft.value = 0;
    phase.value = 'active';
    warnTimer = timers.setTimeout(warn, durations.peek().warnAfterMs);
  }

  function activity(): void {
    if (ending || phase.peek() === 'warning') return;
    startPeriod();
  }

  function moreTime(): void {
    if (ending || phase.peek() !== 'warning') return;
    startPeriod();
  }

  function end(reason: EndReason): Promise<void> {
    if (ending) return ending;
    stopTimers();
    phase.value = 'idle';
    secondsLeft.value = 0;
    ending = (async () => {
      try {
        await options.onEnd(reason);
      } finally {
        ending = undefined;
      }
    })();
    return ending;
  }

  function configure(next: SessionDurations): void {
    durations.value = next;
    if (phase.peek() === 'active') startPeriod();
  }

  return {
    phase,
    secondsLeft,
    durations,
    activity,
    moreTime,
    end,
    configure,
    dispose: stopTimers,
  };
}

/** The events that count as someone using the terminal. */
export const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;

/**
 * Forwards the person's touches and keys to the lifecycle (capture phase, so nothing a screen
 * does can hide them). Returns the function that stops listening.
 */
export function listenForActivity(session: SessionLifecycle, target: EventTarget = document): () => void {
  const onActivity = () => session.activity();
  for (const type of ACTIVITY_EVENTS) target.addEventListener(type, onActivity, { capture: true, passive: true });
  return () => {
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, onActivity, { capture: true });
  };
}
