// Sends one envelope to the town hall and says how it went. The outbox (kiosk/src/outbox)
// stores the envelope first, then calls this until the answer is definitive.
import { postSubmission, type EnvelopeOrigin, type ServerFieldError } from '../api/client.ts';
import type { Receipt } from '../journey/journey.ts';
import type { Envelope, SealedEnvelope } from './envelope.ts';

/**
 * `sent` and `rejected` are definitive; `failed` (no network, server error) is worth a retry,
 * not before `retryAfterMs` when the server said how long to wait.
 */
export type SubmitResult =
  | { kind: 'sent'; receipt: Receipt }
  | { kind: 'rejected'; errors: ServerFieldError[] }
  | { kind: 'failed'; reason?: string; retryAfterMs?: number };

export async function submitEnvelope(
  envelope: Envelope | SealedEnvelope,
  origin?: EnvelopeOrigin,
  signal?: AbortSignal,
): Promise<SubmitResult> {
  try {
    const response = await postSubmission(envelope, origin, signal);
    if (response.status === 201) return { kind: 'sent', receipt: response.receipt };
    if (response.status === 422) return { kind: 'rejected', errors: response.errors };
    // Kept as the entry's last error, for reception: `409 sealing-key-unknown` says what to do.
    return {
      kind: 'failed',
      reason: `le serveur a répondu ${response.code}${response.problem ? ` (${response.problem})` : ''}`,
      ...(response.retryAfterSeconds === undefined ? {} : { retryAfterMs: response.retryAfterSeconds * 1000 }),
    };
  } catch {
    return { kind: 'failed', reason: 'serveur injoignable (réseau ou serveur arrêté)' };
  }
}
