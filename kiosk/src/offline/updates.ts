// Owns the service worker's registration and when updates are taken: a new app version (a
// waiting worker) or a new content version is applied only while the kiosk is idle — on the
// home screen with no journey in progress — never in the middle of someone's procedure.
import { effect, type ReadonlySignal } from '@preact/signals';
import type { ServedContent } from '../api/client.ts';

export interface UpdateOptions {
  /** True on the home screen with no journey in progress. */
  idle: ReadonlySignal<boolean>;
  /** Fetches the content again and swaps it in if its version changed. */
  refreshContent: () => Promise<void>;
  /** How often to look for updates while idle. */
  checkEveryMs?: number;
}

/** Registers /sw.js and takes its updates between sessions. Does nothing without service workers. */
export async function startUpdates(options: UpdateOptions): Promise<void> {
  const container = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
  const checkEveryMs = options.checkEveryMs ?? 10 * 60_000;
  let registration: ServiceWorkerRegistration | undefined;
  if (container) {
    // A page the first worker claims has no controller yet; only a replacement means a new version.
    let hadController = Boolean(container.controller);
    container.addEventListener('controllerchange', () => {
      if (hadController) location.reload();
      hadController = true;
    });
    try {
      registration = await container.register('/sw.js', { scope: '/', type: 'classic', updateViaCache: 'none' });
    } catch (error) {
      console.error('service worker not registered:', error);
    }
  }
  let timer: ReturnType<typeof setInterval> | undefined;
  const takeUpdates = async () => {
    if (!options.idle.peek()) return;
    await options.refreshContent().catch(() => undefined);
    await registration?.update().catch(() => undefined);
    const waiting = registration?.waiting;
    if (waiting && options.idle.peek() && container?.controller) waiting.postMessage({ type: 'SKIP_WAITING' });
  };
  registration?.addEventListener('updatefound', () => {
    const installing = registration?.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') void takeUpdates();
    });
  });
  effect(() => {
    clearInterval(timer);
    if (!options.idle.value) return;
    void takeUpdates();
    timer = setInterval(() => void takeUpdates(), checkEveryMs);
  });
}

/**
 * Whether a fresh copy of the content is another version than the one on screen, or comes with
 * another sealing key (the server's key was rotated: new envelopes are sealed with the new one).
 */
export function isNewerContent(current: ServedContent | undefined, fresh: ServedContent): boolean {
  return current?.version !== fresh.version || current?.sealing?.keyId !== fresh.sealing?.keyId;
}
