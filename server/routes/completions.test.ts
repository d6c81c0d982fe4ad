// Completing an incomplete request (L114-5) through POST /api/submissions with `completes`:
// found by reference and code, the pieces checked by the model against the procedure of the
// pieces asked, merged with the `completed` event once per Idempotency-Key, answered with the
// new ARE; every refusal a problem with a code and nothing written.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { deliverAll } from '../test-support/deliver.ts';
import { png } from '../test-support/sample-files.ts';
import { TEST_HOST } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let t: TestApp;
afterEach(async () => {
  await t?.dispose();
});

const url = (path: string) => `http://${TEST_HOST}${path}`;
const procedure = (id: string): Procedure => t.content.procedures.find((p) => p.id === id)!;

const post = (body: unknown, key: string = randomUUID()) =>
  t.app.request(url('/api/submissions'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
  });

/** A request of write-to-town-hall, received by the desk: its reference and tracking code. */
async function received(): Promise<{ reference: string; code: string }> {
  const response = await post(validSubmission(procedure('write-to-town-hall'), { postcodes: t.content.site.postcodes, today: '2026-11-28' }));
  expect(response.status).toBe(201);
  const { reference, trackingCode } = (await response.json()) as { reference: string; trackingCode: string };
  await deliverAll(t.store, reference, NOW);
  return { reference, code: trackingCode };
}

async function askForPiece(reference: string): Promise<void> {
  const asked = await t.store.applyRequestEvent({
    reference,
    event: { type: 'incomplete', actor: { kind: 'instructor', id: '1' }, missing: [{ label: { fr: 'Photo du compteur', ar: 'صورة العداد' } }], respondBy: '2026-12-20' },
    source: { kind: 'desk', instructorId: '1' },
    at: NOW,
  });
  expect(asked.outcome).toBe('applied');
}

const completion = async (reference: string, code: string) => {
  const image = (await png()).toString('base64');
  return {
    procedureId: 'write-to-town-hall',
    locale: 'ar',
    answers: { round1piece1: ['f1'] },
    attachments: [{ id: 'f1', type: 'image/png', data: image }],
    completes: { reference, code },
  };
};

const statuses = async (reference: string) => (await t.store.requestLife(reference))!.history.map((h) => h.status);

describe('completing an incomplete request', () => {
  it('merges the pieces with the completion once, even sent 5 times with its key; the answer is the new ARE', async () => {
    t = await startTestApp({ now: () => NOW });
    const { reference, code } = await received();
    await askForPiece(reference);
    const body = await completion(reference, code.toLowerCase());
    const key = randomUUID();
    const first = await post(body, key);
    expect(first.status, await first.clone().text()).toBe(201);
    const answer = (await first.json()) as { reference: string; trackingCode: string; receipt: { kind: string; procedure: { implicitDecisionDate?: string } } };
    expect(answer).toMatchObject({ reference, trackingCode: code, receipt: { kind: 'receipt' } });
    for (let i = 0; i < 5; i++) {
      const again = await post(body, key);
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(await statuses(reference)).toEqual(['registered', 'received', 'incomplete', 'received']);
    const life = (await t.store.requestLife(reference))!;
    expect(life.history.at(-1)).toMatchObject({ status: 'received', completed: true, actor: { kind: 'resident' } });
    const stored = (await t.store.findSubmission(reference))!;
    expect(stored.answers?.round1piece1).toEqual(['f1']);
    expect(stored.answers?.message).toBeDefined();

    // The same key with other pieces is another sending: refused, nothing written.
    const reused = await post({ ...body, attachments: [{ id: 'f1', type: 'image/png', data: (await png(20, 20)).toString('base64') }] }, key);
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { code: string }).code).toBe('idempotency-key-reused');
    // Completed: nothing is awaited any more.
    const late = await post(body);
    expect(late.status).toBe(409);
    expect(((await late.json()) as { code: string }).code).toBe('invalid-transition');
    expect(await statuses(reference)).toHaveLength(4);
  });

  it('refuses a wrong code (404), a request that awaits nothing (409) and a missing piece not given (422), nothing written', async () => {
    t = await startTestApp({ now: () => NOW });
    const { reference, code } = await received();
    const early = await post(await completion(reference, code));
    expect(early.status).toBe(409);
    expect(((await early.json()) as { code: string }).code).toBe('invalid-transition');

    await askForPiece(reference);
    const wrong = await post(await completion(reference, code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'));
    expect(wrong.status).toBe(404);
    expect(((await wrong.json()) as { code: string }).code).toBe('submission-not-found');

    const empty = await post({ ...(await completion(reference, code)), answers: {}, attachments: [] });
    expect(empty.status).toBe(422);
    const problem = (await empty.json()) as { code: string; errors: Array<{ field: string; code: string }> };
    expect(problem.code).toBe('invalid-answers');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'round1piece1', code: 'required' })]);

    const other = await post({ ...(await completion(reference, code)), procedureId: 'civil-status-certificate' });
    expect(other.status).toBe(422);
    expect(((await other.json()) as { code: string }).code).toBe('completion-mismatch');
    expect(await statuses(reference)).toEqual(['registered', 'received', 'incomplete']);
    expect((await t.store.findSubmission(reference))!.answers?.round1piece1).toBeUndefined();
  });
});
