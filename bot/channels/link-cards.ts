import type { OutgoingReply } from '../turn-engine';

/**
 * Each named link of a turn (the calendar invite) as a hero card with one button that opens it: Web Chat and
 * the Emulator show "Adaugă în calendar", not a raw address. Text-only channels write "label: url" instead
 * (plain-text.ts).
 */
export function linkCards(replies: OutgoingReply[]) {
  return replies.flatMap((r) =>
    r.link
      ? [
          {
            contentType: 'application/vnd.microsoft.card.hero',
            content: { buttons: [{ type: 'openUrl', title: r.link.label, value: r.link.url }] },
          },
        ]
      : [],
  );
}
