// Checks the Standard Webhooks signature (https://www.standardwebhooks.com/) of a request a
// back-office sends us: the same scheme, secret format and key the relay signs with
// (relay/connectors/webhook.ts), read the other way. node:crypto only; the tests check it
// against the `standardwebhooks` library's own signing.
import { timingSafeEqual } from 'node:crypto';
import { decodeSecret, signWebhook } from '../relay/connectors/webhook.ts';

/** How far a `webhook-timestamp` may be from our clock, either way: 5 minutes, as the specification advises. */
export const REPLAY_WINDOW_SECONDS = 5 * 60;

/** One back-office route allowed to report statuses, with its signing secret (`whsec_…`). */
export interface SigningRoute {
  route: string;
  secret: string;
}

export type SignatureCheck =
  | { ok: true; route: string; webhookId: string; timestamp: number }
  | { ok: false; reason: 'missing-headers' | 'malformed-headers' | 'expired' | 'no-match'; detail: string };

const ID = /^[\x21-\x7e]{1,256}$/;
const TIMESTAMP = /^[0-9]{1,12}$/;

/**
 * Finds which route signed `body`: the first whose secret makes one of the `v1,` signatures of
 * the `webhook-signature` header (space-separated, any order). The timestamp must be within
 * five minutes of `now`, so a captured request cannot be replayed later; a replay within the
 * window is the caller's to drop, by `webhook-id`.
 *
 * @example
 * const check = verifyWebhook({ 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': sig }, rawBody, routes, new Date());
 * if (!check.ok) throw new GuichetError('webhook-signature-invalid', check.detail);
 */
export function verifyWebhook(
  headers: { 'webhook-id'?: string | undefined; 'webhook-timestamp'?: string | undefined; 'webhook-signature'?: string | undefined },
  body: string,
  routes: readonly SigningRoute[],
  now: Date,
): SignatureCheck {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (!id || !timestamp || !signature)
    return { ok: false, reason: 'missing-headers', detail: 'Les en-têtes webhook-id, webhook-timestamp et webhook-signature sont obligatoires.' };
  if (!ID.test(id) || !TIMESTAMP.test(timestamp))
    return { ok: false, reason: 'malformed-headers', detail: 'webhook-id ou webhook-timestamp mal formé (un horodatage est en secondes depuis 1970).' };
  const seconds = Number(timestamp);
  if (Math.abs(Math.floor(now.getTime() / 1000) - seconds) > REPLAY_WINDOW_SECONDS)
    return {
      ok: false,
      reason: 'expired',
      detail: `webhook-timestamp est à plus de ${REPLAY_WINDOW_SECONDS / 60} minutes de l’heure du serveur : signez au moment d’envoyer, avec une horloge à l’heure.`,
    };
  const offered = signature
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => Buffer.from(part.slice(3), 'base64'));
  for (const { route, secret } of routes) {
    const expected = Buffer.from(signWebhook(decodeSecret(secret), id, seconds, body).slice(3), 'base64');
    if (offered.some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected)))
      return { ok: true, route, webhookId: id, timestamp: seconds };
  }
  return { ok: false, reason: 'no-match', detail: 'La signature ne correspond à aucune application autorisée : vérifiez le secret et signez le corps tel qu’envoyé.' };
}
