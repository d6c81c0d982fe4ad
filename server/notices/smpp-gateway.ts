// The SMS channel: one SMPP 3.4 session (bind_transceiver) to the operator's gateway, kept
// open and bound again after the gateway or the network drops it. Owns the socket and its
// timers; `start()` opens, `dispose()` unbinds and closes.
//
// Why here and not in relay/connectors/: connectors hand a submission to a back-office, one
// request per delivery, and are judged by that delivery's outcome. An SMS is a notice to a
// resident: a long-lived bound session, delivery receipts that arrive later on the same
// session, and texts built from the status. The notices' durable outbox (same claim, lease,
// backoff and dead letters as the relay's) calls `send` and records what it answers.
//
// Exactly once, as far as SMPP 3.4 allows: `send` takes the caller's notice id.
// - In this process, the same id is never submitted twice: a second call while the first is in
//   flight gets the same promise, and after success the same answer; a part the gateway
//   acknowledged is not sent again when a later part failed and the notice is retried.
// - On the wire, submit_sm has no idempotency key. Each part carries the notice id in a
//   vendor TLV (0x1401, `guichet_notice_id`, "<id>.<part>") that a gateway may use to drop a
//   repeat; gateways that do not know it ignore it (SMPP 3.4 §3.1: unknown optional
//   parameters are ignored). The remaining window is one part whose submit_sm was written but
//   whose submit_sm_resp never came back (the gateway died in between): it is answered `retry`,
//   and sent again by the outbox, so at most that part may reach the phone twice.
import { createHash } from 'node:crypto';
import smpp, { type PDU, type Session } from 'smpp';
import { encodeSms, MAX_PARTS, withConcatenation } from './sms-encoding.ts';

/** The vendor TLV that names the notice and part of each submit_sm. */
export const NOTICE_ID_TLV = { name: 'guichet_notice_id', id: 0x1401 } as const;
smpp.addTLV(NOTICE_ID_TLV.name, { id: NOTICE_ID_TLV.id, type: smpp.types.tlv.cstring });

export interface SmppGatewayOptions {
  /** `smpp://system_id:password@host:port` (GUICHET_SMS_URL); port 2775 when omitted. */
  url: string;
  /** Who the SMS comes from: up to 11 letters and digits (alphanumeric sender), or a number. */
  sender: string;
  /** First and longest wait before binding again after a drop. 500 ms and 30 s by default. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How long `send` waits for a bound session before answering `retry`. 10 s by default. */
  bindWaitMs?: number;
  /** How long a submit_sm waits for its response before `retry`. 30 s by default. */
  responseTimeoutMs?: number;
  /** enquire_link period, so a dead peer is noticed. 30 s by default. */
  enquireLinkMs?: number;
  /** Called for each delivery receipt (deliver_sm with a receipted message id). */
  onReceipt?: (receipt: DeliveryReceipt) => void;
  /** One line per connection event, never a number or a text. console.warn by default. */
  log?: (line: string) => void;
}

export interface SmsMessage {
  /** The notice's id: the idempotency key of this send. */
  id: string;
  /** The resident's phone number, French (06 12 34 56 78) or international (+33 6…). */
  to: string;
  text: string;
}

export type SmsOutcome =
  | { outcome: 'sent'; messageIds: string[]; encoding: 'gsm7' | 'ucs2'; parts: number }
  | { outcome: 'retry'; reason: string }
  | { outcome: 'rejected'; reason: string };

export type ReceiptState = 'enroute' | 'delivered' | 'expired' | 'deleted' | 'undeliverable' | 'accepted' | 'unknown' | 'rejected';

export interface DeliveryReceipt {
  /** The message id the gateway gave in submit_sm_resp. */
  messageId: string;
  state: ReceiptState;
  /** The notice it belongs to, when this process sent it. */
  noticeId?: string;
}

export interface SmppGateway {
  /** Connects and binds; returns at once, binding goes on in the background and after every drop. */
  start(): void;
  send(message: SmsMessage): Promise<SmsOutcome>;
  /** Whether a session is bound now. */
  readonly bound: boolean;
  dispose(): Promise<void>;
}

export interface SmsUrl {
  host: string;
  port: number;
  systemId: string;
  password: string;
}

/**
 * Reads `GUICHET_SMS_URL`.
 *
 * @example parseSmsUrl('smpp://guichet:s3cret@sms.operateur.fr:2775') // { host: 'sms.operateur.fr', port: 2775, systemId: 'guichet', password: 's3cret' }
 */
export function parseSmsUrl(url: string): SmsUrl {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smpp:') throw new TypeError(`GUICHET_SMS_URL: smpp://user:password@host:port expected, not ${parsed.protocol}`);
  if (!parsed.username || !parsed.hostname) throw new TypeError('GUICHET_SMS_URL: the user (system_id) and the host are required');
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : 2775,
    systemId: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

/**
 * A phone number as SMPP's international destination (TON 1, NPI 1): digits with the country
 * code, no plus. French national numbers (10 digits, 0 first) get 33.
 *
 * @example toMsisdn('06 12 34 56 78') // '33612345678'
 * @example toMsisdn('+212 6 12 34 56 78') // '212612345678'
 */
export function toMsisdn(phone: string): string {
  const compact = phone.replace(/[\s.\-()]/g, '');
  let digits: string;
  if (/^\+\d+$/.test(compact)) digits = compact.slice(1);
  else if (/^00\d+$/.test(compact)) digits = compact.slice(2);
  else if (/^0\d{9}$/.test(compact)) digits = `33${compact.slice(1)}`;
  else throw new RangeError('Not a phone number an SMS can reach');
  if (!/^[1-9]\d{7,14}$/.test(digits)) throw new RangeError('Not a phone number an SMS can reach');
  return digits;
}

const RECEIPT_STATES: Record<string, ReceiptState> = {
  ENROUTE: 'enroute',
  DELIVRD: 'delivered',
  EXPIRED: 'expired',
  DELETED: 'deleted',
  UNDELIV: 'undeliverable',
  ACCEPTD: 'accepted',
  UNKNOWN: 'unknown',
  REJECTD: 'rejected',
};
const MESSAGE_STATES: ReceiptState[] = ['unknown', 'enroute', 'delivered', 'expired', 'deleted', 'undeliverable', 'accepted', 'unknown', 'rejected'];

/** Statuses of submit_sm_resp that no retry will change (SMPP 3.4 §5.1.3). */
const PERMANENT = new Set([0x0a /* RINVSRCADR */, 0x0b /* RINVDSTADR */, 0x01 /* RINVMSGLEN */, 0x0c /* RINVSUBREP */, 0x48 /* RINVSRCTON */, 0x50 /* RINVDSTTON */, 0x51 /* RINVDSTNPI */, 0x49 /* RINVSRCNPI */, 0x62 /* RINVEXPIRY */]);

function hex(status: number): string {
  return `0x${status.toString(16).padStart(8, '0')}`;
}

/** The receipted message id and state of a deliver_sm receipt: TLVs first (SMPP 3.4), else the text (Appendix B). */
export function readReceipt(pdu: PDU): { messageId: string; state: ReceiptState } | undefined {
  if (((pdu.esm_class as number) & 0x3c) !== 0x04) return undefined;
  const short = pdu.short_message as { message?: unknown } | Buffer | string | undefined;
  const text = typeof short === 'string' ? short : Buffer.isBuffer(short) ? short.toString('latin1') : typeof short?.message === 'string' ? short.message : Buffer.isBuffer(short?.message) ? short.message.toString('latin1') : '';
  const id = typeof pdu.receipted_message_id === 'string' && pdu.receipted_message_id ? pdu.receipted_message_id : /\bid:(\S+)/i.exec(text)?.[1];
  if (!id) return undefined;
  const stat = /\bstat:(\w+)/i.exec(text)?.[1]?.toUpperCase();
  const state = typeof pdu.message_state === 'number' ? (MESSAGE_STATES[pdu.message_state] ?? 'unknown') : (RECEIPT_STATES[stat ?? ''] ?? 'unknown');
  return { messageId: id, state };
}

/**
 * Creates the SMPP client; construction does no I/O.
 *
 * @example
 * const sms = createSmppGateway({ url: env.GUICHET_SMS_URL, sender: 'Belval', onReceipt: (r) => notices.recordReceipt(r) });
 * sms.start();
 * const result = await sms.send({ id: notice.id, to: '06 12 34 56 78', text: smsText(notice, texts) });
 */
export function createSmppGateway(options: SmppGatewayOptions): SmppGateway {
  const target = parseSmsUrl(options.url);
  const sender = options.sender.trim();
  const alphanumeric = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/.test(sender);
  if (!alphanumeric && !/^\+?\d{3,15}$/.test(sender))
    throw new TypeError('SMS sender: up to 11 letters and digits (at least one letter), or a phone number');
  const source = alphanumeric ? { source_addr_ton: 5, source_addr_npi: 0, source_addr: sender } : { source_addr_ton: 1, source_addr_npi: 1, source_addr: sender.replace(/^\+/, '') };
  const reconnectMin = options.reconnectMinMs ?? 500;
  const reconnectMax = options.reconnectMaxMs ?? 30_000;
  const bindWaitMs = options.bindWaitMs ?? 10_000;
  const responseTimeoutMs = options.responseTimeoutMs ?? 30_000;
  const log = options.log ?? ((line: string) => console.warn(line));

  let session: Session | undefined;
  let bound = false;
  let disposed = false;
  let started = false;
  let failures = 0;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let bindWaiters: Array<() => void> = [];
  /** Submits waiting for their response, failed at once when the session drops. */
  const inFlight = new Set<(reason: string) => void>();
  /** Notice id → the send in flight or done. */
  const sends = new Map<string, Promise<SmsOutcome>>();
  /** Notice id → message ids of the parts already acknowledged. */
  const acknowledged = new Map<string, Array<string | undefined>>();
  const noticeOf = new Map<string, string>();
  /** Bounds the memory of past sends: the outbox keeps the durable record. */
  const remember = <K, V>(map: Map<K, V>, key: K, value: V, limit: number) => {
    map.set(key, value);
    if (map.size > limit) map.delete(map.keys().next().value as K);
  };

  function wakeBindWaiters(): void {
    const waiters = bindWaiters;
    bindWaiters = [];
    for (const wake of waiters) wake();
  }

  function scheduleReconnect(): void {
    if (disposed || reconnectTimer) return;
    const ceiling = Math.min(reconnectMax, reconnectMin * 2 ** Math.min(failures, 16));
    failures += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, ceiling / 2 + Math.random() * (ceiling / 2));
    reconnectTimer.unref?.();
  }

  function dropped(which: Session, why: string): void {
    if (session !== which) return;
    session = undefined;
    if (bound) log(`[sms] session with ${target.host}:${target.port} lost (${why}); binding again`);
    bound = false;
    for (const fail of [...inFlight]) fail(`la passerelle SMS a coupé la session (${why}) avant de répondre`);
    scheduleReconnect();
  }

  function connect(): void {
    if (disposed) return;
    const current = smpp.connect({ host: target.host, port: target.port, auto_enquire_link_period: options.enquireLinkMs ?? 30_000 });
    session = current;
    current.on('connect', () => {
      current.bind_transceiver({ system_id: target.systemId, password: target.password, interface_version: 0x34 }, (pdu) => {
        if (session !== current) return;
        if (pdu.command_status !== 0) {
          log(`[sms] bind refused by ${target.host}:${target.port} (status ${hex(pdu.command_status)}): check GUICHET_SMS_URL`);
          current.destroy();
          return;
        }
        bound = true;
        failures = 0;
        wakeBindWaiters();
      });
    });
    current.on('deliver_sm', (pdu: PDU) => {
      current.send(pdu.response());
      const receipt = readReceipt(pdu);
      if (!receipt) return;
      const noticeId = noticeOf.get(receipt.messageId);
      options.onReceipt?.({ ...receipt, ...(noticeId ? { noticeId } : {}) });
    });
    current.on('enquire_link', (pdu: PDU) => current.send(pdu.response()));
    current.on('unbind', (pdu: PDU) => {
      current.send(pdu.response());
      current.close();
    });
    current.on('error', (error: Error) => dropped(current, (error as NodeJS.ErrnoException).code ?? error.message));
    current.on('close', () => dropped(current, 'connexion fermée'));
  }

  function waitForBind(): Promise<boolean> {
    if (bound) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        bindWaiters = bindWaiters.filter((wake) => wake !== done);
        resolve(false);
      }, bindWaitMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      bindWaiters.push(done);
    });
  }

  function submit(pdu: Record<string, unknown>): Promise<{ ok: true; messageId: string } | { ok: false; permanent: boolean; reason: string }> {
    const current = session;
    if (!current || !bound) return Promise.resolve({ ok: false, permanent: false, reason: 'passerelle SMS non connectée' });
    return new Promise((resolve) => {
      const fail = (reason: string) => finish({ ok: false, permanent: false, reason });
      const timer = setTimeout(() => fail(`pas de réponse de la passerelle SMS en ${Math.round(responseTimeoutMs / 1000)} s`), responseTimeoutMs);
      function finish(result: { ok: true; messageId: string } | { ok: false; permanent: boolean; reason: string }) {
        if (!inFlight.delete(fail)) return;
        clearTimeout(timer);
        resolve(result);
      }
      inFlight.add(fail);
      const written = current.submit_sm(pdu, (response) => {
        if (response.command_status === 0) finish({ ok: true, messageId: String(response.message_id ?? '') });
        else
          finish({
            ok: false,
            permanent: PERMANENT.has(response.command_status),
            reason: `la passerelle SMS a refusé le message (statut ${hex(response.command_status)})`,
          });
      });
      if (!written) fail('passerelle SMS non connectée');
    });
  }

  async function deliver(message: SmsMessage): Promise<SmsOutcome> {
    let destination: string;
    try {
      destination = toMsisdn(message.to);
    } catch (error) {
      return { outcome: 'rejected', reason: (error as Error).message };
    }
    const encoded = encodeSms(message.text);
    if (encoded.parts.length > MAX_PARTS) return { outcome: 'rejected', reason: `texte trop long : ${encoded.parts.length} SMS (au plus ${MAX_PARTS})` };
    // The same concatenation reference on every try, so a phone joins parts sent on two tries.
    const reference = createHash('sha256').update(message.id).digest()[0]!;
    const shorts = withConcatenation(encoded, reference);
    const done = acknowledged.get(message.id) ?? new Array<string | undefined>(shorts.length).fill(undefined);
    acknowledged.set(message.id, done);
    if (!(await waitForBind())) return { outcome: 'retry', reason: 'passerelle SMS injoignable' };
    for (const [index, short] of shorts.entries()) {
      if (done[index] !== undefined) continue;
      const result = await submit({
        ...source,
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        destination_addr: destination,
        esm_class: shorts.length > 1 ? 0x40 : 0x00,
        registered_delivery: 0x01,
        data_coding: encoded.dataCoding,
        short_message: short,
        [NOTICE_ID_TLV.name]: `${message.id}.${index + 1}`,
      });
      if (!result.ok) return result.permanent ? { outcome: 'rejected', reason: result.reason } : { outcome: 'retry', reason: result.reason };
      done[index] = result.messageId;
      remember(noticeOf, result.messageId, message.id, 100_000);
    }
    acknowledged.delete(message.id);
    return { outcome: 'sent', messageIds: done as string[], encoding: encoded.encoding, parts: shorts.length };
  }

  return {
    start() {
      if (started || disposed) return;
      started = true;
      connect();
    },
    get bound() {
      return bound;
    },
    send(message) {
      const previous = sends.get(message.id);
      if (previous) return previous;
      const attempt = deliver(message).then((outcome) => {
        // Only a success is final here; the outbox decides when to try again.
        if (outcome.outcome !== 'sent') sends.delete(message.id);
        if (outcome.outcome === 'rejected') acknowledged.delete(message.id);
        return outcome;
      });
      remember(sends, message.id, attempt, 10_000);
      return attempt;
    },
    async dispose() {
      disposed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      wakeBindWaiters();
      const current = session;
      session = undefined;
      bound = false;
      for (const fail of [...inFlight]) fail('arrêt du serveur');
      if (!current) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => current.destroy(() => resolve()), 2_000);
        current.unbind({}, () => {
          clearTimeout(timer);
          current.close(() => resolve());
        });
        current.on('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
