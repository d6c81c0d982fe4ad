import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DURATIONS, createSessionLifecycle, durationsOf, listenForActivity, type EndReason } from './lifecycle.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function session(durations = DEFAULT_DURATIONS) {
  const ends: EndReason[] = [];
  let warnings = 0;
  const lifecycle = createSessionLifecycle({
    durations,
    onWarn: () => warnings++,
    onEnd: (reason) => {
      ends.push(reason);
    },
  });
  return { lifecycle, ends, warnings: () => warnings };
}

describe('the session lifecycle', () => {
  it('waits for the first touch: no warning on an untouched terminal', () => {
    const { lifecycle, ends, warnings } = session();
    vi.advanceTimersByTime(60 * 60_000);
    expect(lifecycle.phase.value).toBe('idle');
    expect(warnings()).toBe(0);
    expect(ends).toEqual([]);
  });

  it('warns after 3 minutes idle, counts down, and ends 60 seconds later', async () => {
    const { lifecycle, ends, warnings } = session();
    lifecycle.activity();
    expect(lifecycle.phase.value).toBe('active');
    vi.advanceTimersByTime(179_999);
    expect(lifecycle.phase.value).toBe('active');
    vi.advanceTimersByTime(1);
    expect(lifecycle.phase.value).toBe('warning');
    expect(warnings()).toBe(1);
    expect(lifecycle.secondsLeft.value).toBe(60);
    vi.advanceTimersByTime(30_000);
    expect(lifecycle.secondsLeft.value).toBe(30);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(ends).toEqual(['timeout']);
    expect(lifecycle.phase.value).toBe('idle');
  });

  it('pushes the warning back on each activity', () => {
    const { lifecycle } = session();
    lifecycle.activity();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(170_000);
      lifecycle.activity();
    }
    expect(lifecycle.phase.value).toBe('active');
  });

  it('"more time" gives a full period again, as many times as asked', async () => {
    const { lifecycle, ends } = session();
    lifecycle.activity();
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(180_000 + 59_000);
      expect(lifecycle.phase.value).toBe('warning');
      lifecycle.moreTime();
      expect(lifecycle.phase.value).toBe('active');
    }
    expect(ends).toEqual([]);
  });

  it('does not take a stray touch behind the warning for an answer: only "more time" extends', async () => {
    const { lifecycle, ends } = session();
    lifecycle.activity();
    vi.advanceTimersByTime(180_000);
    lifecycle.activity();
    expect(lifecycle.phase.value).toBe('warning');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ends).toEqual(['timeout']);
  });

  it('ends once when asked twice, and starts again at the next touch', async () => {
    const { lifecycle, ends } = session();
    lifecycle.activity();
    await Promise.all([lifecycle.end('finished'), lifecycle.end('finished')]);
    expect(ends).toEqual(['finished']);
    vi.advanceTimersByTime(10 * 60_000);
    expect(ends).toEqual(['finished']);
    lifecycle.activity();
    expect(lifecycle.phase.value).toBe('active');
  });

  it("follows the site's durations", async () => {
    const { lifecycle, ends } = session();
    lifecycle.configure(durationsOf({ warnAfterSeconds: 900, endAfterSeconds: 120 }));
    lifecycle.activity();
    vi.advanceTimersByTime(899_000);
    expect(lifecycle.phase.value).toBe('active');
    vi.advanceTimersByTime(1000);
    expect(lifecycle.secondsLeft.value).toBe(120);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(ends).toEqual(['timeout']);
  });

  it('counts touches and keys from the page as activity', () => {
    const { lifecycle } = session();
    const target = new EventTarget();
    const stop = listenForActivity(lifecycle, target);
    target.dispatchEvent(new Event('pointerdown'));
    expect(lifecycle.phase.value).toBe('active');
    vi.advanceTimersByTime(170_000);
    target.dispatchEvent(new Event('keydown'));
    vi.advanceTimersByTime(170_000);
    expect(lifecycle.phase.value).toBe('active');
    stop();
    vi.advanceTimersByTime(10_000);
    expect(lifecycle.phase.value).toBe('warning');
  });
});
