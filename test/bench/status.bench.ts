// The status round trip: a back-office's signed event accepted by the server → the SMS notice
// on the operator's SMPP gateway (the `smpp` package's server on loopback), through the store's
// outbox and the SMPP client; beside the submission accept time (POST → 201) measured in the
// same run, on the same server. Real HTTP on loopback, SQLite with synchronous=FULL. Median of
// several runs; nothing asserted.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Webhook } from 'standardwebhooks';
import { createApp } from '../../server/app.ts';
import { createSmppGateway } from '../../server/notices/smpp-gateway.ts';
import { createSmsSender } from '../../server/notices/sms-sender.ts';
import { readSmsTexts } from '../../server/notices/sms-text.ts';
import { publishProcedures } from '../../server/procedures.ts';
import { storeRequestLife } from '../../server/requests/store-life.ts';
import { createKeyring, newSealingKey } from '../../server/sealing.ts';
import { createSqliteStore } from '../../server/store/index.ts';
import { startSmppServer } from '../../server/test-support/smpp-server.ts';
import { content as realContent } from '../../server/test-support/test-app.ts';
import { validSubmission } from '../../server/test-support/valid-answers.ts';
import type { BenchTable } from './run.ts';

const RUNS = 15;
const SECRET = `whsec_${Buffer.from('status-bench-secret-of-32-bytes!').toString('base64')}`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export default async function statusBench(): Promise<BenchTable> {
  const content = realContent();
  const procedure = content.procedures.find((p) => p.id === 'school-registration')!;
  const dataDir = mkdtempSync(join(tmpdir(), 'guichet-bench-status-'));
  const store = createSqliteStore({ file: join(dataDir, 'guichet.sqlite') });
  await store.migrate();
  await publishProcedures(store, content.procedures);
  const gateway = await startSmppServer({ systemId: 'guichet', password: 'bench' });
  let arrived: (() => void) | undefined;
  gateway.beforeAnswer = () => {
    arrived?.();
    return 'answer';
  };
  const client = createSmppGateway({ url: `smpp://guichet:bench@127.0.0.1:${gateway.port}`, sender: 'Belval', log: () => {} });
  client.start();
  const publicUrl = 'http://localhost:8080';
  const sms = createSmsSender({ store, content, gateway: client, texts: readSmsTexts('content', content.site.locales.map((l) => l.code)), publicUrl, pollMs: 60_000 });
  const life = storeRequestLife(store, (id) => content.procedures.find((p) => p.id === id), () => sms.wake());
  const app = createApp({
    content,
    store,
    version: 'bench',
    attachmentsDir: join(dataDir, 'attachments'),
    keyring: createKeyring([newSealingKey()]),
    publicUrl,
    statusEvents: { life, signingRoutes: [{ route: 'education-app', secret: SECRET }] },
  });
  const server = await new Promise<ServerType>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signer = new Webhook(SECRET);
  const accepts: number[] = [];
  const roundTrips: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const body = JSON.stringify(validSubmission(procedure, { postcodes: content.site.postcodes }));
      const sent = performance.now();
      const created = await fetch(`${base}/api/submissions`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body });
      const { reference } = (await created.json()) as { reference: string };
      accepts.push(performance.now() - sent);
      if (created.status !== 201) throw new Error(`submission answered ${created.status}`);

      const event = JSON.stringify({ type: 'incomplete', missing: [{ label: { fr: 'Justificatif de domicile' } }], respondBy: '2099-01-31' });
      const id = `msg_bench_${run}`;
      const onGateway = new Promise<void>((resolve) => (arrived = resolve));
      const posted = performance.now();
      const answer = await fetch(`${base}/api/submissions/${reference}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': signer.sign(id, new Date(), event) },
        body: event,
      });
      if (answer.status !== 200) throw new Error(`event answered ${answer.status}: ${await answer.text()}`);
      await onGateway;
      roundTrips.push(performance.now() - posted);
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await sms.stop();
    await client.dispose();
    await gateway.close();
    await store.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return {
    title: 'Status round trip (event → SMS on the gateway)',
    rows: [
      { measure: 'submission accepted (POST /api/submissions → 201)', median: ms(median(accepts)), min: ms(Math.min(...accepts)), max: ms(Math.max(...accepts)), runs: RUNS },
      { measure: 'status event → SMS submit_sm on the gateway', median: ms(median(roundTrips)), min: ms(Math.min(...roundTrips)), max: ms(Math.max(...roundTrips)), runs: RUNS },
    ],
    notes: [
      'One server on loopback over SQLite (synchronous=FULL); a signed `incomplete` event per run, applied in one transaction with its notice row, then claimed, written and sent by the SMS sender to the `smpp` package\'s server. The round trip ends when the gateway receives the submit_sm.',
    ],
  };
}
