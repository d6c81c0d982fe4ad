// From site.yaml to connectors: reads a route's options, fills the ones that live in the
// environment (`urlFrom: GUICHET_STREET_WEBHOOK_URL`), and refuses a route that cannot work
// at start, with a sentence naming the route and the missing piece.

import type { Site } from '../../../content/model/index.ts';
import { createDeskConnector } from './desk.ts';
import { createFolderConnector, type FolderConnectorOptions } from './folder.ts';
import { createSmtpConnector, type SmtpConnectorOptions } from './smtp.ts';
import type { Connector } from './types.ts';
import { createWebhookConnector, decodeSecret, type WebhookConnectorOptions } from './webhook.ts';

/** A route of site.yaml: `{ connector: 'webhook', urlFrom: 'GUICHET_STREET_WEBHOOK_URL' }`. */
export type SiteRoute = NonNullable<Site['routes']>[string];

/** The environment, as `process.env` holds it; passed in so that this module reads no global. */
export type Env = Readonly<Record<string, string | undefined>>;

/** A connector kind and its options, ready for `createConnector`. */
export type ConnectorConfig =
  | { connector: 'smtp'; options: SmtpConnectorOptions }
  | { connector: 'webhook'; options: WebhookConnectorOptions }
  | { connector: 'folder'; options: FolderConnectorOptions }
  | { connector: 'desk'; options: Record<string, never> };

/**
 * SMTP server settings shared by every mailbox route, read from the environment when the route
 * does not give them: GUICHET_SMTP_HOST, GUICHET_SMTP_PORT, GUICHET_SMTP_SECURE,
 * GUICHET_SMTP_REQUIRE_TLS, GUICHET_SMTP_USER, GUICHET_SMTP_PASSWORD, GUICHET_SMTP_FROM.
 */
const SMTP_ENV = {
  host: 'GUICHET_SMTP_HOST',
  port: 'GUICHET_SMTP_PORT',
  secure: 'GUICHET_SMTP_SECURE',
  requireTLS: 'GUICHET_SMTP_REQUIRE_TLS',
  user: 'GUICHET_SMTP_USER',
  password: 'GUICHET_SMTP_PASSWORD',
  from: 'GUICHET_SMTP_FROM',
} as const;

const OPTIONS = {
  smtp: ['host', 'port', 'secure', 'requireTLS', 'user', 'password', 'from', 'to', 'timeoutMs', 'timeZone'],
  webhook: ['url', 'secret', 'timeoutMs', 'maxEmbeddedBytes'],
  folder: ['directory', 'timeoutMs'],
  desk: [],
} as const;

/** Options that are secrets: only ever read from the environment, never written in site.yaml. */
const SECRETS = new Set(['password', 'secret']);

/**
 * Turns a site.yaml route and the environment into a connector's options. An option `xFrom: VAR`
 * takes its value from `env[VAR]`. A webhook's secret comes from `secretFrom`, or else from the
 * variable named like `urlFrom` with `_URL` replaced by `_SECRET`. Throws an Error whose message
 * names the route and what is missing or wrong.
 *
 * @example
 * fromRoute({ connector: 'webhook', urlFrom: 'GUICHET_STREET_WEBHOOK_URL' }, process.env, 'street-app')
 * // { connector: 'webhook', options: { url: 'https://…', secret: 'whsec_…' } }
 * // (secret read from GUICHET_STREET_WEBHOOK_SECRET)
 */
export function fromRoute(route: SiteRoute, env: Env, name = '(sans nom)'): ConnectorConfig {
  const refuse = (problem: string): never => {
    throw new Error(`La route « ${name} » de site.yaml ne peut pas être utilisée : ${problem}`);
  };
  const kind = route.connector;
  if (!isKind(kind))
    return refuse(`le connecteur « ${String(kind)} » n'existe pas (connus : ${Object.keys(OPTIONS).join(', ')}).`);
  const allowed: readonly string[] = OPTIONS[kind];

  const values = new Map<string, unknown>();
  const sources = new Map<string, string>();
  for (const [key, value] of Object.entries(route)) {
    if (key === 'connector') continue;
    // `fallback: desk`: where this route cannot be built, the desk takes its requests (relay/routes.ts).
    if (key === 'fallback') {
      if (value !== 'desk') refuse(`« fallback » ne peut valoir que desk (reçu « ${String(value)} »).`);
      continue;
    }
    const option = key.endsWith('From') && key.length > 4 ? key.slice(0, -4) : undefined;
    if (option === undefined) {
      if (!allowed.includes(key)) refuse(`l'option « ${key} » est inconnue (options : ${allowed.join(', ')}).`);
      if (SECRETS.has(key))
        refuse(
          `« ${key} » est un secret et ne s'écrit pas dans site.yaml : donnez plutôt ${key}From avec le nom d'une variable d'environnement.`,
        );
      values.set(key, value);
      continue;
    }
    if (!allowed.includes(option)) refuse(`l'option « ${key} » est inconnue (options : ${allowed.join(', ')}).`);
    if (option in route) refuse(`« ${option} » et « ${key} » sont donnés tous les deux.`);
    if (typeof value !== 'string' || value === '')
      refuse(`« ${key} » doit être le nom d'une variable d'environnement.`);
    values.set(option, readEnv(env, value as string, `« ${key} »`, refuse));
    sources.set(option, value as string);
  }

  const text = (option: string): string | undefined => {
    const value = values.get(option);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') return refuse(`« ${option} » doit être un texte.`);
    return value.trim();
  };
  const required = (option: string, hint: string): string =>
    text(option) ?? refuse(`l'option « ${option} » manque (${hint}).`);
  const number = (option: string): number | undefined => {
    const value = values.get(option);
    if (value === undefined) return undefined;
    const parsed =
      typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isSafeInteger(parsed) || parsed <= 0)
      return refuse(`« ${option} » doit être un nombre entier positif (reçu « ${String(value)} »).`);
    return parsed;
  };
  const flag = (option: string): boolean | undefined => {
    const value = values.get(option);
    if (value === undefined || typeof value === 'boolean') return value;
    if (typeof value === 'string' && /^(true|1|oui)$/i.test(value.trim())) return true;
    if (typeof value === 'string' && /^(false|0|non)$/i.test(value.trim())) return false;
    return refuse(`« ${option} » doit valoir true ou false (reçu « ${String(value)} »).`);
  };
  const timeoutMs = number('timeoutMs');
  const withTimeout = timeoutMs === undefined ? {} : { timeoutMs };

  switch (kind) {
    case 'desk':
      return { connector: 'desk', options: {} };
    case 'folder':
      return {
        connector: 'folder',
        options: { directory: required('directory', 'donnez directoryFrom'), ...withTimeout },
      };

    case 'webhook': {
      const url = required('url', 'donnez urlFrom');
      try {
        new URL(url);
      } catch {
        refuse(
          `l'adresse du webhook${sources.has('url') ? ` (variable ${sources.get('url')})` : ''} n'est pas une URL valable.`,
        );
      }
      if (!values.has('secret')) {
        const urlVar = sources.get('url');
        if (!urlVar?.endsWith('_URL'))
          refuse("le secret de signature manque : donnez secretFrom avec le nom d'une variable d'environnement.");
        const secretVar = `${(urlVar as string).slice(0, -'_URL'.length)}_SECRET`;
        values.set('secret', readEnv(env, secretVar, 'le secret de signature', refuse));
        sources.set('secret', secretVar);
      }
      try {
        decodeSecret(text('secret') ?? '');
      } catch {
        refuse(`le secret de signature (variable ${sources.get('secret')}) doit s'écrire whsec_ suivi de base64.`);
      }
      const maxEmbeddedBytes = number('maxEmbeddedBytes');
      return {
        connector: 'webhook',
        options: {
          url,
          secret: required('secret', 'donnez secretFrom'),
          ...withTimeout,
          ...(maxEmbeddedBytes === undefined ? {} : { maxEmbeddedBytes }),
        },
      };
    }

    case 'smtp': {
      for (const [option, variable] of Object.entries(SMTP_ENV)) {
        if (!values.has(option) && env[variable] !== undefined && env[variable] !== '')
          values.set(option, env[variable]);
      }
      const to = values.get('to');
      const recipients =
        typeof to === 'string'
          ? to.trim()
          : Array.isArray(to) && to.every((t) => typeof t === 'string')
            ? (to as string[])
            : undefined;
      if (!recipients || recipients.length === 0) refuse("l'option « to » (la boîte du service) manque.");
      const port = number('port');
      const secure = flag('secure') ?? port === 465;
      const user = text('user');
      const password = text('password');
      if ((user === undefined) !== (password === undefined)) {
        refuse(`l'identifiant et le mot de passe SMTP vont ensemble (${SMTP_ENV.user} et ${SMTP_ENV.password}).`);
      }
      const requireTLS = flag('requireTLS');
      const timeZone = text('timeZone');
      return {
        connector: 'smtp',
        options: {
          host: required('host', `donnez ${SMTP_ENV.host}`),
          port: port ?? (secure ? 465 : 587),
          secure,
          ...(requireTLS === undefined ? {} : { requireTLS }),
          ...(user !== undefined && password !== undefined ? { auth: { user, pass: password } } : {}),
          from: required('from', `donnez ${SMTP_ENV.from}`),
          to: recipients as string | string[],
          ...withTimeout,
          ...(timeZone === undefined ? {} : { timeZone }),
        },
      };
    }
  }
}

/**
 * Creates the connector a configuration describes. Does no I/O, like every connector factory.
 *
 * @example
 * const connectors = Object.entries(site.routes ?? {}).map(([name, route]) => [name, createConnector(fromRoute(route, process.env, name))]);
 */
export function createConnector(config: ConnectorConfig): Connector {
  switch (config.connector) {
    case 'smtp':
      return createSmtpConnector(config.options);
    case 'webhook':
      return createWebhookConnector(config.options);
    case 'folder':
      return createFolderConnector(config.options);
    case 'desk':
      return createDeskConnector();
  }
}

function isKind(kind: unknown): kind is keyof typeof OPTIONS {
  return typeof kind === 'string' && Object.hasOwn(OPTIONS, kind);
}

function readEnv(env: Env, variable: string, what: string, refuse: (problem: string) => never): string {
  const value = env[variable];
  if (value === undefined || value.trim() === '')
    return refuse(`${what} vient de la variable d'environnement ${variable}, qui n'est pas définie.`);
  return value.trim();
}
