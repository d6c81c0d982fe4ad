// What the status routes need from storage, as one small interface: the store implements it
// (one transaction per event: read the record, `applyStatusEvent`, append the entries, queue
// the notices, remember the webhook-id), tests use test-support/memory-request-life.ts.
import type { Answers } from '../../content/model/index.ts';
import type { StoredAttachment } from '../store/types.ts';
import type { HistoryEntry, LegalDates, RequestStatus, StatusEvent, StatusRefusal } from './status.ts';

/** Where an event comes from: a signed back-office route (with its webhook-id), or the desk. */
export type EventSource =
  | {
      kind: 'back-office';
      route: string;
      /** Standard Webhooks `webhook-id`: the same id again is the same event, answered as before. */
      webhookId: string;
      /** sha256 of the body, to tell a replay from an id reused for another event. */
      fingerprint: string;
    }
  | { kind: 'desk'; instructorId: string }
  /**
   * The resident completing an incomplete request (kiosk or tracking page): `key` is the
   * envelope's Idempotency-Key, so the outbox's retries are the same completion.
   */
  | { kind: 'resident'; key: string; fingerprint: string }
  /** Guichet itself: the implicit decision job. */
  | { kind: 'system' };

/** A request's status as the events route answers it. */
export interface RequestView {
  reference: string;
  status: RequestStatus;
  history: HistoryEntry[];
  dates: LegalDates;
}

export type ApplyOutcome =
  | { outcome: 'applied'; request: RequestView }
  /** The same webhook-id and body were applied before: nothing written, the answer of then. */
  | { outcome: 'replayed'; request: RequestView }
  /** The same webhook-id came with another body. */
  | { outcome: 'id-reused' }
  /** No such reference, or not one this route was sent (the same answer, so a route learns nothing of others). */
  | { outcome: 'not-found' }
  | { outcome: 'refused'; refusal: StatusRefusal };

/**
 * A request's life after sending, as storage keeps it.
 *
 * @example
 * const result = await life.applyEvent('K7QD-4MZ9', event, { kind: 'back-office', route: 'street-app', webhookId, fingerprint }, new Date());
 * if (result.outcome === 'refused') throw problemFor(result.refusal);
 */
export interface RequestLife {
  /**
   * Applies one event in one transaction, exactly once per webhook-id: a back-office event on a
   * reference its route was never sent is `not-found`.
   */
  applyEvent(
    reference: string,
    event: StatusEvent,
    source: EventSource,
    at: Date,
    /** The resident's pieces, merged with the `completed` event in its transaction. */
    completion?: { answers: Answers; attachments: StoredAttachment[] },
  ): Promise<ApplyOutcome>;
}
