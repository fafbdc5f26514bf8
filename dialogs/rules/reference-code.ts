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
