// The camera screen's model, with the camera and the shrinking given by the test (Node has
// neither; test/e2e/capture.test.ts runs the real ones in Chromium). Pages combined into a
// PDF go through the real pdf-lib.
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { LIMITS, type FileField, type Procedure } from '../../../content/model/index.ts';
import { createJourney } from '../journey/journey.ts';
import { testProcedure } from '../journey/test-procedure.ts';
import { createCaptureSession } from './capture-session.ts';

/** A 1 x 1 JPEG: enough for pdf-lib, which reads its frame header and embeds its bytes. */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);

const t = (fr: string) => ({ fr, 'fr-x-falc': fr, en: fr, ar: fr });
const proof: FileField = { id: 'proof', type: 'file', label: t('Justificatif'), accept: ['image/jpeg', 'application/pdf'], maxFiles: 1 };
const procedure: Procedure = {
  ...testProcedure,
  steps: testProcedure.steps.map((s) => (s.id === 'details' ? { ...s, fields: [...s.fields, proof] } : s)),
};
const photos = procedure.steps.find((s) => s.id === 'details')!.fields.find((f) => f.id === 'photos') as FileField;

function session(field: FileField) {
  const journey = createJourney(procedure, { today: () => '2026-11-28', postcodes: ['41200'] });
  const capture = createCaptureSession({
    journey,
    stepId: 'details',
    field,
    open: async () => ({ ok: true, stream: { getTracks: () => [] } as unknown as MediaStream }),
    frame: async () => new Blob([JPEG], { type: 'image/jpeg' }),
    shrink: async (page) => page as Blob,
    // Node has no FileReader.
    read: async (blob) => Buffer.from(await blob.arrayBuffer()).toString('base64'),
  });
  return { journey, capture, video: {} as HTMLVideoElement };
}

describe('capture session', () => {
  it('combines the pages of one document into one PDF, in order', async () => {
    const { journey, capture, video } = session(proof);
    await capture.start();
    expect(capture.combines).toBe(true);
    expect(capture.maxPages).toBe(LIMITS.maxDocumentPages);
    for (let i = 0; i < 3; i++) {
      await capture.shoot(video);
      capture.anotherPage();
    }
    expect(capture.pages.value).toHaveLength(3);
    expect(await capture.keep()).toEqual(['document-1.pdf']);
    const [attachment] = Object.values(journey.attachments.value);
    expect(attachment?.type).toBe('application/pdf');
    const bytes = Buffer.from(attachment!.data, 'base64');
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(pdf.getPageCount()).toBe(3);
    // Nothing of the terminal in the file.
    expect(bytes.includes('pdf-lib')).toBe(false);
    expect(pdf.getProducer()).toBeUndefined();
    expect(pdf.getCreationDate()).toBeUndefined();
  });

  it('keeps a single page as a photo', async () => {
    const { journey, capture, video } = session(proof);
    await capture.start();
    await capture.shoot(video);
    expect(await capture.keep()).toEqual(['photo-1.jpg']);
    expect(Object.values(journey.attachments.value).map((a) => a.type)).toEqual(['image/jpeg']);
  });

  it('takes no more photos than the field has room for, and a retake gives the room back', async () => {
    const { journey, capture, video } = session(photos);
    await capture.start();
    expect(capture.combines).toBe(false);
    expect(capture.maxPages).toBe(2);
    await capture.shoot(video);
    capture.anotherPage();
    await capture.shoot(video);
    expect(capture.canAddPage.value).toBe(false);
    capture.anotherPage();
    expect(capture.view.value.kind).toBe('review');
    capture.retake();
    expect(capture.view.value.kind).toBe('live');
    expect(capture.canAddPage.value).toBe(true);
    await capture.shoot(video);
    expect(await capture.keep()).toEqual(['photo-1.jpg', 'photo-2.jpg']);
    expect(journey.rawValue('photos')).toHaveLength(2);
  });

  it('names the failure and closes a camera opened after the screen was left', async () => {
    const journey = createJourney(procedure, { today: () => '2026-11-28', postcodes: ['41200'] });
    const refused = createCaptureSession({ journey, stepId: 'details', field: photos, open: async () => ({ ok: false, failure: 'refused' }) });
    await refused.start();
    expect(refused.view.value).toEqual({ kind: 'failed', failure: 'refused' });

    let stopped = 0;
    const late = createCaptureSession({
      journey,
      stepId: 'details',
      field: photos,
      open: async () => ({ ok: true, stream: { getTracks: () => [{ stop: () => stopped++ }] } as unknown as MediaStream }),
    });
    const opening = late.start();
    late.dispose();
    await opening;
    expect(stopped).toBe(1);
    expect(late.stream.value).toBeUndefined();
  });
});
