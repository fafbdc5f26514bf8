import type { Lang } from '../../dialogs/municipality';
import type { Texts } from '../i18n';
import type { OutgoingReply } from '../turn-engine';

/**
 * Replies for channels without buttons (the terminal, later SMS and WhatsApp): the paragraphs of the turn,
 * then the offered answers as numbered lines ("1 Audiență"), answered with the number or the words.
 */
export function renderPlain(replies: OutgoingReply[], lang: Lang, texts: Texts): string {
  const paragraphs = replies.map((r) => (r.link ? `${r.text}\n${r.link.label}: ${r.link.url}` : r.text));
  const choices = replies.length > 0 ? replies[replies.length - 1].choices : [];
  if (choices.length > 0) {
    const numbers = choices.map((_, i) => String(i + 1));
    const digits = numbers.map((n) => texts.t(lang, 'plain.number', { n }));
    paragraphs.push(choices.map((c, i) => `${digits[i]} ${c.label}`).join('\n'));
    paragraphs.push(texts.t(lang, 'plain.answerWith', { first: digits[0], last: digits[digits.length - 1] }));
  }
  return paragraphs.join('\n\n');
}
