import { fold } from './normalize';

export interface ChoiceOption {
  value: string;
  /** Every way of saying this choice: its label in each language and its synonyms. */
  labels: string[];
  /** The labels already folded (a caller that offers the same choices again folds them once). */
  folded?: string[];
}

/**
 * Words that only connect an answer to the question ("pe e-mail", "by post", "با ایمیل"): a typed answer
 * may carry them and still be the words of a label.
 */
const CONNECTIVES = new Set(['pe', 'prin', 'la', 'cu', 'by', 'via', 'with', 'through', 'با', 'از', 'به']);
/** A label right after one of these is refused, not chosen ("nu prin poștă", "not by post", "نه با پست"). */
const NEGATIONS = new Set(['nu', 'not', 'no', 'نه']);
/** Words that may come before an option's number: "varianta 2", "option 2", "گزینه ۲". */
const OPTION_NUMBER =
  /^(?:(?:varianta|optiunea|numarul|nr\.?|locul|option|number|choice|گزینه|شماره) )?(\d{1,2})\.?$/;

/**
 * Which offered choice a typed answer means: its number ("2", "۲", "varianta 2"), its label or a synonym in any
 * language (diacritics, case and hyphens ignored: "email" is "e-mail"), the start of a label ("vice" for
 * "Viceprimar, …"), words of a label, connecting words aside ("pe email" for "Prin e-mail"), or a label
 * said within a sentence ("da, sunt de acord"). Ambiguous answers match nothing.
 */
export function matchChoice(text: string, options: readonly ChoiceOption[]): string | undefined {
  return readChoice(text, options)?.value;
}

/**
 * As matchChoice, and whether the choice was only found inside a longer sentence: such a sentence may say
 * more than the choice ("vreau audiență la primar" names the official too).
 */
export function readChoice(
  text: string,
  options: readonly ChoiceOption[],
): { value: string; inSentence: boolean } | undefined {
  const typed = unhyphenate(fold(text));
  if (!typed || options.length === 0) return undefined;
  const number = typed.match(OPTION_NUMBER);
  if (number) {
    const value = options[Number(number[1]) - 1]?.value;
    return value ? { value, inSentence: false } : undefined;
  }
  const folded = options.map((o) => ({ value: o.value, labels: o.folded ?? foldLabels(o.labels) }));
  const whole = matchWhole(typed, folded);
  if (whole) return { value: whole, inSentence: false };
  const inSentence = matchInSentence(typed, folded);
  return inSentence ? { value: inSentence, inSentence: true } : undefined;
}

type Folded = { value: string; labels: string[] }[];

/** The one value hit, if all the hits are one. */
function unique(hits: string[]): string | undefined {
  const distinct = [...new Set(hits)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/** The answer is a label, a synonym, the start of one, or words of one. */
function matchWhole(typed: string, folded: Folded): string | undefined {
  const exact = folded.filter((o) => o.labels.includes(typed)).map((o) => o.value);
  if (exact.length) return unique(exact);
  if (typed.length < 3) return undefined;
  const prefix = unique(folded.filter((o) => o.labels.some((l) => l.startsWith(typed))).map((o) => o.value));
  if (prefix) return prefix;
  // Every word typed is a word of one label: "email" for "Prin e-mail", "ایمیل" for "با ایمیل".
  const words = typed.split(' ').filter((w) => !CONNECTIVES.has(w));
  if (words.length === 0) return undefined;
  return unique(
    folded
      .filter((o) => o.labels.some((l) => words.every((w) => l.split(' ').includes(w))))
      .map((o) => o.value),
  );
}

/**
 * A label said within a sentence, unless it is negated: "nu prin poștă, pe e-mail" is e-mail. A negation that
 * is itself an answer ("nu" for "Nu doresc răspuns scris") is not one where it refuses another offered answer:
 * "nu prin e-mail" chooses nothing. A negation that is a label of the same answer only repeats it: "nu, n-am
 * depus" and "no, I have not" are no.
 */
function matchInSentence(typed: string, folded: Folded): string | undefined {
  const padded = ` ${typed} `;
  /** The words after a negation start with another offered answer, connecting words or negations aside. */
  const refusesOther = (rest: string, own: readonly string[]) => {
    const words = rest.trim().split(' ');
    const filler = (w: string) => CONNECTIVES.has(w) || NEGATIONS.has(w);
    for (let skip = 0; skip <= words.length && (skip === 0 || filler(words[skip - 1])); skip++) {
      const after = ` ${words.slice(skip).join(' ')} `;
      const refused = folded.some(
        (o) =>
          o.labels !== own &&
          o.labels.some((l) => !NEGATIONS.has(l.split(' ')[0]) && after.startsWith(` ${l} `)),
      );
      if (refused) return true;
    }
    return false;
  };
  const said = (label: string, own: readonly string[]) => {
    for (let at = padded.indexOf(` ${label} `); at >= 0; at = padded.indexOf(` ${label} `, at + 1)) {
      // The word before, connecting words aside: "nu prin e-mail" refuses "e-mail" as well as "prin e-mail".
      const before = padded.slice(0, at).trim().split(' ');
      let last = before.length - 1;
      while (last > 0 && CONNECTIVES.has(before[last])) last--;
      if (NEGATIONS.has(before[last]) && !own.includes(before[last])) continue;
      if (NEGATIONS.has(label) && refusesOther(padded.slice(at + label.length + 1), own)) continue;
      return true;
    }
    return false;
  };
  return unique(folded.filter((o) => o.labels.some((l) => said(l, o.labels))).map((o) => o.value));
}

/** Labels in the form matchChoice compares them (empty ones dropped). */
export function foldLabels(labels: readonly string[]): string[] {
  return labels.map((label) => unhyphenate(fold(label))).filter(Boolean);
}

/** "e-mail" and "email", "mi-au" and "miau" are the same word to a citizen typing fast. */
function unhyphenate(folded: string): string {
  return folded.replace(/(?<=\p{L})-(?=\p{L})/gu, '');
}
