/**
 * "Vreau să anulez programarea XC7R-9HFJ": a reference code the citizen writes in a sentence, before the first
 * message or at the menu, opens that booking — only the phone is checked — without asking for the code again.
 */
import type { ClerkEvent, IntentResult } from '../../../dialogs/reply';
import { AT, BOOKING, choice, run, text } from '../../helpers/machine-paths';

const manage: IntentResult = { intent: 'booking.manage', score: 0.9 };
const none: IntentResult = { intent: 'None', score: 0.2 };
const start: ClerkEvent = { type: 'conversation.start', at: AT };
const done = (id: string, output: unknown) =>
  ({ type: `xstate.done.actor.${id}`, output }) as unknown as ClerkEvent;

describe('a reference code in what the citizen writes', () => {
  it.each<[string, string, IntentResult]>([
    ['ro', 'vreau să anulez programarea XC7R-9HFJ', manage],
    ['ro', 'anulez XC7R-9HFJ', none],
    ['ro', 'Bună ziua, codul meu este xc7r 9hfj, vreau să mut audiența.', manage],
    ['en', 'cancel my booking XC7R-9HFJ', manage],
    ['en', 'please move XC7R9HFJ to another day', none],
    ['fa', 'می‌خواهم نوبتم را لغو کنم XC۷R-۹HFJ', manage],
    ['fa', 'نوبت XC7R-9HFJ را جابجا کنید', none],
  ])('in %s, “%s” goes to that booking: the phone, then the booking', (_lang, said, intent) => {
    for (const before of [[], [start]]) {
      const { snapshot, replies } = run([...before, text(said, { intent })]);
      expect({ said, before: before.length, state: snapshot.value }).toEqual({
        said,
        before: before.length,
        state: 'askBookingPhone',
      });
      expect(snapshot.context.bookingCode).toBe('XC7R-9HFJ');
      expect(replies.at(-1)?.key).toBe('booking.askPhone');
    }
    // The phone checked, the booking is shown with its choices: no question about the code.
    const found = run([start, text(said, { intent }), text('0722 123 456'), done('findBooking', BOOKING)]);
    expect(found.snapshot.value).toBe('showBooking');
    expect(found.replies.map((r) => r.key)).not.toContain('booking.askCode');
    expect(found.replies.at(-1)?.choices?.map((c) => c.value)).toEqual([
      'booking.move',
      'booking.cancel',
      'menu',
    ]);
  });

  it('the channel’s phone (SMS, WhatsApp) is the phone: the booking is looked up at once', () => {
    const { snapshot } = run([
      { type: 'channel.identified', phone: '+40722123456', at: AT },
      text('anulez XC7R-9HFJ', { intent: manage }),
    ]);
    expect(snapshot.value).toBe('findingBooking');
    expect(snapshot.context).toMatchObject({ bookingCode: 'XC7R-9HFJ', phone: '+40722123456' });
  });

  it('a menu choice read in the sentence (“My booking”, “Audience”) gives way to the code it holds', () => {
    const myBooking = run([
      start,
      {
        type: 'user.choice',
        value: 'myBooking',
        at: AT,
        text: 'cancel my booking XC7R-9HFJ',
        intent: manage,
      },
    ]);
    expect(myBooking.snapshot.value).toBe('askBookingPhone');
    expect(myBooking.snapshot.context.bookingCode).toBe('XC7R-9HFJ');
    const audience = run([
      start,
      { type: 'user.choice', value: 'audience', at: AT, text: 'anulez audiența XC7R-9HFJ', intent: manage },
    ]);
    expect(audience.snapshot.value).toBe('askBookingPhone');
    // Asking for a person stays asking for a person, code or not.
    const person = run([
      start,
      { type: 'user.choice', value: 'person', at: AT, text: 'vreau un om pentru XC7R-9HFJ', intent: none },
    ]);
    expect(person.snapshot.value).toBe('askPersonPhone');
  });

  it('a word with only the code’s letters is a code only in a sentence about a booking', () => {
    // "accepted" is made of the code's letters; "need that" too, as two words of four.
    for (const said of ['I accepted the offer', 'I need that form']) {
      const { snapshot } = run([start, text(said, { intent: none })]);
      expect({ said, state: snapshot.value }).toEqual({ said, state: 'menu' });
    }
    const lower = run([start, text('anulez acdefghj', { intent: manage })]);
    expect(lower.snapshot.value).toBe('askBookingPhone');
    expect(lower.snapshot.context.bookingCode).toBe('ACDE-FGHJ');
    // Without a code, a sentence about a booking asks for it, as before.
    const asked = run([start, text('vreau să anulez programarea', { intent: manage })]);
    expect(asked.snapshot.value).toBe('askBookingCode');
  });

  it('asked for the code, the code within a sentence is the answer', () => {
    const toCode = [start, choice('myBooking')];
    for (const said of ['codul este XC7R-9HFJ', 'e xc7r9hfj', 'acdefghj, cred']) {
      const { snapshot } = run([...toCode, text(said, { intent: none })]);
      expect({ said, state: snapshot.value }).toEqual({ said, state: 'askBookingPhone' });
    }
    const wrong = run([...toCode, text('nu îl mai am', { intent: none })]);
    expect(wrong.snapshot.value).toBe('askBookingCode');
    expect(wrong.replies.at(-2)?.key).toBe('booking.invalidCode');
  });
});
