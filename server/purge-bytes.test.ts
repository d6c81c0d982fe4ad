// "Nothing left after a purge" (issue 22, part 3; design.md, step 8): after the retention purge,
// a byte scan of every file in the data folder finds neither a canary answer nor a mandate's
// resident name, in the database's free pages or in its write-ahead log. Before secure_delete
// and the checkpoint that truncates the log, the same scan found 264 copies of the answer.
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { purgeExpired } from './retention.ts';
import { deliverAll } from './test-support/deliver.ts';
import { contentWith, filesProcedure } from './test-support/fixtures.ts';
import { signIn } from './test-support/staff.ts';
import { startTestApp, type TestApp } from './test-support/test-app.ts';
import { SAMPLE_FILES } from './test-support/valid-answers.ts';

const T0 = new Date('2026-11-28T10:00:00Z');
const DAY = 86_400_000;
const procedure = filesProcedure();

/** Every file under `dir`, with the number of times `needle` occurs in its bytes. */
function scan(dir: string, needle: Buffer): Array<{ file: string; copies: number }> {
  const found: Array<{ file: string; copies: number }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      found.push(...scan(path, needle));
      continue;
    }
    const bytes = readFileSync(path);
    let copies = 0;
    for (let i = bytes.indexOf(needle); i !== -1; i = bytes.indexOf(needle, i + 1)) copies += 1;
    found.push({ file: name, copies });
  }
  return found;
}
const copiesIn = (dir: string, needle: string) => scan(dir, Buffer.from(needle, 'utf8')).filter((f) => f.copies > 0);

describe('the purge leaves no byte of what it removed', () => {
  let t: TestApp;
  let clock = T0;
  afterEach(() => t.dispose());

  it('finds no canary answer nor resident name in guichet.sqlite, its -wal or any file of the data folder', async () => {
    t = await startTestApp({ now: () => clock, content: contentWith(procedure) });
    const canary = `Canari${randomBytes(6).toString('hex')}`;
    const resident = `Résidente${randomBytes(6).toString('hex')}`;

    const mediator = await signIn(t, 'mediator', 'm1');
    const mandate = await t.app.request('/api/staff/mandates', {
      method: 'POST',
      headers: { ...mediator.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ residentName: resident, procedureIds: [procedure.id], until: { scope: 'duration', days: 1 }, consent: true }),
    });
    expect(mandate.status).toBe(201);

    // Enough submissions for the answers to fill several pages, each delivered (purgeable).
    const references: string[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await t.client.api.submissions.$post({
        json: {
          procedureId: procedure.id,
          locale: 'fr',
          answers: { subject: `${canary} ${i}`, documents: ['doc1'] },
          attachments: [{ id: 'doc1', type: 'application/pdf', data: SAMPLE_FILES['application/pdf'] }],
        },
        header: { 'idempotency-key': randomUUID() },
      });
      expect(res.status).toBe(201);
      references.push((await res.json()).reference);
    }
    for (const reference of references) await deliverAll(t.store, reference, new Date(T0.getTime() + 3_600_000));
    expect(copiesIn(t.dataDir, canary).length).toBeGreaterThan(0);
    expect(copiesIn(t.dataDir, resident).length).toBeGreaterThan(0);

    // The answers' 30 days, and the mandate's day then the same 30 days, have passed.
    clock = new Date(T0.getTime() + 40 * DAY);
    const report = await purgeExpired({ store: t.store, content: t.content, attachmentsDir: join(t.dataDir, 'attachments'), now: () => clock });
    expect(report).toMatchObject({ submissions: 40, mandates: 1 });

    expect(copiesIn(t.dataDir, canary)).toEqual([]);
    expect(copiesIn(t.dataDir, resident)).toEqual([]);
    // The minimal record stays: the reference is still found.
    expect((await t.store.findSubmission(references[0]!))?.purgedAt).toBe(clock.toISOString());
  });
});
