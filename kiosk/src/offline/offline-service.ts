// Starts the offline side of the kiosk once the home screen is on screen: the service worker
// and its updates between sessions, the outbox (and Dexie, loaded here, not before), the
// connection signals, persistent storage and the heartbeat.
import { computed } from '@preact/signals';
import { contentState } from '../content/content-store.ts';
import { getContent } from '../api/client.ts';
import { startIndicators } from '../indicators/index.ts';
import { active, receiptArrived } from '../journey/session.ts';
import { currentRoute } from '../router/history.ts';
import { browserOnline, lateReceipts, outboxCounts, serverReachable } from './connection.ts';
import { startHeartbeat } from './heartbeat.ts';
import { onOutbox, pageOutbox } from './outbox-link.ts';
import { terminalId, terminalSite } from './terminal.ts';
import { isNewerContent, startUpdates } from './updates.ts';

declare const __GUICHET_VERSION__: string;
const APP_VERSION = typeof __GUICHET_VERSION__ === 'string' ? __GUICHET_VERSION__ : 'dev';

let started = false;

/** Swaps in new content only if its version changed, without a loading screen. */
async function refreshContent(): Promise<void> {
  const fresh = await getContent();
  const state = contentState.peek();
  if (isNewerContent(state.status === 'ready' ? state.content : undefined, fresh))
    contentState.value = { status: 'ready', content: fresh };
}

export function startOffline(): void {
  if (started || typeof window === 'undefined') return;
  started = true;

  addEventListener('online', () => (browserOnline.value = true));
  addEventListener('offline', () => (browserOnline.value = false));

  onOutbox({
    onSent: (key, receipt) => {
      lateReceipts.value = new Map(lateReceipts.peek()).set(key, receipt);
      receiptArrived(key, receipt);
    },
    onSummary: (summary) => (outboxCounts.value = summary),
    onReachable: (reached) => (serverReachable.value = reached),
  });

  // The journey reports: what procedures are used and where people give up, with no answer.
  startIndicators();

  // Kept through storage pressure: the outbox may hold requests nobody else has.
  void navigator.storage?.persist?.().catch(() => false);

  const idle = computed(() => currentRoute.value.name === 'home' && active.value === undefined);
  void startUpdates({ idle, refreshContent });

  const outboxReady = pageOutbox();
  startHeartbeat(
    async () => {
      const outbox = await outboxReady;
      const summary = outbox ? await outbox.summary() : { waiting: 0, held: 0 };
      const state = contentState.peek();
      return {
        terminalId: terminalId(),
        site: terminalSite(),
        appVersion: APP_VERSION,
        contentVersion: state.status === 'ready' ? state.content.version : '',
        outboxLength: summary.waiting + summary.held,
        oldestAgeSeconds:
          summary.oldestSavedAt === undefined ? 0 : Math.max(0, Math.round((Date.now() - summary.oldestSavedAt) / 1000)),
      };
    },
    (reached) => {
      // The server is back without any `online` event (it was the server that was down): send now.
      if (reached && !serverReachable.peek()) void outboxReady.then((outbox) => outbox?.flush(true));
      serverReachable.value = reached;
    },
  );
}

/** Runs `task` when the page is idle, within a second at most. */
export function whenIdle(task: () => void): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
  if (idle) idle(task, { timeout: 1_000 });
  else setTimeout(task, 0);
}

/** Starts the offline side once the first screen has its content (or could not get it). */
export function startOfflineWhenReady(): void {
  const go = () => whenIdle(startOffline);
  if (contentState.peek().status !== 'loading') return go();
  const stop = contentState.subscribe((state) => {
    if (state.status === 'loading') return;
    queueMicrotask(() => stop());
    go();
  });
}
