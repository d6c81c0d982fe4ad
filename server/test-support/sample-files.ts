// Real files for the upload tests, made here rather than kept in the repository: photos with
// metadata, polyglots (an image or a PDF that is also a ZIP or a web page), PDFs with JavaScript
// or an embedded file, and a decompression bomb (a small PNG announcing 20000 × 20000 pixels).
import { crc32, deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import sharp from 'sharp';

/** A photo-like JPEG (a gradient with noise) carrying EXIF metadata: a camera model and an orientation. */
export async function jpegWithExif(width = 64, height = 48): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + ((i * 2654435761) >>> 24)) & 0xff;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Make: 'Guichet Test Camera', Model: 'Serial 1234-5678' } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function png(width = 16, height = 16): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 120, b: 200 } } }).png().toBuffer();
}

/** A ZIP archive holding one stored (uncompressed) file, as archive tools open it. */
export function zip(name = 'payload.html', content = '<p>inside</p>'): Buffer {
  const file = Buffer.from(name);
  const data = Buffer.from(content);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const localPart = Buffer.concat([local, file, data]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, central, file, end]);
}

/** A one-page PDF made with pdf-lib, with a line of text. */
export async function pdf(configure?: (document: PDFDocument) => void | Promise<void>): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([200, 100]).drawText('Justificatif', { x: 10, y: 50, size: 12 });
  await configure?.(document);
  return Buffer.from(await document.save());
}

/** A PDF that runs JavaScript when opened. */
export const pdfWithJavaScript = () =>
  pdf((document) => {
    const action = document.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of('app.alert("hello")') });
    document.catalog.set(PDFName.of('OpenAction'), document.context.register(action));
  });

/** A PDF carrying another file inside it. */
export const pdfWithEmbeddedFile = () =>
  pdf(async (document) => {
    await document.attach(Buffer.from('MZ pretend program'), 'setup.exe', { mimeType: 'application/octet-stream' });
  });

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A valid PNG of `size` × `size` black-and-white pixels that weighs a few dozen KB: its rows are
 * all zeros, which deflate shrinks a thousandfold. Decoded, it would take size² bytes or more.
 */
export function decompressionBomb(size = 20_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(size / 8)) * size);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A JPEG with a comment segment (COM) holding `text`, inserted after its start-of-image marker. */
export function withJpegComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xfffe, 0);
  segment.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), segment, body, jpeg.subarray(2)]);
}
