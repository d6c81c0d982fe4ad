// Images are decoded and encoded again (sharp, over libvips): what is stored and sent on holds
// the pixels only, without metadata (EXIF position, camera serial, comments) nor anything a
// crafted file hid among its segments. The size in pixels is read from the header and capped
// first, so a small file announcing a huge image (a decompression bomb) is never decoded.
import sharp from 'sharp';

// No decoded image stays in libvips' cache: they are personal documents, and memory is shared.
sharp.cache(false);

/**
 * Largest image taken, in pixels: 25 megapixels, a 6000 × 4000 photo. The kiosk shrinks photos
 * to 1600 px on the long side; this only bounds what another client could send.
 */
export const MAX_IMAGE_PIXELS = 25_000_000;

export type ImageType = 'image/jpeg' | 'image/png';

export type ReencodedImage =
  | { ok: true; bytes: Buffer; width: number; height: number }
  | { ok: false; problem: 'too-many-pixels'; width: number; height: number }
  | { ok: false; problem: 'unreadable'; reason: string };

const FORMAT: Record<ImageType, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png' };

/**
 * Decodes an image and encodes it again in the same format, upright (EXIF orientation applied
 * before the metadata goes), in sRGB, without metadata.
 *
 * @example const result = await reencodeImage('image/jpeg', bytes); if (result.ok) store(result.bytes)
 */
export async function reencodeImage(type: ImageType, bytes: Uint8Array): Promise<ReencodedImage> {
  let width: number;
  let height: number;
  try {
    // The header alone: no pixel is decoded here, whatever size it announces.
    const header = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (header.format !== FORMAT[type]) return { ok: false, problem: 'unreadable', reason: `libvips y lit du ${header.format}` };
    width = header.width;
    height = header.height;
  } catch (error) {
    return { ok: false, problem: 'unreadable', reason: (error as Error).message.split('\n')[0]! };
  }
  if (width * height > MAX_IMAGE_PIXELS) return { ok: false, problem: 'too-many-pixels', width, height };
  try {
    // failOn 'warning': a truncated or damaged image is refused rather than half decoded.
    const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'warning' }).rotate();
    // libjpeg-turbo's defaults, not mozjpeg's: mozjpeg saves a few percent and costs 30 times the time.
    const encoded = type === 'image/jpeg' ? image.jpeg({ quality: 90 }) : image.png({ compressionLevel: 6 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { ok: true, bytes: data, width: info.width, height: info.height };
  } catch (error) {
    return { ok: false, problem: 'unreadable', reason: (error as Error).message.split('\n')[0]! };
  }
}
