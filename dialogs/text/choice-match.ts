import { fold } from './normalize';
import { count, type WorkMeter } from './work-meter';

export interface ChoiceOption {
  value: string;
  /** Every way of saying this choice: its label in each language and its synonyms. */
  labels: string[];
  /** The labels already folded (a caller that offers the same choices again folds them once). */
  folded?: string[];
}

/** The words a choice is read with, in every language the clerk speaks (the locale packs' `words`), folded. */
export interface ChoiceWords {
  /**
   * Words that only connect an answer to the question ("pe e-mail", "by post", "با ایمیل"): a typed answer
   * may carry them and still be the words of a label.
   */
  connectives: ReadonlySet<string>;
  /** A label right after one of these is refused, not chosen ("nu prin poștă", "not by post", "نه با پست"). */
  negations: ReadonlySet<string>;
  /** An option's number, alone or after a word that may come before it: "2", "varianta 2", "option 2", "گزینه ۲". */
  optionNumber: RegExp;
}

/**
 * ChoiceWords from the words as the packs list them (`words.connectives`, `words.negations`, `words.optionNumber`:
 * `list` gives a key's words in every language). Built once: the pattern is a plain alternation of the words,
 * read in one linear pass.
 */
export function choiceWords(list: (key: string) => readonly string[]): ChoiceWords {
  const folded = (key: string) =>
    new Set(
      list(key)
        .map((w) => unhyphenate(fold(w)))
        .filter(Boolean),
    );
  const before = [...folded('words.optionNumber')].map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const optional = before.length ? `(?:(?:${before.join('|')}) )?` : '';
  return {
    connectives: folded('words.connectives'),
    negations: folded('words.negations'),
    optionNumber: new RegExp(`^${optional}(\\d{1,2})\\.?$`),
  };
}

/**
 * Which offered choice a typed answer means: its number ("2", "۲", "varianta 2"), its label or a synonym in any
 * language (diacritics, case and hyphens ignored: "email" is "e-mail"), the start of a label ("vice" for
 * "Viceprimar, …"), words of a label, connecting words aside ("pe email" for "Prin e-mail"), or a label
 * said within a sentence ("da, sunt de acord"). Ambiguous answers match nothing.
 */
export function matchChoice(
  text: string,
  options: readonly ChoiceOption[],
  words: ChoiceWords,
  meter?: WorkMeter,
): string | undefined {
  return readChoice(text, options, words, meter)?.value;
}

/**
 * As matchChoice, and whether the choice was only found inside a longer sentence: such a sentence may say
 * more than the choice ("vreau audiență la primar" names the official too).
 */
export function readChoice(
  text: string,
  options: readonly ChoiceOption[],
  words: ChoiceWords,
  meter?: WorkMeter,
): { value: string; inSentence: boolean } | undefined {
  const typed = unhyphenate(fold(text));
  // Folding reads the text in a few linear passes.
  count(meter, text.length);
  if (!typed || options.length === 0) return undefined;
  const number = typed.match(words.optionNumber);
  if (number) {
    const value = options[Number(number[1]) - 1]?.value;
    return value ? { value, inSentence: false } : undefined;
  }
  const folded = options.map((o) => ({ value: o.value, labels: o.folded ?? foldLabels(o.labels) }));
  const whole = matchWhole(typed, folded, words, meter);
  if (whole) return { value: whole, inSentence: false };
  const inSentence = matchInSentence(typed, folded, words, meter);
  return inSentence ? { value: inSentence, inSentence: true } : undefined;
}

type Folded = { value: string; labels: string[] }[];

/** The one value hit, if all the hits are one. */
function unique(hits: string[]): string | undefined {
  const distinct = [...new Set(hits)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/** The answer is a label, a synonym, the start of one, or words of one. */
function matchWhole(
  typed: string,
  folded: Folded,
  { connectives }: ChoiceWords,
  meter?: WorkMeter,
): string | undefined {
  // Each label is compared once (strings of different lengths differ at once, whatever their length).
  count(
    meter,
    folded.reduce((sum, o) => sum + o.labels.length, 0),
  );
  const exact = folded.filter((o) => o.labels.includes(typed)).map((o) => o.value);
  if (exact.length) return unique(exact);
  if (typed.length < 3) return undefined;
  const prefix = unique(folded.filter((o) => o.labels.some((l) => l.startsWith(typed))).map((o) => o.value));
  if (prefix) return prefix;
  // Every word typed is a word of one label: "email" for "Prin e-mail", "ایمیل" for "با ایمیل".
  const words = typed.split(' ').filter((w) => !connectives.has(w));
  if (words.length === 0) return undefined;
  const wordsOf = (label: string) => {
    const labelWords = new Set(label.split(' '));
    let read = 0;
    while (read < words.length && labelWords.has(words[read])) read++;
    count(meter, read + 1);
    return read === words.length;
  };
  return unique(folded.filter((o) => o.labels.some(wordsOf)).map((o) => o.value));
}

/**
 * A label said within a sentence, unless it is negated: "nu prin poștă, pe e-mail" is e-mail. A negation that
 * is itself an answer ("nu" for "Nu doresc răspuns scris") is not one where it refuses another offered answer:
 * "nu prin e-mail" chooses nothing. A negation that is a label of the same answer only repeats it: "nu, n-am
 * depus" and "no, I have not" are no.
 *
 * One pass over the words, then one back: the work grows with the words times the few labels that start with
 * each, never with the words squared ("nu nu nu … da" is as cheap as any sentence of its length).
 */
function matchInSentence(
  typed: string,
  folded: Folded,
  { connectives, negations }: ChoiceWords,
  meter?: WorkMeter,
): string | undefined {
  const words = typed.split(' ');
  const n = words.length;
  count(meter, n);
  // Options are told apart by their labels (an option offered twice is one answer).
  const ids = new Map<readonly string[], number>();
  const idOf = folded.map((o) => {
    if (!ids.has(o.labels)) ids.set(o.labels, ids.size);
    return ids.get(o.labels)!;
  });
  /** Each label as words, under its first word: only labels that start with a word are compared there. */
  const byFirst = new Map<string, { option: number; words: string[]; negation: boolean }[]>();
  folded.forEach((o, option) => {
    for (const label of o.labels) {
      const labelWords = label.split(' ');
      const entry = { option, words: labelWords, negation: negations.has(label) };
      const list = byFirst.get(labelWords[0]);
      if (list) list.push(entry);
      else byFirst.set(labelWords[0], [entry]);
    }
  });
  /** Every label said at each word: [option, words of the label, the label is a negation]. */
  const hits: { at: number; option: number; length: number; negation: boolean }[] = [];
  /** Up to two different options whose label (not starting with a negation) starts at each word. */
  const startA = new Int32Array(n + 1).fill(-1);
  const startB = new Int32Array(n + 1).fill(-1);
  const add = (a: Int32Array, b: Int32Array, at: number, id: number) => {
    if (a[at] === -1) a[at] = id;
    else if (a[at] !== id && b[at] === -1) b[at] = id;
  };
  for (let at = 0; at < n; at++) {
    for (const label of byFirst.get(words[at]) ?? []) {
      const length = label.words.length;
      if (at + length > n) continue;
      let k = 1;
      while (k < length && words[at + k] === label.words[k]) k++;
      count(meter, k);
      if (k < length) continue;
      hits.push({ at, option: label.option, length, negation: label.negation });
      if (!negations.has(label.words[0])) add(startA, startB, at, idOf[label.option]);
    }
  }
  /**
   * The options another label starts after each word with, connecting words or negations aside: "nu prin
   * e-mail" refuses e-mail at "prin". Two different ones are enough to tell whether any is not one's own.
   */
  const reachA = new Int32Array(n + 1).fill(-1);
  const reachB = new Int32Array(n + 1).fill(-1);
  for (let at = n - 1; at >= 0; at--) {
    reachA[at] = startA[at];
    reachB[at] = startB[at];
    if (connectives.has(words[at]) || negations.has(words[at])) {
      if (reachA[at + 1] !== -1) add(reachA, reachB, at, reachA[at + 1]);
      if (reachB[at + 1] !== -1) add(reachA, reachB, at, reachB[at + 1]);
    }
  }
  count(meter, n);
  const refusesOther = (at: number, own: number) =>
    (reachA[at] !== -1 && reachA[at] !== own) || (reachB[at] !== -1 && reachB[at] !== own);
  /** The last word before each word that is not a connecting word (or the first word). */
  const lastWord = new Int32Array(n + 1);
  for (let at = 1; at <= n; at++)
    lastWord[at] = at - 1 === 0 || !connectives.has(words[at - 1]) ? at - 1 : lastWord[at - 1];
  count(meter, n);
  const ownLabels = folded.map((o) => new Set(o.labels));
  const said = new Set<number>();
  for (const hit of hits) {
    if (said.has(hit.option)) continue;
    // The word before, connecting words aside: "nu prin e-mail" refuses "e-mail" as well as "prin e-mail".
    const before = hit.at > 0 ? words[lastWord[hit.at]] : '';
    if (negations.has(before) && !ownLabels[hit.option].has(before)) continue;
    if (hit.negation && refusesOther(hit.at + hit.length, idOf[hit.option])) continue;
    said.add(hit.option);
  }
  count(meter, hits.length);
  return unique(folded.filter((_, option) => said.has(option)).map((o) => o.value));
}

/** Labels in the form matchChoice compares them (empty ones dropped). */
export function foldLabels(labels: readonly string[]): string[] {
  return labels.map((label) => unhyphenate(fold(label))).filter(Boolean);
}

/** "e-mail" and "email", "mi-au" and "miau" are the same word to a citizen typing fast. */
function unhyphenate(folded: string): string {
  return folded.replace(/(?<=\p{L})-(?=\p{L})/gu, '');
}

/** A label this short ("da", "nu", "yes", "بله") says too little to count as naming an answer in a sentence. */
const NAMED_LABEL_CHARS = 4;
/** An answer is named early: a longer text read further cannot make it more of one. */
const MAX_CHOICE_READ = 300;

/**
 * Whether a text names one of the offered answers anywhere in it, even refused or beside another ("not by
 * e-mail", "nu prin poștă"): an attempt at answering the question, not another question. Only the start is
 * read; each label is looked for once.
 */
export function namesAnswer(text: string, options: readonly ChoiceOption[], words: ChoiceWords): boolean {
  const typed = ` ${unhyphenate(fold(text.slice(0, MAX_CHOICE_READ)))} `;
  return options.some((o) =>
    (o.folded ?? foldLabels(o.labels)).some(
      (label) =>
        label.length >= NAMED_LABEL_CHARS &&
        !words.negations.has(label) &&
        !words.connectives.has(label) &&
        typed.includes(` ${label} `),
    ),
  );
}
