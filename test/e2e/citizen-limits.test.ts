/**
 * Limits per citizen end to end, over HTTP with the real server, adapter and SQLite file (clock injected):
 * one audience with the same official a day and three in all per phone (municipality `audience.perCitizen`),
 * "my booking" look-ups limited per code and per conversation, and logs that never hold a reference code or
 * a phone number.
 */
import { createLogger } from '../../bot/logger';
import type { Lang } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import { CODE_ALPHABET } from '../../dialogs/rules/reference-code';
import { buttonsOf, citizen, startChannel, startClerk, tempDir, textOf } from '../helpers/clerk';
import type { RunningClerk } from '../helpers/clerk';
import {
  bookingWithHead,
  conversationTables,
  headTurns,
  slotParams,
  type Turn,
} from '../helpers/conversation';

const START = new Date('2026-11-23T08:00:00Z'); // Monday 10:00 in Cluj-Napoca
const LANGS: Lang[] = ['ro', 'fa', 'en'];
const CODE = /[A-Z0-9]{4}-[A-Z0-9]{4}/;

const ctx = {} as {
  channel: Awaited<ReturnType<typeof startChannel>>;
  app: RunningClerk;
  tmp: ReturnType<typeof tempDir>;
};
const clock = { now: START };
const logs: string[] = [];
beforeAll(async () => {
  ctx.channel = await startChannel();
});
afterAll(async () => {
  await ctx.channel?.close();
});
beforeEach(async () => {
  clock.now = START;
  logs.length = 0;
  ctx.tmp = tempDir();
  ctx.app = await startClerk({
    dbPath: `${ctx.tmp.dir}/clerk.db`,
    now: () => clock.now,
    log: createLogger((line) => logs.push(line)),
  });
});
afterEach(async () => {
  try {
    await ctx.app?.close();
  } finally {
    ctx.tmp.remove();
  }
});

const { play, fixedPart } = conversationTables(ctx);
const t = (lang: Lang, key: string, params?: Params) => ctx.app.clerk.texts.t(lang, key, params);
const technical = () => ctx.app.clerk.city.officials!.find((o) => o.id === 'head-technical')!.title;
const agenda = (day: string) => ctx.app.clerk.bookings.agenda(day);

/** Turns in a conversation already under way (`play` starts a new one, greeting first). */
async function goOn(lang: Lang, who: ReturnType<typeof citizen>, turns: Turn[]) {
  let last: Awaited<ReturnType<typeof who.say>> = [];
  for (const turn of turns) {
    const text = typeof turn.say === 'string' ? turn.say : t(lang, turn.say.label);
    last = await who.say(text);
    expect({ said: text, got: textOf(last) }).toEqual({
      said: text,
      got: expect.stringContaining(fixedPart(lang, turn.expect)),
    });
  }
  return { who, last };
}
const activeCodes = () =>
  ctx.app.clerk.db.prepare("SELECT code FROM bookings WHERE status = 'booked'").pluck().all() as string[];

async function book(lang: Lang): Promise<string> {
  const { last } = await play(lang, headTurns(lang));
  return textOf(last).match(CODE)![0];
}

describe.each(LANGS)('one audience with the same official a day, in %s', (lang) => {
  it('a second place of that day is refused calmly at the confirmation; the first booking stays, another day is offered with everything kept', async () => {
    // The same phone reaches the summary in a second conversation before the first one confirms.
    const { who: second } = await play(lang, headTurns(lang).slice(0, 14));
    const first = await book(lang);

    const refused = await second.say(t(lang, 'choice.confirm'));
    expect(textOf(refused)).toContain(
      t(lang, 'limits.resourceDay', { official: technical(), day: '2026-11-24', max: 1 }),
    );
    expect(textOf(refused)).not.toMatch(CODE); // whoever typed a phone is not shown that phone's code
    expect(buttonsOf(refused)).toEqual([
      t(lang, 'choice.otherDay'),
      t(lang, 'choice.myBooking'),
      t(lang, 'choice.menu'),
    ]);
    expect((await agenda('2026-11-24')).map((b) => b.code)).toEqual([first]);

    // Another day: the places offered leave out the day held; nothing is asked again.
    const slots = await second.say(t(lang, 'choice.otherDay'));
    expect(textOf(slots)).toContain(t(lang, 'audience.askSlot', slotParams(technical())));
    expect(buttonsOf(slots)[0]).toBe(t(lang, 'choice.slot', { when: '2026-11-26T07:00:00.000Z' }));
    const summary = textOf(await second.say('1'));
    expect(summary).toContain(bookingWithHead[lang].name);
    expect(summary).toContain(bookingWithHead[lang].reasonClear);
    const booked = textOf(await second.say(t(lang, 'choice.confirm')));
    expect(booked.match(CODE)?.[0]).toBeDefined();
    expect((await agenda('2026-11-26')).map((b) => b.code)).toEqual([booked.match(CODE)![0]]);
    expect(await agenda('2026-11-24')).toHaveLength(1);
  });

  it('three audiences in all: a fourth is refused before any place is offered', async () => {
    const codes = [await book(lang), await book(lang), await book(lang)];
    expect(new Set(codes).size).toBe(3);
    const { who: fourth, last } = await play(lang, headTurns(lang).slice(0, 12));
    expect(textOf(last)).toContain(
      t(lang, 'contact.askConsent', { data: { t: 'audience.consentData.basic' } }),
    );
    const refused = await fourth.say(t(lang, 'choice.yes'));
    expect(textOf(refused)).toContain(t(lang, 'limits.active', { max: 3 }));
    expect(textOf(refused)).not.toContain(t(lang, 'audience.askSlot', slotParams(technical())));
    expect(buttonsOf(refused)).toEqual([t(lang, 'choice.myBooking'), t(lang, 'choice.menu')]);
    expect(activeCodes().sort()).toEqual([...codes].sort());
  });
});

describe('the early check', () => {
  it('a phone that holds a day with the official is offered none of that day’s places', async () => {
    await book('ro');
    const { last } = await play('ro', headTurns('ro').slice(0, 13));
    const day = ['07:00', '07:15', '07:30', '07:45', '08:00'].map((time) =>
      t('ro', 'choice.slot', { when: `2026-11-24T${time}:00.000Z` }),
    );
    expect(buttonsOf(last).length).toBeGreaterThan(0);
    expect(buttonsOf(last).filter((b) => day.includes(b))).toEqual([]);
    // Another phone is still offered them.
    const other = headTurns('ro').map((turn) =>
      turn.say === bookingWithHead.ro.phone ? { ...turn, say: '0733 111 222' } : turn,
    );
    const { last: offered } = await play('ro', other.slice(0, 13));
    expect(buttonsOf(offered)).toContain(day[1]);
  });
});

/** My booking: the code, then the phone — and the answer to that. */
const lookUp = (code: string, phone: string, expect: string, first = true): Turn[] => [
  { say: { label: first ? 'choice.myBooking' : 'choice.tryAgain' }, expect: 'booking.askCode' },
  { say: code, expect: 'booking.askPhone' },
  { say: phone, expect },
];
/** Valid codes, all different, that are no booking's. */
const wrongCodes = (real: string) =>
  Array.from({ length: 12 }, (_, i) => CODE_ALPHABET.slice(i, i + 8))
    .map((c) => `${c.slice(0, 4)}-${c.slice(4)}`)
    .filter((c) => c !== real);

describe.each(LANGS)('look-ups, in %s', (lang) => {
  const phone = bookingWithHead[lang].phone;

  it('a wrong code and a wrong phone get the same answer; after five wrong phones the code is refused even with the right one, then frees', async () => {
    const code = await book(lang);
    const { who: asker, last: notFound } = await play(lang, lookUp(code, '0733 999 888', 'booking.notFound'));
    const wrongPhone = { last: notFound };
    const wrongCode = await goOn(lang, asker, lookUp(wrongCodes(code)[0], phone, 'booking.notFound', false));
    expect(textOf(wrongCode.last)).toBe(textOf(wrongPhone.last));
    expect(buttonsOf(wrongCode.last)).toEqual(buttonsOf(wrongPhone.last));
    for (let i = 0; i < 4; i++)
      await goOn(lang, asker, lookUp(code, `0733 999 87${i}`, 'booking.notFound', false));

    // Five wrong phones for this code within 15 minutes: refused, with the right phone, in any conversation.
    const throttled = t(lang, 'booking.tooManyAttempts', { minutes: 15 });
    const refused = await goOn(lang, asker, lookUp(code, phone, 'booking.tooManyAttempts', false));
    expect(textOf(refused.last)).toContain(throttled);
    expect(textOf(refused.last)).not.toContain(code);
    expect(buttonsOf(refused.last)).toEqual([t(lang, 'choice.person'), t(lang, 'choice.menu')]);
    const elsewhere = await play(lang, lookUp(code, phone, 'booking.tooManyAttempts'));
    expect(textOf(elsewhere.last)).toContain(throttled);

    // Ten minutes on, five more to wait; fifteen minutes on, the code is found again.
    clock.now = new Date(START.getTime() + 10 * 60_000);
    const later = await play(lang, lookUp(code, phone, 'booking.tooManyAttempts'));
    expect(textOf(later.last)).toContain(t(lang, 'booking.tooManyAttempts', { minutes: 5 }));
    clock.now = new Date(START.getTime() + 15 * 60_000);
    const found = await play(lang, lookUp(code, phone, 'booking.show'));
    expect(textOf(found.last)).toContain(code);
  });
});

describe('look-ups per conversation', () => {
  it('ten look-ups an hour per conversation, found or not; another conversation is not held back', async () => {
    const code = await book('ro');
    const phone = bookingWithHead.ro.phone;
    const [first, ...codes] = wrongCodes(code).slice(0, 10);
    const { who: asker } = await play('ro', lookUp(first, phone, 'booking.notFound'));
    for (const wrong of codes) await goOn('ro', asker, lookUp(wrong, phone, 'booking.notFound', false));
    const refused = await goOn('ro', asker, lookUp(code, phone, 'booking.tooManyAttempts', false));
    expect(textOf(refused.last)).toContain(t('ro', 'booking.tooManyAttempts', { minutes: 60 }));
    await play('ro', lookUp(code, phone, 'booking.show'));
  });
});

describe('logs', () => {
  it('hold no reference code and no phone number through a booking, a look-up, a move and a cancellation', async () => {
    const code = await book('ro');
    const phone = bookingWithHead.ro.phone;
    await play('ro', lookUp(code, '0733 999 888', 'booking.notFound'));
    await play('ro', [
      ...lookUp(code, phone, 'booking.show'),
      { say: { label: 'choice.moveBooking' }, expect: 'booking.askNewSlot' },
      { say: '1', expect: 'booking.confirmMove' },
      { say: { label: 'choice.yes' }, expect: 'booking.moved' },
    ]);
    await play('ro', [
      ...lookUp(code, phone, 'booking.show'),
      { say: { label: 'choice.cancelBooking' }, expect: 'booking.confirmCancel' },
      { say: { label: 'choice.yes' }, expect: 'booking.cancelled' },
    ]);
    await ctx.app.clerk.dispatcher.runOnce();

    const all = logs.join('\n');
    const events = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const named = (event: string) => events.filter((e) => e.event === event);
    expect(named('booking.lookup').map((e) => e.found)).toEqual([false, true, true]);
    expect(named('outbox.dev').length).toBeGreaterThanOrEqual(3);
    // One booking's lines tie together by a keyed hash of its code, and nothing else names it.
    const tags = ['booking.created', 'booking.moved', 'booking.cancelled'].map((e) => named(e)[0]?.booking);
    expect(tags[0]).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(tags)).toEqual(new Set([tags[0]]));
    for (const form of [code, code.replace('-', ''), code.toLowerCase()]) expect(all).not.toContain(form);
    for (const digits of ['722123456', '733999888', '0722 123 456']) expect(all).not.toContain(digits);
  });
});
