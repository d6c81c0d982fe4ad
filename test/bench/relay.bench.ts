// Relay throughput to a loopback webhook receiver, beside the receiver's own intake rate
// measured in the same run with plain concurrent fetch at the same concurrency and body size.
// Median of 5 runs each. The relay's figure includes claiming, reading files, signing, sending
// and recording each outcome durably (SQLite, synchronous=FULL).
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Webhook } from 'standardwebhooks';
import { createWebhookConnector } from '../../server/relay/connectors/index.ts';
import { startRelayFixture } from '../../server/relay/relay-fixture.ts';
import { startWebhookReceiver, WEBHOOK_SECRET, type WebhookReceiver } from '../support/receivers.ts';
import type { BenchTable } from './run.ts';

const RUNS = 5;
const DELIVERIES = 300;
const CONCURRENCY = 8;
const INTAKE_REQUESTS = 2_000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function relayRun(receiver: WebhookReceiver): Promise<number> {
  const fixture = await startRelayFixture();
  try {
    await fixture.submit('report-street-problem', DELIVERIES);
    let delivered = 0;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const worker = fixture.worker(
      { 'street-app': createWebhookConnector({ url: `${receiver.url}/in`, secret: WEBHOOK_SECRET }) },
      {
        concurrency: CONCURRENCY,
        routeConcurrency: () => CONCURRENCY,
        pollMs: 50,
        onSubmissionDelivered: () => {
          if (++delivered === DELIVERIES) done();
        },
      },
    );
    const started = performance.now();
    worker.start();
    await finished;
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    return DELIVERIES / seconds;
  } finally {
    await fixture.dispose();
  }
}

async function intakeRun(receiver: WebhookReceiver, body: string): Promise<number> {
  const signer = new Webhook(WEBHOOK_SECRET);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < INTAKE_REQUESTS) {
        const id = randomUUID();
        const timestamp = new Date();
        const response = await fetch(`${receiver.url}/in`, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            'webhook-id': id,
            'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
            'webhook-signature': signer.sign(id, timestamp, body),
          },
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`receiver answered ${response.status}`);
      }
    }),
  );
  return INTAKE_REQUESTS / ((performance.now() - started) / 1000);
}

export default async function relayBench(): Promise<BenchTable> {
  const receiver = await startWebhookReceiver();
  try {
    const relay: number[] = [];
    const intake: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      relay.push(await relayRun(receiver));
      intake.push(await intakeRun(receiver, receiver.lastBody));
    }
    const r = median(relay);
    const i = median(intake);
    const fmt = (n: number) => n.toFixed(0);
    return {
      title: 'Relay throughput to a loopback webhook receiver',
      rows: [
        { measure: 'relay (deliveries/s)', median: fmt(r), runs: relay.map(fmt).join(' ') },
        { measure: 'receiver intake (requests/s)', median: fmt(i), runs: intake.map(fmt).join(' ') },
        { measure: 'ratio relay / intake', median: (r / i).toFixed(2), runs: '' },
      ],
      notes: [
        `${DELIVERIES} deliveries per relay run, ${INTAKE_REQUESTS} signed requests of the same body (${receiver.lastBody.length} bytes) per intake run, ` +
          `concurrency ${CONCURRENCY} for both, ${RUNS} runs each, interleaved; ${availableParallelism()} CPU(s), Node ${process.version}.`,
      ],
    };
  } finally {
    await receiver.close();
  }
}
