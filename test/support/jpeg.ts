// Reads what matters of a JPEG for the photo tests: its size in pixels, and whether it still
// carries EXIF; and writes an EXIF block into one, as a phone or a camera would.

/** The segments of a JPEG up to the image data: marker and payload. */
function* segments(bytes: Uint8Array): Generator<{ marker: number; payload: Uint8Array }> {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('not a JPEG');
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new Error(`no marker at ${at}`);
    const marker = bytes[at + 1]!;
    if (marker === 0xd9) return;
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    yield { marker, payload: bytes.subarray(at + 4, at + 2 + length) };
    if (marker === 0xda) return; // start of scan: the image data follows
    at += 2 + length;
  }
}

/** Width and height from the frame header (SOF0 to SOF15, but DHT, JPG and DAC). */
export function jpegSize(bytes: Uint8Array): { width: number; height: number } {
  for (const { marker, payload } of segments(bytes))
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { height: (payload[1]! << 8) | payload[2]!, width: (payload[3]! << 8) | payload[4]! };
  throw new Error('no frame header');
}

const EXIF_HEADER = [0x45, 0x78, 0x69, 0x66, 0x00, 0x00]; // "Exif\0\0"

/** Whether an APP1 segment holds EXIF. */
export function hasExif(bytes: Uint8Array): boolean {
  for (const { marker, payload } of segments(bytes))
    if (marker === 0xe1 && EXIF_HEADER.every((b, i) => payload[i] === b)) return true;
  return false;
}

/**
 * The JPEG with an EXIF block right after its start: IFD0 with the camera's make (a string
 * the tests look for) and an orientation (1 upright, 6 turned a quarter clockwise).
 */
export function withExif(jpeg: Uint8Array, exif: { make: string; orientation: number }): Uint8Array {
  const make = Buffer.from(`${exif.make}\0`, 'latin1');
  // TIFF header (little endian) + IFD0 with 2 entries, then the make's text.
  const ifdStart = 8;
  const entries = 2;
  const textAt = ifdStart + 2 + entries * 12 + 4;
  const tiff = Buffer.alloc(textAt + make.length);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(ifdStart, 4);
  tiff.writeUInt16LE(entries, ifdStart);
  let entry = ifdStart + 2;
  tiff.writeUInt16LE(0x010f, entry); // Make
  tiff.writeUInt16LE(2, entry + 2); // ASCII
  tiff.writeUInt32LE(make.length, entry + 4);
  tiff.writeUInt32LE(textAt, entry + 8);
  entry += 12;
  tiff.writeUInt16LE(0x0112, entry); // Orientation
  tiff.writeUInt16LE(3, entry + 2); // SHORT
  tiff.writeUInt32LE(1, entry + 4);
  tiff.writeUInt16LE(exif.orientation, entry + 8);
  tiff.writeUInt32LE(0, ifdStart + 2 + entries * 12); // no next IFD
  make.copy(tiff, textAt);
  const payload = Buffer.concat([Buffer.from(EXIF_HEADER), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, payload, jpeg.subarray(2)]);
}
