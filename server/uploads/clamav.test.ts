// The antivirus against a real clamd (see test/support/clamd.ts for why its database holds one
// custom EICAR signature): the EICAR test string is refused with a 422 problem+json, a clean
// file is accepted, and while clamd cannot answer a submission is neither lost nor taken
// unscanned: 503, nothing written, and the same envelope is accepted once clamd is back.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readContent } from '../../content/check/index.ts';
import { allFields } from '../../content/model/index.ts';
import { EICAR, EICAR_SIGNATURE, startClamd, type RunningClamd } from '../../test/support/clamd.ts';
import { startServer } from '../../test/support/server.ts';
import { contentWith, filesProcedure, postSubmission } from '../test-support/fixtures.ts';
import { jpegWithExif, pdf, withJpegComment } from '../test-support/sample-files.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validAnswers } from '../test-support/valid-answers.ts';
import { clamdAddress, createClamdScanner, ScannerUnavailable, type VirusScanner } from './clamav.ts';

let clamd: RunningClamd;
beforeAll(async () => (clamd = await startClamd()), 120_000);
afterAll(() => clamd?.stop());

/** A PDF with the EICAR string in a comment line: a well-formed PDF that readers open, carrying it. */
async function pdfWithEicar(): Promise<Buffer> {
  const bytes = await pdf();
  const header = bytes.indexOf('\n') + 1;
  return Buffer.concat([bytes.subarray(0, header), Buffer.from(`%${EICAR}\n`), bytes.subarray(header)]);
}

describe('createClamdScanner', () => {
  it('finds the EICAR string and passes a clean file', async () => {
    const scanner = createClamdScanner({ address: clamd.socket });
    await scanner.ping();
    expect(await scanner.scan(Buffer.from(EICAR))).toEqual({ clean: false, signature: EICAR_SIGNATURE });
    expect(await scanner.scan(await pdfWithEicar())).toEqual({ clean: false, signature: EICAR_SIGNATURE });
    expect(await scanner.scan(await jpegWithExif())).toEqual({ clean: true });
    // Larger than one chunk of the stream, with the string at the very end.
    expect(await scanner.scan(Buffer.concat([Buffer.alloc(300_000, 0x20), Buffer.from(EICAR)]))).toMatchObject({ clean: false });
  });

  it('says it is unavailable when nothing listens, or when clamd does not answer in time', async () => {
    const missing = createClamdScanner({ address: join(clamd.socket, '..', 'nobody.sock') });
    await expect(missing.scan(Buffer.from('x'))).rejects.toBeInstanceOf(ScannerUnavailable);
    await expect(missing.ping()).rejects.toBeInstanceOf(ScannerUnavailable);
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const address = silent.address() as { port: number };
      const stalled = createClamdScanner({ address: `127.0.0.1:${address.port}`, timeoutMs: 200 });
      await expect(stalled.scan(Buffer.from('x'))).rejects.toThrow(/200 ms/);
    } finally {
      silent.close();
    }
  });

  it('reads GUICHET_CLAMAV_SOCKET as a socket path or host:port', () => {
    expect(clamdAddress('/run/clamav/clamd.ctl')).toEqual({ path: '/run/clamav/clamd.ctl' });
    expect(clamdAddress('127.0.0.1:3310')).toEqual({ host: '127.0.0.1', port: 3310 });
    expect(clamdAddress('tcp://clamav.local:3310')).toEqual({ host: 'clamav.local', port: 3310 });
    expect(clamdAddress('[::1]:3310')).toEqual({ host: '::1', port: 3310 });
    expect(() => clamdAddress('clamd')).toThrow(/GUICHET_CLAMAV_SOCKET/);
  });
});

describe('submissions with the antivirus enabled', () => {
  let t: TestApp;
  /** The scanner the app uses; a test points it elsewhere to make clamd unreachable. */
  let scanner: VirusScanner;
  beforeAll(async () => {
    scanner = createClamdScanner({ address: clamd.socket });
    const procedure = { ...filesProcedure(), steps: filesProcedure().steps.map((s) => ({ ...s, fields: s.fields.map((f) => (f.type === 'file' ? { ...f, maxBytes: 100_000 } : f)) })) };
    t = await startTestApp({
      content: contentWith(procedure),
      scanner: { address: 'test', scan: (bytes) => scanner.scan(bytes), ping: () => scanner.ping() },
    });
  });
  afterAll(() => t.dispose());

  const body = (bytes: Buffer) => ({
    procedureId: 'test-files',
    locale: 'fr',
    answers: { subject: 'Mon justificatif', documents: ['doc1'] },
    attachments: [{ id: 'doc1', type: 'application/pdf', data: bytes.toString('base64') }],
  });
  const files = () => (existsSync(join(t.dataDir, 'attachments')) ? readdirSync(join(t.dataDir, 'attachments')) : []);

  it('refuses a file carrying the EICAR string with 422, saying the antivirus refused it, and writes nothing', async () => {
    const res = await postSubmission(t, body(await pdfWithEicar()));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 422, code: 'attachment-infected', errors: [{ field: 'documents', code: 'attachment-infected' }] });
    expect(problem.detail).toMatch(/antivirus a refusé la pièce « doc1 »/);
    expect(problem.detail).toContain(EICAR_SIGNATURE);
    expect(await t.store.countSubmissions()).toBe(0);
    expect(files()).toEqual([]);
  });

  it('accepts a clean file', async () => {
    const res = await postSubmission(t, body(await pdf()));
    expect(res.status).toBe(201);
    expect(files()).toHaveLength(1);
  });

  it('answers 503 while clamd cannot answer, writes nothing, and takes the same envelope once it is back', async () => {
    const working = scanner;
    const key = randomUUID();
    // A PDF of its own, so that a file written by mistake would show in the folder.
    const envelope = body(await pdf((d) => d.setTitle(`Pièce ${key}`)));
    const rows = await t.store.countSubmissions();
    const before = files();
    scanner = createClamdScanner({ address: join(clamd.socket, '..', 'stopped.sock') });
    try {
      const refused = await postSubmission(t, envelope, { 'Idempotency-Key': key });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(await refused.json()).toMatchObject({ status: 503, code: 'antivirus-unavailable' });
      expect(await t.store.countSubmissions()).toBe(rows);
      expect(files()).toEqual(before);
    } finally {
      scanner = working;
    }
    // The kiosk's outbox sends the same envelope again, with the same key.
    const retried = await postSubmission(t, envelope, { 'Idempotency-Key': key });
    expect(retried.status).toBe(201);
    expect(await t.store.countSubmissions()).toBe(rows + 1);
  });
});

describe('the server process with GUICHET_CLAMAV_SOCKET', () => {
  it('scans the photos of a real procedure: a photo carrying the EICAR string is refused, a clean one accepted', async () => {
    const server = await startServer({ GUICHET_CLAMAV_SOCKET: clamd.socket });
    try {
      const content = readContent();
      const procedure = content.procedures.find((p) => allFields(p).some((f) => f.type === 'file' && f.accept.includes('image/jpeg')))!;
      const field = allFields(procedure).find((f) => f.type === 'file')!;
      const answers = validAnswers(procedure, { postcodes: content.site.postcodes, optional: true });
      const post = async (photo: Buffer) =>
        fetch(`${server.url}/api/submissions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
          body: JSON.stringify({
            procedureId: procedure.id,
            locale: 'en',
            answers: { ...answers, [field.id]: ['photo-1'] },
            attachments: [{ id: 'photo-1', type: 'image/jpeg', data: photo.toString('base64') }],
          }),
        });
      const refused = await post(withJpegComment(await jpegWithExif(), EICAR));
      expect(refused.status).toBe(422);
      const problem = await refused.json();
      expect(problem).toMatchObject({ code: 'attachment-infected', errors: [{ field: field.id, message: 'The antivirus refused this document. Remove it. If you need help, ask at the reception desk.' }] });
      // The folder exists (the health check proves it writable), but no file was stored in it.
      const attachments = join(server.dataDir, 'attachments');
      expect(existsSync(attachments) ? readdirSync(attachments).filter((name) => /^[0-9a-f]{64}$/.test(name)) : []).toEqual([]);
      expect((await post(await jpegWithExif())).status).toBe(201);
    } finally {
      await server.stop();
    }
  });
});
