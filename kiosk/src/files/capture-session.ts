// One visit to the camera screen: the camera opened and closed, the pages taken (each shrunk
// as soon as it is taken), retaking, and handing the pages to the file field as photos or
// as one PDF. Holds no DOM but the video it is given to take a frame from.
import { batch, computed, signal } from '@preact/signals';
import { LIMITS, type FileField } from '../../../content/model/index.ts';
import { addDocuments, allowanceOf, photoTypeFor, type PreparedDocument } from '../journey/add-files.ts';
import type { Journey } from '../journey/journey.ts';
import { closeCamera, openCamera, takeFrame, type CameraFailure, type CameraOpening } from './camera.ts';
import { combineIntoPdf } from './combine-pdf.ts';
import { shrink } from './shrink.ts';

export type CaptureView =
  | { kind: 'starting' }
  | { kind: 'live' }
  /** The last page is being shrunk; then shown for the person to keep or retake. */
  | { kind: 'preparing' }
  | { kind: 'review' }
  /** The pages are being combined and added to the field. */
  | { kind: 'saving' }
  | { kind: 'failed'; failure: CameraFailure };

export interface CapturedPage {
  blob: Blob;
  /** An object URL of the shrunk photo, for its preview. */
  url: string;
}

export interface CaptureOptions {
  journey: Journey;
  stepId: string;
  field: FileField;
  open?: () => Promise<CameraOpening>;
  frame?: (video: HTMLVideoElement) => Promise<ImageBitmap | Blob>;
  shrink?: typeof shrink;
  read?: (file: Blob) => Promise<string>;
}

export type CaptureSession = ReturnType<typeof createCaptureSession>;

export function createCaptureSession(options: CaptureOptions) {
  const { journey, stepId, field, open = openCamera, frame = takeFrame, shrink: shrinkPage = shrink } = options;
  const view = signal<CaptureView>({ kind: 'starting' });
  const pages = signal<CapturedPage[]>([]);
  const stream = signal<MediaStream | undefined>(undefined);
  /** A photo that could not be prepared: the person is asked to take it again. */
  const problem = signal<'unreadable' | undefined>(undefined);
  let disposed = false;

  const allowance = allowanceOf(journey, field);
  /** The pages of one document go into one PDF where the field takes PDF; otherwise each page is a photo. */
  const combines = allowance.combinesPages;
  const maxPages = combines ? LIMITS.maxDocumentPages : Math.max(0, allowance.maxFiles - allowance.files);
  const pageType = combines ? 'image/jpeg' : photoTypeFor(field);
  const pageBytes = computed(() => pages.value.reduce((sum, p) => sum + p.blob.size, 0));
  /** Bytes of the request with the pages taken so far. */
  const usedBytes = computed(() => allowance.usedBytes + pageBytes.value);
  const canAddPage = computed(() => pages.value.length < maxPages && usedBytes.value < allowance.maxSubmissionBytes);

  async function start(): Promise<void> {
    // A field already full: nothing to take, so the camera stays off.
    if (maxPages === 0) {
      view.value = { kind: 'live' };
      return;
    }
    view.value = { kind: 'starting' };
    const opened = await open();
    if (disposed) {
      if (opened.ok) closeCamera(opened.stream);
      return;
    }
    if (!opened.ok) {
      view.value = { kind: 'failed', failure: opened.failure };
      return;
    }
    batch(() => {
      stream.value = opened.stream;
      view.value = { kind: 'live' };
    });
  }

  async function shoot(video: HTMLVideoElement): Promise<void> {
    if (view.value.kind !== 'live' || !canAddPage.value) return;
    view.value = { kind: 'preparing' };
    problem.value = undefined;
    try {
      const blob = await shrinkPage(await frame(video), { type: pageType });
      if (disposed) return;
      batch(() => {
        pages.value = [...pages.value, { blob, url: URL.createObjectURL(blob) }];
        view.value = { kind: 'review' };
      });
    } catch {
      if (disposed) return;
      batch(() => {
        problem.value = 'unreadable';
        view.value = { kind: 'live' };
      });
    }
  }

  /** Drops the last page taken and goes back to the preview. */
  function retake(): void {
    const last = pages.value.at(-1);
    if (last) URL.revokeObjectURL(last.url);
    batch(() => {
      pages.value = pages.value.slice(0, -1);
      view.value = stream.value ? { kind: 'live' } : { kind: 'starting' };
    });
  }

  function anotherPage(): void {
    if (canAddPage.value) view.value = { kind: 'live' };
  }

  /**
   * Adds the pages to the field (one PDF, or one photo each) and returns the names added, or
   * `undefined` when the pages could not be combined (the person stays to try again).
   */
  async function keep(): Promise<string[] | undefined> {
    if (!pages.value.length) return [];
    view.value = { kind: 'saving' };
    const taken = pages.value.map((p) => p.blob);
    const first = allowance.files + 1;
    let documents: PreparedDocument[];
    try {
      documents =
        combines && (taken.length > 1 || !(field.accept as readonly string[]).includes(pageType))
          ? [{ name: `document-${first}.pdf`, blob: await combineIntoPdf(taken) }]
          : taken.map((blob, i) => ({ name: `photo-${first + i}.${pageType === 'image/png' ? 'png' : 'jpg'}`, blob }));
    } catch {
      batch(() => {
        problem.value = 'unreadable';
        view.value = { kind: 'review' };
      });
      return undefined;
    }
    return addDocuments(journey, stepId, field, documents, { read: options.read });
  }

  /** Closes the camera (its light goes off) and frees the previews. */
  function dispose(): void {
    disposed = true;
    closeCamera(stream.value);
    for (const page of pages.value) URL.revokeObjectURL(page.url);
  }

  return {
    view,
    pages,
    stream,
    problem,
    combines,
    maxPages,
    usedBytes,
    maxSubmissionBytes: allowance.maxSubmissionBytes,
    canAddPage,
    start,
    shoot,
    retake,
    anotherPage,
    keep,
    dispose,
  };
}
