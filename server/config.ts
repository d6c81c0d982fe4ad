// The server's settings, read from the environment once, before anything opens: every variable,
// its default and the message a wrong value gets. main.ts and the command-line tools read it;
// nothing else reads process.env.
import { resolve } from 'node:path';
import { z } from 'zod';
import { CONTENT_DIR } from '../content/check/index.ts';
import { DEFAULT_BODY_BYTES_IN_FLIGHT } from './bodies-in-flight.ts';
import { parseTrustedProxies, type TrustedProxies } from './client-address.ts';
import { DEFAULT_SUBMISSION_LIMITS } from './rate-limit.ts';
import { SUBMISSION_WIRE_LIMIT } from './routes/submissions.ts';
import { relaySettings, type RelaySettings } from './relay/settings.ts';

type Env = Record<string, string | undefined>;

/** The token makes the first admin account and opens the console's JSON to scripts: too short is refused. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

const YES = /^(true|1|oui|yes)$/i;

/** An unset or blank variable is absent; anything else is trimmed. */
const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const whole = (name: string, fallback: number, { min = 1, max = Number.MAX_SAFE_INTEGER, unit = '' } = {}) =>
  optional.transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
    ctx.addIssue({ code: 'custom', message: `${name} must be a whole number${unit} between ${min} and ${max}, not "${raw}".` });
    return z.NEVER;
  });

const positive = (name: string, fallback: number | undefined, { max = Number.MAX_VALUE, unit = '' } = {}) =>
  optional.transform((raw, ctx) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (Number.isFinite(value) && value > 0 && value <= max) return value;
    ctx.addIssue({ code: 'custom', message: `${name} must be a positive number${unit}${max < Number.MAX_VALUE ? ` up to ${max}` : ''}, not "${raw}".` });
    return z.NEVER;
  });

const schema = z.object({
  PORT: whole('PORT', 8080, { min: 0, max: 65535 }),
  HOST: optional.transform((v) => v ?? '0.0.0.0'),
  DATA_DIR: optional.transform((v) => resolve(v ?? 'data')),
  CONTENT_DIR: optional.transform((v) => resolve(v ?? CONTENT_DIR)),
  DATABASE_URL: optional.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'DATABASE_URL must be a PostgreSQL connection string (postgres://user:password@host:port/database).',
  }),
  GUICHET_SEALING_KEYS: optional,
  GUICHET_ADMIN_TOKEN: optional.refine((v) => v === undefined || v.length >= MIN_ADMIN_TOKEN_LENGTH, {
    message: `GUICHET_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (try \`openssl rand -base64 32\`).`,
  }),
  GUICHET_METRICS_TOKEN: optional.refine((v) => v === undefined || v.length >= MIN_ADMIN_TOKEN_LENGTH, {
    message: `GUICHET_METRICS_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (try \`openssl rand -base64 32\`).`,
  }),
  GUICHET_CONSOLE_ALERT_AFTER_MINUTES: positive('GUICHET_CONSOLE_ALERT_AFTER_MINUTES', 15, { unit: ' of minutes' }),
  GUICHET_SUBMISSIONS_PER_TERMINAL: whole('GUICHET_SUBMISSIONS_PER_TERMINAL', DEFAULT_SUBMISSION_LIMITS.perTerminal, { unit: ' of submissions per 15 minutes' }),
  GUICHET_SUBMISSIONS_PER_ADDRESS: whole('GUICHET_SUBMISSIONS_PER_ADDRESS', DEFAULT_SUBMISSION_LIMITS.perAddress, { unit: ' of submissions per 15 minutes' }),
  GUICHET_CLAMAV_SOCKET: optional,
  GUICHET_CLAMAV_TIMEOUT_MS: whole('GUICHET_CLAMAV_TIMEOUT_MS', 10_000, { unit: ' of milliseconds' }),
  GUICHET_HANDOFF_HOURS: positive('GUICHET_HANDOFF_HOURS', undefined, { max: 24, unit: ' of hours' }),
  GUICHET_PUBLIC_URL: optional.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), {
    message: 'GUICHET_PUBLIC_URL must be the address residents reach the server at, such as https://guichet.example.fr.',
  }),
  GUICHET_SMTP_HOST: optional,
  GUICHET_SMTP_FROM: optional,
  GUICHET_SMTP_PORT: whole('GUICHET_SMTP_PORT', 0, { min: 0, max: 65535 }),
  GUICHET_SMTP_SECURE: optional,
  GUICHET_SMTP_REQUIRE_TLS: optional,
  GUICHET_SMTP_USER: optional,
  GUICHET_SMTP_PASSWORD: z.string().optional(),
  // The limits per address count the client a named proxy forwards for; a forwarding header
  // from any other peer is ignored (anyone can write one).
  GUICHET_TRUSTED_PROXIES: optional.transform((raw, ctx) => {
    try {
      return parseTrustedProxies(raw ?? '');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  }),
  // Memory for request bodies: at least one submission of the largest size must fit.
  GUICHET_BODY_BYTES_IN_FLIGHT: optional.transform((raw, ctx) => {
    const value = raw === undefined ? DEFAULT_BODY_BYTES_IN_FLIGHT : Number(raw);
    if (Number.isSafeInteger(value) && value >= SUBMISSION_WIRE_LIMIT) return value;
    ctx.addIssue({
      code: 'custom',
      message: `GUICHET_BODY_BYTES_IN_FLIGHT must be a whole number of bytes of at least ${SUBMISSION_WIRE_LIMIT} (the largest submission), not "${raw}".`,
    });
    return z.NEVER;
  }),
  GUICHET_SMS_URL: optional.refine((v) => v === undefined || /^smpp:\/\/[^\s@]+@[^\s]+$/.test(v), {
    message: 'GUICHET_SMS_URL must be the SMPP gateway as smpp://user:password@host:port.',
  }),
  // Signs the mediators' calendar feed addresses: long enough that nobody guesses one.
  GUICHET_CALENDAR_SECRET: optional.refine((v) => v === undefined || v.length >= 32, {
    message: 'GUICHET_CALENDAR_SECRET must be at least 32 characters (for instance `openssl rand -base64 32`).',
  }),
});

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  auth?: { user: string; pass: string };
  from: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  contentDir: string;
  databaseUrl: string | undefined;
  sealingDir: string;
  adminToken: string | undefined;
  /** Bearer token for GET /metrics; unset, only loopback and private networks may scrape. */
  metricsToken: string | undefined;
  alertAfterMinutes: number;
  submissionLimits: { perTerminal: number; perAddress: number };
  clamav: { socket: string; timeoutMs: number } | undefined;
  handoffHours: number | undefined;
  /** Where residents reach the server; `publicUrlSet` false when it fell back to localhost. */
  publicUrl: string;
  publicUrlSet: boolean;
  /** Unset until both a host and a sender are given. */
  smtp: SmtpConfig | undefined;
  /** The operator's SMPP gateway for SMS notices (GUICHET_SMS_URL); unset, they wait, queued. */
  smsUrl: string | undefined;
  /** Signs the mediators' calendar feed addresses (GUICHET_CALENDAR_SECRET); unset, no feed. */
  calendarSecret: string | undefined;
  relay: RelaySettings;
  trustedProxies: TrustedProxies;
  /** Bytes of request bodies held at once; beyond, 503 with Retry-After. */
  bodyBytesInFlight: number;
}

/** Every problem of the environment at once, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * Reads and checks the environment; throws a ConfigError naming every wrong variable.
 *
 * @example const config = readConfig(process.env); // config.port === 8080 when PORT is unset
 */
export function readConfig(env: Env): Config {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  let relay: RelaySettings | undefined;
  try {
    relay = relaySettings(env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (!parsed.success || !relay) throw new ConfigError(problems);
  const v = parsed.data;
  const secure = YES.test(v.GUICHET_SMTP_SECURE ?? '') || v.GUICHET_SMTP_PORT === 465;
  return {
    port: v.PORT,
    host: v.HOST,
    dataDir: v.DATA_DIR,
    contentDir: v.CONTENT_DIR,
    databaseUrl: v.DATABASE_URL,
    sealingDir: resolve(v.GUICHET_SEALING_KEYS ?? resolve(v.DATA_DIR, 'sealing-keys')),
    adminToken: v.GUICHET_ADMIN_TOKEN,
    metricsToken: v.GUICHET_METRICS_TOKEN,
    alertAfterMinutes: v.GUICHET_CONSOLE_ALERT_AFTER_MINUTES ?? 15,
    submissionLimits: { perTerminal: v.GUICHET_SUBMISSIONS_PER_TERMINAL, perAddress: v.GUICHET_SUBMISSIONS_PER_ADDRESS },
    clamav: v.GUICHET_CLAMAV_SOCKET ? { socket: v.GUICHET_CLAMAV_SOCKET, timeoutMs: v.GUICHET_CLAMAV_TIMEOUT_MS } : undefined,
    handoffHours: v.GUICHET_HANDOFF_HOURS,
    publicUrl: (v.GUICHET_PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, ''),
    publicUrlSet: v.GUICHET_PUBLIC_URL !== undefined,
    smsUrl: v.GUICHET_SMS_URL,
    calendarSecret: v.GUICHET_CALENDAR_SECRET,
    smtp:
      v.GUICHET_SMTP_HOST && v.GUICHET_SMTP_FROM
        ? {
            host: v.GUICHET_SMTP_HOST,
            port: v.GUICHET_SMTP_PORT || (secure ? 465 : 587),
            secure,
            requireTLS: YES.test(v.GUICHET_SMTP_REQUIRE_TLS ?? ''),
            ...(v.GUICHET_SMTP_USER ? { auth: { user: v.GUICHET_SMTP_USER, pass: v.GUICHET_SMTP_PASSWORD ?? '' } } : {}),
            from: v.GUICHET_SMTP_FROM,
          }
        : undefined,
    relay,
    trustedProxies: v.GUICHET_TRUSTED_PROXIES,
    bodyBytesInFlight: v.GUICHET_BODY_BYTES_IN_FLIGHT,
  };
}

/** For the command-line tools: the same settings as the server, or the problems and exit 1. */
export function readConfigOrExit(env: Env): Config {
  try {
    return readConfig(env);
  } catch (error) {
    console.error(error instanceof ConfigError ? `The settings are wrong:\n- ${error.problems.join('\n- ')}` : String(error));
    process.exit(1);
  }
}
