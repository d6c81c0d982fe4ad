import { submitEnvelope, type SubmitResult } from '../submission/submit-envelope.ts';
import type { OutboxEntry } from './outbox-db.ts';

/** Sends an entry as its format says; a sealed format will be opened (or forwarded) here. */
export function sendEntry(entry: OutboxEntry): Promise<SubmitResult> {
  switch (entry.format) {
    case 'plain-1':
      return submitEnvelope(entry.envelope, {
        ...(entry.terminalId ? { terminalId: entry.terminalId } : {}),
        pressedSendAt: entry.pressedSendAt,
      });
  }
}
