/**
 * Text folding shared by every place that compares what a citizen typed with what the clerk expects.
 * Pure: no I/O, no locale data beyond Unicode itself. Every function here reads its text in a few linear passes
 * (regular expressions without nested repetition): the cost grows with the text's length and nothing else.
 */
import { count, type WorkMeter } from './work-meter';

const PERSIAN_DIGITS = '۰۱۲۳۴۵۶۷۸۹';
const ARABIC_INDIC_DIGITS = '٠١٢٣٤٥٦٧٨٩';

/** Persian (۰-۹) and Arabic-Indic (٠-٩) digits become ASCII digits. */
export function foldDigits(text: string): string {
  return text.replace(/[۰-۹٠-٩]/g, (d) => {
    const p = PERSIAN_DIGITS.indexOf(d);
    return String(p >= 0 ? p : ARABIC_INDIC_DIGITS.indexOf(d));
  });
}

/** ASCII digits shown as Persian digits. */
export function toPersianDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => PERSIAN_DIGITS[Number(d)]);
}

/**
 * Removes what must never reach storage or comparison: control characters (except newline and tab),
 * bidirectional overrides and isolates, lone surrogates. Zero-width non-joiners are kept (Persian uses them).
 */
export function sanitize(text: string, maxLength = 2000): string {
  const cleaned = text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '')
    .replace(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF]/g, '')
    .normalize('NFC')
    .trim();
  if (cleaned.length <= maxLength) return cleaned;
  // A cut between the two halves of a surrogate pair (an emoji) would leave a lone half: it goes too.
  const cut = cleaned.slice(0, maxLength);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * The form used for matching: lower case, ASCII digits, no diacritics (ș/ş, ț/ţ, ă, â, î all fold),
 * Arabic ي/ك folded to Persian ی/ک, zero-width non-joiners and punctuation turned into spaces.
 */
export function fold(text: string): string {
  // A turn folds the same text several times (commands, choices, the language switch, the NLU): the last one
  // is remembered.
  if (text === lastFolded.text) return lastFolded.folded;
  const folded = foldUncached(text);
  lastFolded = { text, folded };
  return folded;
}
let lastFolded = { text: '', folded: '' };

function foldUncached(text: string): string {
  return foldLetters(sanitize(text))
    .replace(/[^\p{L}\p{N}@+.\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The letters and digits of `fold`, punctuation kept (a date reader needs its dots and slashes): lower case,
 * ASCII digits, no diacritics, Arabic letters as Persian ones, zero-width joiners as spaces.
 */
export function foldLetters(text: string): string {
  return foldDigits(text)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u064B-\u065F\u0670]/g, '') // Arabic harakat
    .replace(/ي|ى/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/ة/g, 'ه')
    .replace(/[\u200C\u200D]/g, ' ');
}

/** True when the text is mostly written in Arabic script (Persian for this clerk). */
export function isArabicScript(text: string, meter?: WorkMeter): boolean {
  // One pass, letter by letter, with no array of the letters built.
  let letters = 0;
  let arabic = 0;
  for (const c of text) {
    if (!LETTER.test(c)) continue;
    letters++;
    if (ARABIC.test(c)) arabic++;
  }
  count(meter, text.length);
  return letters > 0 && arabic / letters > 0.5;
}
const LETTER = /\p{L}/u;
const ARABIC = /\p{Script=Arabic}/u;
