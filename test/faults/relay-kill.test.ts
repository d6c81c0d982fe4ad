// Fault test (a): SIGKILL the real server in the middle of relaying 500 submissions to a real
// webhook receiver, a real SMTP server and a hot folder, restart it on the same data folder,
// and check every delivery arrived, none twice in effect (receivers dedupe by idempotency key;
// the raw re-sends that a crash between sending and recording causes are counted and reported),
// and nothing of a half-written drop stays in the hot folder: its dot-folders are counted too,
// since a `.guichet-<ref>-*` temporary holds a person's answers (issue 22).
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CONTENT_DIR, readContent } from '../../content/check/index.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import { startSmtpReceiver, startWebhookReceiver, WEBHOOK_SECRET, type SmtpReceiver, type WebhookReceiver } from '../support/receivers.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const SUBMISSIONS = 500;
const ADMIN_TOKEN = 'fault-test-token-0123456789abcdefghijklmnop';
const content = readContent();
const routesOf = new Map(content.procedures.map((p) => [p.id, p.routes]));
// Agent procedures need a signed-in agent (server/staff); residents' ones reach every connector.
const bodies = content.procedures.filter((p) => p.audience === 'resident').map((p) => ({ id: p.id, body: JSON.stringify(validSubmission(p, { postcodes: content.site.postcodes })) }));

let webhook: WebhookReceiver;
let smtp: SmtpReceiver;
let server: RunningServer | undefined;
const dataDir = mkdtempSync(join(tmpdir(), 'guichet-kill-'));
const gedDir = mkdtempSync(join(tmpdir(), 'guichet-ged-'));
// The real content, with each route's timeout cut to 2 s so that the leases the killed process
// held (timeout + margin) run out in 3 s rather than 45.
const contentDir = mkdtempSync(join(tmpdir(), 'guichet-kill-content-'));
cpSync(CONTENT_DIR, contentDir, { recursive: true });
const siteFile = join(contentDir, 'site.yaml');
writeFileSync(siteFile, readFileSync(siteFile, 'utf8').replace(/\{ connector: (\w+),/g, '{ connector: $1, timeoutMs: 2000,'));

afterAll(async () => {
  await server?.stop('SIGKILL');
  await webhook?.close();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(gedDir, { recursive: true, force: true });
  rmSync(contentDir, { recursive: true, force: true });
});

/** Keys the hot folder holds: each dropped folder's document names its idempotency key. */
function folderKeys(): string[] {
  return readdirSync(gedDir)
    .filter((name) => !name.startsWith('.'))
    .flatMap((dir) =>
      readdirSync(join(gedDir, dir))
        .filter((f) => f.startsWith('submission-') && f.endsWith('.json'))
        .map((f) => (JSON.parse(readFileSync(join(gedDir, dir, f), 'utf8')) as { idempotencyKey: string }).idempotencyKey),
    );
}

/** Work-in-progress folders in the hot folder (hidden from the GED by their leading dot). */
const temporaries = () => readdirSync(gedDir).filter((name) => name.startsWith('.'));

const received = () => webhook.keys.length + smtp.keys.length + folderKeys().length;

async function summary(url: string) {
  const response = await fetch(`${url}/console`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
  const { summary } = (await response.json()) as { summary: Array<{ route: string; pending: number; delivered: number; dead: number }> };
  return summary;
}

it('loses nothing and duplicates nothing in effect when the server is killed mid-relay', async () => {
  webhook = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  const env = {
    CONTENT_DIR: contentDir,
    GUICHET_ADMIN_TOKEN: ADMIN_TOKEN,
    GUICHET_RELAY_LEASE_MARGIN_MS: '1000',
    GUICHET_STREET_WEBHOOK_URL: `${webhook.url}/street`,
    GUICHET_STREET_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GUICHET_EDUCATION_WEBHOOK_URL: `${webhook.url}/education`,
    GUICHET_EDUCATION_WEBHOOK_SECRET: WEBHOOK_SECRET,
    GUICHET_GED_FOLDER: gedDir,
    GUICHET_SMTP_HOST: '127.0.0.1',
    GUICHET_SMTP_PORT: String(smtp.port),
    GUICHET_SMTP_SECURE: 'false',
    GUICHET_SMTP_FROM: 'Guichet <guichet@belval-sur-loire.fr>',
    GUICHET_RELAY_POLL_MS: '50',
    GUICHET_RELAY_BACKOFF_BASE_MS: '100',
    GUICHET_RELAY_BACKOFF_CAP_MS: '1000',
  };
  server = await startServer(env, dataDir);

  // The kiosks' side: each envelope is sent until the server answers with a reference, with the
  // same key and body on every try, as the kiosk outbox does.
  const envelopes = Array.from({ length: SUBMISSIONS }, (_, i) => ({ key: randomUUID(), ...bodies[i % bodies.length]! }));
  const answered = new Map<string, string>();
  const send = async (url: string) => {
    const queue = envelopes.filter((e) => !answered.has(e.key));
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let e = queue.shift(); e; e = queue.shift()) {
          try {
            const response = await fetch(`${url}/api/submissions`, {
              method: 'POST',
              body: e.body,
              headers: { 'Content-Type': 'application/json', 'Idempotency-Key': e.key },
            });
            if (response.status === 201) answered.set(e.key, ((await response.json()) as { reference: string }).reference);
            else throw new Error(`${response.status} ${await response.text()}`);
          } catch (error) {
            if (!(error instanceof TypeError)) throw error; // a network error: the server died
          }
        }
      }),
    );
  };

  const expected = envelopes.flatMap((e) => routesOf.get(e.id)!.map((route) => `${e.key}.${route}`));
  const sending = send(server.url);
  // Kill once relaying is well under way, and nowhere near done.
  const deadline = Date.now() + 60_000;
  while (received() < 150 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const beforeKill = received();
  server.process.kill('SIGKILL');
  await server.stop('SIGKILL');
  await sending;
  const answeredBeforeKill = answered.size;
  const leftByKill = temporaries().length;
  // Whether this kill lands inside a folder write is chance (the issue saw four after three
  // kills): one is also left as a kill mid-write leaves it, a reference's answers half-written.
  mkdirSync(join(gedDir, '.guichet-KILL-0001-a1b2c3'));
  writeFileSync(join(gedDir, '.guichet-KILL-0001-a1b2c3', 'photo.jpg'), 'half-written answers');
  expect(beforeKill).toBeGreaterThan(0);
  expect(beforeKill).toBeLessThan(expected.length);

  server = await startServer(env, dataDir);
  await send(server.url);
  expect(answered.size).toBe(SUBMISSIONS);
  const url = server.url;
  const waitUntil = Date.now() + 150_000;
  for (;;) {
    const routes = await summary(url);
    const delivered = routes.reduce((n, r) => n + r.delivered, 0);
    if (delivered === expected.length) break;
    if (routes.some((r) => r.dead > 0)) throw new Error(`dead deliveries: ${JSON.stringify(routes)}\n${server.output()}`);
    if (Date.now() > waitUntil) throw new Error(`not drained: ${JSON.stringify(routes)}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  const arrived = [...webhook.keys, ...smtp.keys, ...folderKeys()];
  const distinct = new Set(arrived);
  // 0 lost: every expected delivery arrived; 0 duplicated in effect: nothing else did.
  expect([...distinct].sort()).toEqual([...expected].sort());
  expect(webhook.badSignatures).toBe(0);
  // The restarted relay removed what the killed one was writing: no answers left in the dark.
  expect(temporaries()).toEqual([]);
  const resends = webhook.resends() + smtp.resends();
  console.info(
    `kill test: ${SUBMISSIONS} submissions (${answeredBeforeKill} answered before the kill), ${expected.length} deliveries, ` +
      `${beforeKill} received before SIGKILL; after restart: ${distinct.size} distinct keys, 0 lost, 0 duplicated in effect; ` +
      `hot folder temporaries: ${leftByKill} left by the kill (and 1 planted), ${temporaries().length} after restart; ` +
      `raw re-sends deduplicated by key: ${resends} (webhook ${webhook.resends()}, SMTP ${smtp.resends()}; the folder connector dedupes itself)`,
  );
});
