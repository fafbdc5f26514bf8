import type { ClerkEvent } from '../reply';

/**
 * A question or a request in the middle of another question: what the NLU must say, and how sure it must be,
 * for the clerk to answer it and then ask its question again. The conversation and the procedures read it alike.
 */

/** An NLU intent this sure is a question or a request even in the middle of another question. */
export const INTERRUPT_SCORE = 0.8;
/**
 * Where the clerk asked nothing in particular (before the first message, the menu, information), nothing else
 * competes with what the message asks: a less sure reading is still the best one.
 */
export const OPEN_SCORE = 0.5;

/** What the NLU says the citizen asks, when it is sure enough (`minScore`) to interrupt the current question. */
export function interruption(event: ClerkEvent, minScore = INTERRUPT_SCORE): string | undefined {
  if (event.type !== 'user.text' || !event.intent || event.intent.score < minScore) return undefined;
  // An attempt at one of the question's answers ("not by e-mail") is not a question about e-mail.
  if (event.namesAnswer) return undefined;
  // Where a reason is expected, the reason model decides: only what it files as a question interrupts.
  if (event.reason && event.reason.intent !== 'question') return undefined;
  return event.intent.intent;
}

/** Written as a question: a question mark, Latin or Arabic. */
export const isMarked = (event: ClerkEvent) => event.type === 'user.text' && /[?؟]/.test(event.text);

/** What the citizen wrote: a free answer, or the sentence a choice was read in ("da, pe 12 noiembrie"). */
export function writtenText(event: ClerkEvent): string | undefined {
  return event.type === 'user.text' || event.type === 'user.choice' ? event.text : undefined;
}
