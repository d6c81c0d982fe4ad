// Real back-offices on loopback for relay tests and benchmarks: an HTTP receiver that checks
// Standard Webhooks signatures and records each webhook-id, and an SMTP server that records the
// idempotency key of each message. Both can be switched down, slow or hanging while they run.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';

export const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** `ok` answers 200; `down` 503 with Retry-After: 0; `hang` never answers; `slow` answers 200 after `slowMs`. */
export type ReceiverMode = 'ok' | 'down' | 'hang' | 'slow';

export interface Receipts {
  /** Every accepted delivery's key, in arrival order, repeats included. */
  readonly keys: string[];
  /** Distinct keys accepted. */
  distinct(): Set<string>;
  /** Accepted deliveries whose key had already been accepted. */
  resends(): number;
}

function receipts(): Receipts {
  const keys: string[] = [];
  return {
    keys,
    distinct: () => new Set(keys),
    resends: () => keys.length - new Set(keys).size,
  };
}

export interface WebhookReceiver extends Receipts {
  readonly url: string;
  mode: ReceiverMode;
  slowMs: number;
  /** Requests refused for a bad signature (must stay 0). */
  readonly badSignatures: number;
  /** Requests seen, whatever the answer. */
  readonly requests: number;
  /** The last body received, to size a comparable load. */
  readonly lastBody: string;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { mode?: ReceiverMode; slowMs?: number } = {}): Promise<WebhookReceiver> {
  const verifier = new Webhook(WEBHOOK_SECRET);
  const log = receipts();
  const hanging = new Set<ServerResponse>();
  let badSignatures = 0;
  let requests = 0;
  let lastBody = '';
  const state = { mode: options.mode ?? 'ok', slowMs: options.slowMs ?? 200 };
  const server = createServer(async (req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    lastBody = body;
    try {
      verifier.verify(body, req.headers as Record<string, string>);
    } catch {
      badSignatures++;
      return void res.writeHead(401).end('bad signature');
    }
    const mode = state.mode;
    if (mode === 'down') return void res.writeHead(503, { 'retry-after': '0' }).end('maintenance');
    if (mode === 'hang') {
      hanging.add(res);
      res.on('close', () => hanging.delete(res));
      return;
    }
    if (mode === 'slow') await new Promise((r) => setTimeout(r, state.slowMs));
    // Record before answering: a sender killed now has delivered in effect, and will send again.
    log.keys.push(String(req.headers['webhook-id']));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    keys: log.keys,
    distinct: log.distinct,
    resends: log.resends,
    url,
    get mode() {
      return state.mode;
    },
    set mode(mode: ReceiverMode) {
      state.mode = mode;
    },
    get slowMs() {
      return state.slowMs;
    },
    set slowMs(ms: number) {
      state.slowMs = ms;
    },
    get badSignatures() {
      return badSignatures;
    },
    get requests() {
      return requests;
    },
    get lastBody() {
      return lastBody;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface SmtpReceiver extends Receipts {
  readonly port: number;
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 that keeps each message's X-Guichet-Idempotency-Key. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const log = receipts();
  const smtp = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
        const key = /^X-Guichet-Idempotency-Key:\s*(\S+)/im.exec(head)?.[1];
        if (key) log.keys.push(key);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    keys: log.keys,
    distinct: log.distinct,
    resends: log.resends,
    port,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
