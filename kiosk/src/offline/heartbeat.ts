// Owns the terminal's heartbeat: once a minute, what reception needs to see a terminal that
// holds requests it cannot send. No personal data: counts and ages only.
import { postHeartbeat, type Heartbeat } from '../api/client.ts';
import { terminalSecret } from './terminal.ts';

export const HEARTBEAT_EVERY_MS = 60_000;
/**
 * While the server cannot be reached, the heartbeat also serves to notice its return: a server
 * restarted behind a network that never went down fires no `online` event.
 */
export const HEARTBEAT_UNREACHABLE_EVERY_MS = 10_000;

/**
 * Sends `read()` now and every minute (every 10 s while the server does not answer); `onResult`
 * learns whether the server answered.
 *
 * @example startHeartbeat(async () => ({ terminalId, site, ... }), (ok) => (serverReachable.value = ok))
 */
export function startHeartbeat(
  read: () => Promise<Heartbeat>,
  onResult: (reached: boolean) => void,
  everyMs = HEARTBEAT_EVERY_MS,
  unreachableEveryMs = HEARTBEAT_UNREACHABLE_EVERY_MS,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const beat = async () => {
    if (stopped) return;
    let reached = false;
    try {
      reached = await postHeartbeat(await read(), terminalSecret());
    } catch {
      reached = false;
    }
    onResult(reached);
    if (!stopped) timer = setTimeout(() => void beat(), reached ? everyMs : unreachableEveryMs);
  };
  void beat();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
