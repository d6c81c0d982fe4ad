// The SMS channel against a real SMPP server (the `smpp` package's) on loopback, started here.
import { afterEach, describe, expect, it } from 'vitest';
import { startSmppServer, type TestSmppServer } from '../test-support/smpp-server.ts';
import { createSmppGateway, parseSmsUrl, toMsisdn, type DeliveryReceipt, type SmppGateway, type SmsOutcome } from './smpp-gateway.ts';
import { decodeSms, encodeSms, GSM7_PART, GSM7_SINGLE, UCS2_PART, UCS2_SINGLE, withConcatenation } from './sms-encoding.ts';
import { NOTICE_STATUSES, readSmsTexts, smsText } from './sms-text.ts';

const CREDENTIALS = { systemId: 'guichet', password: 'p@ss word' };
const texts = readSmsTexts('content', ['fr', 'fr-x-falc', 'en', 'ar']);
const notice = (status: (typeof NOTICE_STATUSES)[number], locale: string) => ({
  status,
  locale,
  town: 'Belval-sur-Loire',
  reference: '7KQ4-M2XD',
  trackingUrl: 'https://guichet.belval-sur-loire.fr/suivi/7KQ4-M2XD',
});

describe('encodeSms', () => {
  it('keeps French in GSM-7 when it can, and counts the extension table twice', () => {
    expect(encodeSms('Demande acceptée à Belval.')).toMatchObject({ encoding: 'gsm7', dataCoding: 0, units: 26 });
    expect(encodeSms('Prix : 5 €').units).toBe(11);
    expect(encodeSms('a'.repeat(GSM7_SINGLE)).parts).toHaveLength(1);
    const long = encodeSms('a'.repeat(GSM7_SINGLE + 1));
    expect(long.parts.map((part) => part.length)).toEqual([GSM7_PART, 8]);
  });

  it('never splits an escape pair between two parts', () => {
    const sms = encodeSms(`${'a'.repeat(GSM7_PART - 1)}€${'b'.repeat(10)}`);
    expect(sms.parts[0]).toHaveLength(GSM7_PART - 1);
    expect(decodeSms(0, sms.parts)).toBe(`${'a'.repeat(GSM7_PART - 1)}€${'b'.repeat(10)}`);
  });

  it('takes UCS-2 for Arabic and for French with ç or ê, 70 units alone, 67 a part', () => {
    expect(encodeSms('reçue').encoding).toBe('ucs2');
    const arabic = 'ب'.repeat(UCS2_SINGLE);
    expect(encodeSms(arabic)).toMatchObject({ encoding: 'ucs2', dataCoding: 8, units: 70 });
    expect(encodeSms(arabic).parts).toHaveLength(1);
    const two = encodeSms(`${arabic}ة`);
    expect(two.parts.map((part) => part.length / 2)).toEqual([UCS2_PART, 4]);
    expect(decodeSms(8, two.parts)).toBe(`${arabic}ة`);
  });

  it('never splits a surrogate pair', () => {
    const text = `${'ب'.repeat(UCS2_PART - 1)}😀${'ب'.repeat(5)}`;
    const sms = encodeSms(text);
    expect(sms.parts[0]!.length / 2).toBe(UCS2_PART - 1);
    expect(decodeSms(8, sms.parts)).toBe(text);
  });

  it('puts the concatenation header on each part of a long message only', () => {
    expect(withConcatenation(encodeSms('court'), 7)[0]).toEqual(Buffer.from('court'.split('').map((c) => c.charCodeAt(0))));
    const parts = withConcatenation(encodeSms('x'.repeat(400)), 0x2a);
    expect(parts.map((part) => [...part.subarray(0, 6)])).toEqual([
      [5, 0, 3, 0x2a, 3, 1],
      [5, 0, 3, 0x2a, 3, 2],
      [5, 0, 3, 0x2a, 3, 3],
    ]);
  });
});

describe('smsText', () => {
  it('says the town, the reference, the status and the address, in every locale, in at most two SMS', () => {
    for (const locale of ['fr', 'fr-x-falc', 'en', 'ar'])
      for (const status of NOTICE_STATUSES) {
        const text = smsText(notice(status, locale), texts);
        expect(text).toContain('Belval-sur-Loire');
        expect(text).toContain('7KQ4-M2XD');
        expect(text).toContain('https://guichet.belval-sur-loire.fr/suivi/7KQ4-M2XD');
        expect(text).not.toMatch(/\{\{/);
        expect(encodeSms(text).parts.length, `${locale} ${status}`).toBeLessThanOrEqual(2);
      }
    expect(encodeSms(smsText(notice('accepted', 'fr'), texts)).encoding).toBe('gsm7');
    expect(encodeSms(smsText(notice('accepted', 'ar'), texts)).encoding).toBe('ucs2');
  });

  it('refuses an address that could carry a tracking code, and what is not a reference', () => {
    expect(() => smsText({ ...notice('accepted', 'fr'), trackingUrl: 'https://guichet.fr/suivi/7KQ4-M2XD?code=H4TR8P' }, texts)).toThrow(/tracking code/);
    expect(() => smsText({ ...notice('accepted', 'fr'), trackingUrl: 'https://guichet.fr/suivi/7KQ4-M2XD#H4TR8P' }, texts)).toThrow();
    expect(() => smsText({ ...notice('accepted', 'fr'), reference: 'Marie Martin' }, texts)).toThrow(/reference/);
  });

  it('falls back to French for a locale without its texts', () => {
    expect(smsText(notice('rejected', 'de'), texts)).toBe(smsText(notice('rejected', 'fr'), texts));
  });
});

describe('parseSmsUrl and toMsisdn', () => {
  it('reads the gateway address and phone numbers', () => {
    expect(parseSmsUrl('smpp://guichet:p%40ss@sms.example:2776')).toEqual({ host: 'sms.example', port: 2776, systemId: 'guichet', password: 'p@ss' });
    expect(parseSmsUrl('smpp://guichet:x@sms.example').port).toBe(2775);
    expect(() => parseSmsUrl('http://sms.example')).toThrow();
    expect(toMsisdn('06 12 34 56 78')).toBe('33612345678');
    expect(toMsisdn('+33 6 12 34 56 78')).toBe('33612345678');
    expect(toMsisdn('0033612345678')).toBe('33612345678');
    expect(() => toMsisdn('12')).toThrow();
  });
});

describe('the SMPP client against a real gateway', () => {
  let gateway: TestSmppServer | undefined;
  let client: SmppGateway | undefined;
  afterEach(async () => {
    await client?.dispose();
    await gateway?.close();
    client = undefined;
    gateway = undefined;
  });

  /** Resolves once `count` receipts have arrived; no clock involved. */
  function receiptsCollector() {
    const receipts: DeliveryReceipt[] = [];
    let waiting: { count: number; resolve: () => void } | undefined;
    return {
      receipts,
      onReceipt(receipt: DeliveryReceipt) {
        receipts.push(receipt);
        if (waiting && receipts.length >= waiting.count) waiting.resolve();
      },
      until(count: number) {
        return receipts.length >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { count, resolve }));
      },
    };
  }

  async function connected(options: { password?: string; onReceipt?: (receipt: DeliveryReceipt) => void; bindWaitMs?: number } = {}) {
    gateway = await startSmppServer(CREDENTIALS);
    client = createSmppGateway({
      url: `smpp://${CREDENTIALS.systemId}:${encodeURIComponent(options.password ?? CREDENTIALS.password)}@127.0.0.1:${gateway.port}`,
      sender: 'Belval',
      reconnectMinMs: 20,
      reconnectMaxMs: 200,
      ...(options.bindWaitMs ? { bindWaitMs: options.bindWaitMs } : {}),
      ...(options.onReceipt ? { onReceipt: options.onReceipt } : {}),
      log: () => {},
    });
    client.start();
    return { gateway, client };
  }

  it('sends one message, from the sender name, to the international number, and records its receipt', async () => {
    const receipts = receiptsCollector();
    const { gateway, client } = await connected({ onReceipt: receipts.onReceipt });
    const text = smsText(notice('incomplete', 'fr'), texts);
    const sent = await client.send({ id: 'notice-1', to: '06 12 34 56 78', text });
    expect(sent).toEqual({ outcome: 'sent', messageIds: ['m1'], encoding: 'gsm7', parts: 1 });
    expect(gateway.messages()).toEqual([{ noticeId: 'notice-1', text, dataCoding: 0, parts: 1, destination: '33612345678' }]);
    expect(gateway.accepted[0]!.source).toBe('Belval');
    await receipts.until(1);
    expect(receipts.receipts).toEqual([{ messageId: 'm1', state: 'delivered', noticeId: 'notice-1' }]);
  });

  it('sends Arabic as UCS-2, in concatenated parts the phone joins back', async () => {
    const { gateway, client } = await connected();
    const text = `${smsText(notice('deemed-accepted', 'ar'), texts)} ${'ب'.repeat(60)}`;
    const sent = await client.send({ id: 'notice-ar', to: '+212 6 12 34 56 78', text });
    expect(sent).toMatchObject({ outcome: 'sent', encoding: 'ucs2', parts: 3 });
    const [message] = gateway.messages();
    expect(message).toMatchObject({ text, dataCoding: 8, parts: 3, destination: '212612345678' });
    const headers = gateway.accepted.map((part) => part.concatenation);
    expect(new Set(headers.map((header) => header![0])).size).toBe(1);
    expect(headers.map((header) => header!.slice(1))).toEqual([[3, 1], [3, 2], [3, 3]]);
  });

  it('submits a notice once however often the same id is sent', async () => {
    const { gateway, client } = await connected();
    const message = { id: 'notice-twice', to: '0612345678', text: 'Mairie de Belval-sur-Loire : demande 7KQ4-M2XD acceptée.' };
    const [a, b] = await Promise.all([client.send(message), client.send(message)]);
    const c = await client.send(message);
    expect(a).toEqual(b);
    expect(c).toEqual(a);
    expect(gateway.arrived).toBe(1);
  });

  it('answers retry while the gateway refuses the bind, and rejected for a number no SMS reaches', async () => {
    const { gateway, client } = await connected({ password: 'wrong', bindWaitMs: 300 });
    expect(await client.send({ id: 'n', to: '0612345678', text: 'x' })).toEqual({ outcome: 'retry', reason: 'passerelle SMS injoignable' });
    expect(await client.send({ id: 'bad', to: 'Marie', text: 'x' })).toMatchObject({ outcome: 'rejected' });
    expect(gateway.arrived).toBe(0);
  });

  it('loses no notice and sends none twice when the gateway dies mid-run and comes back', async () => {
    const receipts = receiptsCollector();
    const { gateway, client } = await connected({ onReceipt: receipts.onReceipt });
    // The gateway dies on the 4th submit_sm it receives, before answering it, and on the 2nd
    // part of the long notice: both are in flight when it goes.
    const long = 'Mairie de Belval-sur-Loire : ' + 'votre demande avance. '.repeat(12);
    let deaths = 0;
    gateway.beforeAnswer = (part, count) => {
      if ((count === 4 || part.noticePart === 'long.2') && deaths < 2) {
        deaths += 1;
        return 'die';
      }
      return 'answer';
    };
    const notices = Array.from({ length: 8 }, (_, i) => ({ id: `n${i}`, to: `06123456${String(i).padStart(2, '0')}`, text: `Mairie de Belval-sur-Loire : demande ${i} acceptée.` }));
    notices.splice(5, 0, { id: 'long', to: '0611111111', text: long });
    // What the notices' outbox will do: send each, and on `retry` try again later.
    const outcomes = new Map<string, SmsOutcome>();
    let retries = 0;
    for (const message of notices) {
      for (;;) {
        const outcome = await client.send(message);
        if (outcome.outcome !== 'retry') {
          outcomes.set(message.id, outcome);
          break;
        }
        retries += 1;
        // The operator's gateway comes back.
        if (gateway.binds === deaths) await gateway.restart();
      }
    }
    expect(deaths).toBe(2);
    expect(retries).toBe(2);
    expect([...outcomes.values()].every((outcome) => outcome.outcome === 'sent')).toBe(true);
    const delivered = gateway.messages();
    expect(delivered.map((message) => message.noticeId).sort()).toEqual(notices.map((message) => message.id).sort());
    const longOne = delivered.find((message) => message.noticeId === 'long')!;
    expect(longOne).toMatchObject({ text: long, parts: 2 });
    // Every accepted part once: the first part of the long notice was not sent again.
    const parts = gateway.accepted.map((part) => part.noticePart);
    expect(new Set(parts).size).toBe(parts.length);
    expect(gateway.arrived).toBe(parts.length + 2);
    await receipts.until(parts.length);
    expect(new Set(receipts.receipts.map((receipt) => receipt.noticeId))).toEqual(new Set(notices.map((message) => message.id)));
  });
});
