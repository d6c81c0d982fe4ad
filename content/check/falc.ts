// An easy-to-read (FALC, "facile à lire et à comprendre") lint for French texts, run by
// `npm run content:check` over every `fr-x-falc` text (accessibility.md, target 19).
// It is a set of heuristics tuned to flag little that is right: a human panel still reads
// every FALC text before the label is used, so a miss costs less than a false alarm that
// teaches editors to ignore the lint.
//
// What is exempt, and why:
// - Email addresses, URLs and bare domain names (`belval-sur-loire.fr`) are read as one word
//   by every rule: their dots, capitals, digits or brackets are not prose.
// - The example of a hint, from "Par exemple :" (or "Exemple :") to the end of the text, is
//   exempt from the sentence-length and abbreviation rules: it shows what a person types
//   ("Par exemple : 12 rue des Lilas, 41200 Belval-sur-Loire"), not what they read. Every
//   other rule still applies to it.
// - i18next placeholders (`{{count}}`, `$t(key)`) count as one ordinary word; markup tags
//   (`<1>`, `</strong>`) are dropped.

export type FalcRule =
  | 'sentence-length'
  | 'abbreviation'
  | 'number-in-words'
  | 'percentage'
  | 'roman-numeral'
  | 'parentheses'
  | 'passive'
  | 'double-negation'
  | 'avoidable-negation'
  | 'digit-date'
  | 'jargon';

export interface FalcFinding {
  rule: FalcRule;
  message: string;
}

/** The longest sentence, in words, that an easy-to-read text may have. */
export const FALC_MAX_WORDS = 12;

const EMAIL = /[^\s@<>()"]+@[^\s@<>()"]+\.[^\s@<>()".,;:!?]+/gu;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"]*[^\s<>".,;:!?)]/gu;
const DOMAIN = /\b[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:fr|com|org|net|eu|info|gouv\.fr)\b/gu;
const PLACEHOLDER = /\{\{[^}]*\}\}|\$t\([^)]*\)/gu;
const TAG = /<\/?[\p{L}\p{N}]+[^>]*>/gu;
const EXAMPLE = /(?:par\s+)?exemple\s*:/iu;

/** Replaces what is not prose by a neutral word, so no rule trips on it. */
function mask(text: string): string {
  return text
    .replace(TAG, '')
    .replace(PLACEHOLDER, 'valeur')
    .replace(EMAIL, 'adresse')
    .replace(URL, 'lien')
    .replace(DOMAIN, 'lien');
}

/** The text before a hint's example (with "Par exemple :" kept), and the example. */
function splitExample(text: string): { prose: string; example: string } {
  const match = EXAMPLE.exec(text);
  if (!match) return { prose: text, example: '' };
  const end = match.index + match[0].length;
  return { prose: text.slice(0, end), example: text.slice(end) };
}

const quote = (s: string) => `«${s.trim()}»`;

// ---------------------------------------------------------------------------------------
// Sentence length

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Words as a reader counts them: `l'adresse` and `Belval-sur-Loire` are one word each. */
function countWords(sentence: string): number {
  return sentence.split(/\s+/u).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

function checkSentenceLength(prose: string): FalcFinding[] {
  return sentences(prose).flatMap((sentence) => {
    const words = countWords(sentence);
    return words > FALC_MAX_WORDS
      ? [
          {
            rule: 'sentence-length' as const,
            message: `sentence of ${words} words (at most ${FALC_MAX_WORDS}): ${quote(sentence)}`,
          },
        ]
      : [];
  });
}

// ---------------------------------------------------------------------------------------
// Abbreviations, initialisms and Roman numerals

const ROMAN = /^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/u;
const ROMAN_ORDINAL_SUFFIX = /(?:er|re|ère|ème|eme|e|è)$/u;

/**
 * A Roman numeral as a reader meets it: `XIV`, `II`, `XXIe`, `Ier`. Capitals mixing C, D,
 * L or M without an ordinal ending (`CD`, `MDPH`) read as initialisms and are reported so.
 */
function isRomanNumeral(word: string): boolean {
  const suffix = ROMAN_ORDINAL_SUFFIX.exec(word)?.[0] ?? '';
  const numeral = word.slice(0, word.length - suffix.length);
  if (numeral === '' || !ROMAN.test(numeral)) return false;
  // "Le", "De", "Ce" are a capital and an ending, not the numerals 50, 500, 100 with one.
  if (numeral.length < 2 && !/^[IVX]$/u.test(numeral)) return false;
  return suffix !== '' || (numeral.length >= 2 && /^[IVX]+$/u.test(numeral));
}

// Written abbreviations that are not all capitals. Case matters for titles (`M.` is
// "Monsieur" but `m.` is not a word) and not for the rest.
const ABBREVIATIONS: readonly RegExp[] = [
  /(?<![\p{L}\p{N}])(?:etc|ex|cf|env|tél|av)\./giu,
  /(?<![\p{L}\p{N}])bd(?![\p{L}\p{N}])/giu,
  /(?<![\p{L}\p{N}])n\s?[°º]/giu,
  /(?<![\p{L}\p{N}.])MM?\.(?=\s|$)/gu,
  /(?<![\p{L}\p{N}])(?:Mmes?|Mlles?|Dr)(?![\p{L}\p{N}])/gu,
];

const CAPITAL_WORD = /(?<![\p{L}\p{N}])[\p{L}\p{N}]*\p{Lu}[\p{L}\p{N}]*(?![\p{L}\p{N}])/gu;
const DOTTED_INITIALISM = /(?<![\p{L}\p{N}])(?:\p{Lu}\.){2,}/gu;

function isInitialism(word: string): boolean {
  const letters = word.replace(/\P{L}/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

function checkAbbreviations(prose: string): FalcFinding[] {
  const findings: FalcFinding[] = [];
  for (const re of ABBREVIATIONS)
    for (const match of prose.matchAll(re))
      findings.push({ rule: 'abbreviation', message: `abbreviation ${quote(match[0])}: write the word out` });
  for (const match of prose.matchAll(DOTTED_INITIALISM))
    findings.push({ rule: 'abbreviation', message: `initialism ${quote(match[0])}: write the words out` });
  for (const [word] of prose.matchAll(CAPITAL_WORD))
    if (!isRomanNumeral(word) && isInitialism(word))
      findings.push({ rule: 'abbreviation', message: `initialism or capitals ${quote(word)}: write the words out` });
  return dedupe(findings);
}

function checkRomanNumerals(text: string): FalcFinding[] {
  return [...text.matchAll(CAPITAL_WORD)]
    .map(([word]) => word)
    .filter(isRomanNumeral)
    .map((word) => ({ rule: 'roman-numeral' as const, message: `Roman numeral ${quote(word)}: write digits` }));
}

// ---------------------------------------------------------------------------------------
// Numbers, percentages, dates, parentheses

// "un" and "une" are also articles, so numerals start at "deux". "neuf" is also "new"
// (un vélo neuf): it counts as a number only before a plural word (neuf jours).
const NUMERALS = new Set([
  'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'dix', 'onze', 'douze', 'treize',
  'quatorze', 'quinze', 'seize', 'vingt', 'vingts', 'trente', 'quarante', 'cinquante',
  'soixante', 'cent', 'cents', 'mille',
]);

function checkNumbersInWords(text: string): FalcFinding[] {
  const words = text.match(/[\p{L}-]+/gu) ?? [];
  const findings: FalcFinding[] = [];
  words.forEach((word, i) => {
    const parts = word.toLowerCase().split('-');
    const next = words[i + 1]?.toLowerCase() ?? '';
    const isNumeral = (part: string) => NUMERALS.has(part) || (part === 'neuf' && /[sx]$/u.test(next));
    if (parts.some(isNumeral))
      findings.push({ rule: 'number-in-words', message: `number written in words ${quote(word)}: write digits` });
  });
  return findings;
}

function checkPercentages(text: string): FalcFinding[] {
  const found = text.match(/%|(?<![\p{L}])pour\s?cent(?![\p{L}])|pourcentage/giu) ?? [];
  return found.map((p) => ({
    rule: 'percentage' as const,
    message: `percentage ${quote(p)}: say it with words people count ("1 personne sur 2")`,
  }));
}

// Day, month and year in digits (12/03/2025, 12.03.25, 2025-03-12). The look-arounds keep
// phone numbers written with dots (06.12.34.56.78) out.
const DIGIT_DATE =
  /(?<![\d./-])(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2})(?![\d]|[./-]\d)/gu;

function checkDigitDates(text: string): FalcFinding[] {
  return [...text.matchAll(DIGIT_DATE)].map(([date]) => ({
    rule: 'digit-date' as const,
    message: `date with the month in digits ${quote(date)}: write the month as a word ("12 mars 2025")`,
  }));
}

function checkParentheses(text: string): FalcFinding[] {
  return /[()[\]]/u.test(text)
    ? [{ rule: 'parentheses', message: 'parentheses: make the aside a sentence of its own' }]
    : [];
}

// ---------------------------------------------------------------------------------------
// Passive voice
//
// Heuristic: a form of "être" followed, after at most two adverbs (pas, bien, déjà, …), by
// a word ending like a past participle: -é, -i, -u, -is, -us, with feminine and plural
// endings (envoyé, envoyées, fini, reçu, pris). To keep false alarms low it skips:
// - reflexive verbs, whose past tense is built with être in the active voice (il s'est
//   inscrit, vous vous êtes trompé);
// - verbs of movement and state built with être in the active voice (elle est née, il est
//   parti, vous êtes arrivé), and adjectives that are states more than actions (fermé,
//   situé, âgé, marié);
// - words whose -i or -u follows a vowel (vrai, moi, lui, peu, beau, nous, vous, mais),
//   which are never participles, and a few common words (ici, midi, lundi, si, du).
// Irregular participles ending otherwise (fait, écrit, ouvert) are not caught.

const ETRE = new Set([
  'suis', 'es', 'est', 'sommes', 'êtes', 'sont', 'étais', 'était', 'étions', 'étiez', 'étaient',
  'serai', 'seras', 'sera', 'serons', 'serez', 'seront', 'serais', 'serait', 'serions',
  'seriez', 'seraient', 'sois', 'soit', 'soyons', 'soyez', 'soient', 'fus', 'fut', 'furent',
  'été', 'être',
]);
const REFLEXIVE = new Set(['se', 's', 'me', 'm', 'te', 't']);
const ADVERBS = new Set([
  'pas', 'plus', 'jamais', 'bien', 'déjà', 'très', 'toujours', 'bientôt', 'encore', 'ensuite',
  'vite', 'aussi', 'souvent', 'tout', 'alors', 'peut', 'automatiquement', 'immédiatement',
]);
const NOT_PARTICIPLES = new Set([
  // verbs conjugated with être in the active voice
  'allé', 'venu', 'revenu', 'devenu', 'parvenu', 'intervenu', 'arrivé', 'parti', 'reparti',
  'sorti', 'ressorti', 'entré', 'rentré', 'monté', 'remonté', 'descendu', 'tombé', 'resté',
  'né', 'décédé', 'passé', 'retourné', 'apparu', 'disparu',
  // states
  'fermé', 'situé', 'occupé', 'marié', 'pacsé', 'divorcé', 'veuf', 'âgé', 'handicapé',
  'désolé', 'pressé', 'fatigué', 'perdu', 'bienvenu', 'assis', 'gris', 'précis', 'confus',
  // not verbs at all
  'ici', 'parmi', 'midi', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'si',
  'ni', 'ceci', 'ainsi', 'merci', 'du', 'tu', 'plus', 'été', 'bébé', 'café', 'côté', 'santé', 'clé', 'gratuit',
]);
const PARTICIPLE_ENDING = /(?:[^aeiouy]u|[^aeiouy]i|é)(?:e?s?)$|[^aeiouy](?:is|us)$/u;

function stem(word: string): string {
  // A feminine or plural agreement does not make a word another word: fermées is fermé.
  return word.replace(/(?<=[éiu])e?s?$/u, '');
}

function isParticiple(word: string): boolean {
  if (word.length < 2 || !PARTICIPLE_ENDING.test(word)) return false;
  return !NOT_PARTICIPLES.has(word) && !NOT_PARTICIPLES.has(stem(word));
}

function checkPassive(text: string): FalcFinding[] {
  const findings: FalcFinding[] = [];
  for (const sentence of sentences(text)) {
    const words = sentence.toLowerCase().match(/\p{L}+/gu) ?? [];
    words.forEach((word, i) => {
      if (!ETRE.has(word)) return;
      const before = words[i - 1] ?? '';
      if (REFLEXIVE.has(before) || ((before === 'nous' || before === 'vous') && words[i - 2] === before)) return;
      let j = i + 1;
      while (j < words.length && j <= i + 2 && ADVERBS.has(words[j] ?? '')) j++;
      const next = words[j];
      if (next !== undefined && isParticiple(next))
        findings.push({
          rule: 'passive',
          message: `passive voice ${quote(`${word} ${next}`)}: say who does it ("La mairie envoie …")`,
        });
    });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------
// Double negation
//
// Two negative words after one "ne" within a clause (ce n'est pas rien, il n'y a jamais
// rien), or a negation before a word that is itself negative (pas impossible, non sans).
// "plus" and "personne" are left out of the count: they are also "more" and "a person".

const NEGATIVES = new Set(['pas', 'jamais', 'rien', 'aucun', 'aucune', 'nul', 'nulle', 'nullement', 'guère']);
const NEGATIVE_WORDS = new Set([
  'impossible', 'inutile', 'interdit', 'interdite', 'incorrect', 'incorrecte', 'inexact',
  'inexacte', 'illégal', 'illégale', 'irrégulier', 'irrégulière', 'inconnu', 'inconnue',
  'improbable', 'invalide', 'incomplet', 'incomplète', 'sans', 'négligeable', 'faux', 'fausse',
]);

function checkDoubleNegation(text: string): FalcFinding[] {
  const findings: FalcFinding[] = [];
  for (const clause of text.toLowerCase().split(/[.!?…;:,\n]+/u)) {
    const words = clause.match(/\p{L}+/gu) ?? [];
    let count = 0;
    let open = false;
    const flush = () => {
      if (open && count >= 2)
        findings.push({ rule: 'double-negation', message: `double negation in ${quote(clause)}: say it positively` });
    };
    words.forEach((word, i) => {
      if (word === 'ne' || word === 'n') {
        flush();
        open = true;
        count = 0;
      } else if (open && NEGATIVES.has(word)) count++;
      const next = words[i + 1];
      if ((word === 'pas' || word === 'non') && next !== undefined && NEGATIVE_WORDS.has(next))
        findings.push({
          rule: 'double-negation',
          message: `double negation ${quote(`${word} ${next}`)}: say it positively`,
        });
    });
    flush();
  }
  return dedupe(findings);
}

// ---------------------------------------------------------------------------------------
// Avoidable negation
//
// A negation costs a reader more than the affirmative that says the same. Flagged only where
// a plain affirmative exists, from this list; any other negation may be the clearest way
// ("Internet ne marche pas" says more than any affirmative would, and stays).

export const AVOIDABLE_NEGATIONS: ReadonlyArray<{ phrase: RegExp; instead: string }> = [
  { phrase: /\bn['’]oubliez pas\b|\bne pas oublier\b/iu, instead: 'pensez à' },
  { phrase: /\bn['’]hésitez pas\b/iu, instead: 'vous pouvez' },
  { phrase: /\bn['’](?:est|sont) pas obligatoires?\b/iu, instead: 'vous pouvez le faire si vous voulez' },
  { phrase: /\bne quittez pas\b/iu, instead: 'restez' },
  { phrase: /\bne (?:donnez|montrez|dites|partagez) (?:\p{L}+ )?(?:pas|jamais)\b/iu, instead: 'gardez-le pour vous' },
  { phrase: /\bn['’](?:êtes|est) pas d['’]accord\b/iu, instead: 'refusez, ou voulez autre chose' },
  { phrase: /\bne (?:\p{L}+ )pas avant\b/iu, instead: 'après' },
];

function checkAvoidableNegation(text: string): FalcFinding[] {
  return AVOIDABLE_NEGATIONS.flatMap(({ phrase, instead }) => {
    const match = phrase.exec(text);
    return match ? [{ rule: 'avoidable-negation' as const, message: `negation ${quote(match[0])}: say it positively (${quote(instead)})` }] : [];
  });
}

function dedupe(findings: FalcFinding[]): FalcFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.message) && seen.add(f.message));
}

/**
 * The glossary's jargon: words of the administration a person may not know, each with the
 * plain words to say instead, and what in the same text gives its meaning when the word itself
 * must stay (the ANTS site says "pré-demande": the text may use it if it says it is done on the
 * internet; an emergency number is plain once the number is there).
 */
export const FALC_JARGON: ReadonlyArray<{ word: RegExp; instead: string; explainedBy?: RegExp }> = [
  { word: /\bpré-?demandes?\b/iu, instead: 'la demande faite avant, sur internet', explainedBy: /\bsur internet\b/iu },
  { word: /\bcontest(?:er|ez|ation)\b/iu, instead: 'demander de changer la réponse' },
  { word: /\btribunal administratif\b/iu, instead: 'le juge' },
  { word: /\bnuméros? d['’]urgence\b/iu, instead: 'le numéro à appeler, avec ce numéro', explainedBy: /\b1[1-9]{1,2}\b/u },
];

function checkJargon(text: string): FalcFinding[] {
  return FALC_JARGON.flatMap(({ word, instead, explainedBy }) => {
    const match = word.exec(text);
    if (!match || explainedBy?.test(text)) return [];
    return [{ rule: 'jargon' as const, message: `jargon ${quote(match[0])}: say ${quote(instead)}, or give its meaning in the same text` }];
  });
}

/**
 * Checks one easy-to-read French text; an empty list means it passes.
 *
 * @example lintFalc('Votre demande est envoyée (sous 2 jours).')
 *   // [{ rule: 'parentheses', … }, { rule: 'passive', message: 'passive voice «est envoyée": …' }]
 */
export function lintFalc(text: string): FalcFinding[] {
  const masked = mask(text);
  const { prose } = splitExample(masked);
  return [
    ...checkSentenceLength(prose),
    ...checkAbbreviations(prose),
    ...checkRomanNumerals(masked),
    ...checkNumbersInWords(masked),
    ...checkPercentages(masked),
    ...checkDigitDates(masked),
    ...checkParentheses(masked),
    ...checkPassive(masked),
    ...checkDoubleNegation(masked),
    ...checkAvoidableNegation(masked),
    ...checkJargon(masked),
  ];
}
