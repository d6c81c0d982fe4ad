// Terminal enrolment (issue 22, part 5): a terminal's heartbeats count only if it carries the
// secret an admin or a reception agent gave it. Without it, anyone who reaches the server could
// list 300 fake terminals or rewrite a real one's outbox count to 0, hiding the console's
// warning. The secret leaves the server once, in the set-up address; only its sha256 is kept.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { GuichetError } from '../errors.ts';
import type { Store } from '../store/types.ts';

/** 32 random bytes in base64url: what a terminal sends as `Authorization: Bearer …`. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export const secretHashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * A new terminal's id and secret.
 *
 * @example const { terminalId, secret } = newTerminalCredential(); // 't-…', 43 characters
 */
export function newTerminalCredential(): { terminalId: string; secret: string } {
  return { terminalId: `t-${randomUUID()}`, secret: randomBytes(32).toString('base64url') };
}

/**
 * The address a terminal opens once at set-up: the secret rides in the fragment, which the
 * browser never sends (so no request log holds it); the kiosk keeps it and removes it from the
 * address bar at once.
 *
 * @example setUpAddress('https://guichet.ville.fr', cred, 'mediatheque') // 'https://guichet.ville.fr/?site=mediatheque#enrol=t-….…'
 */
export function setUpAddress(origin: string, credential: { terminalId: string; secret: string }, site: string): string {
  const search = site ? `?site=${encodeURIComponent(site)}` : '';
  return `${origin}/${search}#enrol=${credential.terminalId}.${credential.secret}`;
}

const refused = (code: 'terminal-credential-missing' | 'terminal-not-enrolled' | 'terminal-credential-refused', detail: string) =>
  new GuichetError(code, detail, { headers: { 'WWW-Authenticate': 'Bearer realm="terminals"', 'Cache-Control': 'no-store' } });

/**
 * Throws a 401 problem unless the request carries this terminal's secret, as enrolled and not
 * revoked. Compared as sha256 digests in constant time.
 */
export async function authenticateTerminal(c: Context, store: Store, terminalId: string): Promise<void> {
  const secret = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (!secret)
    throw refused('terminal-credential-missing', 'Cette borne n’envoie pas son identifiant : faites-la inscrire par un administrateur ou l’accueil (README, « set up a terminal in kiosk mode »).');
  const expected = await store.terminalSecretHash(terminalId);
  if (!expected)
    throw refused('terminal-not-enrolled', 'Cette borne n’est pas inscrite, ou son inscription a été retirée : faites-la inscrire par un administrateur ou l’accueil.');
  const given = Buffer.from(secretHashOf(secret), 'hex');
  if (!SECRET.test(secret) || !timingSafeEqual(given, Buffer.from(expected, 'hex')))
    throw refused('terminal-credential-refused', 'L’identifiant envoyé n’est pas celui de cette borne.');
}
