import { describe, expect, it } from 'vitest';
import { createJourneyTracker, type IndicatorReport, type TrackedState } from './journey-tracker.ts';

const plain: TrackedState = { locale: 'fr', assisted: false, readAloud: false, textSize: 100, theme: 'default' };
const P = 'write-to-town-hall';

function setup() {
  let now = 1_000_000;
  const reports: IndicatorReport[] = [];
  const tracker = createJourneyTracker({ now: () => now, today: () => '2026-11-28', report: (r) => reports.push(r) });
  return { tracker, reports, wait: (s: number) => (now += s * 1000) };
}

describe('journey tracker', () => {
  it('reports a finished journey once, with its furthest step, duration and the settings used at any moment', () => {
    const { tracker, reports, wait } = setup();
    tracker.place({ kind: 'intro', procedureId: P }, plain);
    tracker.place({ kind: 'step', procedureId: P, step: 1 }, plain);
    wait(30);
    tracker.place({ kind: 'step', procedureId: P, step: 2 }, { ...plain, readAloud: true, locale: 'ar' });
    tracker.place({ kind: 'step', procedureId: P, step: 1 }, { ...plain, locale: 'ar' });
    tracker.place({ kind: 'check', procedureId: P, steps: 3 }, { ...plain, locale: 'ar', textSize: 150 });
    wait(90);
    tracker.place({ kind: 'done', procedureId: P }, { ...plain, locale: 'ar' });
    tracker.place({ kind: 'done', procedureId: P }, { ...plain, locale: 'ar', theme: 'dark' });
    tracker.end('finished');
    expect(reports).toEqual([
      { kind: 'journey', day: '2026-11-28', procedureId: P, locale: 'ar', assisted: false, outcome: 'finished', step: 4, durationSeconds: 120, readAloud: true, textSize: 150, theme: 'default' },
    ]);
  });

  it('says where people gave up, timed out or handed the procedure to reception', () => {
    const { tracker, reports } = setup();
    tracker.place({ kind: 'step', procedureId: P, step: 2 }, plain);
    tracker.place({ kind: 'elsewhere' }, plain);
    tracker.end('finished');
    tracker.place({ kind: 'step', procedureId: P, step: 1 }, plain);
    tracker.end('timeout');
    tracker.place({ kind: 'step', procedureId: P, step: 3 }, { ...plain, assisted: true });
    tracker.place({ kind: 'handoff', procedureId: P, step: 3 }, plain);
    tracker.end('timeout');
    tracker.place({ kind: 'step', procedureId: P, step: 1 }, plain);
    tracker.place({ kind: 'intro', procedureId: 'report-street-problem' }, plain);
    expect(reports.map((r) => r.kind === 'journey' && [r.outcome, r.step, r.assisted])).toEqual([
      ['abandoned', 2, false],
      ['timed-out', 1, false],
      ['handed-off', 3, true],
      ['abandoned', 1, false],
    ]);
  });

  it('asks the question after sending once per finished journey, and never tells an answer', () => {
    const { tracker, reports } = setup();
    expect(tracker.rate('good')).toBe(false);
    tracker.place({ kind: 'step', procedureId: P, step: 1 }, plain);
    tracker.place({ kind: 'done', procedureId: P }, plain);
    expect(tracker.rate('bad')).toBe(true);
    expect(tracker.rate('good')).toBe(false);
    expect(reports[1]).toEqual({ kind: 'satisfaction', day: '2026-11-28', procedureId: P, locale: 'fr', rating: 'bad' });
    expect(Object.keys(reports[0]!).sort()).toEqual(['assisted', 'day', 'durationSeconds', 'kind', 'locale', 'outcome', 'procedureId', 'readAloud', 'step', 'textSize', 'theme']);
  });
});
