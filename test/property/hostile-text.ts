/**
 * Generators (fast-check) of hostile texts a citizen or a script may send at any question: repeated
 * negations and choice words, the question's own option labels, mixed scripts and digits, bidi and control
 * characters, lone surrogates, emoji, long words without spaces, whitespace only — up to the engine's limit,
 * and a little over it (refused with a calm answer).
 */
import fc from 'fast-check';
import { MAX_TEXT_LENGTH } from '../../bot/turn-engine';

/** Negations and choice words, with the space a citizen types after them. */
const NEGATIONS = ['nu ', 'no ', 'نه ', 'not ', 'nu, ', 'خیر ', 'nope ', 'نمی‌خواهم '];
const CHOICE_WORDS = [
  'da ',
  'yes ',
  'بله ',
  '1 ',
  '2 ',
  '۱ ',
  '١ ',
  'ok ',
  'varianta 2 ',
  'option 3 ',
  'گزینه ۲ ',
];
/** Characters sanitize() must remove or survive: bidi overrides and isolates, marks, controls, surrogates. */
const BIDI_AND_CONTROL = [
  '\u202E', // right-to-left override
  '\u202D',
  '\u2066', // left-to-right isolate
  '\u2067',
  '\u2069',
  '\u200F', // right-to-left mark
  '\u200E',
  '\u061C',
  '\u0000',
  '\u001B',
  '\u0007',
  '\u007F',
  '\u0085',
  '\uFEFF',
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  '\u200C', // zero-width non-joiner (Persian keeps it)
  '\u200D',
];
/** The ones most likely to be mishandled, generated more often. */
const WORST = ['\u202E', '\u2066', '\u200F', '\u0000', '\u001B', '\uD800', '\uDFFF'];
const WHITESPACE = [
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u00A0',
  '\u2003',
  '\u3000',
  '\u2028',
  '\u2029',
  '\u000B',
  '\u000C',
];
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇷🇴', '🇮🇷', '❤️', '🏛️', '🔥', '🤷‍♀️', '🧾'];

const fromRanges = (...ranges: [number, number][]) =>
  fc.oneof(...ranges.map(([min, max]) => fc.integer({ min, max }))).map((c) => String.fromCodePoint(c));

/** Letters of the three scripts a citizen of Cluj-Napoca may type in, Romanian diacritics included. */
const latin = fc.oneof(
  { weight: 3, arbitrary: fromRanges([0x61, 0x7a], [0x41, 0x5a]) },
  { weight: 1, arbitrary: fc.constantFrom('ă', 'â', 'î', 'ș', 'ț', 'ş', 'ţ', 'Ș', 'Ă') },
);
const arabic = fromRanges([0x0621, 0x064a], [0x067e, 0x067e], [0x0686, 0x0686], [0x06a9, 0x06cc]);
const cyrillic = fromRanges([0x0410, 0x044f]);
const digit = fc.constantFrom(...'0123456789', ...'۰۱۲۳۴۵۶۷۸۹', ...'٠١٢٣٤٥٦٧٨٩');

const word = (letters: fc.Arbitrary<string>, maxLength: number) =>
  fc.array(letters, { minLength: 1, maxLength }).map((cs) => cs.join(''));

/** One piece of a hostile text; `labels` are the question's option labels in every language. */
function piece(labels: readonly string[]): fc.Arbitrary<string> {
  const pieces: fc.Arbitrary<string>[] = [
    fc.constantFrom(...NEGATIONS),
    fc.constantFrom(...CHOICE_WORDS),
    fc.constantFrom(...BIDI_AND_CONTROL),
    fc.constantFrom(...WHITESPACE),
    fc.constantFrom(...EMOJI),
    word(latin, 12).map((w) => `${w} `),
    word(arabic, 12).map((w) => `${w} `),
    word(cyrillic, 12).map((w) => `${w} `),
    word(digit, 8).map((w) => `${w} `),
    fc.constantFrom('/', '.', '?', '!', '-', ',', '@', '+', '%', '"', "'", '{{', '}}', '<b>', '&amp;', '\\'),
  ];
  if (labels.length > 0) pieces.push(fc.constantFrom(...labels).map((l) => `${l} `));
  return fc.oneof(...pieces);
}

/** The text fitted to `length` (cut, or its pattern repeated until it reaches it). */
const fill = (pattern: string, length: number) =>
  pattern.length === 0 ? pattern : pattern.repeat(Math.ceil(length / pattern.length)).slice(0, length);

/** A length up to the limit: fast-check draws the ends of a range often (the limit, where the parsers are
 * slowest, among them), and shrinks towards short. */
const lengthUpTo = (max: number) => fc.integer({ min: 1, max });

/**
 * A hostile text for a question whose options are `labels`: at most `max` characters (the engine's limit)
 * except for the few generated just over it.
 */
export function hostileText(labels: readonly string[], max = MAX_TEXT_LENGTH): fc.Arbitrary<string> {
  const part = piece(labels);
  const mixed = fc.array(part, { minLength: 1, maxLength: 60 }).map((ps) => ps.join('').slice(0, max));
  // "nu nu nu … da": a short pattern repeated up to the limit, then an answer after it.
  const repeated = fc
    .tuple(fc.array(part, { minLength: 1, maxLength: 3 }), lengthUpTo(max), fc.option(part, { nil: '' }))
    .map(([ps, length, tail]) => fill(ps.join(''), Math.max(0, length - tail.length)) + tail);
  const longWord = fc
    .tuple(fc.oneof(latin, arabic, cyrillic, digit), lengthUpTo(max))
    .map(([letter, length]) => letter.repeat(length));
  const longMixedWord = fc
    .tuple(word(fc.oneof(latin, arabic, cyrillic, digit), 40), lengthUpTo(max))
    .map(([w, length]) => fill(w, length));
  const whitespaceOnly = fc
    .tuple(fc.array(fc.constantFrom(...WHITESPACE), { minLength: 1, maxLength: 40 }), lengthUpTo(max))
    .map(([ws, length]) => fill(ws.join(''), length));
  const controlsOnly = fc
    .array(fc.constantFrom(...BIDI_AND_CONTROL, ...WHITESPACE), { minLength: 1, maxLength: 20 })
    .map((cs) => cs.join(''));
  // Just over the limit, with letters so that cleaning does not bring it back under.
  const overLimit = fc
    .tuple(fc.array(part, { minLength: 1, maxLength: 5 }), fc.integer({ min: max + 1, max: max + 100 }))
    .map(([ps, length]) => fill(`${ps.join('')}x`, length));
  const base = fc.oneof(
    { weight: 4, arbitrary: mixed },
    { weight: 4, arbitrary: repeated },
    { weight: 1, arbitrary: longWord },
    { weight: 1, arbitrary: longMixedWord },
    { weight: 1, arbitrary: whitespaceOnly },
    { weight: 1, arbitrary: controlsOnly },
    { weight: 1, arbitrary: overLimit },
  );
  // Bidi and control characters put in place of a few characters anywhere (the length stays the same).
  const hostileChar = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...WORST) },
    { weight: 1, arbitrary: fc.constantFrom(...BIDI_AND_CONTROL) },
  );
  return fc.tuple(base, fc.array(fc.tuple(fc.nat(), hostileChar), { maxLength: 4 })).map(([text, marks]) =>
    marks.reduce((t, [at, c]) => {
      if (t.length === 0) return c;
      const i = at % t.length;
      return t.slice(0, i) + c + t.slice(i + 1);
    }, text),
  );
}

/** Twilio posts UTF-8: a lone surrogate cannot reach the webhook; it arrives as U+FFFD. */
export const asUtf8 = (text: string) =>
  text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
