// The server's entry: the only file that reads the environment, opens the socket and
// handles signals. Everything else is built by createApp from what this file opens.
//
// Environment:
//   PORT      port to listen on (default 8080)
//   HOST      address to listen on (default 0.0.0.0: every interface, since the kiosks are
//             other machines on the town's network; set 127.0.0.1 behind a local reverse proxy)
//   DATA_DIR  where the SQLite file and attachments live (default ./data)
//   CONTENT_DIR  the content folder (default the repository's content/)
//   DATABASE_URL  postgres://… to keep submissions in PostgreSQL (several instances on one
//             database); without it, SQLite in DATA_DIR. Attachments stay in DATA_DIR either way.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { CONTENT_DIR, loadContent } from '../content/check/index.ts';
import { createApp } from './app.ts';
import { readErrorTexts } from './error-messages.ts';
import { publishProcedures } from './procedures.ts';
import { createPostgresStore } from './store/postgres.ts';
import { createSqliteStore } from './store/sqlite.ts';

/** How long in-flight requests get to finish after SIGTERM before the process gives up. */
const SHUTDOWN_GRACE_MS = 10_000;

function fail(message: string): never {
  console.error(`Guichet cannot start: ${message}`);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT must be a port number, not "${process.env.PORT}".`);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const contentDir = resolve(process.env.CONTENT_DIR ?? CONTENT_DIR);
const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

let content: ReturnType<typeof loadContent>;
try {
  content = loadContent(contentDir);
} catch (error) {
  // A ContentError's message lists every problem, file and line, as `npm run content:check` does.
  fail(`the content in ${contentDir} is not valid: ${error instanceof Error ? error.message : String(error)}`);
}
await mkdir(dataDir, { recursive: true });
const databaseUrl = process.env.DATABASE_URL?.trim();
const store = databaseUrl
  ? createPostgresStore({ connectionString: databaseUrl })
  : createSqliteStore({ file: join(dataDir, 'guichet.sqlite') });
try {
  await store.migrate();
  await publishProcedures(store, content.procedures);
} catch (error) {
  await store.dispose();
  fail(error instanceof Error ? error.message : String(error));
}

const app = createApp({
  content,
  store,
  version,
  attachmentsDir: join(dataDir, 'attachments'),
  kioskDir: join(root, 'dist', 'kiosk'),
  errorTexts: readErrorTexts(contentDir, content.site.locales.map((l) => l.code)),
});

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  const storage = databaseUrl ? 'PostgreSQL' : 'SQLite';
  console.log(`Guichet ${version} listening on http://${info.address}:${info.port} (${storage}, data in ${dataDir})`);
}) as Server;
server.on('error', (error) => fail(error.message));

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing requests in flight, then stopping.`);
  setTimeout(() => {
    console.error(`Requests still running after ${SHUTDOWN_GRACE_MS} ms: stopping anyway.`);
    process.exit(1);
  }, SHUTDOWN_GRACE_MS).unref();
  await new Promise<void>((done) => {
    server.close(() => done());
    server.closeIdleConnections();
  });
  await store.dispose();
  console.log('Stopped.');
  process.exit(0);
}
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
