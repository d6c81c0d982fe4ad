// Builds the Hono app from its dependencies; opens nothing and reads no environment
// (main.ts does). The kiosk's client is typed from AppType.
import { Hono, type Context } from 'hono';
import { except } from 'hono/combine';
import { HTTPException } from 'hono/http-exception';
import { methodNotAllowed } from 'hono/method-not-allowed';
import type { Content } from '../content/model/index.ts';
import type { ErrorTexts } from './error-messages.ts';
import { GuichetError, PROBLEM_CONTENT_TYPE, problemOf, type ProblemCode } from './errors.ts';
import { consoleRoutes, type ConsoleSettings } from './console/index.ts';
import { contentRoutes } from './routes/content.ts';
import { healthRoutes } from './routes/health.ts';
import { createMetrics, metricsRoutes, type Metrics } from './observability/metrics.ts';
import { requestLog, SILENT_LOG } from './observability/request-log.ts';
import type { Logger } from 'pino';
import { procedureRoutes } from './routes/procedures.ts';
import { handoffRoutes, type HandoffLimits } from './handoffs/routes.ts';
import { agendaRoutes } from './help/agenda.tsx';
import { helpRoutes } from './help/routes.ts';
import { deskRoutes } from './desk/routes.tsx';
import { receptionRoutes } from './reception/routes.ts';
import { storeRequestLife } from './requests/store-life.ts';
import type { RequestLife } from './requests/request-life.ts';
import { statusEventRoutes, statusEventSchemaRoutes } from './requests/routes.ts';
import type { SigningRoute } from './requests/webhook-signature.ts';
import { submissionRoutes } from './routes/submissions.ts';
import { terminalRoutes } from './routes/terminals.ts';
import { journeyEventRoutes } from './indicators/journey-events.ts';
import { indicatorsRoutes } from './indicators/routes.tsx';
import { openDataRoutes } from './indicators/open-data.ts';
import { mandateRoutes } from './routes/mandates.ts';
import { registerRoutes } from './routes/register.ts';
import { bodiesInFlight, DEFAULT_BODY_BYTES_IN_FLIGHT } from './bodies-in-flight.ts';
import { clientAddresses, NO_TRUSTED_PROXIES, type TrustedProxies } from './client-address.ts';
import { createSubmissionLimiter, type SlidingWindow } from './rate-limit.ts';
import type { Keyring } from './sealing.ts';
import { refuseCrossSite, securityHeaders } from './security.ts';
import { espeak } from './speech/espeak.ts';
import { speechRoutes, type SpeechDeps } from './speech/routes.ts';
import { kioskFiles } from './static.ts';
import { storageError } from './storage-faults.ts';
import { createSignInLimiter, type SignInLimiter } from './staff/limiter.ts';
import { staffRoutes } from './staff/routes.ts';
import type { ReceiptMailer } from './receipts/index.ts';
import type { Store } from './store/types.ts';
import { createGuessLimiter, type GuessLimiter } from './tracking.ts';
import type { VirusScanner } from './uploads/clamav.ts';
import { JSON_BODY_LIMIT, limitBody } from './validators.ts';

export interface AppDeps {
  content: Content;
  store: Store;
  /** The server's version, as /api/health reports it. */
  version: string;
  /** Where attachment files are written (`${DATA_DIR}/attachments`). */
  attachmentsDir: string;
  /** The sealing keys: the newest is published with the content, every one opens envelopes. */
  keyring: Keyring;
  /** The built kiosk (dist/kiosk); without it, only the API answers. */
  kioskDir?: string;
  /** The fixed texts the server speaks for terminals without a voice; none when absent. */
  speech?: SpeechDeps;
  /** Error sentences from content/locales/<locale>/ui.json; built-in French otherwise. */
  errorTexts?: ErrorTexts;
  /** The clock; tests set it. */
  now?: () => Date;
  /** The delivery console (/console): admin token, routes, banner delay. Without it, /console answers 503. */
  console?: ConsoleSettings;
  /** Public address of the server (GUICHET_PUBLIC_URL), for the receipts' QR code and links. */
  publicUrl?: string;
  /** Limits wrong reference and code guesses; one in-memory limiter per app by default. */
  guesses?: GuessLimiter;
  /** Called after a new submission is committed (wakes the receipt email sender). */
  onAccepted?: () => void;
  /** Limits wrong staff codes per account and per address; one in-memory limiter per app by default. */
  signIns?: SignInLimiter;
  /** Limits new submissions per terminal and per address; DEFAULT_SUBMISSION_LIMITS by default. */
  submissionLimits?: SlidingWindow;
  /** Hours a hand-off waits for reception (GUICHET_HANDOFF_HOURS); 4 by default. */
  handoffHours?: number;
  /** Limits hand-offs made and wrong hand-off codes; in memory by default. */
  handoffLimits?: HandoffLimits;
  /** The antivirus (clamd, GUICHET_CLAMAV_SOCKET); without it attachments are not scanned. */
  scanner?: VirusScanner;
  /** Senders of "send me a copy", by channel (the receipts' mailer for email); without one, 503. */
  copySenders?: { email?: ReceiptMailer };
  /** Proxies whose `Forwarded` / `X-Forwarded-For` name the client (GUICHET_TRUSTED_PROXIES); none by default. */
  trustedProxies?: TrustedProxies;
  /** Bytes of request bodies held at once (GUICHET_BODY_BYTES_IN_FLIGHT); beyond, 503 with Retry-After. */
  bodyBytesInFlight?: number;
  /**
   * The status events back-offices send (`POST /api/submissions/:reference/events`): the
   * requests' life and the webhook routes' secrets. Without them every event is a 401.
   */
  statusEvents?: { life?: RequestLife; signingRoutes?: readonly SigningRoute[] };
  /** The request log (JSON lines, pino); silent by default. */
  log?: Logger;
  /** GET /metrics: the bearer token (GUICHET_METRICS_TOKEN), or unset for loopback and private networks only. */
  metricsToken?: string | undefined;
  /** The app's metrics; one set per app by default. */
  metrics?: Metrics;
  /** Called when a help booking queued a reminder or an offer (wakes their sender). */
  onHelpNotices?: () => void;
  /** Signs the mediators' calendar feed addresses (GUICHET_CALENDAR_SECRET); without it, no feed. */
  calendarSecret?: string;
}

/** HTTP errors Hono itself raises, by status, mapped to the catalogue. */
const HONO_ERRORS: Partial<Record<number, ProblemCode>> = {
  400: 'invalid-body',
  404: 'not-found',
  405: 'method-not-allowed',
  413: 'body-too-large',
  415: 'unsupported-media-type',
};

/** Any thrown value as the server's one error type. */
function asGuichetError(error: unknown): GuichetError {
  if (error instanceof GuichetError) return error;
  if (error instanceof HTTPException) {
    const code = HONO_ERRORS[error.status];
    if (code) return new GuichetError(code, error.message || 'Requête refusée.', { cause: error });
  }
  // A full or read-only disk, a database gone: 503 with Retry-After, never a 500.
  const storage = storageError(error);
  if (storage) return storage;
  console.error('Unexpected error:', error);
  return new GuichetError('internal', "Une erreur inattendue s'est produite ; elle a été enregistrée.", { cause: error });
}

/** The one place an error becomes an HTTP response. */
export function problemResponse(c: Context, error: unknown): Response {
  const guichetError = asGuichetError(error);
  const problem = problemOf(guichetError);
  return c.json(problem, problem.status as 400, {
    ...guichetError.headers,
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Cache-Control': 'no-store',
  });
}

/**
 * The Guichet server: the public API under /api and the built kiosk everywhere else.
 *
 * @example serve({ fetch: createApp({ content, store, version, attachmentsDir }).fetch })
 */
export function createApp(deps: AppDeps) {
  const now = deps.now ?? (() => new Date());
  const kiosk = deps.kioskDir ? kioskFiles(deps.kioskDir) : undefined;
  // One count of wrong staff codes, whether typed on a kiosk or in the reception console.
  const signIns = deps.signIns ?? createSignInLimiter();
  // One life for the desk, the events route and the residents' completions, so each change wakes the notices' senders.
  const requestLife = deps.statusEvents?.life ?? storeRequestLife(deps.store, (id) => deps.content.procedures.find((p) => p.id === id));
  const publicUrl = deps.publicUrl ?? 'http://localhost:8080';
  const metrics = deps.metrics ?? createMetrics({ store: deps.store, now });
  // One limiter for tracking codes and booking codes: a guesser's tries count together.
  const guesses = deps.guesses ?? createGuessLimiter();
  const onAccepted = () => {
    metrics.accepted();
    deps.onAccepted?.();
  };
  const base = new Hono();
  // First, so that every answer is timed, counted and logged, refusals included.
  base.use(requestLog({ log: deps.log ?? SILENT_LOG, metrics }));
  base.use(clientAddresses(deps.trustedProxies ?? NO_TRUSTED_PROXIES));
  base.use(securityHeaders);
  base.use(refuseCrossSite);
  base.use(
    methodNotAllowed({
      app: base,
      onMethodNotAllowed: (c, methods) =>
        problemResponse(
          c,
          new GuichetError('method-not-allowed', `Cette adresse accepte seulement : ${methods.join(', ')}.`, {
            headers: { Allow: methods.join(', ') },
          }),
        ),
    }),
  );
  base.use(bodiesInFlight(deps.bodyBytesInFlight ?? DEFAULT_BODY_BYTES_IN_FLIGHT));
  // Submissions carry attachments and set their own, larger limit.
  base.use('/api/*', except('/api/submissions', limitBody(JSON_BODY_LIMIT)));
  base.onError((error, c) => problemResponse(c, error));
  base.notFound(async (c) => {
    const page = kiosk ? await kiosk(c) : undefined;
    return page ?? problemResponse(c, new GuichetError('not-found', `Rien ne répond à ${c.req.method} ${c.req.path}.`));
  });
  return base
    .route('/metrics', metricsRoutes({ metrics, token: deps.metricsToken, trustedProxies: deps.trustedProxies ?? NO_TRUSTED_PROXIES }))
    .route('/api/health', healthRoutes(deps))
    .route('/api/content', contentRoutes(deps))
    .route('/api/procedures', procedureRoutes({ content: deps.content, now }))
    .route('/api/speech', speechRoutes(deps.speech ?? { catalogue: new Map(), synthesize: espeak, dir: '' }))
    .route('/api/staff', staffRoutes({ content: deps.content, store: deps.store, now, limiter: signIns }))
    .route(
      '/api/submissions',
      submissionRoutes({
        ...deps,
        onAccepted,
        errorTexts: deps.errorTexts ?? new Map(),
        now,
        publicUrl,
        guesses,
        submissionLimits: deps.submissionLimits ?? createSubmissionLimiter(),
        life: requestLife,
      }),
    )
    .route('/api/submissions', statusEventRoutes({ ...deps.statusEvents, locales: deps.content.site.locales.map((locale) => locale.code), now }))
    .route('/api/schemas', statusEventSchemaRoutes(deps.content.site.locales.map((locale) => locale.code)))
    .route('/api/terminals', terminalRoutes({ store: deps.store, now }))
    .route('/api/help', helpRoutes({ content: deps.content, store: deps.store, now, guesses, publicUrl, ...(deps.onHelpNotices ? { onNotices: deps.onHelpNotices } : {}) }))
    .route('/api/indicators', journeyEventRoutes({ store: deps.store, content: deps.content, now }))
    .route('/api/mandates', mandateRoutes({ store: deps.store, content: deps.content, now, guesses }))
    .route('/register', registerRoutes({ content: deps.content }))
    .route(
      '/api/handoffs',
      handoffRoutes({
        store: deps.store,
        content: deps.content,
        now,
        ...(deps.handoffHours ? { hours: deps.handoffHours } : {}),
        ...(deps.handoffLimits ? { limits: deps.handoffLimits } : {}),
      }),
    )
    .route(
      '/agenda',
      agendaRoutes({ content: deps.content, store: deps.store, now, guesses, publicUrl, calendarSecret: deps.calendarSecret, ...(deps.onHelpNotices ? { onNotices: deps.onHelpNotices } : {}) }),
    )
    .route('/console', consoleRoutes({ ...deps.console, store: deps.store, content: deps.content, now, limiter: signIns }))
    .route('/open-data', openDataRoutes({ store: deps.store, content: deps.content, now }))
    .route('/indicators', indicatorsRoutes({ store: deps.store, content: deps.content, now, limiter: signIns }))
    .route('/reception', receptionRoutes({ store: deps.store, content: deps.content, now, limiter: signIns, publicUrl, attachmentsDir: deps.attachmentsDir }))
    .route(
      '/desk',
      deskRoutes({
        store: deps.store,
        content: deps.content,
        now,
        limiter: signIns,
        // The same life as the events route's, so a desk decision wakes the notices' senders too.
        life: requestLife,
        attachmentsDir: deps.attachmentsDir,
      }),
    );
}

export type AppType = ReturnType<typeof createApp>;
