// The server's entry: the only file that reads the environment, opens the socket and
// handles signals. Everything else is built by createApp from what this file opens.
// Every setting is read once, by ./config.ts (each variable, its default, its message), and the
// route variables of site.yaml by the relay.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { loadContent } from '../content/check/index.ts';
import { createApp } from './app.ts';
import { createMetrics } from './observability/metrics.ts';
import { secureDataFolder } from './data-folder.ts';
import { ConfigError, readConfig, type Config } from './config.ts';
import { answerClientErrors } from './client-errors.ts';
import type { RouteInfo } from './console/index.ts';
import { readErrorTexts } from './error-messages.ts';
import { buildSpeechCatalogue, readUiTexts } from './speech/catalogue.ts';
import { espeak } from './speech/espeak.ts';
import { publishProcedures } from './procedures.ts';
import { DEFAULT_SUBMISSION_LIMITS, createSubmissionLimiter } from './rate-limit.ts';
import { createReceiptEmailSender } from './receipt-emails.ts';
import { createSmppGateway } from './notices/smpp-gateway.ts';
import { createEmailNoticeSender, createNoticeTransport, readLifeTexts } from './notices/email-notice.ts';
import { createSmsSender } from './notices/sms-sender.ts';
import { createHelpNoticeSender } from './help/notices.ts';
import { readSmsTexts } from './notices/sms-text.ts';
import { createImplicitDecisionJob } from './requests/implicit-decisions.ts';
import { signingRoutes } from './requests/signing-routes.ts';
import { storeRequestLife } from './requests/store-life.ts';
import { addReceiptTexts, createReceiptMailer } from './receipts/index.ts';
import { startRetention } from './retention.ts';
import { createDeliveryBuilder, createRelayWorker, siteConnectors } from './relay/index.ts';
import { createKeyring, loadOrCreateSealingKeys } from './sealing.ts';
import { openStore } from './store/index.ts';
import { createClamdScanner, type VirusScanner } from './uploads/clamav.ts';

/** How long in-flight requests get to finish after SIGTERM before the process gives up. */
const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string): never {
  console.error(`Guichet cannot start: ${message}`);
  process.exit(1);
}

let config: Config;
try {
  config = readConfig(process.env);
} catch (error) {
  fail(error instanceof ConfigError ? `\n- ${error.problems.join('\n- ')}` : String(error));
}
const { port, host, dataDir, contentDir, databaseUrl, sealingDir, publicUrl } = config;
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
for (const change of secureDataFolder(dataDir)) console.warn(change);
let keyring: ReturnType<typeof createKeyring>;
try {
  const { keys, created } = loadOrCreateSealingKeys(sealingDir);
  if (created) console.warn(`Sealing: no key in ${sealingDir}; wrote a new one, ${created} (keep it, and back it up with the data).`);
  keyring = createKeyring(keys);
} catch (error) {
  fail(`the sealing keys in ${sealingDir} cannot be read: ${error instanceof Error ? error.message : String(error)}`);
}
const store = openStore({ databaseUrl, dataDir });
try {
  await store.migrate();
  await publishProcedures(store, content.procedures);
} catch (error) {
  await store.dispose();
  fail(error instanceof Error ? error.message : String(error));
}

const relay = config.relay;
const adminToken = config.adminToken;
const submissionLimits = createSubmissionLimiter({ ...DEFAULT_SUBMISSION_LIMITS, ...config.submissionLimits });
// The antivirus, where the site enables it. clamd may start after this server: an answer
// missing now is said once here, and each submission meanwhile gets a 503 to retry.
let scanner: VirusScanner | undefined;
if (config.clamav) {
  const { socket, timeoutMs } = config.clamav;
  try {
    scanner = createClamdScanner({ address: socket, timeoutMs });
  } catch (error) {
    await store.dispose();
    fail((error as Error).message);
  }
  scanner.ping().then(
    () => console.log(`Antivirus: attachments are scanned by clamd at ${socket}.`),
    (error: Error) => console.warn(`Antivirus: ${error.message}; submissions with attachments get a 503 until it answers.`),
  );
} else console.warn('Antivirus: GUICHET_CLAMAV_SOCKET is not set; attachments are not scanned.');
// A route whose variables are missing does not stop intake: its deliveries wait, pending, and
// the console shows why. Said once here, loudly.
const { connectors, unavailable, toDesk } = siteConnectors(content.site.routes, process.env);
for (const [route, reason] of unavailable)
  console.warn(`Relay: route "${route}" is not configured; its deliveries wait until it is. ${reason}`);
for (const [route, reason] of toDesk)
  console.warn(`Relay: route "${route}" is not configured; its requests go to the instruction desk (/desk), as site.yaml's fallback says. ${reason}`);
const handoffHours = config.handoffHours;
if (!config.publicUrlSet) console.warn(`Receipts: GUICHET_PUBLIC_URL is not set; QR codes point to ${publicUrl}.`);
const { trustedProxies, bodyBytesInFlight } = config;
if (trustedProxies.entries.length > 0) console.log(`Proxies: the client is read from Forwarded / X-Forwarded-For behind ${trustedProxies.entries.join(', ')}.`);
// Acknowledgments by email use the SMTP server of the relay's mailbox routes. Without one they
// stay queued (receipt_emails) and go once it is set.
const mailer = config.smtp
  ? createReceiptMailer({
      smtp: {
        host: config.smtp.host,
        port: config.smtp.port,
        secure: config.smtp.secure,
        ...(config.smtp.requireTLS ? { requireTLS: true } : {}),
        ...(config.smtp.auth ? { auth: config.smtp.auth } : {}),
      },
      from: config.smtp.from,
      publicUrl,
    })
  : undefined;
const receiptEmails = mailer ? createReceiptEmailSender({ store, content, mailer }) : undefined;
if (!receiptEmails) console.warn('Receipts: GUICHET_SMTP_HOST or GUICHET_SMTP_FROM is not set; acknowledgment emails wait, queued.');
// Status notices by SMS: one SMPP session to the operator's gateway, bound again after a drop.
const smsUrl = config.smsUrl;
let smsGateway: ReturnType<typeof createSmppGateway> | undefined;
if (smsUrl) {
  const sender = content.site.sms?.sender;
  if (!sender) fail('GUICHET_SMS_URL is set but site.yaml has no sms.sender (the name SMS come from).');
  try {
    smsGateway = createSmppGateway({
      url: smsUrl,
      sender: sender!,
      onReceipt: (receipt) => {
        if (receipt.noticeId)
          void store.recordNoticeReceipt({ noticeId: receipt.noticeId, messageId: receipt.messageId, state: receipt.state, at: new Date() }).catch(() => {});
      },
    });
  } catch (error) {
    fail(`GUICHET_SMS_URL: ${(error as Error).message}`);
  }
} else console.warn('Notices: GUICHET_SMS_URL is not set; SMS notices wait, queued.');
const smsSender = smsGateway
  ? createSmsSender({ store, content, gateway: smsGateway, texts: readSmsTexts(contentDir, content.site.locales.map((l) => l.code)), publicUrl })
  : undefined;
// Help bookings: reminders the day before and offers of freed places by SMS (email ones wait,
// queued), and offers whose deadline passed lapse to the next person waiting.
const helpNotices = content.site.help ? createHelpNoticeSender({ store, content, ...(smsGateway ? { gateway: smsGateway } : {}), publicUrl }) : undefined;
// Status notices by email, through the acknowledgments' SMTP server; queued until it is set.
const noticeTransport = config.smtp
  ? createNoticeTransport({
      smtp: {
        host: config.smtp.host,
        port: config.smtp.port,
        secure: config.smtp.secure,
        ...(config.smtp.requireTLS ? { requireTLS: true } : {}),
        ...(config.smtp.auth ? { auth: config.smtp.auth } : {}),
      },
      from: config.smtp.from,
    })
  : undefined;
const siteLocales = content.site.locales.map((l) => l.code);
const emailNotices = noticeTransport
  ? createEmailNoticeSender({
      store,
      content,
      send: noticeTransport.send,
      texts: { sms: readSmsTexts(contentDir, siteLocales), life: readLifeTexts(contentDir, siteLocales) },
      publicUrl,
    })
  : undefined;
// One set of metrics for the app and the jobs that report to it (the retention purge's rounds).
const metrics = createMetrics({ store });
const retention = startRetention({ store, content, attachmentsDir: join(dataDir, 'attachments'), onRun: (run) => metrics.purgeRun(run) });

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
if (relay.enabled) {
  // Before any delivery: the folder connector removes what a killed process left half-written.
  for (const [route, connector] of connectors)
    await connector.start?.().catch((error: unknown) => console.warn(`Relay: route "${route}" could not be prepared: ${(error as Error).message}`));
  worker.start();
}
else console.warn('Relay: GUICHET_RELAY=off, deliveries are stored but not sent by this process.');

// One life for every caller, so that each status that queues a notice wakes the SMS sender.
const requestLife = storeRequestLife(store, (id) => content.procedures.find((procedure) => procedure.id === id), () => {
  smsSender?.wake();
  emailNotices?.wake();
});
// Silence decides at the SVA / SVR date: every instance may run it, the store judges once.
const implicitDecisions = createImplicitDecisionJob({ store, life: requestLife });

const app = createApp({
  content,
  store,
  console: {
    adminToken,
    routes: new Map<string, RouteInfo>([
      ...[...connectors].map(([route, connector]): [string, RouteInfo] => [route, { connector: connector.name }]),
      ...[...unavailable].map(([route, reason]): [string, RouteInfo] => [route, { unavailable: reason }]),
    ]),
    alertAfterMs: config.alertAfterMinutes * 60_000,
    onRetry: () => worker.wake(),
  },
  version,
  attachmentsDir: join(dataDir, 'attachments'),
  keyring,
  kioskDir: join(root, 'dist', 'kiosk'),
  errorTexts: readErrorTexts(contentDir, content.site.locales.map((l) => l.code)),
  speech: {
    catalogue: buildSpeechCatalogue(content, readUiTexts(contentDir, content.site.locales.map((l) => l.code))),
    synthesize: espeak,
    dir: join(dataDir, 'speech'),
  },
  publicUrl,
  submissionLimits,
  ...(handoffHours ? { handoffHours } : {}),
  scanner,
  ...(mailer ? { copySenders: { email: mailer } } : {}),
  trustedProxies,
  bodyBytesInFlight,
  // One JSON line per request on stdout (request id, route pattern, status, duration).
  log: pino({ base: { service: 'guichet' } }),
  metricsToken: config.metricsToken,
  metrics,
  onAccepted: () => receiptEmails?.wake(),
  onHelpNotices: () => helpNotices?.wake(),
  ...(config.calendarSecret ? { calendarSecret: config.calendarSecret } : {}),
  // Back-offices report statuses signed with their webhook route's secret.
  statusEvents: {
    life: requestLife,
    signingRoutes: signingRoutes(content.site.routes, process.env),
  },
});
receiptEmails?.start();
smsGateway?.start();
smsSender?.start();
helpNotices?.start();
emailNotices?.start();
implicitDecisions.start();

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
    Promise.all([smsSender?.stop(), helpNotices?.stop()]).then(() => smsGateway?.dispose()),
    emailNotices?.stop().then(() => noticeTransport?.dispose()),
    implicitDecisions.stop(),
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
