// What the server does with the files of a submission, through the real app on a real SQLite
// file: images re-encoded (metadata gone, upright), PDFs kept as sent, polyglots and renamed
// files refused with 415, sizes and pixel counts capped with 413, the person's sentence in their
// language, nothing left in the attachments folder after a refusal, and the stored file handed
// to a back-office.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_DIR } from '../content/check/index.ts';
import type { Procedure } from '../content/model/index.ts';
import { base64Bytes } from './attachments.ts';
import { readErrorTexts } from './error-messages.ts';
import { createDeliveryBuilder } from './relay/delivery.ts';
import { createFolderConnector } from './relay/connectors/folder.ts';
import { contentWith, filesProcedure, postSubmission } from './test-support/fixtures.ts';
import {
  decompressionBomb,
  jpegWithExif,
  pdf,
  pdfWithEmbeddedFile,
  pdfWithJavaScript,
  png,
  withJpegComment,
  zip,
} from './test-support/sample-files.ts';
import { startTestApp, type TestApp } from './test-support/test-app.ts';
import { MAX_IMAGE_PIXELS } from './uploads/images.ts';

/** `test-uploads`: up to three JPEG, PNG or PDF files of 5 MB each (the default). */
const uploads: Procedure = {
  ...filesProcedure(),
  id: 'test-uploads',
  steps: [
    filesProcedure().steps[0]!,
    {
      id: 'documents',
      title: { fr: 'Pièces' },
      fields: [
        { id: 'documents', type: 'file', required: false, accept: ['image/jpeg', 'image/png', 'application/pdf'], maxFiles: 3, label: { fr: 'Pièces' } },
      ],
    },
  ],
};

const ui = (locale: string) => JSON.parse(readFileSync(join(CONTENT_DIR, 'locales', locale, 'ui.json'), 'utf8')).errors as Record<string, string>;

let t: TestApp;
beforeAll(async () => {
  const content = contentWith(uploads);
  t = await startTestApp({ content, errorTexts: readErrorTexts(CONTENT_DIR, content.site.locales.map((l) => l.code)) });
});
afterAll(() => t.dispose());

type File = { type: string; bytes: Buffer };
const send = (files: File[], locale = 'fr') =>
  postSubmission(t, {
    procedureId: 'test-uploads',
    locale,
    answers: { subject: 'Mes pièces', documents: files.map((_, i) => `doc${i + 1}`) },
    attachments: files.map((file, i) => ({ id: `doc${i + 1}`, type: file.type, data: file.bytes.toString('base64') })),
  });

const storedFiles = () => (existsSync(join(t.dataDir, 'attachments')) ? readdirSync(join(t.dataDir, 'attachments')) : []);

/** A refusal: its status and code, problem+json, the sentence on the file's question, and nothing written. */
async function expectRefused(files: File[], status: number, code: string, locale = 'fr') {
  const filesBefore = storedFiles();
  const rowsBefore = await t.store.countSubmissions();
  const res = await send(files, locale);
  const problem = (await res.json()) as { code: string; detail: string; errors: Array<Record<string, unknown>> };
  expect(res.status, problem.detail).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  expect(problem.code).toBe(code);
  expect(problem.errors).toEqual([{ field: 'documents', code, message: ui(locale)[code], params: { attachment: expect.stringMatching(/^doc\d$/) } }]);
  expect(await t.store.countSubmissions()).toBe(rowsBefore);
  expect(storedFiles()).toEqual(filesBefore);
  return problem;
}

/** The submission's delivery on a route, claimed as the relay would; the others go back as they were. */
async function claim(reference: string, route: string) {
  const claimed = await t.store.claimDeliveries({ route, limit: 100, now: new Date(), leaseMs: 60_000 });
  for (const d of claimed)
    if (d.submission.reference !== reference) await t.store.recordDelivery({ id: d.id, claimToken: d.claimToken, at: new Date(), outcome: 'released' });
  return claimed.find((d) => d.submission.reference === reference)!;
}

async function accepted(files: File[]) {
  const res = await send(files);
  expect(res.status, await res.clone().text()).toBe(201);
  const { reference } = (await res.json()) as { reference: string };
  const { attachments } = (await claim(reference, 'hr-mailbox')).submission;
  return { reference, attachments, read: (i: number) => readFileSync(join(t.dataDir, 'attachments', attachments[i]!.sha256)) };
}

describe('accepted files', () => {
  it('stores a JPEG re-encoded: upright, without its EXIF metadata', async () => {
    const photo = await jpegWithExif(64, 48);
    expect(photo.includes('Guichet Test Camera')).toBe(true);
    const { read, attachments } = await accepted([{ type: 'image/jpeg', bytes: photo }]);
    const stored = read(0);
    expect(stored.includes('Guichet Test Camera')).toBe(false);
    const meta = await sharp(stored).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 48, height: 64 }); // orientation 6: turned a quarter
    expect(meta.exif).toBeUndefined();
    expect(attachments[0]).toMatchObject({ type: 'image/jpeg', bytes: stored.length });
  });

  it('stores a PNG re-encoded and a PDF exactly as sent', async () => {
    const document = await pdf();
    const { read } = await accepted([{ type: 'image/png', bytes: await png() }, { type: 'application/pdf', bytes: document }]);
    expect(await sharp(read(0)).metadata()).toMatchObject({ format: 'png', width: 16, height: 16 });
    expect(read(1).equals(document)).toBe(true);
  });

  it('hands the stored file to a back-office (the folder connector), named by the server', async () => {
    const { reference, read } = await accepted([{ type: 'image/jpeg', bytes: await jpegWithExif() }]);
    const delivery = await createDeliveryBuilder({ store: t.store, attachmentsDir: join(t.dataDir, 'attachments') })(await claim(reference, 'mail-ged'));
    const folder = mkdtempSync(join(tmpdir(), 'guichet-ged-'));
    try {
      expect(await createFolderConnector({ directory: folder }).deliver(delivery)).toMatchObject({ outcome: 'delivered' });
      const dropped = readFileSync(join(folder, reference, 'doc1.jpg'));
      expect(dropped.equals(read(0))).toBe(true);
      expect(dropped.includes('Guichet Test Camera')).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('refused files', () => {
  it.each([
    ['a JPEG with a ZIP after its end', async () => ({ type: 'image/jpeg', bytes: Buffer.concat([await jpegWithExif(), zip()]) })],
    ['a JPEG with a web page after its end', async () => ({ type: 'image/jpeg', bytes: Buffer.concat([await jpegWithExif(), Buffer.from('<html><script>alert(1)</script></html>')]) })],
    ['a JPEG with a script in a comment segment', async () => ({ type: 'image/jpeg', bytes: withJpegComment(await jpegWithExif(), '<script>alert(1)</script>') })],
    ['a PNG with a ZIP after its end', async () => ({ type: 'image/png', bytes: Buffer.concat([await png(), zip()]) })],
    ['a PDF with a ZIP after its end', async () => ({ type: 'application/pdf', bytes: Buffer.concat([await pdf(), zip()]) })],
    // Archive tools find a ZIP by its last record, whatever comes before it.
    ['a PDF that is also a ZIP, ending with %%EOF', async () => ({ type: 'application/pdf', bytes: Buffer.concat([await pdf(), zip(), Buffer.from('\n%%EOF\n')]) })],
    ['a PDF that is also a web page', async () => {
      const bytes = await pdf();
      const header = bytes.indexOf('\n') + 1;
      return { type: 'application/pdf', bytes: Buffer.concat([bytes.subarray(0, header), Buffer.from('%<html><body><script>alert(1)</script>\n'), bytes.subarray(header)]) };
    }],
    ['a PDF that runs JavaScript', async () => ({ type: 'application/pdf', bytes: await pdfWithJavaScript() })],
    ['a PDF with a file embedded in it', async () => ({ type: 'application/pdf', bytes: await pdfWithEmbeddedFile() })],
  ])('refuses %s with 415 attachment-hidden-content', async (_, make) => {
    const problem = await expectRefused([await make()], 415, 'attachment-hidden-content');
    expect(problem.detail).toMatch(/doc1/);
  });

  it.each([
    ['a PNG declared as a JPEG', async () => ({ type: 'image/jpeg', bytes: await png() })],
    ['a JPEG declared as a PNG', async () => ({ type: 'image/png', bytes: await jpegWithExif() })],
    ['a PDF declared as a PNG', async () => ({ type: 'image/png', bytes: await pdf() })],
    ['a web page declared as a PDF', async () => ({ type: 'application/pdf', bytes: Buffer.from('<html><body>%PDF-1.7</body></html>') })],
  ])('refuses %s with 415 attachment-type', async (_, make) => {
    await expectRefused([await make()], 415, 'attachment-type');
  });

  it('refuses a damaged image and a PDF that does not open with 415 attachment-unreadable', async () => {
    const photo = await jpegWithExif();
    await expectRefused([{ type: 'image/jpeg', bytes: Buffer.concat([photo.subarray(0, photo.length - 200), Buffer.from([0xff, 0xd9])]) }], 415, 'attachment-unreadable');
    await expectRefused([{ type: 'application/pdf', bytes: Buffer.from('%PDF-1.7\n%%EOF\n') }], 415, 'attachment-unreadable');
  });

  it('refuses a decompression bomb with 413 from its header, without decoding it', async () => {
    const bomb = decompressionBomb(20_000);
    expect(bomb.length).toBeLessThan(100_000);
    const before = process.memoryUsage().rss;
    const problem = await expectRefused([{ type: 'image/png', bytes: bomb }], 413, 'attachment-too-many-pixels');
    expect(problem.detail).toContain('20000 × 20000');
    expect(problem.detail).toContain(String(MAX_IMAGE_PIXELS));
    // Decoded, its 400 million pixels would take at least 400 MB.
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('refuses a file over its field limit with 413 before decoding it', async () => {
    // Not an image at all: the size is judged first, from the base64 length.
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x41);
    await expectRefused([{ type: 'image/jpeg', bytes: big }], 413, 'attachment-too-large');
  });

  it('refuses files over the submission limit together with 413', async () => {
    const part = (Buffer.alloc(3.5 * 1024 * 1024, 0x41));
    await expectRefused([{ type: 'image/jpeg', bytes: part }, { type: 'image/jpeg', bytes: part }, { type: 'image/jpeg', bytes: part }], 413, 'attachments-too-large');
  });

  it('writes none of the files when one of them is refused', async () => {
    await expectRefused([{ type: 'image/png', bytes: await png() }, { type: 'image/jpeg', bytes: Buffer.concat([await jpegWithExif(), zip()]) }], 415, 'attachment-hidden-content');
  });

  it("gives the person's sentence in their language", async () => {
    for (const locale of ['en', 'ar', 'fr-x-falc'])
      await expectRefused([{ type: 'image/jpeg', bytes: await png() }], 415, 'attachment-type', locale);
  });
});

describe('base64Bytes', () => {
  it.each([[''], ['a'], ['ab'], ['abc'], ['abcdefgh'], ['abcdefghi']])('counts the bytes of %j without decoding', (text) => {
    const data = Buffer.from(text).toString('base64');
    expect(base64Bytes(data)).toBe(Buffer.from(data, 'base64').length);
  });
});
