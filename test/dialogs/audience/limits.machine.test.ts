/**
 * The audience machine past a citizen's limits and a throttled look-up, and the request id that makes a
 * repeated Confirm harmless — the effects' answers sent as events.
 */
import type { ClerkEvent } from '../../../dialogs/reply';
import {
  ACTIVE_LIMIT,
  AT,
  BOOKING,
  choice,
  clearReason,
  DAY_LIMIT,
  run,
  SLOT,
  text,
} from '../../helpers/machine-paths';
import { LookupThrottledError } from '../../../dialogs/rules/lookup-limits';

const done = (id: string, output: unknown) =>
  ({ type: `xstate.done.actor.${id}`, output }) as unknown as ClerkEvent;
const failed = (id: string, error: unknown) =>
  ({ type: `xstate.error.actor.${id}`, error }) as unknown as ClerkEvent;
const SLOT_2 = {
  ...SLOT,
  day: '2026-11-26',
  start: '2026-11-26T07:00:00.000Z',
  end: '2026-11-26T07:15:00.000Z',
};

const toSlots: ClerkEvent[] = [
  text('vreau audiență la șef', { intent: { intent: 'audience.request', score: 1, official: 'head' } }),
  choice('yes'),
  text('123456/2026'),
  text('01.09.2026'),
  choice('outcome.negative'),
  clearReason,
  choice('phone'),
  text('Ioana Pop'),
  text('0722 123 456'),
  choice('pickup'),
  choice('yes'),
];

describe('the citizen’s limits in the dialog', () => {
  it('the phone is looked up for places only after the consent, and with the places', () => {
    const { snapshot } = run(toSlots);
    expect(snapshot.value).toBe('findingSlots');
    expect(snapshot.hasTag('busy')).toBe(true);
    expect(snapshot.context.phone).toBe('+40722123456');
  });

  it('a phone that may book nothing more is told so before any place, and offered my booking or the menu', () => {
    const { snapshot, replies } = run([...toSlots, failed('findSlots', ACTIVE_LIMIT)]);
    expect(snapshot.value).toBe('citizenLimited');
    expect(replies.at(-1)).toEqual({
      key: 'limits.active',
      params: { max: 3 },
      choices: [
        { value: 'myBooking', key: 'choice.myBooking' },
        { value: 'menu', key: 'choice.menu' },
      ],
    });
    expect(run([...toSlots, failed('findSlots', ACTIVE_LIMIT), choice('myBooking')]).snapshot.value).toBe(
      'askBookingCode',
    );
  });

  it('refused at the confirmation for that day: everything given is kept, and another day searched for', () => {
    const refused = run([
      ...toSlots,
      done('findSlots', [SLOT]),
      choice('slot.0'),
      choice('confirm'),
      failed('book', DAY_LIMIT),
    ]);
    expect(refused.snapshot.value).toBe('citizenLimited');
    expect(refused.replies.at(-1)).toMatchObject({
      key: 'limits.resourceDay',
      params: { day: '2026-11-24', max: 1, official: { en: 'the Director of Public Works' } },
    });
    expect(refused.snapshot.context).toMatchObject({
      name: 'Ioana Pop',
      phone: '+40722123456',
      slot: undefined,
    });
    const again = run([
      ...toSlots,
      done('findSlots', [SLOT]),
      choice('slot.0'),
      choice('confirm'),
      failed('book', DAY_LIMIT),
      choice('slot.otherDay'),
    ]);
    expect(again.snapshot.value).toBe('findingSlots');
    expect(again.snapshot.context.reason).toBe(refused.snapshot.context.reason);
  });

  it('a move onto a day the phone holds with the official: said, and other places searched for', () => {
    const { snapshot, replies } = run([
      { type: 'conversation.start', at: AT },
      choice('myBooking'),
      text('acde 3467'),
      text('0722123456'),
      done('findBooking', BOOKING),
      choice('booking.move'),
      done('findNewSlots', [SLOT_2]),
      choice('slot.0'),
      choice('yes'),
      failed('moveBooking', DAY_LIMIT),
    ]);
    expect(snapshot.value).toBe('findingNewSlots');
    expect(replies.at(-1)).toMatchObject({ key: 'booking.moveLimit', params: { day: '2026-11-26' } });
  });
});

describe('look-ups refused', () => {
  it('too many attempts: how long to wait, a person or the menu', () => {
    const { snapshot, replies } = run([
      { type: 'conversation.start', at: AT },
      choice('myBooking'),
      text('acde 3467'),
      text('0722123456'),
      failed('findBooking', new LookupThrottledError(12)),
    ]);
    expect(snapshot.value).toBe('lookupThrottled');
    expect(replies.at(-1)).toEqual({
      key: 'booking.tooManyAttempts',
      params: { minutes: 12 },
      choices: [
        { value: 'person', key: 'choice.person' },
        { value: 'menu', key: 'choice.menu' },
      ],
    });
  });
});

describe('the request id', () => {
  const toSummary = [...toSlots, done('findSlots', [SLOT, SLOT_2]), choice('slot.1')];

  it('is made when the place is chosen, names the place, and stays through a failed booking', () => {
    const { snapshot } = run(toSummary);
    expect(snapshot.context.requestId).toBe(`${AT}|head-technical|2026-11-26|0`);
    const failedOnce = run([...toSummary, choice('confirm'), failed('book', new Error('x'))]);
    expect(failedOnce.snapshot.value).toBe('confirming');
    expect(failedOnce.snapshot.context.requestId).toBe(snapshot.context.requestId);
  });

  it('another place chosen is another request; a booking made clears it', () => {
    const other = run([...toSlots, done('findSlots', [SLOT, SLOT_2]), choice('slot.0')]);
    expect(other.snapshot.context.requestId).not.toBe(run(toSummary).snapshot.context.requestId);
    const booked = run([...toSummary, choice('confirm'), done('book', { code: 'A', icsUrl: 'u' })]);
    expect(booked.snapshot.value).toBe('menu');
    expect(booked.snapshot.context.requestId).toBeUndefined();
  });
});
