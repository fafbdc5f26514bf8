import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { foldDigits } from '../text/normalize';

export type PhoneCheck = { ok: true; e164: string; country: string } | { ok: false };

/**
 * Parses a phone number typed by a citizen (spaces, dots, Persian or Arabic digits, 00 or + prefix)
 * and returns it in E.164 when it is a valid number of one of the allowed countries.
 * Numbers without a country prefix are read as numbers of `defaultCountry`, then of the other allowed
 * countries in order (an Iranian mobile typed as 0912… is recognised in a Romanian city).
 */
export function checkPhone(input: string, defaultCountry: string, allowed: readonly string[]): PhoneCheck {
  const text = foldDigits(input)
    .replace(/^\s*00/, '+')
    .replace(/[^\d+]/g, '');
  if (text.length < 6 || text.length > 16) return { ok: false };
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

/** A phone number for logs: the country prefix and the last two digits, nothing more. */
export function maskPhone(e164: string): string {
  return e164.length > 6 ? `${e164.slice(0, 3)}…${e164.slice(-2)}` : '…';
}
