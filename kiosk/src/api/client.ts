// The only module that talks to the server: Hono's typed client over the server's app type.
import { hc, type InferResponseType } from 'hono/client';
import type { AppType } from '../../../server/app.ts';
import type { Heartbeat } from '../../../server/routes/terminals.ts';
import type { SealingPublicKey } from '../../../server/sealing.ts';
import type { Content, FieldError } from '../../../content/model/index.ts';
import type { Receipt } from '../journey/journey.ts';
import type { Envelope, SealedEnvelope } from '../submission/envelope.ts';
import { terminalSite } from '../offline/terminal.ts';

/** The typed client of the server's API. */
export function client() {
  const base = typeof location === 'undefined' ? 'http://localhost' : location.origin;
  // `fetch` is looked up at each call so tests can stand in for the server.
  return hc<AppType>(base, { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) });
}

/** The server's public key that the outbox seals envelopes with, and its id. */
export type SealingKey = SealingPublicKey;

/**
 * The content as the server serves it, with the key to seal envelopes with (absent from a copy
 * cached from a server older than sealing).
 */
export type ServedContent = Content & { sealing?: SealingKey };

/** `GET /api/content`: the site, its procedures and the sealing key. Throws when the server cannot be reached. */
export async function getContent(): Promise<ServedContent> {
  const response = await client().api.content.$get();
  if (response.status !== 200) throw new Error(`GET /api/content answered ${response.status}`);
  return (await response.json()) as ServedContent;
}

/** A field error as the server sends it: the model's code and params, and its own sentence. */
export type ServerFieldError = FieldError & { message?: string };

export type PostSubmissionResponse =
  | { status: 201; receipt: Receipt }
  /** Refused for its answers or files (422, or 413 and 415 naming the file's question). */
  | { status: 422; errors: ServerFieldError[] }
  /**
   * `problem`: the `code` of the problem+json, when there is one (`sealing-key-unknown`, …);
   * `retryAfterSeconds`: the server's `Retry-After`, when it gives one in seconds (a busy
   * antivirus, a rate limit). The server always writes seconds; a date (from a proxy) is left out.
   */
  | { status: 'other'; code: number; problem?: string; retryAfterSeconds?: number };

/** Where an envelope comes from: the terminal, and when the person pressed "Send" (evidence, legal.md). */
export interface EnvelopeOrigin {
  terminalId?: string;
  pressedSendAt?: string;
  /** `epn`, `reception`, `tiers-lieu`: a terminal setting. */
  channel?: string;
  /** The resident's mandate, when a mediator helped. */
  mandateId?: string;
}

/** `POST /api/submissions` with the envelope's key as `Idempotency-Key`. Throws when offline. */
export async function postSubmission(
  envelope: Envelope | SealedEnvelope,
  origin: EnvelopeOrigin = {},
  signal?: AbortSignal,
): Promise<PostSubmissionResponse> {
  const headers: Record<string, string> = {};
  if (origin.terminalId) headers['Guichet-Terminal'] = origin.terminalId;
  if (origin.pressedSendAt) headers['Guichet-Pressed-Send-At'] = origin.pressedSendAt;
  // The site is the machine's (set once with `?site=`): the reception desk lists its own.
  const site = terminalSite('');
  if (site) headers['Guichet-Site'] = site;
  if (origin.channel) headers['Guichet-Channel'] = origin.channel;
  if (origin.mandateId) headers['Guichet-Mandate'] = origin.mandateId;
  const response = await client().api.submissions.$post(
    { json: envelope.body, header: { 'idempotency-key': envelope.key } },
    { headers, ...(signal ? { init: { signal } } : {}) },
  );
  if (response.status === 201) {
    const body = (await response.json()) as Receipt;
    return {
      status: 201,
      receipt: { reference: body.reference, trackingCode: body.trackingCode, receivedAt: body.receivedAt },
    };
  }
  const body = (await response.json().catch(() => ({}))) as { code?: unknown; errors?: unknown };
  const errors = Array.isArray(body.errors) ? (body.errors as ServerFieldError[]) : [];
  // Invalid answers (422), and a file refused for its size or its content (413, 415) with the
  // sentence for its question: definitive, the same envelope will never be taken. Any other
  // refusal (a full server, an unknown sealing key) may pass later.
  if (response.status === 422 || ((response.status === 413 || response.status === 415) && errors.length > 0))
    return { status: 422, errors };
  const retryAfter = response.headers.get('Retry-After')?.trim();
  return {
    status: 'other',
    code: response.status,
    ...(typeof body.code === 'string' ? { problem: body.code } : {}),
    ...(retryAfter && /^\d+$/.test(retryAfter) ? { retryAfterSeconds: Number(retryAfter) } : {}),
  };
}

export type { Heartbeat };

/**
 * `POST /api/terminals/heartbeat` with the terminal's secret; true when the server answered,
 * even to refuse a terminal not enrolled yet (401): the kiosk works without, only the console
 * does not list it. Throws when offline.
 */
export async function postHeartbeat(heartbeat: Heartbeat, secret: string): Promise<boolean> {
  const response = await client().api.terminals.heartbeat.$post({ json: heartbeat }, secret ? { headers: { Authorization: `Bearer ${secret}` } } : {});
  // Read to its end, though nothing in it is needed: an unread body leaves the request
  // unfinished in the browser, and a terminal beats all day.
  await response.arrayBuffer();
  return response.status === 200 || response.status === 401;
}

type TrackingEndpoint = ReturnType<typeof client>['api']['submissions'][':reference']['$get'];

/**
 * Where a request stands, as `GET /api/submissions/:reference` answers: status, history,
 * `explanation` (the status and what comes next, in plain words) and the receipt's addresses.
 */
export type Tracking = InferResponseType<TrackingEndpoint, 200>;

export type GetTrackingResponse =
  | { status: 200; tracking: Tracking }
  /** An unknown reference and a wrong code alike. */
  | { status: 404 }
  | { status: 429; retryAfterSeconds: number }
  | { status: 'other'; code: number };

/**
 * `GET /api/submissions/:reference?code=&locale=`: where a request stands. Throws when the
 * server cannot be reached.
 */
export async function getTracking(reference: string, code: string, locale: string): Promise<GetTrackingResponse> {
  const response = await client().api.submissions[':reference'].$get({ param: { reference }, query: { code, locale } });
  if (response.status === 200) return { status: 200, tracking: await response.json() };
  if (response.status === 404) return { status: 404 };
  if (response.status === 429) {
    const seconds = Number(response.headers.get('Retry-After'));
    return { status: 429, retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 15 * 60 };
  }
  return { status: 'other', code: response.status };
}

/** The address of a request's acknowledgment as an HTML page, to print at the kiosk. */
export function receiptPageUrl(tracking: Tracking, code: string): string | undefined {
  if (!tracking.receipt) return undefined;
  return `${tracking.receipt.html}?${new URLSearchParams({ code })}`;
}

/**
 * The acknowledgment page of a request the person just sent, laid out for the terminal's paper:
 * the server prints the tracking code on it since the code comes with the address.
 */
export function sentReceiptPageUrl(receipt: Pick<Receipt, 'reference' | 'trackingCode'>, paper: 'a4' | '80mm'): string {
  return `/api/submissions/${encodeURIComponent(receipt.reference)}/receipt.html?${new URLSearchParams({ code: receipt.trackingCode, paper })}`;
}

/**
 * "Send me a copy": the server sends the acknowledgment with the copy of the answers to the
 * address given in the request (`channel` `email`; SMS joins with the request-life notices).
 * True once the server has sent it; false for any refusal or a server out of reach.
 */
export async function askForCopy(receipt: Pick<Receipt, 'reference' | 'trackingCode'>, channel: 'email'): Promise<boolean> {
  try {
    const response = await client().api.submissions[':reference'].copies.$post({
      param: { reference: receipt.reference },
      json: { code: receipt.trackingCode, channel },
    });
    return response.status === 202;
  } catch {
    return false;
  }
}
