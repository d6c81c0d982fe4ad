// Owns the terminal's heartbeat: once a minute, what reception needs to see a terminal that
// holds requests it cannot send. No personal data: counts and ages only.
import { postHeartbeat, type Heartbeat } from '../api/client.ts';

export const HEARTBEAT_EVERY_MS = 60_000;

/**
 * Sends `read()` now and every minute; `onResult` learns whether the server answered.
 *
 * @example startHeartbeat(async () => ({ terminalId, site, ... }), (ok) => (serverReachable.value = ok))
 */
export function startHeartbeat(read: () => Promise<Heartbeat>, onResult: (reached: boolean) => void, everyMs = HEARTBEAT_EVERY_MS): () => void {
  let stopped = false;
  const beat = async () => {
    if (stopped) return;
    try {
      onResult(await postHeartbeat(await read()));
    } catch {
      onResult(false);
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), everyMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
