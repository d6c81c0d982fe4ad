// The connector interface: how the relay worker hands one delivery to one back-office.
// A connector answers with an outcome and never throws for a peer's failure: a thrown
// error is a bug in Guichet, and the worker treats it as a retry.

import type { Answers, Locale } from '../../../content/model/index.ts';

/** One answer as a person reads it, already formatted in French: `{ label: 'Adresse', value: '3 rue Haute, 41200 Belval' }`. */
export interface AnswerRow {
  label: string;
  value: string;
}

/** What the person submitted, as the server registered it. */
export interface DeliverySubmission {
  /** The reference printed on the receipt, such as `BSL-2026-000123`. */
  reference: string;
  /** When the server registered the submission (ISO 8601): the legal date of receipt. */
  receivedAt: string;
  procedureId: string;
  procedureVersion: number;
  /** The procedure's title in French, the language of the back-office. */
  procedureTitle: string;
  /** The locale the person used at the kiosk. */
  locale: Locale;
  /** Raw answers, field id to value, as the procedure's JSON Schema describes them. */
  answers: Answers;
  /** The same answers, labelled and formatted in French for humans, in the order asked. */
  answerRows: AnswerRow[];
  /** How the submission came in (`kiosk`, `counter`, …), when known. */
  channel?: string;
}

/** A file sent with the submission: its bytes, or the path where the server stored them. */
export type DeliveryAttachment = {
  id: string;
  /** MIME type, such as `image/jpeg` or `application/pdf`. */
  type: string;
  /** The name the person's file had; connectors make it safe before using it as a file name. */
  filename: string;
} & ({ path: string; bytes?: never } | { bytes: Uint8Array; path?: never });

/** The acknowledgment of registration (AEE) as the person received it. */
export interface DeliveryReceipt {
  pdf: Uint8Array;
  html: string;
}

/** One submission's trip to one back-office. */
export interface Delivery {
  /** The delivery id: stable across retries, so the receiver can recognise a duplicate. */
  idempotencyKey: string;
  submission: DeliverySubmission;
  attachments: DeliveryAttachment[];
  receipt?: DeliveryReceipt;
}

/**
 * What the peer made of a delivery. `reason` and `detail` are short plain-French sentences
 * shown as is in the console, such as "Le serveur de messagerie ne répond pas (délai de 30 s dépassé)".
 *
 * - `delivered`: the back-office has it (this is when the acknowledgment of receipt may go out);
 * - `retry`: it may work later; `retryAfterMs` is the peer's own wish, when it said one;
 * - `rejected`: the peer refused this delivery for good; retrying the same content will not help.
 */
export type DeliveryOutcome =
  | { outcome: 'delivered'; detail?: string }
  | { outcome: 'retry'; reason: string; retryAfterMs?: number }
  | { outcome: 'rejected'; reason: string };

export interface DeliverOptions {
  /** Aborts the attempt (server shutdown, lease lost); the answer is then `retry`. */
  signal?: AbortSignal;
}

export interface Connector {
  /** The kind of connector (`smtp`, `webhook`, `folder`), for logs and the console. */
  readonly name: string;
  /**
   * The longest one `deliver` call takes before it gives up with `retry`. The worker's lease on
   * a delivery must be longer than this, or two workers could deliver the same row at once.
   */
  readonly timeoutMs: number;
  /**
   * Hands a delivery to the back-office. Resolves with an outcome in at most about
   * `timeoutMs`, whatever the peer does; rejects only on a bug.
   *
   * @example
   * const result = await connector.deliver(delivery, { signal: AbortSignal.timeout(60_000) });
   * if (result.outcome === 'retry') scheduleRetry(result.retryAfterMs ?? backoff(attempt));
   */
  deliver(delivery: Delivery, options?: DeliverOptions): Promise<DeliveryOutcome>;
  /**
   * Work done once when the relay starts, before any delivery: the folder connector removes
   * the temporaries a killed process left. Optional; `deliver` must not depend on it.
   */
  start?(): Promise<void>;
  /** Closes what the connector holds open (SMTP connections). Idempotent. */
  dispose(): Promise<void>;
}
