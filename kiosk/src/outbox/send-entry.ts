import { submitEnvelope, type SubmitResult } from '../submission/submit-envelope.ts';
import type { OutboxEntry } from './outbox-db.ts';

/** Sends an entry as its format says: a sealed one as it is (only the server opens it). */
export function sendEntry(entry: OutboxEntry, signal?: AbortSignal): Promise<SubmitResult> {
  const origin = {
    ...(entry.terminalId ? { terminalId: entry.terminalId } : {}),
    ...(entry.channel ? { channel: entry.channel } : {}),
    ...(entry.mandateId ? { mandateId: entry.mandateId } : {}),
    pressedSendAt: entry.pressedSendAt,
  };
  switch (entry.format) {
    case 'sealed-1':
      return submitEnvelope({ key: entry.key, body: { sealed: entry.sealed } }, origin, signal);
    case 'plain-1':
      return submitEnvelope(entry.envelope, origin, signal);
  }
}
