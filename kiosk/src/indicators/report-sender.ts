// Sends the queued indicator reports to the server in batches: at start, once a minute, and at
// once when the network comes back. A batch leaves the queue only when the server took it, or
// refused it for good (422: it would be refused again; the count is lost, never a person's data).
import type { JourneyEventBatch } from '../../../server/indicators/journey-events.ts';
import { client } from '../api/client.ts';
import type { ReportQueue } from './report-queue.ts';

/** The server's limit per batch (server/indicators/journey-events.ts). */
export const BATCH_SIZE = 100;
export const SEND_EVERY_MS = 60_000;

export interface Origin {
  terminalId: string;
  site: string;
  channel: JourneyEventBatch['channel'];
}

/** What became of one flush. */
export type FlushResult = { sent: number; dropped: number; failed: boolean };

/** Sends what the queue holds, batch after batch, until it is empty or a batch fails. */
export async function flushReports(queue: ReportQueue, origin: () => Origin): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, dropped: 0, failed: false };
  for (;;) {
    const { batchId, ids, reports } = await queue.take(BATCH_SIZE);
    if (ids.length === 0) return result;
    let status: number;
    try {
      const response = await client().api.indicators.events.$post({ json: { batchId, ...origin(), events: reports } satisfies JourneyEventBatch });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      return { ...result, failed: true };
    }
    if (status === 200) result.sent += ids.length;
    else if (status === 422) result.dropped += ids.length;
    else return { ...result, failed: true };
    await queue.remove(ids);
  }
}

let flushing: Promise<FlushResult> | undefined;

/** One flush at a time in the page: a second call waits for the first. */
export function flushOnce(queue: ReportQueue, origin: () => Origin): Promise<FlushResult> {
  flushing ??= flushReports(queue, origin).finally(() => (flushing = undefined));
  return flushing;
}
