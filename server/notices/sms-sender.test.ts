// SMS notices from the store's outbox to a real SMPP gateway (the `smpp` package's server on
// loopback): a real SQLite file, the status model, the SMPP client. The clock the outbox reads
// is the test's, moved by hand between rounds, so no assertion waits on time.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { storeRequestLife } from '../requests/store-life.ts';
import type { StatusEvent } from '../requests/status.ts';
import { createSqliteStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { contentWith } from '../test-support/fixtures.ts';
import { startSmppServer, type TestSmppServer } from '../test-support/smpp-server.ts';
import { createSmppGateway, type DeliveryReceipt, type SmppGateway } from './smpp-gateway.ts';
import { createSmsSender } from './sms-sender.ts';
import { readSmsTexts } from './sms-text.ts';

const procedure: Procedure = {
  id: 'report-with-phone',
  version: 1,
  audience: 'resident',
  category: 'street',
  pictogram: 'street',
  title: { fr: 'Signaler un problème' },
  summary: { fr: 'Un trou, un lampadaire.' },
  intro: { needs: [], minutes: 2 },
  steps: [
    { id: 'name', title: { fr: 'Nom' }, fields: [{ id: 'name', type: 'text', label: { fr: 'Nom' } }] },
    { id: 'phone', title: { fr: 'Téléphone' }, fields: [{ id: 'phone', type: 'phone', required: false, label: { fr: 'Téléphone' } }] },
  ],
  routes: ['street-app'],
  legal: { kind: 'request', silence: 'acceptance', delay: '2 months', service: 'technical' },
};
const content = contentWith(procedure);
const texts = readSmsTexts('content', ['fr', 'fr-x-falc', 'en', 'ar']);
const PUBLIC_URL = 'https://guichet.belval-sur-loire.fr';

describe('SMS notices through the outbox', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  async function setUp() {
    const store: Store = createSqliteStore({ file: join(mkdtempSync(join(tmpdir(), 'guichet-sms-')), 'guichet.sqlite') });
    await store.migrate();
    cleanup.push(() => store.dispose());
    await store.rememberProcedureVersion({ id: procedure.id, version: 1, hash: 'h', procedure });
    const gateway: TestSmppServer = await startSmppServer({ systemId: 'guichet', password: 'secret' });
    cleanup.push(() => gateway.close());
    const receipts: DeliveryReceipt[] = [];
    let waiting: { count: number; resolve: () => void } | undefined;
    const client: SmppGateway = createSmppGateway({
      url: `smpp://guichet:secret@127.0.0.1:${gateway.port}`,
      sender: 'Belval',
      reconnectMinMs: 20,
      reconnectMaxMs: 100,
      bindWaitMs: 300,
      log: () => {},
      onReceipt: (receipt) => {
        receipts.push(receipt);
        void store.recordNoticeReceipt({ noticeId: receipt.noticeId!, messageId: receipt.messageId, state: receipt.state, at: new Date() }).then(() => {
          if (waiting && receipts.length >= waiting.count) waiting.resolve();
        });
      },
    });
    client.start();
    cleanup.push(() => client.dispose());
    let clock = new Date('2026-03-10T09:00:00.000Z');
    const sender = createSmsSender({ store, content, gateway: client, texts, publicUrl: PUBLIC_URL, now: () => clock, log: { warn: () => {}, error: () => {} } });
    const life = storeRequestLife(store, (id) => content.procedures.find((p) => p.id === id));
    return {
      store,
      gateway,
      sender,
      life,
      advance: (ms: number) => (clock = new Date(clock.getTime() + ms)),
      now: () => clock,
      receiptsReached: (count: number) => (receipts.length >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { count, resolve }))),
    };
  }

  async function request(store: Store, locale: string, answers: Record<string, string>) {
    const accepted = await store.acceptSubmission({
      id: randomUUID(),
      procedureId: procedure.id,
      procedureVersion: 1,
      locale,
      answers,
      attachments: [],
      bodyHash: 'b',
      receivedAt: '2026-03-02T10:00:00.000+01:00',
      routes: ['street-app'],
    });
    if (accepted.outcome !== 'created') throw new Error(accepted.outcome);
    return accepted.receipt;
  }

  const ask: StatusEvent = { type: 'incomplete', actor: { kind: 'instructor', id: 'c.durand' }, missing: [{ label: { fr: 'Photo du lieu', ar: 'صورة المكان' } }], respondBy: '2026-04-10' };

  it('sends each notice exactly once with no personal data, though the gateway dies mid-run, and records the receipts', async () => {
    const t = await setUp();
    const people = [
      { locale: 'ar', name: 'Karim Benali', phone: '06 12 34 56 01' },
      { locale: 'fr', name: 'Marie Martin', phone: '06 12 34 56 02' },
      { locale: 'ar', name: 'Samira Haddad', phone: '+33 6 12 34 56 03' },
      { locale: 'en', name: 'John Smith', phone: '06 12 34 56 04' },
      { locale: 'fr-x-falc', name: 'Paul Durand', phone: '06 12 34 56 05' },
      { locale: 'fr', name: 'Sans Téléphone', phone: '' },
    ];
    const receipts = [];
    for (const person of people) {
      const receipt = await request(t.store, person.locale, { name: person.name, ...(person.phone ? { phone: person.phone } : {}) });
      receipts.push(receipt);
      const applied = await t.life.applyEvent(receipt.reference, ask, { kind: 'desk', instructorId: 'c.durand' }, t.now());
      expect(applied.outcome).toBe('applied');
    }
    // The gateway dies on the 3rd submit_sm it receives, before answering it.
    let died = false;
    t.gateway.beforeAnswer = (_part, count) => {
      if (count === 3 && !died) {
        died = true;
        return 'die';
      }
      return 'answer';
    };
    const rounds = [];
    for (let round = 0; round < 6; round++) {
      rounds.push(await t.sender.sendDue());
      if (died && t.gateway.binds === 1) await t.gateway.restart();
      t.advance(2 * 3_600_000);
    }
    expect(died).toBe(true);
    expect(rounds.reduce((sum, round) => sum + round.retried, 0)).toBeGreaterThan(0);

    // Every SMS notice on the gateway once; the person without a phone goes to reception.
    const messages = t.gateway.messages();
    expect(messages).toHaveLength(5);
    const parts = t.gateway.accepted.map((part) => part.noticePart);
    expect(new Set(parts).size).toBe(parts.length);
    for (const [i, person] of people.entries()) {
      const notices = await t.store.listNotices((await t.store.findSubmission(receipts[i]!.reference))!.id);
      expect(notices).toHaveLength(1);
      if (!person.phone) {
        expect(notices[0]).toMatchObject({ channel: 'letter', state: 'pending' });
        continue;
      }
      expect(notices[0]).toMatchObject({ channel: 'sms', state: 'sent' });
      const sms = messages.find((message) => message.noticeId === notices[0]!.id)!;
      expect(sms.text).toContain(receipts[i]!.reference);
      expect(sms.text).toContain(`${PUBLIC_URL}/suivi/${receipts[i]!.reference}`);
      expect(sms.text).not.toContain(person.name);
      expect(sms.text).not.toContain(receipts[i]!.trackingCode);
      expect(sms.text).not.toMatch(/\d{2} \d{2} \d{2}/);
      expect(sms.dataCoding).toBe(person.locale === 'ar' ? 8 : 0);
    }
    await t.receiptsReached(t.gateway.accepted.length);
    const sentIds = (await Promise.all(receipts.map(async (r) => t.store.listNotices((await t.store.findSubmission(r.reference))!.id)))).flat().filter((n) => n.channel === 'sms');
    expect(sentIds.every((notice) => notice.receiptState === 'delivered')).toBe(true);
  });
});
