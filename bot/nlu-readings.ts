import type { When } from '../dialogs/reply';
import { fold, sanitize } from '../dialogs/text/normalize';
import type { NluCorpus } from './nlu';

/**
 * What a message says besides what it asks, read with a language's word lists (data/nlu/<lang>): the matter an
 * audience request states, what to do with a booking, the moment an hours question is about. Each reads the
 * words of the message once against small sets; only the start of a long message is read (READ_CHARS).
 */

/** A citizen says what they want early: past this, a longer message cannot change what is read here. */
export const READ_CHARS = 500;
/** A matter this short says nothing ("despre asta"); this long is a reason to write, not to offer back. */
const MATTER_MIN_CHARS = 8;
const MATTER_MAX_CHARS = 300;

/** Words that deny what follows them ("nu am programare", "not my appointment"), in the clerk's languages. */
const NEGATIONS = new Set(['nu', 'not', 'never', 'nici']);

/** Folded phrases as word sequences, longest first (so "în legătură cu" wins over "cu"). */
const phrases = (list: readonly string[]) =>
  list
    .map((p) => fold(p).split(' ').filter(Boolean))
    .filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);

/** Where a phrase starts in a folded word list, or −1; the first phrase found at the earliest word wins. */
function findPhrase(
  words: readonly string[],
  list: readonly string[][],
): { at: number; length: number } | undefined {
  for (let i = 0; i < words.length; i++)
    for (const p of list) if (p.every((w, j) => words[i + j] === w)) return { at: i, length: p.length };
  return undefined;
}

export function createReadings(corpus: NluCorpus) {
  const matterWords = phrases(corpus.matterWords);
  const matterEnds = phrases(corpus.matterEnds);
  const bookedWords = phrases(corpus.bookedWords);
  const smallTalkWords = new Map(
    Object.entries(corpus.smallTalkWords).map(([intent, w]) => [intent, phrases(w)]),
  );
  const cancelWords = phrases(corpus.actionWords.cancel);
  const moveWords = phrases(corpus.actionWords.move);
  const now = phrases(corpus.timeWords.now);
  const today = phrases(corpus.timeWords.today);
  const tomorrow = phrases(corpus.timeWords.tomorrow);
  const weekdays = corpus.weekdays.map(phrases);

  const foldedWords = (text: string) => fold(text.slice(0, READ_CHARS)).split(' ').filter(Boolean);

  return {
    /**
     * The matter after the first of its words ("… despre vecinii care au construit ilegal" → "vecinii care au
     * construit ilegal"), as the citizen wrote it (diacritics kept); undefined when none is stated.
     */
    matterIn(text: string): string | undefined {
      // The words as written, each folded word with the written word it comes from ("درباره‌ی" folds to two):
      // the match is made folded, the matter kept as typed.
      const written = sanitize(text, READ_CHARS).split(/\s+/).filter(Boolean);
      const words = written.flatMap((token, i) =>
        fold(token)
          .split(' ')
          .filter(Boolean)
          .map((w) => ({ w, i })),
      );
      const found = findPhrase(
        words.map((x) => x.w),
        matterWords,
      );
      if (!found) return undefined;
      const from = words[found.at + found.length - 1].i + 1;
      // Without the words that end the sentence rather than the matter ("… vă rog", "… صحبت کنم").
      let to = written.length;
      for (let again = 0; again < 2; again++) {
        const tail = words.filter((x) => x.i >= from && x.i < to);
        const end = matterEnds.find(
          (p) => p.length < tail.length && p.every((w, j) => tail[tail.length - p.length + j].w === w),
        );
        if (!end) break;
        to = tail[tail.length - end.length].i;
      }
      const matter = written
        .slice(from, to)
        .join(' ')
        .replace(/[\s.!?؟,;:…]+$/u, '');
      return matter.length >= MATTER_MIN_CHARS && matter.length <= MATTER_MAX_CHARS ? matter : undefined;
    },
    /**
     * Without words that introduce it, the matter of a request written in several sentences is the last one
     * that is not the request itself ("Vreau o întâlnire cu primarul. Blocul nostru vrea să se reabiliteze
     * termic."): `isMatter` tells a sentence that may be the matter (one naming no official).
     */
    sentenceAfter(text: string, isMatter: (sentence: string) => boolean): string | undefined {
      const sentences = sanitize(text, READ_CHARS)
        .split(/(?<=[.!?؟])\s+/u)
        .map((s) => s.replace(/[\s.!?؟,;:…]+$/u, '').trim())
        .filter(Boolean);
      if (sentences.length < 2) return undefined;
      const matter = sentences.slice(1).reverse().find(isMatter);
      return matter && matter.length >= MATTER_MIN_CHARS && matter.length <= MATTER_MAX_CHARS
        ? matter
        : undefined;
    },
    /** An intent that needs its words (thanks, goodbye) has one of them; any other intent needs none. */
    saysSmallTalk(intent: string, text: string): boolean {
      const words = smallTalkWords.get(intent);
      return !words || !!findPhrase(foldedWords(text), words);
    },
    /** The message speaks of a booking already made. */
    speaksOfBooking: (text: string) => {
      const words = foldedWords(text);
      // "nu am programare" says there is none: a booked phrase right after a negation is no booking.
      for (let from = 0; from < words.length;) {
        const found = findPhrase(words.slice(from), bookedWords);
        if (!found) return false;
        if (!NEGATIONS.has(words[from + found.at - 1])) return true;
        from += found.at + 1;
      }
      return false;
    },
    /** Cancel or move, where the message says one and not the other. */
    actionIn(text: string): 'cancel' | 'move' | undefined {
      const words = foldedWords(text);
      const cancel = !!findPhrase(words, cancelWords);
      const move = !!findPhrase(words, moveWords);
      return cancel === move ? undefined : cancel ? 'cancel' : 'move';
    },
    /** Now, today, tomorrow, or a weekday — the first the message names. */
    whenIn(text: string): When | undefined {
      const words = foldedWords(text);
      if (findPhrase(words, now)) return { now: true };
      if (findPhrase(words, today)) return { inDays: 0 };
      if (findPhrase(words, tomorrow)) return { inDays: 1 };
      let best: { at: number; weekday: number } | undefined;
      weekdays.forEach((forms, i) => {
        const found = findPhrase(words, forms);
        if (found && (!best || found.at < best.at)) best = { at: found.at, weekday: i + 1 };
      });
      return best && { weekday: best.weekday };
    },
  };
}
