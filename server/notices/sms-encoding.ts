// How an SMS text becomes the bytes of one or more SMPP submit_sm: the GSM 03.38 default
// alphabet (7 bits, 160 characters, 153 a part when concatenated) when every character has a
// place in it, UCS-2 otherwise (70 UTF-16 units, 67 a part): Arabic always, French with "ç" or
// "ê" too. Parts carry the 8-bit concatenation header (IEI 0x00), so the phone shows one message.
// Septets travel unpacked, one a byte, as SMPP 3.4 carries data_coding 0; the gateway packs them.

/** GSM 03.38 basic character set, by septet value (0x1B is the escape to the extension table). */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** The extension table: each costs two septets (escape, then this code). */
const GSM_EXTENSION: Readonly<Record<string, number>> = { '\f': 0x0a, '^': 0x14, '{': 0x28, '}': 0x29, '\\': 0x2f, '[': 0x3c, '~': 0x3d, ']': 0x3e, '|': 0x40, '€': 0x65 };
const BASIC_CODES: ReadonlyMap<string, number> = new Map([...GSM_BASIC].map((char, code) => [char, code]));

export const GSM7_SINGLE = 160;
export const GSM7_PART = 153;
export const UCS2_SINGLE = 70;
export const UCS2_PART = 67;
/** A phone reassembles at most 255 parts; past a few, an SMS is the wrong medium. */
export const MAX_PARTS = 6;

export interface EncodedSms {
  encoding: 'gsm7' | 'ucs2';
  /** SMPP data_coding: 0x00 the SMSC's default alphabet (GSM 03.38), 0x08 UCS-2. */
  dataCoding: 0x00 | 0x08;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text. */
  units: number;
  /** Each part's payload, without the concatenation header. */
  parts: Buffer[];
}

function gsmSeptets(text: string): number[][] | undefined {
  const chars: number[][] = [];
  for (const char of text) {
    const basic = BASIC_CODES.get(char);
    if (basic !== undefined && basic !== 0x1b) chars.push([basic]);
    else if (char in GSM_EXTENSION) chars.push([0x1b, GSM_EXTENSION[char]!]);
    else return undefined;
  }
  return chars;
}

/** Groups characters (each one or two units) into parts of at most `size` units, never splitting one. */
function split<T extends { length: number }>(chars: T[], size: number): T[][] {
  const parts: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const char of chars) {
    if (used + char.length > size) {
      parts.push(current);
      current = [];
      used = 0;
    }
    current.push(char);
    used += char.length;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * Encodes a text for SMPP: GSM-7 when it can, UCS-2 otherwise, split into concatenated parts
 * when it does not fit in one.
 *
 * @example encodeSms('Mairie de Belval : demande 7KQ4-M2XD acceptée.').encoding // 'gsm7'
 * @example encodeSms('بلدية بلفال: تم قبول طلبك').dataCoding // 0x08
 */
export function encodeSms(text: string): EncodedSms {
  const gsm = gsmSeptets(text);
  if (gsm) {
    const units = gsm.reduce((sum, char) => sum + char.length, 0);
    const groups = units <= GSM7_SINGLE ? [gsm] : split(gsm, GSM7_PART);
    return { encoding: 'gsm7', dataCoding: 0x00, units, parts: groups.map((group) => Buffer.from(group.flat())) };
  }
  // UTF-16 code units, a character outside the BMP (an emoji) being a surrogate pair.
  const chars = [...text].map((char) => Buffer.from(char, 'utf16le').swap16());
  const units = chars.reduce((sum, char) => sum + char.length / 2, 0);
  const groups = units <= UCS2_SINGLE ? [chars] : splitUcs2(chars, UCS2_PART);
  return { encoding: 'ucs2', dataCoding: 0x08, units, parts: groups.map((group) => Buffer.concat(group)) };
}

function splitUcs2(chars: Buffer[], size: number): Buffer[][] {
  // `split` counts `length`; a UCS-2 character's length in units is its bytes / 2.
  const units = chars.map((bytes) => ({ bytes, length: bytes.length / 2 }));
  return split(units, size).map((group) => group.map((char) => char.bytes));
}

/**
 * The short_message of each part: the payload alone for a single part, or behind the 6-byte
 * concatenation header `05 00 03 <reference> <total> <index>` (the submit_sm then sets the
 * UDH indicator, esm_class 0x40).
 *
 * @example withConcatenation(encodeSms(longText), 0x2a).length // 2
 */
export function withConcatenation(sms: EncodedSms, reference: number): Buffer[] {
  if (sms.parts.length === 1) return sms.parts;
  return sms.parts.map((part, index) => Buffer.concat([Buffer.from([0x05, 0x00, 0x03, reference & 0xff, sms.parts.length, index + 1]), part]));
}

/**
 * Decodes what `encodeSms` made (for tests and the gateway's view of a message): parts without
 * their header, in order.
 */
export function decodeSms(dataCoding: number, parts: Buffer[]): string {
  if (dataCoding === 0x08) return Buffer.concat(parts).swap16().toString('utf16le');
  const bytes = [...Buffer.concat(parts)];
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x1b) {
      const code = bytes[++i];
      text += Object.entries(GSM_EXTENSION).find(([, value]) => value === code)?.[0] ?? ' ';
    } else text += GSM_BASIC[bytes[i]!] ?? ' ';
  }
  return text;
}
