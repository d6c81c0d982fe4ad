// Typesetting for the receipt PDF: font fallback, bidirectional text (Unicode Bidi Algorithm,
// by bidi-js), OpenType shaping (fontkit, which joins Arabic letters and orders right-to-left
// runs), line wrapping, and drawing glyphs with their positions.
//
// pdf-lib's own drawText shapes too, but drops glyph positions (Arabic marks land on the pen)
// and knows one font and one direction per call. Here each run is shaped by fontkit and its
// glyph ids are written with TJ adjustments, through pdf-lib's subset embedder, so that the
// text stays selectable: the embedder's ToUnicode map is built from the glyphs used.
import bidiFactory from 'bidi-js';
import type { Font as FontkitFont, Glyph, GlyphPosition } from '@pdf-lib/fontkit';
import {
  PDFHexString,
  PDFOperator,
  PDFOperatorNames,
  beginText,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFontAndSize,
  setTextMatrix,
  setTextRise,
  type PDFDocument,
  type PDFFont,
  type PDFName,
  type PDFPage,
} from 'pdf-lib';

const bidi = bidiFactory();

export type Direction = 'ltr' | 'rtl';

/** One embedded font file, with what it covers. */
export interface Face {
  pdf: PDFFont;
  kit: FontkitFont;
  /** Chosen first for characters of the Arabic script. */
  arabic: boolean;
}

/** Fallback chains by weight: the first face that has a character's glyph draws it. */
export interface FaceSet {
  regular: Face[];
  bold: Face[];
}

export interface TextStyle {
  size: number;
  bold?: boolean;
}

interface ShapedRun {
  face: Face;
  direction: Direction;
  glyphs: Glyph[];
  positions: GlyphPosition[];
  /** Width in points. */
  width: number;
}

/** One line, ready to draw: runs in visual order, left to right. */
export interface Line {
  runs: ShapedRun[];
  width: number;
  size: number;
}

interface SubsetEmbedder {
  font: FontkitFont;
  subset: { includeGlyph(glyph: Glyph | number): number };
  glyphs: Glyph[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void };
}

function embedderOf(font: PDFFont): SubsetEmbedder {
  const embedder = (font as unknown as { embedder?: Partial<SubsetEmbedder> }).embedder;
  if (!embedder?.font || !embedder.subset || !Array.isArray(embedder.glyphs) || !embedder.glyphIdMap || !embedder.glyphCache) {
    throw new Error('Receipt fonts must be embedded with pdf-lib 1.17 and { subset: true }');
  }
  return embedder as SubsetEmbedder;
}

/** Wraps a font embedded by pdf-lib (with `{ subset: true }`) as a face. */
export function faceOf(font: PDFFont, arabic = false): Face {
  return { pdf: font, kit: embedderOf(font).font, arabic };
}

type Layout = (text: string, features?: string[], script?: string, language?: string, direction?: Direction) => {
  glyphs: Glyph[];
  positions: GlyphPosition[];
};

function isArabicScript(codePoint: number): boolean {
  return (
    (codePoint >= 0x0600 && codePoint <= 0x06ff) ||
    (codePoint >= 0x0750 && codePoint <= 0x077f) ||
    (codePoint >= 0x0870 && codePoint <= 0x08ff) ||
    (codePoint >= 0xfb50 && codePoint <= 0xfdff) ||
    (codePoint >= 0xfe70 && codePoint <= 0xfeff)
  );
}

const BIDI_CONTROL = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function isNeutral(char: string): boolean {
  return /[\s\p{P}\p{S}]/u.test(char);
}

function pickFace(chain: Face[], char: string, previous: Face | undefined): Face {
  const codePoint = char.codePointAt(0) ?? 0;
  if (isArabicScript(codePoint)) {
    const arabic = chain.find((face) => face.arabic && face.kit.hasGlyphForCodePoint(codePoint));
    if (arabic) return arabic;
  }
  // Spaces and punctuation stay in the face of the run around them, so that a run is not cut.
  if (previous && isNeutral(char) && previous.kit.hasGlyphForCodePoint(codePoint)) return previous;
  return chain.find((face) => !face.arabic && face.kit.hasGlyphForCodePoint(codePoint)) ?? chain.find((face) => face.kit.hasGlyphForCodePoint(codePoint)) ?? chain[0]!;
}

function shape(face: Face, text: string, direction: Direction, size: number): ShapedRun {
  const layout = face.kit.layout.bind(face.kit) as unknown as Layout;
  const { glyphs, positions } = layout(text, undefined, undefined, undefined, direction);
  const units = positions.reduce((sum, position) => sum + position.xAdvance, 0);
  return { face, direction, glyphs, positions, width: (units / face.kit.unitsPerEm) * size };
}

/**
 * Lays out one line (no wrapping): bidi levels, mirrored brackets, runs by level and face,
 * runs put in visual order (rule L2 of UAX #9), each run shaped.
 */
export function layoutLine(faces: FaceSet, text: string, style: TextStyle, base: Direction): Line {
  const chain = style.bold ? faces.bold : faces.regular;
  if (text === '') return { runs: [], width: 0, size: style.size };
  const embedding = bidi.getEmbeddingLevels(text, base);
  const runs: Array<{ text: string; level: number; face: Face }> = [];
  let previous: Face | undefined;
  for (let index = 0; index < text.length; ) {
    const codePoint = text.codePointAt(index) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    const level = embedding.levels[index] ?? 0;
    index += width;
    // Bidi controls (LRI, PDI, LRM…) steer the levels above and are not drawn.
    if (BIDI_CONTROL.test(String.fromCodePoint(codePoint))) continue;
    // Brackets in a right-to-left run are mirrored (UAX #9, L4). bidi-js's
    // getMirroredCharactersMap reads the wrong field of its own result, hence one by one.
    const char = (level % 2 === 1 ? bidi.getMirroredCharacter(String.fromCodePoint(codePoint)) : null) ?? String.fromCodePoint(codePoint);
    const face = pickFace(chain, char, previous);
    const last = runs[runs.length - 1];
    if (last && last.level === level && last.face === face) last.text += char;
    else runs.push({ text: char, level, face });
    previous = face;
  }
  if (runs.length === 0) return { runs: [], width: 0, size: style.size };
  const highest = Math.max(...runs.map((run) => run.level));
  const lowestOdd = Math.min(...runs.map((run) => (run.level % 2 === 1 ? run.level : highest + 1)));
  for (let level = highest; level >= lowestOdd; level -= 1) {
    for (let start = 0; start < runs.length; ) {
      if ((runs[start]?.level ?? 0) < level) {
        start += 1;
        continue;
      }
      let end = start;
      while (end + 1 < runs.length && (runs[end + 1]?.level ?? 0) >= level) end += 1;
      runs.splice(start, end - start + 1, ...runs.slice(start, end + 1).reverse());
      start = end + 1;
    }
  }
  const shaped = runs.map((run) => shape(run.face, run.text, run.level % 2 === 1 ? 'rtl' : 'ltr', style.size));
  return { runs: shaped, width: shaped.reduce((sum, run) => sum + run.width, 0), size: style.size };
}

/**
 * Wraps a paragraph into lines no wider than `maxWidth`, breaking at spaces (a word longer
 * than the line, such as a URL, is cut where it must be). Lines are in reading order.
 */
export function wrapText(faces: FaceSet, text: string, style: TextStyle, maxWidth: number, base: Direction): Line[] {
  const lines: Line[] = [];
  // Words are measured one by one: shaping never joins across a space, so a line's width is
  // the sum of its words and spaces (kerning around spaces aside, well under a point).
  const widths = new Map<string, number>();
  const measure = (word: string): number => {
    let width = widths.get(word);
    if (width === undefined) {
      width = layoutLine(faces, word, style, base).width;
      widths.set(word, width);
    }
    return width;
  };
  const space = measure('\u00a0');
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/ +/).filter((word) => word !== '');
    let current: string[] = [];
    let currentWidth = 0;
    const push = (): void => {
      lines.push(layoutLine(faces, current.join(' '), style, base));
      current = [];
      currentWidth = 0;
    };
    for (const word of words) {
      const width = measure(word);
      const candidate = current.length === 0 ? width : currentWidth + space + width;
      if (candidate <= maxWidth) {
        current.push(word);
        currentWidth = candidate;
        continue;
      }
      if (current.length > 0) push();
      let rest = word;
      while (measure(rest) > maxWidth && rest.length > 1) {
        let cut = rest.length - 1;
        while (cut > 1 && measure(rest.slice(0, cut)) > maxWidth) cut -= 1;
        current = [rest.slice(0, cut)];
        push();
        rest = rest.slice(cut);
      }
      current = [rest];
      currentWidth = measure(rest);
    }
    push();
  }
  return lines;
}

const fontKeys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();

function fontKey(page: PDFPage, font: PDFFont): PDFName {
  let keys = fontKeys.get(page);
  if (!keys) {
    keys = new Map();
    fontKeys.set(page, keys);
  }
  let key = keys.get(font);
  if (!key) {
    key = page.node.newFontDictionary(font.name, font.ref);
    keys.set(font, key);
  }
  return key;
}

function subsetGlyphId(font: PDFFont, glyph: Glyph, direction: Direction): number {
  const embedder = embedderOf(font);
  const id = embedder.subset.includeGlyph(glyph);
  // Text extractors read a right-to-left line in visual order and reverse it, characters of a
  // ligature included: the lam-alef glyph mapped to "لا" would come back as "ال". Its
  // ToUnicode entry is therefore written reversed, as it is met in visual order.
  embedder.glyphs[id - 1] =
    direction === 'rtl' && glyph.codePoints.length > 1
      ? (Object.create(glyph, { codePoints: { value: [...glyph.codePoints].reverse() } }) as Glyph)
      : glyph;
  embedder.glyphIdMap.set(glyph.id, id);
  embedder.glyphCache.invalidate();
  return id;
}

/**
 * Draws a line with its left end at `x` and its baseline at `y`. Each glyph is placed by its
 * shaped position: a TJ adjustment for the horizontal offset and advance, a text rise for the
 * vertical offset of marks.
 */
export function drawLine(doc: PDFDocument, page: PDFPage, line: Line, x: number, y: number): void {
  let pen = x;
  for (const run of line.runs) {
    const { pdf, kit } = run.face;
    const scale = 1000 / kit.unitsPerEm;
    const operators: PDFOperator[] = [pushGraphicsState(), beginText(), setFontAndSize(fontKey(page, pdf), line.size), setTextMatrix(1, 0, 0, 1, pen, y)];
    let chunk: Array<PDFHexString | number> = [];
    let rise = 0;
    const flush = (): void => {
      if (chunk.length > 0) operators.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [doc.context.obj(chunk)]));
      chunk = [];
    };
    run.glyphs.forEach((glyph, index) => {
      const position = run.positions[index] ?? { xAdvance: glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 };
      const glyphRise = (position.yOffset / kit.unitsPerEm) * line.size;
      if (glyphRise !== rise) {
        flush();
        operators.push(setTextRise(glyphRise));
        rise = glyphRise;
      }
      // In TJ a positive number moves the pen left, in thousandths of the font size.
      if (position.xOffset !== 0) chunk.push(-position.xOffset * scale);
      chunk.push(PDFHexString.of(subsetGlyphId(pdf, glyph, run.direction).toString(16).padStart(4, '0')));
      const correction = position.xAdvance - glyph.advanceWidth - position.xOffset;
      if (Math.abs(correction) > 0.01) chunk.push(-correction * scale);
    });
    flush();
    if (rise !== 0) operators.push(setTextRise(0));
    operators.push(endText(), popGraphicsState());
    page.pushOperators(...operators);
    pen += run.width;
  }
}
