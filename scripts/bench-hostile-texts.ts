/**
 * Texts an attacker would send to make a turn expensive, each built to any length (the clerk reads up to 2,000
 * characters): repeated negations and choice words, dates, titles, digits, long words, mixed scripts, bidi and
 * control characters. `npm run bench -- --worst` sends them at every kind of question
 * (scripts/bench-worst.ts); test/dialogs/text/bounded-work.test.ts counts what each reader does with them.
 */

export interface HostileText {
  name: string;
  /** The text, as close to `length` characters as its pattern allows and never longer. */
  build(length: number): string;
}

/** `unit` repeated as often as fits in `length` characters with `tail` after it. */
function repeated(name: string, unit: string, tail = ''): HostileText {
  return {
    name,
    build: (length) => unit.repeat(Math.max(0, Math.floor((length - tail.length) / unit.length))) + tail,
  };
}

/** Parts `part(i)` joined by spaces while they fit in `length` characters. */
function sequence(name: string, part: (i: number) => string): HostileText {
  return {
    name,
    build: (length) => {
      let text = part(0);
      for (let i = 1; ; i++) {
        const next = `${text} ${part(i)}`;
        if (next.length > length) return text;
        text = next;
      }
    },
  };
}

export const HOSTILE_TEXTS: HostileText[] = [
  // Negations and choice words: what made a yes/no question cost 12–17 s of CPU.
  repeated('"nu " × n + "yes"', 'nu ', 'yes'),
  repeated('"no " × n + "da"', 'no ', 'da'),
  repeated('"نه " × n + "بله"', 'نه ', 'بله'),
  repeated('"da nu " × n', 'da nu '),
  repeated('"nu prin e-mail " × n', 'nu prin e-mail '),
  repeated('"not by post but by e-mail " × n', 'not by post but by e-mail '),
  repeated('"نه با پست " × n', 'نه با پست '),
  repeated('"nu, nu am depus " × n', 'nu, nu am depus '),
  repeated('"I do not agree, no " × n', 'I do not agree, no '),
  // Long words without spaces, digits.
  repeated('one long word (Latin)', 'x'),
  repeated('one long word (Persian)', 'ب'),
  repeated('digits without spaces', '1'),
  repeated('"1 " × n', '1 '),
  repeated('Persian digits "۱۲۳۴ " × n', '۱۲۳۴ '),
  repeated('"+40 722 " × n', '+40 722 '),
  repeated('"ACDE-FGHJ " × n (codes)', 'ACDE-FGHJ '),
  // Dates: one date over and over, dates in words, Solar Hijri, all different, relative days.
  repeated('"12.10.2026 " × n', '12.10.2026 '),
  repeated('"۱۱ مهر ۱۴۰۵ " × n', '۱۱ مهر ۱۴۰۵ '),
  repeated('"3 octombrie " × n', '3 octombrie '),
  sequence('different dates "1 ianuarie 2026 …"', (i) => `${1 + (i % 28)} ianuarie ${2000 + (i % 27)}`),
  sequence('different Solar dates "1/1/1400 …"', (i) => `${1400 + (i % 6)}/${1 + (i % 12)}/${1 + (i % 29)}`),
  repeated('"azi ieri " × n', 'azi ieri '),
  // Titles, requests and questions the NLU reads.
  repeated('"primar viceprimar sef de serviciu " × n', 'primar viceprimar sef de serviciu '),
  repeated('title slips "viceprimr sefl directr " × n', 'viceprimr sefl directr '),
  repeated('"vreau audiență la primar " × n', 'vreau audiență la primar '),
  repeated('"care e programul? " × n', 'care e programul? '),
  repeated('"می‌خواهم با شهردار ملاقات کنم " × n', 'می‌خواهم با شهردار ملاقات کنم '),
  // Scripts, marks and characters that are removed or folded.
  repeated('mixed scripts and digits "nuنه1da۲ " × n', 'nuنه1da۲ '),
  repeated('bidi and control characters around "nu"', 'nu\u202E\u2066da\u0007 '),
  repeated('ZWNJ "نه\\u200c" × n', 'نه\u200C'),
  repeated('emoji "😀 " × n', '😀 '),
  repeated('punctuation only', '.,;!?'),
  repeated('e-mails "a@b.ro " × n', 'a@b.ro '),
  {
    name: 'an e-mail with a 1,900-character domain',
    build: (n) => `a@${'b.'.repeat(Math.floor((n - 5) / 2))}ro`,
  },
];
