// The webhook connector: an HTTP POST of the submission document to a business application,
// signed per the Standard Webhooks specification (https://www.standardwebhooks.com/) so the
// receiver can check it comes from Guichet, untouched, and drop a replay by its `webhook-id`.

import { createHmac } from 'node:crypto';
import { formatSeconds, interruption, startAttempt } from './attempt.ts';
import { errorCode, loadDelivery, toSubmissionDocument, type SubmissionDocument } from './document.ts';
import type { Connector, DeliveryOutcome } from './types.ts';

export interface WebhookConnectorOptions {
  /** The receiver, `https://…` (plain `http://` only for a receiver on the same host or network). */
  url: string;
  /** The signing secret shared with the receiver: `whsec_` followed by base64 (at least 24 random bytes advised). */
  secret: string;
  /** Longest wait for one delivery, until the whole answer is read. Defaults to 30 s. */
  timeoutMs?: number;
  /**
   * Largest total size of the files embedded in one request (attachments and receipt, before
   * base64, which adds a third). Defaults to 20 MiB. A bigger submission is `rejected`, with the
   * sizes in the reason, rather than sent without its files: raise the limit if the receiver
   * accepts larger bodies, or route the procedure through another connector.
   */
  maxEmbeddedBytes?: number;
}

/** The request body: the Standard Webhooks payload shape around the submission document. */
export interface WebhookPayload {
  type: 'submission.received';
  /** When the event happened: the submission's date of receipt, the same on every retry. */
  timestamp: string;
  data: SubmissionDocument;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_EMBEDDED_BYTES = 20 * 1024 * 1024;
/** A Retry-After further away than this is read as this: a wrong header must not park a delivery for weeks. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Creates a connector that POSTs each submission as signed JSON, with every file embedded in
 * base64. Outcomes: `delivered` on 2xx; `retry` on 408, 429, 5xx, network errors and timeouts,
 * with `retryAfterMs` from a `Retry-After` header (seconds or HTTP date); `rejected` on any other
 * 4xx (with the status and the start of the body in the reason), on a redirection (the
 * configured address is wrong) and on files too large to embed.
 *
 * @example
 * const connector = createWebhookConnector({
 *   url: 'https://voirie.belval-sur-loire.fr/guichet', secret: env.GUICHET_STREET_WEBHOOK_SECRET,
 * });
 * const result = await connector.deliver(delivery, { signal });
 */
export function createWebhookConnector(options: WebhookConnectorOptions): Connector {
  const url = new URL(options.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Webhook: l'adresse doit commencer par https:// (reçu ${url.protocol}).`);
  }
  const key = decodeSecret(options.secret);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxEmbeddedBytes = options.maxEmbeddedBytes ?? DEFAULT_MAX_EMBEDDED_BYTES;
  // The host names the receiver in reasons; the full URL may carry a token in its query.
  const peer = `L'application ${url.host}`;

  return {
    name: 'webhook',
    timeoutMs,
    async deliver(delivery, deliverOptions = {}) {
      const attempt = startAttempt(timeoutMs, deliverOptions.signal);
      try {
        const loaded = await loadDelivery(delivery);
        if (!loaded.ok) return loaded.outcome;
        const files = [...loaded.attachments, ...(loaded.receipt ? [loaded.receipt] : [])];
        const embedded = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
        if (embedded > maxEmbeddedBytes) {
          return {
            outcome: 'rejected',
            reason: `Les fichiers pèsent ${formatSize(embedded)}, plus que les ${formatSize(maxEmbeddedBytes)} que ce webhook transmet : augmentez maxEmbeddedBytes si l'application l'accepte.`,
          };
        }
        const payload: WebhookPayload = {
          type: 'submission.received',
          timestamp: delivery.submission.receivedAt,
          data: toSubmissionDocument(delivery, loaded, (file) => ({
            content: Buffer.from(file.bytes).toString('base64'),
          })),
        };
        const body = JSON.stringify(payload);
        const timestamp = Math.floor(Date.now() / 1000);
        let response: Response;
        try {
          response = await fetch(url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Guichet-relay',
              'webhook-id': delivery.idempotencyKey,
              'webhook-timestamp': String(timestamp),
              'webhook-signature': signWebhook(key, delivery.idempotencyKey, timestamp, body),
            },
            body,
            // A POST that follows a redirect may turn into a GET and lose its body: say so instead.
            redirect: 'manual',
            signal: attempt.signal,
          });
        } catch (error) {
          if (attempt.signal.aborted) return { outcome: 'retry', reason: interruption(attempt, peer, timeoutMs) };
          return { outcome: 'retry', reason: networkReason(error, peer) };
        }
        return await judge(response, peer, attempt.signal);
      } finally {
        attempt.end();
      }
    },
    async dispose() {
      // Nothing to close: fetch's connection pool is the process's, and each attempt ends its request.
    },
  };
}

/**
 * Signs a message per Standard Webhooks: HMAC-SHA256 of `${id}.${timestamp}.${body}`, in base64,
 * prefixed by the scheme version.
 *
 * @example signWebhook(decodeSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'), 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')
 * // 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 */
export function signWebhook(key: Uint8Array, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`, 'utf8').digest('base64')}`;
}

/**
 * The key bytes of a `whsec_…` secret. Throws on a secret that is empty or not base64: that is a
 * configuration mistake to refuse at start, not a delivery failure.
 *
 * @example decodeSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').length // 24
 */
export function decodeSecret(secret: string): Uint8Array {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    throw new TypeError("Webhook: le secret doit s'écrire whsec_ suivi de base64.");
  }
  return Buffer.from(encoded, 'base64');
}

/**
 * Reads a `Retry-After` header, in seconds or as an HTTP date, into a delay in milliseconds
 * (at most a day); undefined when absent or unreadable.
 *
 * @example parseRetryAfter('120') // 120000
 * @example parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.parse('2026-10-21T07:27:00Z')) // 60000
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const date = Date.parse(text);
    if (Number.isNaN(date)) return undefined;
    ms = Math.max(0, date - now);
  }
  return Math.min(ms, MAX_RETRY_AFTER_MS);
}

async function judge(response: Response, peer: string, signal: AbortSignal): Promise<DeliveryOutcome> {
  const { status } = response;
  if (status >= 200 && status < 300) {
    await response.body?.cancel().catch(() => {});
    return { outcome: 'delivered', detail: `${peer} a accepté l'envoi (HTTP ${status}).` };
  }
  if (status >= 300 && status < 400) {
    await response.body?.cancel().catch(() => {});
    const location = response.headers.get('location');
    return {
      outcome: 'rejected',
      reason: `${peer} renvoie vers une autre adresse (HTTP ${status}${location ? ` vers ${location.slice(0, 100)}` : ''}) : corrigez l'adresse du webhook.`,
    };
  }
  const excerpt = await bodyExcerpt(response, signal);
  const said = excerpt ? ` : « ${excerpt} »` : '';
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const later = retryAfterMs === undefined ? {} : { retryAfterMs };
  const when = retryAfterMs === undefined ? '' : ` ; elle demande d'attendre ${formatSeconds(retryAfterMs)}`;
  if (status === 429)
    return { outcome: 'retry', reason: `${peer} reçoit trop de demandes (HTTP 429)${when}.`, ...later };
  if (status === 408)
    return { outcome: 'retry', reason: `${peer} a abandonné la requête (HTTP 408)${when}.`, ...later };
  if (status >= 400 && status < 500)
    return { outcome: 'rejected', reason: `${peer} a refusé l'envoi (HTTP ${status}${said}).` };
  return { outcome: 'retry', reason: `${peer} est en difficulté (HTTP ${status}${said})${when}.`, ...later };
}

/** The start of an error body, for the console: one line, at most 120 characters, never waiting past the attempt. */
async function bodyExcerpt(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body || signal.aborted) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < 512) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // The body is a courtesy: the status alone decides the outcome.
  } finally {
    reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/\s+/g, ' ').trim();
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function networkReason(error: unknown, peer: string): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = errorCode(cause) ?? errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `${peer} refuse la connexion (service arrêté ?).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${peer} est introuvable (nom inconnu du DNS).`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `${peer} a coupé la connexion avant de répondre.`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${peer} est injoignable par le réseau.`;
    default:
      if (code && /CERT|SELF_SIGNED|TLS|SSL/.test(code))
        return `Le certificat TLS de ${peer.replace("L'application ", '')} n'est pas valide (${code}).`;
      return `${peer} n'a pas pu être jointe (${code ?? (cause instanceof Error ? cause.message : error instanceof Error ? error.message : 'erreur inconnue')}).`;
  }
}

function formatSize(bytes: number): string {
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'Ko'] : [bytes / (1024 * 1024), 'Mo'];
  return `${value.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} ${unit}`;
}
