// The server's entry: the only file that reads the environment, opens the socket and
// handles signals. Everything else is built by createApp from what this file opens.
//
// Environment:
//   PORT      port to listen on (default 8080)
//   HOST      address to listen on (default 0.0.0.0: every interface, since the kiosks are
//             other machines on the town's network; set 127.0.0.1 behind a local reverse proxy)
//   DATA_DIR  where the SQLite file and attachments live (default ./data)
//   CONTENT_DIR  the content folder (default the repository's content/)
//   GUICHET_RELAY*, route variables (site.yaml), GUICHET_ADMIN_TOKEN: see server/README.md
//   DATABASE_URL  postgres://… to keep submissions in PostgreSQL (several instances on one
//             database); without it, SQLite in DATA_DIR. Attachments stay in DATA_DIR either way.
//   GUICHET_PUBLIC_URL  the address residents reach the server at, for the receipts' QR code
//   GUICHET_SMTP_*  the SMTP server (as the relay's smtp routes): acknowledgments by email
//   GUICHET_SEALING_KEYS  the folder of sealing keys (default DATA_DIR/sealing-keys; a first key
//             is written there, 0600, when it holds none)
//   GUICHET_CLAMAV_SOCKET  clamd's socket (a path, or host:port): every attachment is scanned
//             before it is stored; unset, none is. GUICHET_CLAMAV_TIMEOUT_MS bounds one scan.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { CONTENT_DIR, loadContent } from '../content/check/index.ts';
import { createApp } from './app.ts';
import { answerClientErrors } from './client-errors.ts';
import type { RouteInfo } from './console/index.ts';
import { readErrorTexts } from './error-messages.ts';
import { publishProcedures } from './procedures.ts';
import { DEFAULT_SUBMISSION_LIMITS, createSubmissionLimiter } from './rate-limit.ts';
import { createReceiptEmailSender } from './receipt-emails.ts';
import { addReceiptTexts, createReceiptMailer } from './receipts/index.ts';
import { startRetention } from './retention.ts';
import { createDeliveryBuilder, createRelayWorker, relaySettings, siteConnectors } from './relay/index.ts';
import { createPostgresStore } from './store/postgres.ts';
import { createKeyring, loadOrCreateSealingKeys } from './sealing.ts';
import { createSqliteStore } from './store/sqlite.ts';
import { createClamdScanner, type VirusScanner } from './uploads/clamav.ts';

/** The console's token is the only lock on it until sign-in exists: too short is refused. */
const MIN_ADMIN_TOKEN_LENGTH = 32;
/** How long in-flight requests get to finish after SIGTERM before the process gives up. */
const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string): never {
  console.error(`Guichet cannot start: ${message}`);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a port number, not "${process.env.PORT}".`);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const contentDir = resolve(process.env.CONTENT_DIR ?? CONTENT_DIR);
const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

let content: ReturnType<typeof loadContent>;
try {
  content = loadContent(contentDir);
  // Receipts, statuses and emails in every locale of this content folder (a new locale is data).
  addReceiptTexts(contentDir);
} catch (error) {
  // A ContentError's message lists every problem, file and line, as `npm run content:check` does.
  fail(`the content in ${contentDir} is not valid: ${error instanceof Error ? error.message : String(error)}`);
}
await mkdir(dataDir, { recursive: true });
const sealingDir = resolve(process.env.GUICHET_SEALING_KEYS?.trim() || join(dataDir, 'sealing-keys'));
let keyring: ReturnType<typeof createKeyring>;
try {
  const { keys, created } = loadOrCreateSealingKeys(sealingDir);
  if (created) console.warn(`Sealing: no key in ${sealingDir}; wrote a new one, ${created} (keep it, and back it up with the data).`);
  keyring = createKeyring(keys);
} catch (error) {
  fail(`the sealing keys in ${sealingDir} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
}
const databaseUrl = process.env.DATABASE_URL?.trim();
const store = databaseUrl
  ? createPostgresStore({ connectionString: databaseUrl })
  : createSqliteStore({ file: join(dataDir, 'guichet.sqlite') });
try {
  await store.migrate();
  await publishProcedures(store, content.procedures);
} catch (error) {
  await store.dispose();
  fail(error instanceof Error ? error.message : String(error));
}

let relay: ReturnType<typeof relaySettings>;
try {
  relay = relaySettings(process.env);
} catch (error) {
  await store.dispose();
  fail(error instanceof Error ? error.message : String(error));
}
const adminToken = process.env.GUICHET_ADMIN_TOKEN?.trim() || undefined;
if (adminToken !== undefined && adminToken.length < MIN_ADMIN_TOKEN_LENGTH) {
  await store.dispose();
  fail(`GUICHET_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (try \`openssl rand -base64 32\`).`);
}
const alertMinutes = Number(process.env.GUICHET_CONSOLE_ALERT_AFTER_MINUTES ?? 15);
if (!Number.isFinite(alertMinutes) || alertMinutes <= 0) {
  await store.dispose();
  fail(`GUICHET_CONSOLE_ALERT_AFTER_MINUTES must be a positive number, not "${process.env.GUICHET_CONSOLE_ALERT_AFTER_MINUTES}".`);
}
/** A per-15-minutes limit from the environment, or its default. */
async function submissionLimit(name: string, fallback: number): Promise<number> {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value > 0) return value;
  await store.dispose();
  return fail(`${name} must be a whole number of submissions per 15 minutes, not "${raw}".`);
}
const submissionLimits = createSubmissionLimiter({
  ...DEFAULT_SUBMISSION_LIMITS,
  perTerminal: await submissionLimit('GUICHET_SUBMISSIONS_PER_TERMINAL', DEFAULT_SUBMISSION_LIMITS.perTerminal),
  perAddress: await submissionLimit('GUICHET_SUBMISSIONS_PER_ADDRESS', DEFAULT_SUBMISSION_LIMITS.perAddress),
});
// The antivirus, where the site enables it. clamd may start after this server: an answer
// missing now is said once here, and each submission meanwhile gets a 503 to retry.
const clamavSocket = process.env.GUICHET_CLAMAV_SOCKET?.trim();
let scanner: VirusScanner | undefined;
if (clamavSocket) {
  const timeoutMs = Number(process.env.GUICHET_CLAMAV_TIMEOUT_MS ?? 10_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    await store.dispose();
    fail(`GUICHET_CLAMAV_TIMEOUT_MS must be a whole number of milliseconds, not "${process.env.GUICHET_CLAMAV_TIMEOUT_MS}".`);
  }
  try {
    scanner = createClamdScanner({ address: clamavSocket, timeoutMs });
  } catch (error) {
    await store.dispose();
    fail((error as Error).message);
  }
  scanner.ping().then(
    () => console.log(`Antivirus: attachments are scanned by clamd at ${clamavSocket}.`),
    (error: Error) => console.warn(`Antivirus: ${error.message}; submissions with attachments get a 503 until it answers.`),
  );
} else console.warn('Antivirus: GUICHET_CLAMAV_SOCKET is not set; attachments are not scanned.');
// A route whose variables are missing does not stop intake: its deliveries wait, pending, and
// the console shows why. Said once here, loudly.
const { connectors, unavailable } = siteConnectors(content.site.routes, process.env);
for (const [route, reason] of unavailable)
  console.warn(`Relay: route "${route}" is not configured; its deliveries wait until it is. ${reason}`);
const handoffHoursRaw = process.env.GUICHET_HANDOFF_HOURS?.trim();
const handoffHours = handoffHoursRaw ? Number(handoffHoursRaw) : undefined;
if (handoffHours !== undefined && !(handoffHours > 0 && handoffHours <= 24)) {
  await store.dispose();
  fail(`GUICHET_HANDOFF_HOURS must be a number of hours between 0 and 24, not "${handoffHoursRaw}".`);
}
const publicUrl = (process.env.GUICHET_PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
if (!process.env.GUICHET_PUBLIC_URL) console.warn(`Receipts: GUICHET_PUBLIC_URL is not set; QR codes point to ${publicUrl}.`);
// Acknowledgments by email use the SMTP server of the relay's mailbox routes. Without one they
// stay queued (receipt_emails) and go once it is set.
const smtpHost = process.env.GUICHET_SMTP_HOST?.trim();
const smtpFrom = process.env.GUICHET_SMTP_FROM?.trim();
const smtpPort = Number(process.env.GUICHET_SMTP_PORT ?? 0) || undefined;
const smtpSecure = /^(true|1|oui)$/i.test(process.env.GUICHET_SMTP_SECURE ?? '') || smtpPort === 465;
const smtpUser = process.env.GUICHET_SMTP_USER?.trim();
const mailer =
  smtpHost && smtpFrom
    ? createReceiptMailer({
        smtp: {
          host: smtpHost,
          port: smtpPort ?? (smtpSecure ? 465 : 587),
          secure: smtpSecure,
          ...(/^(true|1|oui)$/i.test(process.env.GUICHET_SMTP_REQUIRE_TLS ?? '') ? { requireTLS: true } : {}),
          ...(smtpUser ? { auth: { user: smtpUser, pass: process.env.GUICHET_SMTP_PASSWORD ?? '' } } : {}),
        },
        from: smtpFrom,
        publicUrl,
      })
    : undefined;
const receiptEmails = mailer ? createReceiptEmailSender({ store, content, mailer }) : undefined;
if (!receiptEmails) console.warn('Receipts: GUICHET_SMTP_HOST or GUICHET_SMTP_FROM is not set; acknowledgment emails wait, queued.');
const retention = startRetention({ store, content, attachmentsDir: join(dataDir, 'attachments') });

const worker = createRelayWorker({
  store,
  connectors,
  unavailable,
  toDelivery: createDeliveryBuilder({ store, attachmentsDir: join(dataDir, 'attachments') }),
  policy: relay.policy,
  concurrency: relay.concurrency,
  routeConcurrency: (_route, connector) => (connector.name === 'folder' ? relay.folderConcurrency : relay.routeConcurrency),
  pollMs: relay.pollMs,
  leaseMarginMs: relay.leaseMarginMs,
  // The ARE's email row is written with the status change (migration 003); this only sends it now.
  onSubmissionDelivered: () => receiptEmails?.wake(),
});
if (relay.enabled) worker.start();
else console.warn('Relay: GUICHET_RELAY=off, deliveries are stored but not sent by this process.');

const app = createApp({
  content,
  store,
  console: {
    adminToken,
    routes: new Map<string, RouteInfo>([
      ...[...connectors].map(([route, connector]): [string, RouteInfo] => [route, { connector: connector.name }]),
      ...[...unavailable].map(([route, reason]): [string, RouteInfo] => [route, { unavailable: reason }]),
    ]),
    alertAfterMs: alertMinutes * 60_000,
    onRetry: () => worker.wake(),
  },
  version,
  attachmentsDir: join(dataDir, 'attachments'),
  keyring,
  kioskDir: join(root, 'dist', 'kiosk'),
  errorTexts: readErrorTexts(contentDir, content.site.locales.map((l) => l.code)),
  publicUrl,
  submissionLimits,
  ...(handoffHours ? { handoffHours } : {}),
  scanner,
  ...(mailer ? { copySenders: { email: mailer } } : {}),
  onAccepted: () => receiptEmails?.wake(),
});
receiptEmails?.start();

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const storage = databaseUrl ? 'PostgreSQL' : 'SQLite';
  console.log(`Guichet ${version} listening on http://${info.address}:${info.port} (${storage}, data in ${dataDir})`);
  console.log(`Sealing: kiosks seal with key ${keyring.current.keyId}; ${keyring.keyIds.length} key(s) open envelopes (${sealingDir}).`);
}) as Server;
server.on('error', (error) => fail(error.message));
answerClientErrors(server);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing requests in flight, then stopping.`);
  setTimeout(() => {
    console.error(`Requests still running after ${SHUTDOWN_GRACE_MS} ms: stopping anyway.`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  await Promise.all([
    new Promise<void>((done) => {
      server.close(() => done());
      server.closeIdleConnections();
    }),
    worker.stop(),
    receiptEmails?.stop(),
    retention.stop(),
  ]);
  await Promise.all([...connectors.values()].map((connector) => connector.dispose()));
  mailer?.dispose();
  await store.dispose();
  console.log('Stopped.');
  process.exit(0);
}
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
