// The worker that shrinks photos, so decoding and encoding a 12-megapixel photo never holds up
// the screen a person is touching.
import { shrinkImage, type ShrinkOptions } from './shrink-image.ts';

export type ShrinkRequest = { source: Blob | ImageBitmap; options: ShrinkOptions };
export type ShrinkAnswer = { ok: true; blob: Blob } | { ok: false; message: string };

self.onmessage = async (event: MessageEvent<ShrinkRequest>) => {
  let answer: ShrinkAnswer;
  try {
    answer = { ok: true, blob: await shrinkImage(event.data.source, event.data.options) };
  } catch (error) {
    answer = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  self.postMessage(answer);
};
