// The relay's settings from the environment, with their defaults (documented in server/README.md).
import type { Env } from './connectors/index.ts';
import type { RetryPolicy } from './backoff.ts';

export interface RelaySettings {
  enabled: boolean;
  policy: RetryPolicy;
  concurrency: number;
  routeConcurrency: number;
  folderConcurrency: number;
  pollMs: number;
  leaseMarginMs: number;
}

const MINUTE = 60_000;

/**
 * Reads GUICHET_RELAY_* variables. Throws an Error naming the variable when one is not a whole
 * number in range.
 *
 * @example relaySettings({ GUICHET_RELAY_MAX_ATTEMPTS: '5' }).policy.maxAttempts // 5
 */
export function relaySettings(env: Env): RelaySettings {
  const whole = (name: string, fallback: number, min = 1): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw.trim());
    if (!Number.isSafeInteger(value) || value < min)
      throw new Error(`${name} must be a whole number of at least ${min}, not "${raw}".`);
    return value;
  };
  const enabled = env.GUICHET_RELAY?.trim().toLowerCase() !== 'off';
  const concurrency = whole('GUICHET_RELAY_CONCURRENCY', 8);
  const baseMs = whole('GUICHET_RELAY_BACKOFF_BASE_MS', 30_000);
  const capMs = whole('GUICHET_RELAY_BACKOFF_CAP_MS', 6 * 60 * MINUTE);
  if (capMs < baseMs) throw new Error('GUICHET_RELAY_BACKOFF_CAP_MS must not be less than GUICHET_RELAY_BACKOFF_BASE_MS.');
  return {
    enabled,
    policy: { baseMs, capMs, maxAttempts: whole('GUICHET_RELAY_MAX_ATTEMPTS', 20) },
    concurrency,
    routeConcurrency: whole('GUICHET_RELAY_ROUTE_CONCURRENCY', Math.ceil(concurrency / 2)),
    folderConcurrency: whole('GUICHET_RELAY_FOLDER_CONCURRENCY', 2),
    pollMs: whole('GUICHET_RELAY_POLL_MS', 1_000, 10),
    leaseMarginMs: whole('GUICHET_RELAY_LEASE_MARGIN_MS', 15_000, 100),
  };
}
