// What the kiosk makes of the server's answers, against the real server app (in process, over
// a real SQLite file): which refusals are definitive (shown on the person's fields, never
// retried) and which are worth another try from the outbox.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contentWith, filesProcedure } from '../../../server/test-support/fixtures.ts';
import { createKeyring, newSealingKey } from '../../../server/sealing.ts';
import { png } from '../../../server/test-support/sample-files.ts';
import { startTestApp, type TestApp } from '../../../server/test-support/test-app.ts';
import { createClamdScanner } from '../../../server/uploads/clamav.ts';
import { sealEnvelope } from '../outbox/seal.ts';
import type { Envelope, SealedEnvelope } from './envelope.ts';
import { submitEnvelope } from './submit-envelope.ts';

const noAntivirusDir = mkdtempSync(join(tmpdir(), 'guichet-no-clamd-'));

let t: TestApp;
/** The same server whose antivirus cannot be reached (clamd on a socket nobody listens on). */
let noAntivirus: TestApp;
let server: TestApp;

beforeAll(async () => {
  t = await startTestApp({ content: contentWith(filesProcedure()) });
  noAntivirus = await startTestApp({
    content: contentWith(filesProcedure()),
    scanner: createClamdScanner({ address: join(noAntivirusDir, 'clamd.sock'), timeoutMs: 2_000 }),
  });
  server = t;
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => server.app.fetch(new Request(input, init)));
});

afterAll(async () => {
  vi.unstubAllGlobals();
  await t.dispose();
  await noAntivirus.dispose();
  rmSync(noAntivirusDir, { recursive: true, force: true });
});

const withFile = (bytes: Buffer): Envelope => ({
  key: randomUUID(),
  body: {
    procedureId: 'test-files',
    procedureVersion: 1,
    locale: 'fr',
    answers: { subject: 'Mon dossier', documents: ['page-1'] },
    attachments: [{ id: 'page-1', type: 'image/png', data: bytes.toString('base64') }],
  },
});

describe('submitEnvelope', () => {
  it('is sent when the server takes it', async () => {
    const result = await submitEnvelope(withFile(await png()));
    expect(result.kind).toBe('sent');
  });

  it('is refused for good, on the file’s question, when the file hides something (415)', async () => {
    const polyglot = Buffer.concat([await png(), Buffer.from('<script>alert(1)</script>')]);
    const result = await submitEnvelope(withFile(polyglot));
    expect(result).toMatchObject({ kind: 'rejected', errors: [expect.objectContaining({ field: 'documents' })] });
  });

  it('is refused for good when the file is over its question’s limit (413)', async () => {
    const result = await submitEnvelope(withFile(await png(400, 400)));
    expect(result).toMatchObject({ kind: 'rejected', errors: [expect.objectContaining({ field: 'documents' })] });
  });

  it('is kept for another try when the server cannot open it yet (an unknown sealing key, 409)', async () => {
    // Sealed for a key this server has never had: a terminal that holds a newer key than the
    // server it talks to, say, until the server is given it.
    const envelope = withFile(await png());
    const elsewhere = createKeyring([newSealingKey()]);
    const sealed: SealedEnvelope = { key: envelope.key, body: { sealed: await sealEnvelope(envelope, elsewhere.current) } };
    const result = await submitEnvelope(sealed);
    expect(result).toMatchObject({ kind: 'failed', reason: expect.stringContaining('409') });
  });

  it('is kept, and waits as long as the server asks, while its antivirus cannot answer (503, Retry-After)', async () => {
    server = noAntivirus;
    try {
      const result = await submitEnvelope(withFile(await png()));
      expect(result).toMatchObject({ kind: 'failed', reason: expect.stringContaining('503'), retryAfterMs: 60_000 });
    } finally {
      server = t;
    }
  });
});
