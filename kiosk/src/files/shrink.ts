// Shrinks a photo off the main thread: one short-lived worker per photo, or in the page where
// workers cannot draw (no OffscreenCanvas in workers), or where the worker does not answer.
import { shrinkImage, type ShrinkOptions } from './shrink-image.ts';
import type { ShrinkAnswer, ShrinkRequest } from './shrink-worker.ts';

/**
 * How long a worker may take before the page does the work itself. A 12-megapixel photo takes
 * about a second on a terminal; a worker that has said nothing for this long is stuck, and the
 * person would wait on "Continue" for ever.
 */
export const WORKER_PATIENCE_MS = 15_000;

class WorkerSilent extends Error {}

type WorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<ShrinkAnswer>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

export interface ShrinkDeps {
  /** The worker to use (tests stand in a silent one). */
  startWorker?: () => WorkerLike;
  patienceMs?: number;
  /** The shrinking done in the page (tests stand in for the browser's decoders). */
  inPage?: typeof shrinkImage;
}

const startShrinkWorker = (): WorkerLike =>
  new Worker(new URL('./shrink-worker.ts', import.meta.url), { type: 'module' }) as WorkerLike;

/** A photo (file or camera frame) as the envelope carries it: see shrinkImage. */
export async function shrink(source: Blob | ImageBitmap, options: ShrinkOptions = {}, deps: ShrinkDeps = {}): Promise<Blob> {
  const { startWorker = startShrinkWorker, patienceMs = WORKER_PATIENCE_MS, inPage = shrinkImage } = deps;
  const workersCanDraw = typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined';
  if (!workersCanDraw && !deps.startWorker) return inPage(source, options);
  const worker = startWorker();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const answer = await new Promise<ShrinkAnswer>((resolve, reject) => {
      timer = setTimeout(() => reject(new WorkerSilent()), patienceMs);
      worker.onmessage = (event) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message || 'shrink worker failed'));
      const request: ShrinkRequest = { source, options };
      worker.postMessage(request, source instanceof Blob ? [] : [source]);
    });
    if (!answer.ok) throw new Error(answer.message);
    return answer.blob;
  } catch (error) {
    // A file is still ours to read again; a camera frame went to the worker and is gone.
    if (error instanceof WorkerSilent && source instanceof Blob) return inPage(source, options);
    throw error;
  } finally {
    clearTimeout(timer);
    worker.terminate();
  }
}
