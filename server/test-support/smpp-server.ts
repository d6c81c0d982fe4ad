// A real SMPP 3.4 gateway on loopback, for the SMS tests: the `smpp` package's own server.
// It checks the bind, takes every submit_sm (the raw bytes, the encoding, the concatenation
// header, Guichet's notice-id TLV), answers with a message id, sends a delivery receipt, and
// can be killed (every socket destroyed, the port closed) and started again on the same port.
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server, type Session } from 'smpp';
import { NOTICE_ID_TLV } from '../notices/smpp-gateway.ts';

export interface ReceivedPart {
  noticePart: string;
  destination: string;
  source: string;
  dataCoding: number;
  /** The concatenation header's [reference, total, index], when there is one. */
  concatenation?: [number, number, number];
  /** The part's text as the gateway's own decoder reads it (GSM 03.38 or UCS-2). */
  text: string;
  messageId: string;
}

export interface TestSmppServer {
  port: number;
  /** Every submit_sm answered with success, in order. */
  accepted: ReceivedPart[];
  /** Every submit_sm that arrived, answered or not. */
  arrived: number;
  binds: number;
  /** The messages as a phone would show them: parts joined by notice. */
  messages(): Array<{ noticeId: string; text: string; dataCoding: number; parts: number; destination: string }>;
  /** Called with each submit_sm before it is answered: return 'die' to kill the gateway instead of answering. */
  beforeAnswer?: (part: ReceivedPart, count: number) => 'answer' | 'die';
  kill(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** @example const gateway = await startSmppServer({ systemId: 'guichet', password: 'secret' }) */
export async function startSmppServer(credentials: { systemId: string; password: string }, port = 0): Promise<TestSmppServer> {
  let server: Server;
  let nextId = 1;
  const state: TestSmppServer = {
    port,
    accepted: [],
    arrived: 0,
    binds: 0,
    messages() {
      const byNotice = new Map<string, ReceivedPart[]>();
      for (const part of state.accepted) {
        const noticeId = part.noticePart.replace(/\.\d+$/, '');
        byNotice.set(noticeId, [...(byNotice.get(noticeId) ?? []), part]);
      }
      return [...byNotice].map(([noticeId, parts]) => {
        const ordered = [...parts].sort((a, b) => (a.concatenation?.[2] ?? 1) - (b.concatenation?.[2] ?? 1));
        return {
          noticeId,
          text: ordered.map((part) => part.text).join(''),
          dataCoding: ordered[0]!.dataCoding,
          parts: ordered.length,
          destination: ordered[0]!.destination,
        };
      });
    },
    kill: async () => {
      for (const session of [...server.sessions]) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    restart: () => listen(state.port),
    close: async () => {
      for (const session of [...server.sessions]) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function onSession(session: Session): void {
    let isBound = false;
    // A killed gateway resets its peers' sockets: nothing to report.
    session.on('error', () => {});
    session.on('bind_transceiver', (pdu: PDU) => {
      const ok = pdu.system_id === credentials.systemId && pdu.password === credentials.password;
      session.send(pdu.response(ok ? {} : { command_status: 0x0d }));
      isBound = ok;
      if (ok) state.binds += 1;
    });
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: PDU) => {
      if (!isBound) return void session.send(pdu.response({ command_status: 0x04 }));
      state.arrived += 1;
      const { text, udh } = shortMessage(pdu);
      const part: ReceivedPart = {
        noticePart: String(pdu[NOTICE_ID_TLV.name] ?? ''),
        destination: String(pdu.destination_addr),
        source: String(pdu.source_addr),
        dataCoding: pdu.data_coding as number,
        ...(udh ? { concatenation: [udh[2]!, udh[3]!, udh[4]!] as [number, number, number] } : {}),
        text,
        messageId: `m${nextId++}`,
      };
      if (state.beforeAnswer?.(part, state.arrived) === 'die') {
        void state.kill();
        return;
      }
      state.accepted.push(part);
      session.send(pdu.response({ message_id: part.messageId }));
      session.deliver_sm({
        source_addr: part.destination,
        destination_addr: part.source,
        esm_class: 0x04,
        short_message: `id:${part.messageId} sub:001 dlvrd:001 submit date:2612071200 done date:2612071200 stat:DELIVRD err:000 text:`,
        receipted_message_id: part.messageId,
        message_state: 2,
      });
    });
  }

  async function listen(at: number): Promise<void> {
    server = smpp.createServer(onSession);
    await new Promise<void>((resolve) => server.listen(at, '127.0.0.1', () => resolve()));
    state.port = (server.address() as AddressInfo).port;
  }

  await listen(port);
  return state;
}

/** The library decodes short_message on arrival by data_coding: the text and the concatenation element. */
function shortMessage(pdu: PDU): { text: string; udh?: Buffer } {
  const value = pdu.short_message as { udh?: Buffer[]; message: string | Buffer } | string | Buffer;
  if (typeof value === 'string') return { text: value };
  if (Buffer.isBuffer(value)) return { text: value.toString('latin1') };
  const text = typeof value.message === 'string' ? value.message : value.message.toString('latin1');
  const udh = value.udh?.find((element) => element[0] === 0x00);
  return udh ? { text, udh } : { text };
}
