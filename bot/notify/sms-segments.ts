/**
 * How many SMS segments a text costs. GSM-7 (160 characters, 153 per part when split) when every
 * character is in the GSM 03.38 alphabet; otherwise UCS-2 (70, 67 per part) — any Romanian ș/ț/ă/â/î
 * and all Persian force UCS-2. Extension characters (€ [ ] { } …) count twice in GSM-7.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

export interface SmsCost {
  encoding: 'GSM-7' | 'UCS-2';
  units: number;
  segments: number;
}

export function smsCost(text: string): SmsCost {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM7_BASIC.includes(ch)) units += 1;
    else if (GSM7_EXTENSION.includes(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  // UCS-2 counts UTF-16 code units: characters outside the BMP (emoji) take two.
  const ucs = text.length;
  return { encoding: 'UCS-2', units: ucs, segments: ucs <= 70 ? 1 : Math.ceil(ucs / 67) };
}

/**
 * Splits a long text into messages of at most `maxSegments` segments each, at paragraph breaks first, then
 * line breaks, then spaces — never in the middle of a word (a single word longer than a message is the
 * only thing ever cut).
 */
export function splitForSms(text: string, maxSegments = 4): string[] {
  const fits = (t: string) => smsCost(t).segments <= maxSegments;
  if (fits(text)) return [text];
  const parts: string[] = [];
  let current = '';
  const push = (piece: string, separator: string) => {
    const joined = current ? `${current}${separator}${piece}` : piece;
    if (fits(joined)) {
      current = joined;
      return;
    }
    if (current) parts.push(current);
    current = '';
    if (fits(piece)) current = piece;
    else if (separator === '\n\n') for (const line of piece.split('\n')) push(line, '\n');
    else if (separator === '\n') for (const word of piece.split(' ')) push(word, ' ');
    else {
      // One word longer than a whole message: the only cut ever made.
      let rest = piece;
      while (!fits(rest)) {
        let n = rest.length;
        while (n > 1 && !fits(rest.slice(0, n))) n = Math.floor(n * 0.9);
        parts.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      current = rest;
    }
  };
  for (const paragraph of text.split('\n\n')) push(paragraph, '\n\n');
  if (current) parts.push(current);
  return parts;
}

/**
 * A text as an SMS writes it: Latin letters without their diacritics ("Moților" is "Motilor"), plain dashes and
 * quotes ("nr. 18–24" would make the SMS Unicode); other scripts as they are.
 */
export function smsPlain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/(?<=\p{Script=Latin})\p{Mn}+/gu, '')
    .normalize('NFC')
    .replace(/[‐‑‒–—]/g, '-')
    .replace(/[‘’‚]/g, "'")
    .replace(/[“”„]/g, '"');
}
