import { foldDigits } from '../text/normalize';
import { count, type WorkMeter } from '../text/work-meter';

/** Reference codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

/**
 * A reference code as a citizen types it — any case, with or without the hyphen or spaces, Persian
 * digits — in its canonical form `ABCD-EFGH`, or undefined when it cannot be one.
 */
export function normalizeCode(input: string, meter?: WorkMeter): string | undefined {
  let compact = '';
  let read = 0;
  for (const c of input) {
    read++;
    if (SEPARATOR.test(c)) continue;
    compact += foldDigits(c).toUpperCase();
    // A ninth character makes any text too long to be a code: reading stops there.
    if (compact.length > 8) break;
  }
  count(meter, read);
  if (compact.length !== 8 || [...compact].some((c) => !CODE_ALPHABET.includes(c))) return undefined;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}

const SEPARATOR = /^[\s\-–—_.]$/;

/** How many words of a message are read for a reference code in it. */
const MAX_CODE_WORDS = 60;

/**
 * The reference code a citizen wrote, alone or anywhere in a sentence ("vreau să anulez programarea XC7R-9HFJ",
 * "cancel my booking xc7r 9hfj"): the whole text, a word, or two words of four, as normalizeCode reads them.
 * Within a sentence a word counts if it is written as codes are — with a digit, in capitals, or as two halves —
 * since some words have only the code's letters ("accepted"); any word does where the clerk asked for the code
 * (`asked`) or the sentence asks about a booking (`aboutBooking`).
 */
export function codeInText(text: string, asked: boolean, aboutBooking: boolean): string | undefined {
  const whole = normalizeCode(text);
  if (whole) return whole;
  const anyWord = asked || aboutBooking;
  const words = text
    .split(/\s+/, MAX_CODE_WORDS)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
  const written = (w: string) => /\p{Nd}/u.test(w) || w === w.toUpperCase() || /^\S{4}[-–—_.]\S{4}$/.test(w);
  let loose: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const code = words[i].length <= 11 ? normalizeCode(words[i]) : undefined;
    if (code && written(words[i])) return code;
    if (code) loose ??= code;
    const next = words[i + 1];
    if (words[i].length !== 4 || next?.length !== 4) continue;
    const pair = normalizeCode(`${words[i]}${next}`);
    const halves = [words[i], next];
    if (pair && (halves.some((h) => /\p{Nd}/u.test(h)) || halves.every((h) => h === h.toUpperCase())))
      return pair;
    if (pair) loose ??= pair;
  }
  return anyWord ? loose : undefined;
}
