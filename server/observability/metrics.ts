// Owns what the town's IT can scrape at GET /metrics (Prometheus text): HTTP requests by route
// pattern and status, accepted submissions, deliveries by route and state read from the store at
// scrape time, and the process's own figures (event-loop lag, memory, CPU). A label is never a
// raw path, a reference, a code or an answer: only route patterns, methods, statuses and the
// delivery routes named in site.yaml.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { clientAddressOf, NO_TRUSTED_PROXIES, type TrustedProxies } from '../client-address.ts';
import { GuichetError } from '../errors.ts';
import type { Store } from '../store/types.ts';

export interface Metrics {
  /** Counts one answered request: `route` is the matched pattern (`/api/submissions/:reference`). */
  observeRequest(request: { method: string; route: string; status: number; seconds: number }): void;
  /** One submission newly committed (an idempotent replay is not counted again). */
  accepted(): void;
  /** One round of the retention purge, and how many submissions' answers it erased. */
  purgeRun(run: { outcome: 'done' | 'failed'; submissions: number }): void;
  /** The exposition text, the store's deliveries read now. */
  scrape(): Promise<string>;
  readonly contentType: string;
}

/** A terminal silent for longer than this is counted silent (the console says the same). */
export const SILENT_AFTER_MS = 3 * 60_000;

// The process's figures are the process's, whichever app asks: registered once, so that the
// many apps of a test run do not each start an event-loop monitor.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * The metrics of one app over its store.
 *
 * @example const metrics = createMetrics({ store, now }); metrics.accepted();
 */
export function createMetrics({ store, now = () => new Date() }: { store: Store; now?: () => Date }): Metrics {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'guichet_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status.', labelNames, registers: [registry] });
  const durations = new Histogram({
    name: 'guichet_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const accepts = new Counter({ name: 'guichet_submissions_accepted_total', help: 'Submissions accepted (committed) by this process since it started.', registers: [registry] });
  // Read from the store at scrape time (one query): every instance of the server reports the same totals.
  const deliveries = new Gauge({
    name: 'guichet_deliveries',
    help: 'Deliveries to back-offices by route and state (pending includes waiting; waiting: pending after a failed attempt; dead: waits for a person to retry).',
    labelNames: ['route', 'state'] as const,
    registers: [registry],
  });
  const failing = new Gauge({
    name: 'guichet_delivery_failing_seconds',
    help: 'Seconds since the oldest pending delivery of a route started failing (0 when none fails).',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const purgeRuns = new Counter({ name: 'guichet_purge_runs_total', help: 'Rounds of the retention purge by this process, by outcome (done, failed).', labelNames: ['outcome'] as const, registers: [registry] });
  const purged = new Counter({ name: 'guichet_purged_submissions_total', help: 'Submissions whose answers the retention purge erased, by this process.', registers: [registry] });
  const terminals = new Gauge({
    name: 'guichet_terminals',
    help: `Kiosk terminals by their last heartbeat: reporting, or silent for more than ${SILENT_AFTER_MS / 60_000} minutes.`,
    labelNames: ['state'] as const,
    registers: [registry],
  });
  const outboxes = new Gauge({
    name: 'guichet_terminal_outbox_entries',
    help: 'Requests waiting in the kiosks’ own outboxes, as their last heartbeats said (summed over terminals that are not silent).',
    registers: [registry],
  });
  const oldest = new Gauge({
    name: 'guichet_terminal_outbox_oldest_seconds',
    help: 'Age of the oldest request waiting in any kiosk’s outbox, as the last heartbeats said.',
    registers: [registry],
  });
  const notices = new Gauge({ name: 'guichet_notices', help: 'Notices to residents (SMS, email, letter) by channel and state (pending, sent, dead).', labelNames: ['channel', 'state'] as const, registers: [registry] });
  const readTerminalsAndNotices = async () => {
    const [list, counts] = await Promise.all([store.listTerminals(), store.noticeCounts()]);
    const at = now().getTime();
    const silent = list.filter((t) => at - Date.parse(t.lastSeenAt) > SILENT_AFTER_MS);
    const reporting = list.filter((t) => at - Date.parse(t.lastSeenAt) <= SILENT_AFTER_MS);
    terminals.set({ state: 'silent' }, silent.length);
    terminals.set({ state: 'reporting' }, reporting.length);
    outboxes.set(reporting.reduce((n, t) => n + t.outboxLength, 0));
    oldest.set(Math.max(0, ...reporting.filter((t) => t.outboxLength > 0).map((t) => t.oldestAgeSeconds)));
    notices.reset();
    for (const count of counts) notices.set({ channel: count.channel, state: count.state }, count.notices);
  };
  const readDeliveries = async () => {
    const summaries = await store.deliverySummary();
    const at = now().getTime();
    deliveries.reset();
    failing.reset();
    for (const summary of summaries) {
      for (const state of ['pending', 'waiting', 'delivered', 'dead'] as const) deliveries.set({ route: summary.route, state }, summary[state]);
      failing.set({ route: summary.route }, summary.failingSince ? Math.max(0, (at - Date.parse(summary.failingSince)) / 1000) : 0);
    }
  };
  const processes = processMetrics();
  return {
    contentType: registry.contentType,
    observeRequest({ method, route, status, seconds }) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      durations.observe(labels, seconds);
    },
    accepted: () => accepts.inc(),
    purgeRun({ outcome, submissions }) {
      purgeRuns.inc({ outcome });
      purged.inc(submissions);
    },
    async scrape() {
      await Promise.all([readDeliveries(), readTerminalsAndNotices()]);
      return `${await registry.metrics()}\n${await processes.metrics()}`;
    },
  };
}

/** Loopback, private and link-local networks (RFC 1918, RFC 4193): who may scrape without a token. */
const PRIVATE = new BlockList();
for (const [address, bits] of [['127.0.0.0', 8], ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['169.254.0.0', 16]] as const)
  PRIVATE.addSubnet(address, bits, 'ipv4');
for (const [address, bits] of [['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) PRIVATE.addSubnet(address, bits, 'ipv6');

/** Whether `address` is loopback or on a private network; anything unreadable is not. */
export function isPrivateAddress(address: string): boolean {
  const plain = (/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address).toLowerCase();
  const family = isIP(plain);
  return family !== 0 && PRIVATE.check(plain, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * A forwarding header from a peer GUICHET_TRUSTED_PROXIES does not name: a proxy on the machine
 * or the private network passes on someone whose address is not believed, maybe anyone at all.
 */
function forwardedByUnknownProxy(c: Context, trusted: TrustedProxies): boolean {
  if (c.req.header('forwarded') === undefined && c.req.header('x-forwarded-for') === undefined) return false;
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  return peer === undefined || !trusted.has(peer);
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics. With a token (GUICHET_METRICS_TOKEN), only `Authorization: Bearer <token>`
 * reads it, from anywhere (401 otherwise); without one, only a client on loopback or a private
 * network (403 otherwise), the client as GUICHET_TRUSTED_PROXIES settles it; a request a
 * proxy forwards without being named there is refused, since its client is unknown.
 */
export function metricsRoutes({
  metrics,
  token,
  trustedProxies = NO_TRUSTED_PROXIES,
}: {
  metrics: Metrics;
  token?: string | undefined;
  trustedProxies?: TrustedProxies;
}) {
  return new Hono().get('/', async (c) => {
    if (token !== undefined) {
      const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      // Compared as digests: same length, constant time, whatever was sent.
      if (given === undefined || !timingSafeEqual(digest(given), digest(token)))
        throw new GuichetError('metrics-token-required', 'Les métriques demandent le jeton GUICHET_METRICS_TOKEN (Authorization: Bearer).', {
          headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
        });
    } else if (!isPrivateAddress(clientAddressOf(c)) || forwardedByUnknownProxy(c, trustedProxies)) {
      throw new GuichetError('metrics-address-refused', 'Sans GUICHET_METRICS_TOKEN, les métriques se lisent seulement depuis la machine ou un réseau privé.');
    }
    return c.body(await metrics.scrape(), 200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' });
  });
}
