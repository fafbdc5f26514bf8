import { foldDigits } from '../text/normalize';

/** Reference codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';

/**
 * A reference code as a citizen types it — any case, with or without the hyphen or spaces, Persian
 * digits — in its canonical form `ABCD-EFGH`, or undefined when it cannot be one.
 */
export function normalizeCode(input: string): string | undefined {
  const compact = foldDigits(input)
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, '');
  if (compact.length !== 8 || [...compact].some((c) => !CODE_ALPHABET.includes(c))) return undefined;
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}
