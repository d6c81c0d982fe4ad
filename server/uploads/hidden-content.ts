// What a file may carry besides what its type says: bytes after the image's or the PDF's end
// (where a ZIP, a script or a second file is hidden), a ZIP's directory that archive tools
// would open, or HTML that a browser would run if the file were ever shown as a page.
// Each finder reads the format's own structure; none guesses from file names.
import type { AttachmentType } from '../attachments.ts';

/** Where a PNG ends: after its IEND chunk, walking chunk by chunk; undefined when the chunks do not hold together. */
export function pngEnd(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8; // the signature
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    at += 12 + length; // length, type, data, CRC
    if (at > bytes.length) return undefined;
    if (type === 'IEND') return at;
  }
  return undefined;
}

/**
 * Where a JPEG ends: after the EOI marker that closes its last scan, walking segment by segment
 * (so an EOI inside a thumbnail or a comment does not count), then through each scan's
 * entropy-coded data, where 0xFF is followed only by 0x00 or a restart marker.
 */
export function jpegEnd(bytes: Uint8Array): number | undefined {
  let at = 2; // SOI
  while (at + 1 < bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd9) return at + 2; // EOI
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2; // standalone markers
      continue;
    }
    if (at + 3 >= bytes.length) return undefined;
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is neither stuffing nor a restart.
      while (at + 1 < bytes.length) {
        if (bytes[at] === 0xff) {
          const next = bytes[at + 1]!;
          if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7) && next !== 0xff) break;
        }
        at++;
      }
    }
  }
  return undefined;
}

/** PDF readers look for the last `%%EOF`; only line ends and spaces may follow it. */
export function pdfEnd(bytes: Uint8Array): number | undefined {
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).lastIndexOf('%%EOF');
  return at === -1 ? undefined : at + 5;
}

const END_OF: Record<AttachmentType, (bytes: Uint8Array) => number | undefined> = {
  'image/png': pngEnd,
  'image/jpeg': jpegEnd,
  'application/pdf': pdfEnd,
};

/** White space and NUL padding, which some writers leave after the end. */
const PADDING = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);

/** A ZIP's end-of-central-directory record: archive tools look for it in the last 64 KiB + 22 bytes. */
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP_END_SEARCH = 0xffff + 22;

/**
 * Markup that a browser would render or run. Long enough that compressed image or PDF data
 * matches by chance about once in a million files of 5 MB.
 */
const MARKUP = /<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|script[\s>/]|iframe[\s>/]|svg[\s>/]|object[\s>/]|embed[\s>/]|\?php)/i;

/**
 * What a file hides, in a French phrase for the refusal, or undefined when it holds only what
 * its type says. `type` is the sniffed type, which the caller has checked against the declared one.
 *
 * @example hiddenContent('image/jpeg', Buffer.concat([jpeg, zip])) // "des données après la fin de l'image"
 */
export function hiddenContent(type: AttachmentType, bytes: Uint8Array): string | undefined {
  const end = END_OF[type](bytes);
  const what = type === 'application/pdf' ? 'du PDF' : "de l'image";
  if (end === undefined) return `une structure ${what} incomplète ou incohérente`;
  for (let i = end; i < bytes.length; i++)
    if (!PADDING.has(bytes[i]!)) return `des données après la fin ${what} (${bytes.length - end} octets)`;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(Math.max(0, buffer.length - ZIP_END_SEARCH)).includes(ZIP_END)) return 'une archive ZIP';
  if (MARKUP.test(buffer.toString('latin1'))) return 'du HTML ou un script';
  return undefined;
}
