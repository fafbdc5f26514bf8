import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { foldDigits } from '../text/normalize';
import { count, type WorkMeter } from '../text/work-meter';

export type PhoneCheck = { ok: true; e164: string; country: string } | { ok: false };

/**
 * Parses a phone number typed by a citizen (spaces, dots, Persian or Arabic digits, 00 or + prefix)
 * and returns it in E.164 when it is a valid number of one of the allowed countries.
 * Numbers without a country prefix are read as numbers of `defaultCountry`, then of the other allowed
 * countries in order (an Iranian mobile typed as 0912… is recognised in a Romanian city).
 */
export function checkPhone(
  input: string,
  defaultCountry: string,
  allowed: readonly string[],
  meter?: WorkMeter,
): PhoneCheck {
  const text = dialled(input, meter);
  if (text === undefined || text.length < 6) return { ok: false };
  const countries = [defaultCountry, ...allowed.filter((c) => c !== defaultCountry)];
  for (const country of countries) {
    const parsed = parsePhoneNumberFromString(text, country as CountryCode);
    if (parsed && parsed.isValid() && parsed.country && allowed.includes(parsed.country)) {
      return { ok: true, e164: parsed.number, country: parsed.country };
    }
    if (text.startsWith('+')) break;
  }
  return { ok: false };
}

/** E.164 allows 15 digits: with its "+", no number is longer than this. */
const MAX_DIALLED = 16;
const DIALLED = /^[0-9+]$/;

/**
 * The digits and "+" of a typed number ("00" first is "+"), or undefined past MAX_DIALLED of them: reading
 * stops there, since no more text can make a number of it.
 */
function dialled(input: string, meter?: WorkMeter): string | undefined {
  const typed = input.trimStart();
  const international = foldDigits(typed.slice(0, 2)) === '00';
  let kept = international ? '+' : '';
  let read = 0;
  for (const c of international ? typed.slice(2) : typed) {
    read++;
    const d = foldDigits(c);
    if (!DIALLED.test(d)) continue;
    kept += d;
    if (kept.length > MAX_DIALLED) break;
  }
  count(meter, read + input.length - typed.length);
  return kept.length > MAX_DIALLED ? undefined : kept;
}

/** A phone number for logs: the country prefix and the last two digits, nothing more. */
export function maskPhone(e164: string): string {
  return e164.length > 6 ? `${e164.slice(0, 3)}…${e164.slice(-2)}` : '…';
}
