// A real app over a real SQLite file in a temporary folder, for route tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testClient } from 'hono/testing';
import { checkContent } from '../../content/check/index.ts';
import type { Content } from '../../content/model/index.ts';
import { createApp, type AppDeps } from '../app.ts';
import { publishProcedures } from '../procedures.ts';
import { createKeyring, newSealingKey, type Keyring } from '../sealing.ts';
import { createSqliteStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  client: ReturnType<typeof testClient<ReturnType<typeof createApp>>>;
  store: Store;
  content: Content;
  /** The app's sealing keys: one made for the test unless `keyring` is given. */
  keyring: Keyring;
  dataDir: string;
  dispose: () => Promise<void>;
}

/**
 * The real procedures and site, read once per test file as the server loads them. Their
 * problems are `npm run content:check`'s to report (it runs before the tests), so a slip in
 * an interface text does not hide what the server tests say.
 */
let realContent: Content | undefined;
export const content = (): Content => (realContent ??= checkContent().content);

/**
 * Starts an app on a fresh data folder; `dispose()` closes the store and removes the folder.
 *
 * @example const t = await startTestApp({ now: () => new Date('2026-11-28T10:00:00Z') })
 */
export async function startTestApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-server-'));
  const store = overrides.store ?? createSqliteStore({ file: join(dataDir, 'guichet.sqlite') });
  const appContent = overrides.content ?? content();
  await store.migrate();
  await publishProcedures(store, appContent.procedures);
  const keyring = overrides.keyring ?? createKeyring([newSealingKey()]);
  const app = createApp({
    content: appContent,
    store,
    version: '0.0.0-test',
    attachmentsDir: join(dataDir, 'attachments'),
    keyring,
    ...overrides,
  });
  return {
    app,
    client: testClient(app),
    store,
    content: appContent,
    keyring,
    dataDir,
    dispose: async () => {
      await store.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
