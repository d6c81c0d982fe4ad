// The font files of the receipt PDF, read once from their npm packages.
//
// Atkinson Hyperlegible (Latin) and IBM Plex Sans Arabic, both under the SIL Open Font
// License, from Fontsource's WOFF files unwrapped to TrueType (pdf-lib embeds a subset).
// Noto Sans Arabic, which the kiosk uses on screen, is not used here: it draws letters as a
// dotless skeleton plus separate dot glyphs, so one glyph stands for several letters and the
// PDF's ToUnicode map cannot give the text back (copying or searching the receipt would read
// wrong letters). IBM Plex Sans Arabic has one glyph per letter form.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';

const require = createRequire(import.meta.url);

/** The bytes of each font file, by weight, in fallback order (Latin, Latin extended, Arabic). */
export interface ReceiptFontFiles {
  regular: Array<{ bytes: Uint8Array; arabic: boolean }>;
  bold: Array<{ bytes: Uint8Array; arabic: boolean }>;
}

function fontsourceFile(pkg: string, file: string): string {
  // Fontsource packages export only their CSS and LICENSE; the files sit beside the LICENSE.
  return join(dirname(require.resolve(`${pkg}/LICENSE`)), 'files', file);
}

/**
 * Unwraps a WOFF 1.0 file into the TrueType/OpenType file it carries. fontkit reads WOFF,
 * but inflates tables in JavaScript again and again (seconds per receipt); Node's zlib does
 * it once, and fontkit then reads a plain font.
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const input = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (input.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const numTables = input.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, index) => {
    const entry = 44 + index * 20;
    const offset = input.readUInt32BE(entry + 4);
    const compLength = input.readUInt32BE(entry + 8);
    const origLength = input.readUInt32BE(entry + 12);
    const raw = input.subarray(offset, offset + compLength);
    return {
      tag: input.subarray(entry, entry + 4),
      checksum: input.readUInt32BE(entry + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    };
  });
  const headerLength = 12 + numTables * 16;
  const padded = (length: number): number => (length + 3) & ~3;
  const output = Buffer.alloc(headerLength + tables.reduce((sum, table) => sum + padded(table.data.length), 0));
  const power = 2 ** Math.floor(Math.log2(numTables));
  output.writeUInt32BE(input.readUInt32BE(4), 0);
  output.writeUInt16BE(numTables, 4);
  output.writeUInt16BE(power * 16, 6);
  output.writeUInt16BE(Math.log2(power), 8);
  output.writeUInt16BE(numTables * 16 - power * 16, 10);
  let offset = headerLength;
  tables.forEach((table, index) => {
    const record = 12 + index * 16;
    table.tag.copy(output, record);
    output.writeUInt32BE(table.checksum, record + 4);
    output.writeUInt32BE(offset, record + 8);
    output.writeUInt32BE(table.data.length, record + 12);
    table.data.copy(output, offset);
    offset += padded(table.data.length);
  });
  return new Uint8Array(output.buffer, output.byteOffset, output.byteLength);
}

let cached: Promise<ReceiptFontFiles> | undefined;

/** Reads the receipt fonts from node_modules, once per process. */
export function loadReceiptFonts(): Promise<ReceiptFontFiles> {
  cached ??= (async () => {
    const weight = async (value: 400 | 700) =>
      Promise.all([
        readFile(fontsourceFile('@fontsource/atkinson-hyperlegible', `atkinson-hyperlegible-latin-${value}-normal.woff`)).then((bytes) => ({ bytes: woffToSfnt(bytes), arabic: false })),
        readFile(fontsourceFile('@fontsource/atkinson-hyperlegible', `atkinson-hyperlegible-latin-ext-${value}-normal.woff`)).then((bytes) => ({ bytes: woffToSfnt(bytes), arabic: false })),
        readFile(fontsourceFile('@fontsource/ibm-plex-sans-arabic', `ibm-plex-sans-arabic-arabic-${value}-normal.woff`)).then((bytes) => ({ bytes: woffToSfnt(bytes), arabic: true })),
      ]);
    const [regular, bold] = await Promise.all([weight(400), weight(700)]);
    return { regular, bold };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
