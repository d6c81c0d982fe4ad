// Shrinks a photo for the envelope: its long side at most LIMITS.maxImageSide, re-encoded, so
// the bytes sent carry no EXIF (place, date, device) and a slow network carries a few hundred
// kilobytes instead of several megabytes. Runs in a worker or in the page alike.
import { LIMITS } from '../../../content/model/index.ts';

export interface ShrinkOptions {
  /** The long side at most, in pixels. */
  maxSide?: number;
  /** `image/jpeg` unless the field takes PNG only. */
  type?: 'image/jpeg' | 'image/png';
  quality?: number;
}

/**
 * The size that fits within `maxSide` on its long side, the aspect ratio kept, never enlarged.
 *
 * @example fitWithin(4000, 3000, 1600) // { width: 1600, height: 1200 }
 */
export function fitWithin(width: number, height: number, maxSide: number = LIMITS.maxImageSide): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Decodes an image (a file, or a frame of the camera), scales it down and encodes it again.
 * `createImageBitmap` applies the EXIF orientation, so a photo taken sideways comes out upright
 * once its EXIF is gone.
 */
export async function shrinkImage(source: Blob | ImageBitmap, options: ShrinkOptions = {}): Promise<Blob> {
  const type = options.type ?? 'image/jpeg';
  const decoded = source instanceof Blob ? await createImageBitmap(source) : source;
  try {
    const { width, height } = fitWithin(decoded.width, decoded.height, options.maxSide);
    const scaled =
      width === decoded.width && height === decoded.height
        ? decoded
        : await createImageBitmap(decoded, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    // JPEG has no transparency: a transparent PNG lands on white paper, not on black.
    if (type === 'image/jpeg') {
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
    }
    context.drawImage(scaled, 0, 0);
    if (scaled !== decoded) scaled.close();
    return await canvas.convertToBlob({ type, quality: options.quality ?? 0.85 });
  } finally {
    decoded.close();
  }
}
