// The contract every connector keeps, run against a real peer by each implementation's test:
// `testConnector('smtp', () => startSmtpPeer())`. A peer adapter starts the receiver, builds
// connectors that point at it (up, down, hanging) and reads back what the receiver got.

import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionDocument } from './document.ts';
import type { Connector, Delivery } from './types.ts';

/** One copy of a submission as the receiver holds it. */
export interface ReceivedCopy {
  /** The idempotency key as the receiver sees it (header, Message-ID, document). */
  idempotencyKey: string;
  document: SubmissionDocument;
  /** The attachments as received, by the name the receiver shows. */
  files: Array<{ name: string; bytes: Uint8Array }>;
}

/** A real receiver and connectors aimed at it. */
export interface ConnectorPeer {
  /** True when the receiver itself keeps one copy per idempotency key (a folder); false when copies are only recognisable. */
  readonly keepsOneCopy: boolean;
  /** A connector whose receiver is up and accepts. */
  connector(options: { timeoutMs: number }): Connector;
  /** A connector whose receiver is down: nothing listens, or the share is missing. */
  down(options: { timeoutMs: number }): Connector;
  /** A connector whose receiver takes the request for `delivery` and never answers. */
  hanging(options: { timeoutMs: number; delivery: Delivery }): Promise<Connector>;
  /** Every copy of a reference the receiver holds, in arrival order. */
  received(reference: string): Promise<ReceivedCopy[]>;
  /** What abandoned attempts still hold at the receiver: open connections, work-in-progress folders. */
  leftovers(): Promise<number>;
  dispose(): Promise<void>;
}

const PHOTO = new Uint8Array([
  0xff,
  0xd8,
  0xff,
  0xe0,
  ...Array.from({ length: 2048 }, (_, i) => (i * 7) % 256),
  0xff,
  0xd9,
]);
const PLAN = new TextEncoder().encode('%PDF-1.7\n% plan du quartier\n%%EOF\n');
let scratch: string | undefined;

/**
 * A delivery such as the worker hands over: two attachments (one in memory, one on disk), a
 * receipt, a fresh reference and key each time.
 *
 * @example const delivery = await sampleDelivery();
 */
export async function sampleDelivery(): Promise<Delivery> {
  scratch ??= await mkdtemp(join(tmpdir(), 'guichet-contract-'));
  const id = randomUUID();
  const planPath = join(scratch, `${id}.pdf`);
  await writeFile(planPath, PLAN);
  return {
    idempotencyKey: id,
    submission: {
      reference: `BSL-2026-${id.slice(0, 8).toUpperCase()}`,
      receivedAt: '2026-03-03T13:05:00.000Z',
      procedureId: 'street-report',
      procedureVersion: 2,
      procedureTitle: 'Signaler un problème dans la rue',
      locale: 'fr-x-falc',
      answers: {
        problem: 'pothole',
        where: { street: '3 rue des Écoles', postcode: '41200', city: 'Belval-sur-Loire' },
        details: 'Un trou profond devant l’école.\nDangereux pour les vélos <attention> & piétons.',
        photos: ['photo1'],
        plan: ['plan1'],
      },
      answerRows: [
        { label: 'Quel problème ?', value: 'Nid-de-poule' },
        { label: 'Où ?', value: '3 rue des Écoles, 41200 Belval-sur-Loire' },
        {
          label: 'Précisions',
          value: 'Un trou profond devant l’école.\nDangereux pour les vélos <attention> & piétons.',
        },
        { label: 'Photos', value: 'photo du trou.jpg' },
        { label: 'Plan', value: 'plan.pdf' },
      ],
      channel: 'kiosk',
    },
    attachments: [
      { id: 'photo1', type: 'image/jpeg', filename: 'photo du trou.jpg', bytes: PHOTO },
      { id: 'plan1', type: 'application/pdf', filename: 'plan.pdf', path: planPath },
    ],
    receipt: { pdf: new TextEncoder().encode('%PDF-1.7\n% accusé\n%%EOF\n'), html: '<p>Accusé d’enregistrement</p>' },
  };
}

/** Removes the files `sampleDelivery` wrote on disk. */
export async function removeSampleFiles(): Promise<void> {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/**
 * The connector contract, against a real peer.
 *
 * @example testConnector('folder', async () => startFolderPeer());
 */
export function testConnector(name: string, startPeer: () => Promise<ConnectorPeer>): void {
  describe(`${name} connector (contract)`, () => {
    let peer: ConnectorPeer;
    beforeAll(async () => {
      peer = await startPeer();
    });
    afterAll(async () => {
      await peer?.dispose();
      await removeSampleFiles();
    });

    it('delivers a submission with its two attachments, intact', async () => {
      const connector = peer.connector({ timeoutMs: 5_000 });
      const delivery = await sampleDelivery();
      try {
        expect(await connector.deliver(delivery)).toMatchObject({ outcome: 'delivered' });
      } finally {
        await connector.dispose();
      }
      const copies = await peer.received(delivery.submission.reference);
      expect(copies).toHaveLength(1);
      const [copy] = copies as [ReceivedCopy];
      expect(copy.idempotencyKey).toBe(delivery.idempotencyKey);
      expect(copy.document).toMatchObject({
        format: 'guichet.submission',
        version: 1,
        idempotencyKey: delivery.idempotencyKey,
        reference: delivery.submission.reference,
        receivedAt: delivery.submission.receivedAt,
        procedure: { id: 'street-report', version: 2, title: 'Signaler un problème dans la rue' },
        answers: delivery.submission.answers,
        answerRows: delivery.submission.answerRows,
      });
      expect(copy.document.attachments.map((a) => [a.id, a.filename, a.size, a.sha256])).toEqual([
        ['photo1', 'photo du trou.jpg', PHOTO.byteLength, sha256(PHOTO)],
        ['plan1', 'plan.pdf', PLAN.byteLength, sha256(PLAN)],
      ]);
      const bytesOf = (filename: string) => copy.files.find((file) => file.name === filename)?.bytes;
      expect(Buffer.from(bytesOf('photo du trou.jpg') ?? [])).toEqual(Buffer.from(PHOTO));
      expect(Buffer.from(bytesOf('plan.pdf') ?? [])).toEqual(Buffer.from(PLAN));
    });

    it('delivers twice with the same key: one copy, or copies the receiver can tell apart as one', async () => {
      const connector = peer.connector({ timeoutMs: 5_000 });
      const delivery = await sampleDelivery();
      try {
        expect(await connector.deliver(delivery)).toMatchObject({ outcome: 'delivered' });
        expect(await connector.deliver(delivery)).toMatchObject({ outcome: 'delivered' });
      } finally {
        await connector.dispose();
      }
      const copies = await peer.received(delivery.submission.reference);
      expect(copies.length).toBeGreaterThanOrEqual(1);
      if (peer.keepsOneCopy) expect(copies).toHaveLength(1);
      for (const copy of copies) {
        expect(copy.idempotencyKey).toBe(delivery.idempotencyKey);
        expect(copy.document.idempotencyKey).toBe(delivery.idempotencyKey);
      }
    });

    it('answers retry, in French, when the receiver is down', async () => {
      const connector = peer.down({ timeoutMs: 5_000 });
      try {
        const result = await connector.deliver(await sampleDelivery());
        expect(result).toMatchObject({ outcome: 'retry', reason: expect.stringMatching(/^[A-ZÀ-Ü].{10,}\.$/) });
      } finally {
        await connector.dispose();
      }
    });

    it('answers retry within its timeout when the receiver hangs, and leaves nothing open', async () => {
      const timeoutMs = 400;
      const delivery = await sampleDelivery();
      const connector = await peer.hanging({ timeoutMs, delivery });
      try {
        const started = performance.now();
        const result = await connector.deliver(delivery);
        const elapsed = performance.now() - started;
        expect(result).toMatchObject({ outcome: 'retry', reason: expect.stringContaining('délai de 0,4 s dépassé') });
        expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
        expect(elapsed).toBeLessThan(timeoutMs + 1_500);
      } finally {
        await connector.dispose();
      }
      await expect.poll(() => peer.leftovers(), { timeout: 3_000, interval: 50 }).toBe(0);
    });

    it('answers retry without sending when the worker has already aborted', async () => {
      const connector = peer.connector({ timeoutMs: 5_000 });
      const delivery = await sampleDelivery();
      try {
        const result = await connector.deliver(delivery, { signal: AbortSignal.abort() });
        expect(result).toMatchObject({ outcome: 'retry', reason: expect.stringContaining('interrompu') });
      } finally {
        await connector.dispose();
      }
      expect(await peer.received(delivery.submission.reference)).toHaveLength(0);
    });

    it('answers rejected, without sending, when an attachment is gone from the server', async () => {
      const connector = peer.connector({ timeoutMs: 5_000 });
      const delivery = await sampleDelivery();
      delivery.attachments[1] = {
        id: 'plan1',
        type: 'application/pdf',
        filename: 'plan.pdf',
        path: join(tmpdir(), `${randomUUID()}.pdf`),
      };
      try {
        expect(await connector.deliver(delivery)).toEqual({
          outcome: 'rejected',
          reason: "La pièce jointe « plan.pdf » n'existe plus sur le serveur Guichet.",
        });
      } finally {
        await connector.dispose();
      }
      expect(await peer.received(delivery.submission.reference)).toHaveLength(0);
    });
  });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
