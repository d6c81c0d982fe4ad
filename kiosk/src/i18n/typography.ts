/**
 * French typography: a narrow no-break space before ? ! ; and a no-break space before : and
 * inside « », so that "Continuer ?" never leaves its question mark alone at the start of a
 * line. Only a space already written is replaced: a colon in "https://" or "10:30" stays.
 *
 * @example frenchSpacing('Quel est votre nom ?') // 'Quel est votre nom\u202f?'
 */
export function frenchSpacing(text: string): string {
  return text
    .replace(/ ([?!;])/g, '\u202f$1')
    .replace(/ :/g, '\u00a0:')
    .replace(/« /g, '«\u00a0')
    .replace(/ »/g, '\u00a0»');
}
