import { fold } from './normalize';

export interface ChoiceOption {
  value: string;
  /** Every way of saying this choice: its label in each language and its synonyms. */
  labels: string[];
  /** The labels already folded (a caller that offers the same choices again folds them once). */
  folded?: string[];
}

/**
 * Which offered choice a typed answer means: its number ("2", "۲"), its label or a synonym in any language
 * (diacritics and case ignored), the start of a label ("vice" for "Viceprimar, …"), words of a label
 * ("email" for "Prin e-mail"), or a label said within a sentence ("da, sunt de acord").
 * Ambiguous answers match nothing.
 */
export function matchChoice(text: string, options: readonly ChoiceOption[]): string | undefined {
  const typed = fold(text);
  if (!typed || options.length === 0) return undefined;
  const number = typed.match(/^(\d{1,2})\.?$/);
  if (number) return options[Number(number[1]) - 1]?.value;

  const folded = options.map((o) => ({ value: o.value, labels: o.folded ?? foldLabels(o.labels) }));
  const unique = (hits: string[]) => {
    const distinct = [...new Set(hits)];
    return distinct.length === 1 ? distinct[0] : undefined;
  };
  const exact = folded.filter((o) => o.labels.includes(typed)).map((o) => o.value);
  if (exact.length) return unique(exact);
  if (typed.length >= 3) {
    const prefix = unique(
      folded.filter((o) => o.labels.some((l) => l.startsWith(typed))).map((o) => o.value),
    );
    if (prefix) return prefix;
    // Every word typed is a word of one label: "email" for "Prin e-mail", "ایمیل" for "با ایمیل".
    const words = typed.split(' ');
    const within = unique(
      folded
        .filter((o) => o.labels.some((l) => words.every((w) => l.split(/[\s-]+/).includes(w))))
        .map((o) => o.value),
    );
    if (within) return within;
  }
  const padded = ` ${typed} `;
  return unique(folded.filter((o) => o.labels.some((l) => padded.includes(` ${l} `))).map((o) => o.value));
}

/** Labels in the form matchChoice compares them (empty ones dropped). */
export function foldLabels(labels: readonly string[]): string[] {
  return labels.map(fold).filter(Boolean);
}
