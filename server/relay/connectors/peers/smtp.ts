// A real SMTP server on loopback for the SMTP connector's tests (the smtp-server package), and
// every message it accepts parsed back with mailparser. Recipients pick the server's answer:
// `refuse@…` gets 550, `busy@…` gets 451, `slow@…` gets its DATA never acknowledged.

import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerError } from 'smtp-server';
import type { ConnectorPeer, ReceivedCopy } from '../connector.contract.ts';
import type { SubmissionDocument } from '../document.ts';
import { createSmtpConnector, type SmtpConnectorOptions } from '../smtp.ts';

export interface SmtpPeer extends ConnectorPeer {
  readonly port: number;
  /** Every message accepted, parsed, in arrival order. */
  readonly messages: ParsedMail[];
  /** A connector to this server with some options changed (recipient, credentials). */
  connectorWith(options: Partial<SmtpConnectorOptions>): ReturnType<typeof createSmtpConnector>;
}

export const SERVICE_MAILBOX = 'voirie@belval-sur-loire.fr';
export const SENDER = 'Guichet <guichet@belval-sur-loire.fr>';

/** Starts an SMTP server and a silent TCP server (it accepts and never greets) on 127.0.0.1. */
export async function startSmtpPeer(): Promise<SmtpPeer> {
  const messages: ParsedMail[] = [];
  const stalledData = new Set<() => void>();
  const smtp = new SMTPServer({
    logger: false,
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'guichet' && auth.password === 'bon-mot-de-passe') callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const fail = (code: number, text: string): SMTPServerError =>
        Object.assign(new Error(text), { responseCode: code });
      if (address.address.startsWith('refuse@')) return callback(fail(550, '5.1.1 Mailbox unknown'));
      if (address.address.startsWith('busy@')) return callback(fail(451, '4.3.0 Mailbox busy, try later'));
      callback();
    },
    onData(stream, session, callback) {
      if (session.envelope.rcptTo.some((rcpt) => rcpt.address.startsWith('slow@'))) {
        stream.resume();
        stalledData.add(() => callback());
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          messages.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;

  const silentSockets = new Set<Socket>();
  const silent: Server = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as AddressInfo).port;

  const closedPort = await unusedPort();
  const base = (timeoutMs: number): SmtpConnectorOptions => ({
    host: '127.0.0.1',
    port,
    secure: false,
    from: SENDER,
    to: SERVICE_MAILBOX,
    timeoutMs,
  });

  return {
    port,
    messages,
    keepsOneCopy: false,
    connector: ({ timeoutMs }) => createSmtpConnector(base(timeoutMs)),
    connectorWith: (options) => createSmtpConnector({ ...base(5_000), ...options }),
    down: ({ timeoutMs }) => createSmtpConnector({ ...base(timeoutMs), port: closedPort }),
    async hanging({ timeoutMs }) {
      return createSmtpConnector({ ...base(timeoutMs), port: silentPort });
    },
    async received(reference) {
      return messages.filter((mail) => mail.subject?.endsWith(reference)).map(toCopy);
    },
    async leftovers() {
      return silentSockets.size + smtp.connections.size;
    },
    async dispose() {
      for (const release of stalledData) release();
      for (const socket of silentSockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}

function toCopy(mail: ParsedMail): ReceivedCopy {
  const json = mail.attachments.find((a) => a.filename?.startsWith('submission-') && a.filename.endsWith('.json'));
  if (!json) throw new Error(`Message ${mail.messageId} has no JSON document`);
  const document = JSON.parse(json.content.toString('utf8')) as SubmissionDocument;
  const key = mail.headers.get('x-guichet-idempotency-key');
  return {
    idempotencyKey: typeof key === 'string' ? key : '',
    document,
    files: mail.attachments
      .filter((a) => a !== json && a.filename !== document.receipt?.file)
      .map((a) => ({ name: a.filename ?? '', bytes: new Uint8Array(a.content) })),
  };
}

/** A loopback port nothing listens on: bound, then released. */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
