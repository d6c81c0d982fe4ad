// Shrinks a photo off the main thread: one short-lived worker per photo, or in the page where
// workers cannot draw (no OffscreenCanvas in workers).
import { shrinkImage, type ShrinkOptions } from './shrink-image.ts';
import type { ShrinkAnswer, ShrinkRequest } from './shrink-worker.ts';

/** A photo (file or camera frame) as the envelope carries it: see shrinkImage. */
export async function shrink(source: Blob | ImageBitmap, options: ShrinkOptions = {}): Promise<Blob> {
  if (typeof Worker === 'undefined' || typeof OffscreenCanvas === 'undefined') return shrinkImage(source, options);
  const worker = new Worker(new URL('./shrink-worker.ts', import.meta.url), { type: 'module' });
  try {
    const answer = await new Promise<ShrinkAnswer>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<ShrinkAnswer>) => resolve(event.data);
      worker.onerror = (event) => reject(new Error(event.message || 'shrink worker failed'));
      const request: ShrinkRequest = { source, options };
      worker.postMessage(request, source instanceof Blob ? [] : [source]);
    });
    if (!answer.ok) throw new Error(answer.message);
    return answer.blob;
  } finally {
    worker.terminate();
  }
}
