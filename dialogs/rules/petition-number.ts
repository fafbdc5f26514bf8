import { foldDigits, sanitize } from '../text/normalize';
import { count, type WorkMeter } from '../text/work-meter';
import { DATE_READ_CHARS, findDate } from './date-input';

export interface PetitionNumberAnswer {
  /** The registration number as written (ASCII digits), without the words around it. */
  number: string;
  /** The petition's date, when the citizen wrote it with the number ("123456/02.09.2026", "123456 din 2 septembrie 2026"). */
  date?: string;
}

/**
 * Reads the answer to "what is the petition's registration number?". Registration numbers are cited with
 * their date as often as not (nr. 123456/02.09.2026, ۱۲۳۴۵ مورخ ۱۴۰۵/۰۶/۱۱): the date is taken too, so the
 * citizen is not asked for it again. Undefined when the answer holds no number.
 */
export function readPetitionNumber(
  input: string,
  today: string,
  meter?: WorkMeter,
): PetitionNumberAnswer | undefined {
  // The number comes with its date, at the start of the answer: read as far as the date is looked for.
  const text = foldDigits(sanitize(input, DATE_READ_CHARS));
  count(meter, input.length);
  const found = findDate(text, today, meter);
  const rest = found ? found.rest : text;
  count(meter, rest.length);
  const number = numberIn(rest);
  if (!number || number.length > 40) return undefined;
  return found ? { number, date: found.iso } : { number };
}

/** From the first word with a digit to the last one, without trailing punctuation: "nr. 123456/" → "123456". */
function numberIn(text: string): string | undefined {
  const words = text.split(/\s+/);
  const first = words.findIndex((w) => /\d/.test(w));
  if (first < 0) return undefined;
  const last = words.length - 1 - [...words].reverse().findIndex((w) => /\d/.test(w));
  return words
    .slice(first, last + 1)
    .join(' ')
    .replace(/^[^\p{L}\d]+|[^\p{L}\d]+$/gu, '');
}
