import { count, type WorkMeter } from './work-meter';

/** A phrase to look for (e.g. an official's title), folded as the text it is looked for in. */
export interface Phrase<T> {
  value: T;
  text: string;
}

/** A phrase found: its value, its own text, and the word it starts at. */
export interface PhraseHit<T> {
  value: T;
  text: string;
  at: number;
}

export type PhraseSearch<T> = (folded: string, meter?: WorkMeter) => PhraseHit<T>[];

/**
 * Finds known phrases in a folded text, word by word, forgiving typing slips: a typed word stands for a word of
 * a phrase when it is within one edit for every five letters of that word — the 80 % similarity of nlp.js's
 * enumerated entities ("viceprimarl" is "viceprimar", "sef" must be exact). Each typed word is compared with
 * the phrases' distinct words once, and only phrases starting with a word it stands for are read on from it: the
 * work grows with the text's words, never with their square.
 */
export function createPhraseSearch<T>(phrases: readonly Phrase<T>[]): PhraseSearch<T> {
  const vocabulary: string[] = [];
  const indexOf = new Map<string, number>();
  const wordIndex = (word: string) => {
    let index = indexOf.get(word);
    if (index === undefined) {
      index = vocabulary.push(word) - 1;
      indexOf.set(word, index);
    }
    return index;
  };
  const entries = phrases
    .filter((p) => p.text.trim())
    .map((p) => ({ ...p, words: p.text.trim().split(/\s+/).map(wordIndex) }));
  const startingWith = new Map<number, typeof entries>();
  for (const entry of entries) {
    const list = startingWith.get(entry.words[0]) ?? [];
    list.push(entry);
    startingWith.set(entry.words[0], list);
  }

  return (folded, meter) => {
    const words = folded.split(' ').filter(Boolean);
    /** Which of the phrases' words each distinct typed word stands for. */
    const meaning = new Map<string, Set<number>>();
    const standsFor = (typed: string) => {
      let found = meaning.get(typed);
      if (!found) {
        found = new Set();
        for (let i = 0; i < vocabulary.length; i++) {
          if (withinSlips(typed, vocabulary[i], meter)) found.add(i);
        }
        meaning.set(typed, found);
      }
      return found;
    };
    const hits: PhraseHit<T>[] = [];
    for (let at = 0; at < words.length; at++) {
      count(meter, 1);
      for (const first of standsFor(words[at])) {
        for (const entry of startingWith.get(first) ?? []) {
          if (at + entry.words.length > words.length) continue;
          let k = 1;
          while (k < entry.words.length && standsFor(words[at + k]).has(entry.words[k])) k++;
          count(meter, k);
          if (k === entry.words.length) hits.push({ value: entry.value, text: entry.text, at });
        }
      }
    }
    return hits;
  };
}

/** Whether `typed` is `word` with at most one edit (insertion, deletion, substitution) per five of its letters. */
function withinSlips(typed: string, word: string, meter?: WorkMeter): boolean {
  const allowed = Math.floor(word.length / 5);
  count(meter, 1);
  // A word much longer or shorter is never within reach, whatever its length: decided without reading it.
  if (Math.abs(typed.length - word.length) > allowed) return false;
  if (allowed === 0) return typed === word;
  // Levenshtein distance over two short words (a phrase's word is a few letters; `typed` is as long, ± allowed).
  let previous = Array.from({ length: word.length + 1 }, (_, j) => j);
  for (let i = 1; i <= typed.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= word.length; j++) {
      const cost = typed[i - 1] === word[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      best = Math.min(best, current[j]);
    }
    count(meter, word.length);
    if (best > allowed) return false;
    previous = current;
  }
  return previous[word.length] <= allowed;
}
