// The rights of the person at the reception desk (RGPD art. 15 and 17), through the app on both
// databases: the person, present and identified, gives reference and code; the desk sees and
// hands over a copy (page and JSON), then erases the answers and files before the retention
// date, which is refused while the service does not have the request yet. Audited each time.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support/postgres.ts';
import { verifyAuditChain } from '../store/audit-chain.ts';
import { createPostgresStore } from '../store/index.ts';
import type { Store } from '../store/types.ts';
import { hashCode } from '../staff/passwords.ts';
import { deliverAll } from '../test-support/deliver.ts';
import { contentWith, filesProcedure } from '../test-support/fixtures.ts';
import { SAME_ORIGIN, TEST_HOST } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { SAMPLE_FILES } from '../test-support/valid-answers.ts';

const procedure = filesProcedure();
const PDF = 'application/pdf';

describe.each([
  ['SQLite', async (): Promise<Store | undefined> => undefined],
  ['PostgreSQL', async (): Promise<Store | undefined> => createPostgresStore({ connectionString: await freshDatabase() })],
])('the rights of the person on %s', (_name, storeOf) => {
  let t: TestApp;
  afterEach(() => t.dispose());

  const url = (path: string) => `http://${TEST_HOST}${path}`;
  const form = (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
    t.app.request(url(path), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });

  it('shows and hands over what is held, then erases answers and files, audited', async () => {
    const store = await storeOf();
    t = await startTestApp({ content: contentWith(procedure), ...(store ? { store } : {}) });
    const sent = await t.client.api.submissions.$post({
      json: { procedureId: procedure.id, locale: 'fr', answers: { subject: 'Ma réclamation privée', documents: ['d1'] }, attachments: [{ id: 'd1', type: PDF, data: SAMPLE_FILES[PDF] }] },
      header: { 'idempotency-key': randomUUID() },
    });
    expect(sent.status).toBe(201);
    const { reference, trackingCode } = await sent.json();
    const account = await t.store.createStaffAccount({ role: 'reception', login: 'accueil', displayName: 'Accueil', passwordHash: await hashCode('code-accueil-Kq7m!'), createdAt: new Date().toISOString() });
    if (account === 'exists') throw new Error('exists');
    const signedIn = await form('/reception/sign-in', { login: 'accueil', code: 'code-accueil-Kq7m!', next: '/reception' }, SAME_ORIGIN);
    const desk = { Cookie: /guichet_reception=[^;]+/.exec(signedIn.headers.get('set-cookie') ?? '')![0], ...SAME_ORIGIN };

    const wrong = await form('/reception/rights', { reference, code: 'AAAAAA', identified: 'yes' }, desk);
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('<a href="#reference">Aucune demande ne correspond à cette référence et ce code.');
    const unidentified = await form('/reception/rights', { reference, code: trackingCode }, desk);
    expect(await unidentified.text()).toContain('<a href="#identified">Cochez la case quand la personne est là');

    const page = await form('/reception/rights', { reference: reference.toLowerCase(), code: trackingCode.toLowerCase(), identified: 'yes' }, desk);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<h1>Données de la demande ${reference}</h1>`);
    expect(html).toContain('<dt>Objet</dt><dd><bdi>Ma réclamation privée</bdi></dd>');
    expect(html).toMatch(/application\/pdf, \d+ Ko/);

    const copy = await form('/reception/rights/copy.json', { reference, code: trackingCode }, desk);
    expect(copy.headers.get('content-disposition')).toBe(`attachment; filename="donnees-${reference}.json"`);
    const held = (await copy.json()) as Record<string, unknown>;
    expect(held).toMatchObject({ reference, procedure: { id: procedure.id }, answers: { subject: 'Ma réclamation privée', documents: ['d1'] }, attachments: [{ field: 'documents', type: PDF }], retention: { days: 30 } });
    expect(JSON.stringify(held)).not.toMatch(/[0-9a-f]{64}/);

    // Not sent yet: the answers are what the relay delivers.
    const early = await form('/reception/rights/erase', { reference, code: trackingCode, confirm: 'yes' }, desk);
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('Le service n’a pas encore reçu la demande');
    await deliverAll(t.store, reference, new Date());
    const files = (await t.store.submissionAttachments((await t.store.findSubmission(reference))!.id)).map((a) => join(t.dataDir, 'attachments', a.sha256));
    expect(files.every((f) => existsSync(f))).toBe(true);
    expect((await form('/reception/rights/erase', { reference, code: trackingCode }, desk)).status).toBe(422);
    expect((await form('/reception/rights/erase', { reference, code: trackingCode, confirm: 'yes' }, { ...desk, Origin: 'https://evil.example' })).status).toBe(403);

    const erased = await form('/reception/rights/erase', { reference, code: trackingCode, confirm: 'yes' }, desk);
    expect(erased.status).toBe(200);
    const after = await erased.text();
    expect(after).toContain('Les réponses et les pièces jointes sont effacées (1 fichier supprimé).');
    expect(after).not.toContain('Ma réclamation privée');
    expect(files.some((f) => existsSync(f))).toBe(false);
    expect(await t.store.findSubmission(reference)).toMatchObject({ reference, status: 'delivered', answers: undefined });

    const log = await t.store.auditLog({ limit: 500 });
    expect(verifyAuditChain(log).breaks).toEqual([]);
    // Each page that shows the answers is a copy given: the look-up, the JSON, the refused
    // erasures (409, 422) and the page after the erasure.
    expect(log.filter((e) => e.kind === 'submission.erased' || e.kind === 'rights.copied').map((e) => [e.kind, e.actor])).toEqual([
      ['rights.copied', 'reception:accueil'],
      ['rights.copied', 'reception:accueil'],
      ['rights.copied', 'reception:accueil'],
      ['rights.copied', 'reception:accueil'],
      ['submission.erased', 'reception:accueil'],
      ['rights.copied', 'reception:accueil'],
    ]);
    expect(JSON.stringify(log)).not.toContain('réclamation');
  });
});
