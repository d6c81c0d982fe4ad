// Sends one envelope to the town hall and says how it went. The offline outbox will sit in
// front of this: it stores the envelope, then calls this until the answer is definitive.
import { postSubmission, type ServerFieldError } from '../api/client.ts';
import type { Receipt } from '../journey/journey.ts';
import type { Envelope } from './envelope.ts';

/** `sent` and `rejected` are definitive; `failed` (no network, server error) is worth a retry. */
export type SubmitResult =
  | { kind: 'sent'; receipt: Receipt }
  | { kind: 'rejected'; errors: ServerFieldError[] }
  | { kind: 'failed' };

export async function submitEnvelope(envelope: Envelope): Promise<SubmitResult> {
  try {
    const response = await postSubmission(envelope);
    if (response.status === 201) return { kind: 'sent', receipt: response.receipt };
    if (response.status === 422) return { kind: 'rejected', errors: response.errors };
    return { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  }
}
