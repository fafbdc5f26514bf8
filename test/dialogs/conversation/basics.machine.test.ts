/**
 * What a desk clerk answers whatever the question on the table (dialogs/conversation/basics.ts), the hours of a
 * given moment (dialogs/info/hours-asked.ts), what the first message already said (the matter, cancel or move),
 * and the question "which one did you mean" — on the conversation machine, with the NLU's readings given as
 * the events carry them (what the NLU reads is tested on its own, in test/bot/first-message.test.ts).
 */
import type { ClerkEvent, IntentResult } from '../../../dialogs/reply';
import { AT, BOOKING, city, choice, run, sector1Machine, text } from '../../helpers/machine-paths';

const start: ClerkEvent = { type: 'conversation.start', at: AT };
const done = (id: string, output: unknown) =>
  ({ type: `xstate.done.actor.${id}`, output }) as unknown as ClerkEvent;
const said = (intent: IntentResult, words = 'a message') => text(words, { intent });
const keys = (replies: { key: string }[]) => replies.map((r) => r.key);

describe('small talk, at the first message and in the middle of a question', () => {
  it.each([
    ['smalltalk.thanks', 'smalltalk.thanks'],
    ['smalltalk.bot', 'smalltalk.bot'],
    ['smalltalk.abuse', 'smalltalk.abuse'],
  ])('%s first: answered, then the menu', (intent, key) => {
    const { snapshot, replies } = run([said({ intent, score: 0.7 })]);
    expect(snapshot.value).toBe('menu');
    expect(keys(replies)).toEqual([key, 'menu.prompt']);
  });

  it('"what can you do" first: what this city\'s clerk does (its procedures), then the menu', () => {
    const { replies } = run([said({ intent: 'nav.help', score: 0.7 })]);
    expect(keys(replies)).toEqual(['help.text', 'menu.prompt']);
    expect(JSON.stringify(replies[0].params)).toContain('audience:help');
  });

  it('thanks in the middle of a question: answered, and the question again; nothing lost', () => {
    const { snapshot, replies } = run([
      start,
      choice('audience'),
      said({ intent: 'smalltalk.thanks', score: 0.95 }),
    ]);
    expect(snapshot.value).toBe('chooseLevel');
    expect(keys(replies).slice(-3)).toEqual(['smalltalk.thanks', 'dialog.resume', 'audience.askLevel']);
  });

  it('goodbye in the middle of a question: said goodbye, the question not asked again, the place kept', () => {
    const { snapshot, replies } = run([
      start,
      choice('audience'),
      said({ intent: 'smalltalk.goodbye', score: 0.95 }),
    ]);
    expect(snapshot.value).toBe('chooseLevel');
    expect(keys(replies).at(-1)).toBe('smalltalk.goodbye');
  });

  it('a reading not sure enough mid-question is not small talk (the question is asked again)', () => {
    const { replies } = run([start, choice('audience'), said({ intent: 'smalltalk.thanks', score: 0.6 })]);
    expect(keys(replies)).not.toContain('smalltalk.thanks');
  });

  it('a language the clerk does not speak: said in each of its languages', () => {
    const { replies } = run([said({ intent: 'language.foreign', score: 1 })]);
    expect(replies[0]).toEqual({ key: 'language.foreign', inEveryLanguage: true });
  });
});

describe("another institution's matter: the competent one from the data, and what the city hall can do", () => {
  it('Cluj-Napoca, a passport: the passport service, nothing instead', () => {
    const { snapshot, replies } = run([said({ intent: 'outside.passport', score: 0.8 })]);
    expect(snapshot.value).toBe('menu');
    expect(replies[0]).toEqual({
      key: 'outside.referral',
      params: { institution: city.referrals!.passport, instead: '' },
    });
  });

  it('Cluj-Napoca, state taxes: ANAF, and the local taxes the city hall does collect', () => {
    const { replies } = run([said({ intent: 'outside.stateTaxes', score: 0.8 })]);
    expect(replies[0].params).toEqual({
      institution: city.referrals!.stateTaxes,
      instead: { t: 'outside.instead', params: { what: city.referralsInstead!.stateTaxes } },
    });
  });

  it('Sector 1, an identity card: its own data (no audience procedure needed)', () => {
    const { replies } = run([said({ intent: 'outside.identityCard', score: 0.8 })], sector1Machine);
    expect(JSON.stringify(replies[0].params)).toContain('Sector');
  });

  it('in the middle of a question: answered, then the question again', () => {
    const { snapshot, replies } = run([
      start,
      choice('audience'),
      said({ intent: 'outside.crime', score: 0.9 }),
    ]);
    expect(snapshot.value).toBe('chooseLevel');
    expect(keys(replies).slice(-3)).toEqual(['outside.referral', 'dialog.resume', 'audience.askLevel']);
  });
});

describe('which one did you mean', () => {
  const unsure = said({ intent: 'info.hours', score: 0.5, alternative: 'booking.manage' });

  it('a message read two ways nearly as well: both as buttons, and the menu', () => {
    const { snapshot, replies } = run([unsure]);
    expect(snapshot.value).toBe('menu');
    expect(replies).toEqual([
      {
        key: 'clarify.prompt',
        choices: [
          { value: 'info.hours', key: 'choice.infoTopic.hours' },
          { value: 'myBooking', key: 'choice.myBooking' },
          { value: 'menu', key: 'choice.menu' },
        ],
      },
    ]);
  });

  it('the first chosen: the hours, then the menu', () => {
    const { snapshot, replies } = run([unsure, choice('info.hours')]);
    expect(snapshot.value).toBe('menu');
    expect(keys(replies).slice(1)).toEqual(['info.hours', 'menu.prompt']);
  });

  it('the second chosen: my booking', () => {
    expect(run([unsure, choice('myBooking')]).snapshot.value).toBe('askBookingCode');
  });

  it('a procedure as one of the readings: its menu choice', () => {
    const { replies } = run([
      said({ intent: 'booking.manage', score: 0.5, alternative: 'audience.request' }),
    ]);
    expect(replies[0].choices!.map((c) => c.value)).toEqual(['myBooking', 'audience', 'menu']);
  });

  it('not asked when one reading leads nowhere a button could (small talk): the likelier one is followed', () => {
    const { replies } = run([said({ intent: 'info.phone', score: 0.6, alternative: 'smalltalk.thanks' })]);
    expect(keys(replies)).toEqual(['info.phones', 'menu.prompt']);
  });
});

describe('the hours of a given moment (Monday 23 November 2026, 10:00 in Cluj-Napoca)', () => {
  const hours = (when: IntentResult['when'], at = AT) =>
    run([text('program', { at, intent: { intent: 'info.hours', score: 0.9, when } })]).replies[0];

  it('now, open: until when', () => {
    expect(hours({ now: true })).toEqual({ key: 'info.openNow', params: { close: '16:00' } });
  });

  it('now, before opening: today at what time', () => {
    expect(hours({ now: true }, '2026-11-23T05:00:00.000Z')).toEqual({
      key: 'info.closedNowOpensToday',
      params: { day: '2026-11-23', open: '08:00' },
    });
  });

  it('now, Friday evening: closed, and open again on Wednesday (30 November and 1 December are public holidays)', () => {
    expect(hours({ now: true }, '2026-11-27T16:00:00.000Z')).toEqual({
      key: 'info.closedNow',
      params: { day: '2026-12-02', open: '08:00' },
    });
  });

  it('Saturday: closed, and the next opening (after the holidays of 30 November and 1 December)', () => {
    expect(hours({ weekday: 6 })).toEqual({
      key: 'info.closedOn',
      params: { day: '2026-11-28', next: '2026-12-02', open: '08:00' },
    });
  });

  it('Thursday: its own hours (until 17:30)', () => {
    expect(hours({ weekday: 4 })).toEqual({
      key: 'info.openOn',
      params: { day: '2026-11-26', open: '08:00', close: '17:30' },
    });
  });

  it("a public holiday (1 December, Romania's national day): closed, and why", () => {
    expect(hours({ inDays: 8 })).toEqual({
      key: 'info.closedOnHoliday',
      params: { day: '2026-12-01', next: '2026-12-02', open: '08:00' },
    });
  });

  it("no moment named: the week's hours", () => {
    expect(hours(undefined)).toEqual({ key: 'info.hours' });
  });
});

describe('what the first message said is kept', () => {
  const matter = 'parcarea ilegală de pe strada Dorobanților';
  const opening = (reason: { intent: string; score: number }) =>
    said(
      { intent: 'audience.request', score: 0.9, official: 'mayor', matter: { text: matter, reason } },
      `vreau audiență la primar despre ${matter}`,
    );
  const toReason = (reason = { intent: 'topic.parking', score: 0.9 }) => [
    opening(reason),
    text('da, pe 2 noiembrie 2026', {}),
  ];

  it('the official is not asked for, and the matter is offered back instead of asked', () => {
    const { snapshot, replies } = run([...toReason().slice(0, 1), choice('yes')]);
    expect(keys(replies)).not.toContain('audience.askLevel');
    expect(snapshot.value).toBe('askPriorAudienceDate');
    const atReason = run([...toReason().slice(0, 1), choice('yes'), text('2 noiembrie 2026')]);
    expect(atReason.snapshot.value).toBe('askReason');
    expect(atReason.replies.at(-1)).toEqual({
      key: 'audience.confirmMatter',
      params: { matter },
      choices: [
        { value: 'matter.keep', key: 'choice.matterKeep' },
        { value: 'matter.write', key: 'choice.matterWrite' },
      ],
    });
  });

  it('confirmed: the matter is the reason, judged as if typed (its topic), and the next question follows', () => {
    const { snapshot } = run([
      opening({ intent: 'topic.parking', score: 0.9 }),
      choice('yes'),
      text('2 noiembrie 2026'),
      choice('matter.keep'),
    ]);
    expect(snapshot.context.reason).toBe(matter);
    expect(snapshot.context.topic).toBe('parking');
    expect(snapshot.value).not.toBe('askReason');
  });

  it('"let me write it": the question as usual', () => {
    const { snapshot, replies } = run([
      opening({ intent: 'topic.parking', score: 0.9 }),
      choice('yes'),
      text('2 noiembrie 2026'),
      choice('matter.write'),
    ]);
    expect(snapshot.value).toBe('askReason');
    expect(keys(replies).at(-1)).toBe('audience.askReason');
  });

  it('a matter that would not pass as a reason (vague) is not offered back', () => {
    const { replies } = run([
      opening({ intent: 'vague', score: 0.95 }),
      choice('yes'),
      text('2 noiembrie 2026'),
    ]);
    expect(keys(replies).at(-1)).toBe('audience.askReason');
  });

  it.each([
    ['cancel', 'confirmCancelBooking'],
    ['move', 'findingNewSlots'],
  ] as const)(
    'my booking, "%s" said in the first message: the booking found, and straight to it',
    (action, state) => {
      const { snapshot, replies } = run([
        said({ intent: 'booking.manage', score: 0.9, action }),
        text('ACDE-3467'),
        text('0722 123 456'),
        done('findBooking', BOOKING),
      ]);
      expect(snapshot.value).toBe(state);
      expect(keys(replies)).toContain('booking.found');
    },
  );

  it('my booking, nothing said of what to do: the booking and its choices', () => {
    const { snapshot } = run([
      said({ intent: 'booking.manage', score: 0.9 }),
      text('ACDE-3467'),
      text('0722 123 456'),
      done('findBooking', BOOKING),
    ]);
    expect(snapshot.value).toBe('showBooking');
  });
});
