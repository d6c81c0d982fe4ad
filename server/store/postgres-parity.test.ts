// The same story told to both stores must come back the same: a transcript of every value the
// Store returns (claim tokens aside) through acceptance, relay, acknowledgment emails, the
// audit chain and the retention purge, recorded on SQLite and on PostgreSQL, compared whole.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { freshDatabase } from '../../test/support/postgres.ts';
import { verifyAuditChain } from './audit-chain.ts';
import { createPostgresStore } from './index.ts';
import { createSqliteStore } from './index.ts';
import type { NewSubmission, Store } from './types.ts';

const procedure = {
  id: 'write-to-town-hall',
  version: 1,
  audience: 'resident',
  category: 'contact',
  pictogram: 'letter',
  title: { fr: 'Écrire à la mairie', en: 'Write' },
  summary: { fr: 'Poser une question.' },
  intro: { needs: [], minutes: 2 },
  steps: [{ id: 'message', title: { fr: 'Message' }, fields: [{ id: 'message', type: 'longText', label: { fr: 'Message' } }] }],
  routes: ['mail-ged'],
} as unknown as Procedure;

const photo = { id: 'photo-1', field: 'photo', type: 'image/png', bytes: 68, sha256: 'ab'.repeat(32) };

const submission = (n: number, overrides: Partial<NewSubmission> = {}): NewSubmission => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  procedureId: 'write-to-town-hall',
  procedureVersion: 1,
  locale: 'fr',
  // A NUL escape and nested values: kept byte for byte (jsonb would refuse the one, reorder the other).
  answers: { message: `Message ${n} \u0000 avec « guillemets »`, nested: { z: 1, a: [true, null, 2.5] } } as unknown as NewSubmission['answers'],
  attachments: n === 1 ? [photo] : [],
  bodyHash: `body-${n}`,
  receivedAt: `2026-11-28T1${n}:00:00.000+01:00`,
  routes: ['mail-ged', 'hr-mailbox'],
  ...overrides,
});

const at = (time: string) => new Date(`2026-11-28T${time}Z`);

/** Runs the story, returning everything the store said. */
async function transcript(store: Store): Promise<unknown[]> {
  const said: unknown[] = [];
  const say = (value: unknown) => said.push(JSON.parse(JSON.stringify(value, (k, v) => (k === 'claimToken' ? 'token' : v))));
  await store.migrate();
  say(await store.rememberProcedureVersion({ id: procedure.id, version: 1, hash: 'h1', procedure }));
  say(await store.getProcedureVersion(procedure.id, 1));
  for (const i of [1, 2, 3]) say(await store.acceptSubmission(submission(i, { emailReceipts: i !== 3, actor: i === 2 ? 'mediator:m.dupont' : undefined, terminal: i === 2 ? 'epn-2' : undefined })));
  say(await store.acceptSubmission(submission(1)));
  say(await store.acceptSubmission(submission(1, { bodyHash: 'other' })));

  // Relay: deliver everything of submissions 1 and 2; submission 3 fails once then dies.
  const now = at('14:00:00.000');
  const ged = await store.claimDeliveries({ route: 'mail-ged', limit: 10, now, leaseMs: 60_000 });
  const hr = await store.claimDeliveries({ route: 'hr-mailbox', limit: 10, now, leaseMs: 60_000 });
  say(ged);
  say(hr);
  for (const d of [...ged, ...hr]) {
    const outcome =
      d.submission.id === submission(3).id
        ? d.route === 'mail-ged'
          ? ({ outcome: 'retry', error: 'Boîte pleine.', nextAttemptAt: at('14:10:00.000') } as const)
          : ({ outcome: 'dead', error: 'Refusé (400).' } as const)
        : ({ outcome: 'delivered' } as const);
    say(await store.recordDelivery({ id: d.id, claimToken: d.claimToken, at: at('14:00:01.000'), ...outcome }));
  }
  say(await store.noteUndeliverableRoute('mail-ged', 'Non configurée.'));
  say(await store.listDeliveries({ limit: 100 }));
  say(await store.listDeliveries({ state: 'waiting', limit: 100 }));
  say(await store.deliverySummary());
  const dead = (await store.listDeliveries({ state: 'dead', limit: 1 }))[0]!;
  say(await store.retryDeliveryNow(dead.id, { at: at('15:00:00.000'), by: 'agent:1234' }));

  // Acknowledgment emails: AEE for 1 and 2, ARE for the delivered ones.
  const emails = await store.claimReceiptEmails({ now: at('16:00:00.000'), limit: 10, leaseMs: 60_000 });
  say(emails);
  for (const [i, e] of emails.entries())
    say(
      await store.recordReceiptEmail(
        i === 0
          ? { id: e.id, claimToken: e.claimToken, at: at('16:00:01.000'), outcome: 'retry', error: 'SMTP 451', nextAttemptAt: at('16:05:00.000') }
          : { id: e.id, claimToken: e.claimToken, at: at('16:00:01.000'), outcome: 'sent' },
      ),
    );
  say(await store.recordReceiptEmail({ id: emails[1]!.id, claimToken: emails[1]!.claimToken, at: at('16:00:02.000'), outcome: 'sent' }));

  await store.appendAudit({ at: '2026-11-28T17:00:00.000+01:00', kind: 'console.reprint', actor: 'agent:1234', terminal: 'accueil-1', data: { reference: 'x' } });

  // Retention: nothing before the last change; then submissions 1 and 2 (3 is still received).
  say(await store.purgeSubmissions({ procedureId: 'write-to-town-hall', lastChangeBefore: at('14:00:01.000'), at: at('18:00:00.000'), limit: 10 }));
  say(await store.attachmentInUse(photo.sha256));
  say(await store.purgeSubmissions({ procedureId: 'write-to-town-hall', lastChangeBefore: at('14:00:01.001'), at: at('18:00:00.000'), limit: 10 }));
  say(await store.attachmentInUse(photo.sha256));
  say(await store.claimReceiptEmails({ now: at('23:00:00.000'), limit: 10, leaseMs: 60_000 }));

  for (const i of [1, 2, 3]) {
    const replay = await store.replayOf(submission(i).id, submission(i).bodyHash);
    say(replay);
    if (replay?.outcome === 'replay') say(await store.findSubmission(replay.receipt.reference));
    say(await store.auditTrail(submission(i).id));
  }
  const log = await store.auditLog({ limit: 1000 });
  say(log.map(({ id, ...entry }) => entry));
  say(verifyAuditChain(log));
  say(await store.auditLog({ afterId: log[2]!.id, limit: 2 }).then((page) => page.map((e) => e.kind)));
  say(await store.countSubmissions());
  return said;
}

describe('PostgreSQL and SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-parity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('return the same values for the same story, with an unbroken audit chain', async () => {
    let reference = 0;
    const options = { newReference: () => `ABCD-${String(++reference).padStart(4, '2')}`, newTrackingCode: () => 'TRACKCODE' };
    const sqlite = createSqliteStore({ file: join(dir, 'guichet.sqlite'), ...options });
    const sqliteSaid = await transcript(sqlite).finally(() => sqlite.dispose());
    reference = 0;
    const postgres = createPostgresStore({ connectionString: await freshDatabase(), ...options });
    const postgresSaid = await transcript(postgres).finally(() => postgres.dispose());
    expect(postgresSaid).toEqual(sqliteSaid);
    const report = sqliteSaid.at(-3) as { breaks: unknown[]; entries: number };
    expect(report.breaks).toEqual([]);
    expect(report.entries).toBeGreaterThan(10);
  });
});
