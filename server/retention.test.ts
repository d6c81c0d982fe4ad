// The retention purge on a controlled clock: answers and files go when the procedure's period
// has passed since the last status change; the minimal record, the tracking and the audit
// chain stay.
import { randomUUID } from 'node:crypto';
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { todayIn, type Procedure } from '../content/model/index.ts';
import { purgeExpired } from './retention.ts';
import { verifyAuditChain } from './store/audit-chain.ts';
import { deliverAll } from './test-support/deliver.ts';
import { contentWith, filesProcedure } from './test-support/fixtures.ts';
import { startTestApp, type TestApp } from './test-support/test-app.ts';
import { SAMPLE_FILES } from './test-support/valid-answers.ts';
import { reencodeImage } from './uploads/images.ts';

const T0 = new Date('2026-11-28T10:00:00Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

/** 30 days by default (no retentionDays); the long one keeps 60. */
const short = filesProcedure();
const long: Procedure = { ...filesProcedure(), id: 'test-files-long', legal: { kind: 'declaration', service: 'mail', retentionDays: 60 } };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Files are named by the sha256 of what is stored: the image as the server re-encodes it, the PDF as sent. */
const reencoded = await reencodeImage('image/png', Buffer.from(SAMPLE_FILES['image/png'], 'base64'));
if (!reencoded.ok) throw new Error('the sample PNG does not decode');
const PNG = sha256(reencoded.bytes);
const PDF = sha256(Buffer.from(SAMPLE_FILES['application/pdf'], 'base64'));

describe('purgeExpired', () => {
  let t: TestApp;
  let clock = T0;
  afterEach(() => t.dispose());

  const start = async () => {
    clock = T0;
    t = await startTestApp({ now: () => clock, content: contentWith(short, long) });
  };
  const submit = async (procedure: Procedure, type: 'image/png' | 'application/pdf' = 'image/png') => {
    const res = await t.client.api.submissions.$post({
      json: {
        procedureId: procedure.id,
        locale: 'fr',
        answers: { subject: 'Mon dossier', documents: ['doc1'] },
        attachments: [{ id: 'doc1', type, data: SAMPLE_FILES[type] }],
      },
      header: { 'idempotency-key': randomUUID() },
    });
    if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
    return res.json();
  };
  const purge = (when: Date) => purgeExpired({ store: t.store, content: t.content, attachmentsDir: join(t.dataDir, 'attachments'), now: () => when });
  const file = (hash: string) => join(t.dataDir, 'attachments', hash);

  it('removes answers and files 30 days after the last status change, and keeps the minimal record', async () => {
    await start();
    const s = await submit(short);
    await deliverAll(t.store, s.reference, at(3_600_000));
    expect(existsSync(file(PNG))).toBe(true);

    // 30 days after delivery, less a second: nothing yet.
    expect((await purge(at(3_600_000 + 30 * DAY - 1000))).submissions).toBe(0);
    expect((await t.store.findSubmission(s.reference))?.answers).toEqual({ subject: 'Mon dossier', documents: ['doc1'] });

    const report = await purge(at(3_600_000 + 30 * DAY + 1000));
    expect(report).toMatchObject({ submissions: 1, files: 1 });
    expect(report.procedures).toContainEqual({ procedureId: 'test-files', days: 30, purged: 1 });
    expect(existsSync(file(PNG))).toBe(false);

    const kept = (await t.store.findSubmission(s.reference))!;
    expect(kept).toMatchObject({
      reference: s.reference,
      procedureId: 'test-files',
      status: 'delivered',
      receivedAt: s.receivedAt,
      answers: undefined,
      purgedAt: at(3_600_000 + 30 * DAY + 1000).toISOString(),
    });
    expect(kept.history.map((h) => h.status)).toEqual(['received', 'delivered']);
    const audit = await t.store.auditTrail(kept.id);
    expect(audit.at(-1)).toMatchObject({ kind: 'submission.purged', actor: 'retention', data: { reference: s.reference, attachments: 1 } });
    expect(JSON.stringify(audit)).not.toContain('Mon dossier');
    expect(verifyAuditChain(await t.store.auditLog({ limit: 1000 })).breaks).toEqual([]);

    // Tracking still answers, says the answers are gone; the receipt is a clear 404.
    clock = at(3_600_000 + 31 * DAY);
    const tracking = await t.app.request(`/api/submissions/${s.reference}?code=${s.trackingCode}`);
    expect(await tracking.json()).toMatchObject({ status: 'delivered', receipt: null, purgedAt: kept.purgedAt, explanation: { status: 'Votre demande est terminée.' } });
    const receipt = await t.app.request(`/api/submissions/${s.reference}/receipt.pdf?code=${s.trackingCode}`);
    expect(receipt.status).toBe(404);
    expect(await receipt.json()).toMatchObject({ code: 'submission-purged', status: 404 });
    // A purge again changes nothing.
    expect((await purge(at(100 * DAY))).submissions).toBe(0);
  });

  it('keeps each procedure its own period, and never purges what the service does not have yet', async () => {
    await start();
    const a = await submit(short, 'application/pdf');
    const b = await submit(long, 'application/pdf');
    const stuck = await submit(short, 'image/png');
    await deliverAll(t.store, a.reference, at(1000));
    await deliverAll(t.store, b.reference, at(1000));
    // `stuck` is never delivered: its data is still needed to hand it over.
    await t.store.claimDeliveries({ route: 'mail-ged', limit: 10, now: at(2000), leaseMs: 1 });

    const day45 = await purge(at(45 * DAY));
    expect(day45.submissions).toBe(1);
    expect((await t.store.findSubmission(a.reference))?.answers).toBeUndefined();
    expect((await t.store.findSubmission(b.reference))?.answers).toBeDefined();
    expect((await t.store.findSubmission(stuck.reference))?.answers).toBeDefined();
    // The PDF is shared by `a` (purged) and `b` (kept): the file stays while `b` names it.
    expect(existsSync(file(PDF))).toBe(true);

    const day61 = await purge(at(61 * DAY));
    expect(day61.procedures).toContainEqual({ procedureId: 'test-files-long', days: 60, purged: 1 });
    expect(existsSync(file(PDF))).toBe(false);
    expect(existsSync(file(PNG))).toBe(true);
    expect((await t.store.findSubmission(stuck.reference))?.answers).toBeDefined();
  });

  it('removes files that no submission names once they are an hour old (a crash between file and commit)', async () => {
    await start();
    const old = 'a'.repeat(64);
    const young = 'b'.repeat(64);
    await submit(short);
    writeFileSync(file(old), 'orphan');
    writeFileSync(file(young), 'orphan');
    const when = at(DAY);
    utimesSync(file(old), new Date(when.getTime() - 2 * 3_600_000), new Date(when.getTime() - 2 * 3_600_000));
    utimesSync(file(young), new Date(when.getTime() - 60_000), new Date(when.getTime() - 60_000));
    const report = await purge(when);
    expect(report.files).toBe(1);
    expect(existsSync(file(old))).toBe(false);
    expect(existsSync(file(young))).toBe(true);
    expect(existsSync(file(PNG))).toBe(true);
  });
});

it('uses a date the test controls, not the machine clock', () => {
  expect(todayIn(T0)).toBe('2026-11-28');
});
