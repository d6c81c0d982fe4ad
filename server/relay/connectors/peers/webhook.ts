// A real HTTP receiver on loopback for the webhook connector's tests. It checks every request's
// signature with the `standardwebhooks` package (the specification's reference library), and
// answers by path: /ok 200, /bad 400, /busy 429 + Retry-After in seconds, /unavailable 503 +
// Retry-After as a date, /moved 301, /hang never.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { ConnectorPeer, ReceivedCopy } from '../connector.contract.ts';
import type { Connector } from '../types.ts';
import { createWebhookConnector, type WebhookConnectorOptions, type WebhookPayload } from '../webhook.ts';

/** One request the receiver got, whatever it answered. */
export interface WebhookRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** True when `Webhook.verify` accepted the signature. */
  verified: boolean;
}

export interface WebhookPeer extends ConnectorPeer {
  readonly baseUrl: string;
  readonly requests: WebhookRequest[];
  readonly verifier: Webhook;
  /** A connector to one of the receiver's paths, with some options changed. */
  connectorTo(path: string, options?: Partial<WebhookConnectorOptions>): Connector;
}

export const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** Starts the receiver on 127.0.0.1. */
export async function startWebhookPeer(): Promise<WebhookPeer> {
  const verifier = new Webhook(SECRET);
  const requests: WebhookRequest[] = [];
  const accepted: Array<{ id: string; payload: WebhookPayload }> = [];
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    let verified = false;
    let payload: WebhookPayload | undefined;
    try {
      payload = verifier.verify(body, req.headers as Record<string, string>) as WebhookPayload;
      verified = true;
    } catch {
      verified = false;
    }
    requests.push({ path, headers: req.headers, body, verified });
    if (!verified) return void res.writeHead(401, { 'content-type': 'text/plain' }).end('Signature invalide');
    switch (path) {
      case '/ok':
        accepted.push({ id: String(req.headers['webhook-id']), payload: payload as WebhookPayload });
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      case '/bad':
        return void res
          .writeHead(400, { 'content-type': 'application/problem+json' })
          .end(JSON.stringify({ title: 'Le champ « quartier » manque', status: 400, detail: 'x'.repeat(2000) }));
      case '/busy':
        return void res.writeHead(429, { 'retry-after': '7' }).end('Trop de requêtes');
      case '/unavailable':
        return void res
          .writeHead(503, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() })
          .end('Maintenance en cours');
      case '/moved':
        return void res.writeHead(301, { location: 'https://voirie.example/guichet' }).end();
      case '/hang':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      default:
        return void res.writeHead(404).end('Introuvable');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const connectorTo = (path: string, options: Partial<WebhookConnectorOptions> = {}) =>
    createWebhookConnector({ url: `${baseUrl}${path}`, secret: SECRET, ...options });

  return {
    baseUrl,
    requests,
    verifier,
    keepsOneCopy: false,
    connectorTo,
    connector: ({ timeoutMs }) => connectorTo('/ok', { timeoutMs }),
    down: ({ timeoutMs }) =>
      createWebhookConnector({ url: `http://127.0.0.1:${closedPort}/ok`, secret: SECRET, timeoutMs }),
    hanging: async ({ timeoutMs }) => connectorTo('/hang', { timeoutMs }),
    async received(reference) {
      return accepted.filter(({ payload }) => payload.data.reference === reference).map(toCopy);
    },
    async leftovers() {
      return hanging.size;
    },
    async dispose() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function toCopy({ id, payload }: { id: string; payload: WebhookPayload }): ReceivedCopy {
  return {
    idempotencyKey: id,
    document: payload.data,
    files: payload.data.attachments.map((a) => ({
      name: a.filename,
      bytes: new Uint8Array(Buffer.from(a.content ?? '', 'base64')),
    })),
  };
}
