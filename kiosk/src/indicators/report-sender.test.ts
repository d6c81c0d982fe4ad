// The report queue over fake-indexeddb (Node has no IndexedDB) and its flush to a real server
// app: batches of at most 100, kept while the server cannot be reached, dropped when refused for good.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../../../server/test-support/test-app.ts';
import type { JourneyReport } from './journey-tracker.ts';
import { createReportQueue } from './report-queue.ts';
import { flushReports } from './report-sender.ts';

const report: JourneyReport = {
  kind: 'journey',
  day: '2026-11-28',
  procedureId: 'write-to-town-hall',
  locale: 'ar',
  assisted: false,
  outcome: 'abandoned',
  step: 2,
  durationSeconds: 40,
  readAloud: true,
  textSize: 100,
  theme: 'default',
};
const origin = () => ({ terminalId: 't-1', site: 'mediatheque', channel: 'epn' as const });

describe('indicator reports on the kiosk', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    vi.unstubAllGlobals();
    await t?.dispose();
  });

  it('sends the queue in batches of 100 and empties it; the server counts every report', async () => {
    t = await startTestApp({ now: () => new Date('2026-11-28T10:00:00Z') });
    const posted: number[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      posted.push((JSON.parse(String(init?.body)) as { events: unknown[] }).events.length);
      return t!.app.request(String(input), init);
    });
    const queue = createReportQueue({ indexedDB: new IDBFactory(), IDBKeyRange, name: 'q1' });
    for (let i = 0; i < 230; i++) await queue.add(report);
    expect(await flushReports(queue, origin)).toEqual({ sent: 230, dropped: 0, failed: false });
    expect(posted).toEqual([100, 100, 30]);
    expect(await queue.count()).toBe(0);
    expect(await t.store.journeyDays({ from: '2026-11-28', to: '2026-11-28' })).toMatchObject([{ journeys: 230, outcome: 'abandoned', step: 2, locale: 'ar' }]);
    queue.close();
  });

  it('sends a batch whose answer was lost again as it was, and the server counts it once', async () => {
    t = await startTestApp({ now: () => new Date('2026-11-28T10:00:00Z') });
    let lose = true;
    const batches: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      batches.push((JSON.parse(String(init?.body)) as { batchId: string }).batchId);
      const response = await t!.app.request(String(input), init);
      if (lose) {
        lose = false;
        throw new TypeError('the connection dropped before the answer');
      }
      return response;
    });
    const queue = createReportQueue({ indexedDB: new IDBFactory(), IDBKeyRange, name: 'q3' });
    await queue.add(report);
    await queue.add(report);
    expect(await flushReports(queue, origin)).toEqual({ sent: 0, dropped: 0, failed: true });
    await queue.add(report);
    expect(await flushReports(queue, origin)).toEqual({ sent: 3, dropped: 0, failed: false });
    expect(batches[0]).toBe(batches[1]);
    expect(batches).toHaveLength(3);
    expect((await t.store.journeyDays({ from: '2026-11-28', to: '2026-11-28' }))[0]?.journeys).toBe(3);
    queue.close();
  });

  it('keeps the reports while the server cannot be reached, and drops a batch the server refuses for good', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const queue = createReportQueue({ indexedDB: new IDBFactory(), IDBKeyRange, name: 'q2' });
    await queue.add(report);
    expect(await flushReports(queue, origin)).toEqual({ sent: 0, dropped: 0, failed: true });
    expect(await queue.count()).toBe(1);
    t = await startTestApp({ now: () => new Date('2026-11-28T10:00:00Z') });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => t!.app.request(String(input), init));
    await queue.add({ ...report, procedureId: 'gone-from-the-content' });
    // The first went again in its own batch; the one the server refuses is dropped alone.
    expect(await flushReports(queue, origin)).toEqual({ sent: 1, dropped: 1, failed: false });
    expect(await queue.count()).toBe(0);
    queue.close();
  });
});
