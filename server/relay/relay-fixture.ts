// For relay tests: a real app over a temporary SQLite file, submissions posted through it as a
// kiosk would, and a worker over the same store with the connectors a test chooses.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Procedure } from '../../content/model/index.ts';
import type { AppDeps } from '../app.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';
import type { Connector } from './connectors/index.ts';
import { createDeliveryBuilder } from './delivery.ts';
import { createRelayWorker, type RelayLog, type RelayWorker, type RelayWorkerDeps } from './worker.ts';

export interface RelayFixture {
  t: TestApp;
  /** Posts `count` valid submissions of a procedure; returns their ids. */
  submit(procedureId: string, count?: number): Promise<string[]>;
  worker(connectors: Record<string, Connector>, overrides?: Partial<RelayWorkerDeps>): RelayWorker;
  /** What the workers logged, by level. */
  logs: { info: string[]; warn: string[]; error: string[] };
  dispose(): Promise<void>;
}

export async function startRelayFixture(app: Partial<AppDeps> = {}): Promise<RelayFixture> {
  const t = await startTestApp(app);
  const workers: RelayWorker[] = [];
  const logs = { info: [] as string[], warn: [] as string[], error: [] as string[] };
  const log: RelayLog = {
    info: (m) => logs.info.push(m),
    warn: (m) => logs.warn.push(m),
    error: (m, e) => logs.error.push(`${m}${e instanceof Error ? `: ${e.message}` : ''}`),
  };
  const procedure = (id: string): Procedure => {
    const found = t.content.procedures.find((p) => p.id === id);
    if (!found) throw new Error(`no procedure ${id}`);
    return found;
  };
  return {
    t,
    logs,
    async submit(procedureId, count = 1) {
      const body = JSON.stringify(validSubmission(procedure(procedureId), { postcodes: t.content.site.postcodes }));
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        const response = await t.app.request('/api/submissions', {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': id },
        });
        if (response.status !== 201) throw new Error(`submission refused: ${response.status} ${await response.text()}`);
        ids.push(id);
      }
      return ids;
    },
    worker(connectors, overrides = {}) {
      const worker = createRelayWorker({
        store: t.store,
        connectors: new Map(Object.entries(connectors)),
        toDelivery: createDeliveryBuilder({ store: t.store, attachmentsDir: join(t.dataDir, 'attachments') }),
        policy: { baseMs: 20, capMs: 100, maxAttempts: 5 },
        concurrency: 8,
        routeConcurrency: () => 4,
        pollMs: 20,
        leaseMarginMs: 1_000,
        log,
        ...overrides,
      });
      workers.push(worker);
      return worker;
    },
    async dispose() {
      await Promise.all(workers.map((w) => w.stop()));
      await t.dispose();
    },
  };
}

/** Waits until `check` holds, polling every 20 ms; fails after `timeoutMs` with `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
