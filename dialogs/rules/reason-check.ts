import { fold, isArabicScript } from '../text/normalize';

/**
 * Whether the reason given for an audience may be accepted (Cluj-Napoca City Hall, audience procedure: "the reason must be clearly
 * expressed; general reasons such as 'personal problems' are not accepted"; only problems within the
 * city hall's competence). The NLU (trained on data/nlu/<lang>.json) classifies the reason into a
 * topic, a vague reason, or a matter outside the city hall's competence; this rule turns that
 * classification into a verdict.
 */

export interface ReasonClassification {
  /** `topic.<name>`, `vague`, `outside.<referral>` or `None`. */
  intent: string;
  score: number;
}

export type ReasonVerdict =
  | { kind: 'clear'; topic?: string }
  | { kind: 'vague' }
  | { kind: 'outOfCompetence'; referral: string }
  | { kind: 'tooLong' };

export const REASON_MAX_LENGTH = 1000;
/** Refusing a citizen (vague, outside competence) needs a confident classification… */
const CONFIDENT = 0.6;
/** …the more so as "too vague" sends them back to write again: a clear matter must never be taken for one. */
const VAGUE_CONFIDENT = 0.7;
/** …while routing to a department may follow the best guess: the citizen is told where it went. */
const TOPIC_GUESS = 0.5;
/** A reason the NLU cannot place is accepted only when it says this much (content words of 3+ letters). */
const MIN_WORDS_UNCLASSIFIED = 5;

export function judgeReason(text: string, classification: ReasonClassification): ReasonVerdict {
  if (text.length > REASON_MAX_LENGTH) return { kind: 'tooLong' };
  const { intent, score } = classification;
  if (score >= CONFIDENT) {
    if (intent.startsWith('outside.'))
      return { kind: 'outOfCompetence', referral: intent.slice('outside.'.length) };
    if (intent === 'vague' && score >= VAGUE_CONFIDENT) return { kind: 'vague' };
  }
  if (score >= TOPIC_GUESS && intent.startsWith('topic.'))
    return { kind: 'clear', topic: intent.slice('topic.'.length) };
  // Persian words are shorter, and folding sets their suffixes apart ("شب‌ها" → "شب ها"): two letters count.
  const shortest = isArabicScript(text) ? 2 : 3;
  const words = fold(text)
    .split(' ')
    .filter((w) => /^\p{L}+$/u.test(w) && [...w].length >= shortest);
  return words.length >= MIN_WORDS_UNCLASSIFIED ? { kind: 'clear' } : { kind: 'vague' };
}
