/**
 * Beyond the happy path, end to end over HTTP (restify + CloudAdapter, a real SQLite file): my booking
 * (find, move, cancel), information from the data, a question in the middle of the audience dialog, the
 * retry cap, a person, and the Emulator's trace activities — as tables of turns in ro, fa and en.
 */
import type { Lang } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import { buttonsOf, citizen, clerkPerTest, textOf } from '../helpers/clerk';
import {
  bookingWithHead,
  conversationTables,
  FIRST_PLACE,
  headTurns,
  LOCALE,
  officialTitle,
  SECOND_PLACE,
  type Turn,
} from '../helpers/conversation';

const ctx = clerkPerTest();
const { play, fixedPart } = conversationTables(ctx);
const t = (lang: Lang, key: string, params?: Params) => ctx.app.clerk.texts.t(lang, key, params);
const LANGS: Lang[] = ['ro', 'fa', 'en'];

async function bookWithHead(lang: Lang): Promise<string> {
  const { last } = await play(lang, headTurns(lang, FIRST_PLACE));
  return textOf(last).match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)![0];
}

async function calendar(token: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${ctx.app.baseUrl}/ics/${token}.ics`);
  return { status: response.status, body: await response.text() };
}

const official = officialTitle('head-technical');

/**
 * Finding a booking: the code as a citizen types it (lower case, a space for the hyphen), and the phone; the
 * booking shown is the one with that code, with the head of department, at the place it has (`when`).
 */
function findTurns(lang: Lang, code: string, when: string): Turn[] {
  return [
    { say: { label: 'choice.myBooking' }, expect: 'booking.askCode' },
    { say: code.toLowerCase().replace('-', ' '), expect: 'booking.askPhone' },
    {
      say: bookingWithHead[lang].phone,
      expect: 'booking.show',
      params: { code, what: { t: 'audience:what', params: { official, mode: { t: 'mode.site' } } }, when },
    },
  ];
}

describe.each(LANGS)('my booking, in %s', (lang) => {
  it('is found with its code and phone, moved (old place freed), then cancelled; SMS each time; the calendar link follows', async () => {
    const code = await bookWithHead(lang);
    const [booked] = await ctx.app.clerk.bookings.agenda('2026-11-24');
    expect(booked).toMatchObject({ code, seq: 0 });

    // Move: the first free place is the next one the same day (its own place is not offered back).
    await play(lang, [
      ...findTurns(lang, code, FIRST_PLACE),
      {
        say: { label: 'choice.moveBooking' },
        expect: 'booking.askNewSlot',
        params: { official, when: FIRST_PLACE },
      },
      { say: '1', expect: 'booking.confirmMove', params: { from: FIRST_PLACE, to: SECOND_PLACE } },
      { say: { label: 'choice.yes' }, expect: 'booking.moved', params: { code, when: SECOND_PLACE } },
    ]);
    const day = await ctx.app.clerk.bookings.agenda('2026-11-24');
    expect(day.map((b) => [b.code, b.seq, b.start])).toEqual([[code, 1, '2026-11-24T07:15:00.000Z']]);
    const moved = (await ctx.app.clerk.outbox.list()).find((m) => m.kind === 'booking.moved');
    expect(moved).toMatchObject({ to: booked.phone, channel: 'sms' });
    expect(moved!.body).toContain(code);
    const invite = await calendar(booked.icsToken);
    expect(invite.status).toBe(200);
    expect(invite.body).toMatch(/DTSTART;TZID=Europe\/Bucharest:20261124T091500/);

    // Cancel: the booking is gone from the agenda, an SMS says so, and the calendar link stops working.
    await play(lang, [
      ...findTurns(lang, code, SECOND_PLACE),
      { say: { label: 'choice.cancelBooking' }, expect: 'booking.confirmCancel' },
      { say: { label: 'choice.yes' }, expect: 'booking.cancelled', params: { code } },
    ]);
    expect(await ctx.app.clerk.bookings.agenda('2026-11-24')).toEqual([]);
    const cancelled = (await ctx.app.clerk.outbox.list()).find((m) => m.kind === 'booking.cancelled');
    expect(cancelled).toMatchObject({ to: booked.phone });
    expect(cancelled!.body).toContain(code);
    expect((await calendar(booked.icsToken)).status).toBe(404);

    // Cancelled means not found any more.
    await play(lang, [
      { say: { label: 'choice.myBooking' }, expect: 'booking.askCode' },
      { say: code, expect: 'booking.askPhone' },
      { say: bookingWithHead[lang].phone, expect: 'booking.notFound' },
    ]);
  });

  it('asked for in the citizen’s own words, and moved or cancelled in words too', async () => {
    const words: Record<Lang, { ask: string; move: string; cancel: string }> = {
      ro: { ask: 'când e programarea mea?', move: 'aș vrea altă zi', cancel: 'nu mai pot veni' },
      fa: { ask: 'نوبت من کی است؟', move: 'جابجا', cancel: 'کنسل' },
      en: { ask: 'when is my appointment?', move: 'reschedule', cancel: "I can't come" },
    };
    const code = await bookWithHead(lang);
    const find: Turn[] = [
      { say: words[lang].ask, expect: 'booking.askCode' },
      ...findTurns(lang, code, FIRST_PLACE).slice(1),
    ];
    await play(lang, [...find, { say: words[lang].move, expect: 'booking.askNewSlot' }]);
    await play(lang, [...find, { say: words[lang].cancel, expect: 'booking.confirmCancel' }]);
  });

  it('what the first message says to do, moving or cancelling, is done once the booking is found', async () => {
    const asks: Record<Lang, { move: string; cancel: string }> = {
      ro: { move: 'vreau să-mi mut programarea', cancel: 'vreau să anulez programarea' },
      fa: { move: 'می‌خواهم وقتم را جابجا کنم', cancel: 'می‌خواهم نوبتم را لغو کنم' },
      en: { move: 'I need to reschedule my appointment', cancel: 'please cancel my appointment' },
    };
    const code = await bookWithHead(lang);
    const found = findTurns(lang, code, FIRST_PLACE);
    const straightTo = (ask: string, expect: string): Turn[] => [
      { say: ask, expect: 'booking.askCode' },
      found[1],
      { say: bookingWithHead[lang].phone, expect },
    ];
    const { last: moving } = await play(lang, straightTo(asks[lang].move, 'booking.askNewSlot'));
    const { last: cancelling } = await play(lang, straightTo(asks[lang].cancel, 'booking.confirmCancel'));
    // The booking is named before anything is done with it.
    for (const last of [moving, cancelling]) expect(textOf(last)).toContain(code);
  });

  it('cancelled in another conversation meanwhile: a cancel or a move here says so calmly, not a technical error', async () => {
    const code = await bookWithHead(lang);
    const { who: cancelling } = await play(lang, [
      ...findTurns(lang, code, FIRST_PLACE),
      { say: { label: 'choice.cancelBooking' }, expect: 'booking.confirmCancel' },
    ]);
    const { who: moving } = await play(lang, [
      ...findTurns(lang, code, FIRST_PLACE),
      { say: { label: 'choice.moveBooking' }, expect: 'booking.askNewSlot' },
      { say: '1', expect: 'booking.confirmMove' },
    ]);
    await play(lang, [
      ...findTurns(lang, code, FIRST_PLACE),
      { say: { label: 'choice.cancelBooking' }, expect: 'booking.confirmCancel' },
      { say: { label: 'choice.yes' }, expect: 'booking.cancelled', params: { code } },
    ]);
    for (const who of [cancelling, moving]) {
      const answer = textOf(await who.say(t(lang, 'choice.yes')));
      expect(answer).toContain(t(lang, 'booking.gone'));
      expect(answer).not.toContain(t(lang, 'errors.technical'));
    }
    expect(await ctx.app.clerk.bookings.agenda('2026-11-24')).toEqual([]);
  });

  it('is not shown to someone with the code but another phone', async () => {
    const code = await bookWithHead(lang);
    await play(lang, [
      { say: { label: 'choice.myBooking' }, expect: 'booking.askCode' },
      { say: code, expect: 'booking.askPhone' },
      { say: '0733 999 888', expect: 'booking.notFound' },
    ]);
  });
});

describe.each(LANGS)('information from the data, in %s', (lang) => {
  const city = () => ctx.app.clerk.city;
  const digits = (s: string) => (lang === 'fa' ? s.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]) : s);

  it('answers each topic from the municipality file, naming the source', async () => {
    const who = citizen(ctx.app.baseUrl, ctx.channel, LOCALE[lang]);
    await who.start();
    expect(textOf(await who.say(t(lang, 'choice.info')))).toContain(t(lang, 'info.prompt'));
    const answer = async (topic: string) => {
      const text = textOf(await who.say(t(lang, `choice.infoTopic.${topic}`)));
      expect(text).toContain(city().source);
      return text;
    };
    const hours = await answer('hours');
    for (const h of city().publicHours) expect(hours).toContain(`${digits(h.open)}–${digits(h.close)}`);
    const sites = await answer('sites');
    for (const s of city().sites) expect(sites).toContain(s.address);
    const halls = await answer('neighbourhoods');
    for (const h of city().neighbourhoodTownHalls) expect(halls).toContain(`${h.name}: ${h.address}`);
    const phones = await answer('phones');
    for (const p of city().contacts.phones) expect(phones).toContain(p);
    const services = await answer('services');
    for (const s of city().services ?? []) expect(services).toContain(s.name);
  });

  it('answers a question about one neighbourhood town hall typed in words', async () => {
    const ask: Record<Lang, string> = {
      ro: 'unde e primăria de cartier Mănăștur?',
      fa: 'نشانی شهرداری محله Manastur کجاست؟',
      en: 'where is the Manastur neighbourhood town hall?',
    };
    const who = citizen(ctx.app.baseUrl, ctx.channel, LOCALE[lang]);
    await who.start();
    const text = textOf(await who.say(ask[lang]));
    expect(text).toContain('str. Ion Meșter nr. 10');
    expect(text).toContain(city().source);
  });
});

describe.each(LANGS)('interruptions, the retry cap and a person, in %s', (lang) => {
  const hoursQuestion: Record<Lang, string> = {
    ro: 'care e programul cu publicul?',
    fa: 'ساعات کاری شما چیست؟',
    en: 'what are your opening hours?',
  };

  it('answers the hours in the middle of the audience dialog and carries on where it was', async () => {
    const turns = headTurns(lang, FIRST_PLACE);
    const at = turns.findIndex((turn) => turn.expect === 'contact.askName');
    const { last } = await play(lang, [
      ...turns.slice(0, at + 1),
      { say: hoursQuestion[lang], expect: 'dialog.resume' },
      ...turns.slice(at + 1),
    ]);
    expect(textOf(last)).toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}/);
  });

  it('after three answers it cannot use, explains with an example and offers a person, who gets the conversation; the audience goes on', async () => {
    const turns = headTurns(lang);
    const at = turns.findIndex((turn) => turn.expect === 'contact.askName');
    const { who, last } = await play(lang, [
      ...turns.slice(0, at + 1),
      { say: '1', expect: 'contact.invalidName' },
      { say: '22', expect: 'contact.invalidName' },
      { say: '333', expect: 'retry.stuck' },
    ]);
    expect(textOf(last)).toContain(t(lang, 'hints.contact.askName'));
    expect(buttonsOf(last)).toEqual(
      expect.arrayContaining([t(lang, 'choice.person'), t(lang, 'choice.menu')]),
    );

    expect(textOf(await who.say(t(lang, 'choice.person')))).toContain(t(lang, 'person.askPhone'));
    const promised = textOf(await who.say(bookingWithHead[lang].phone));
    // Monday 10:00 in Cluj-Napoca, within public hours: today, before closing (16:00).
    expect(promised).toContain(t(lang, 'person.requestedToday', { close: '16:00' }));
    expect(promised).toContain(lang === 'fa' ? '۱۶:۰۰' : '16:00');

    const [request] = await ctx.app.clerk.staff.open();
    expect(request).toMatchObject({
      cause: 'stuck',
      during: 'contact.askName',
      lang,
      contactDay: '2026-11-23',
    });
    expect(request.phone).toMatch(/^\+\d+$/);
    const said = request.transcript.filter((l) => l.direction === 'in').map((l) => l.text);
    expect(said).toEqual(expect.arrayContaining(['1', '22', '333', bookingWithHead[lang].reasonClear]));

    // Meanwhile the audience goes on where it was: the name asked again, the answers before it kept, and the
    // audience booked with the turns that were left.
    expect(promised).toContain(fixedPart(lang, 'contact.askName'));
    let reply = '';
    for (const turn of turns.slice(at + 1)) {
      reply = textOf(await who.say(typeof turn.say === 'string' ? turn.say : t(lang, turn.say.label)));
      expect(reply).toContain(fixedPart(lang, turn.expect));
    }
    expect(reply).toMatch(/[A-Z0-9]{4}-[A-Z0-9]{4}/);
  });

  it('a person on request, in words, from the menu', async () => {
    const ask: Record<Lang, string> = {
      ro: 'vreau să vorbesc cu un om',
      fa: 'می‌خواهم با یک نفر صحبت کنم',
      en: 'talk to a person',
    };
    await play(lang, [
      { say: ask[lang], expect: 'person.askPhone' },
      { say: bookingWithHead[lang].phone, expect: 'person.requestedToday', params: { close: '16:00' } },
    ]);
    expect(await ctx.app.clerk.staff.open()).toEqual([expect.objectContaining({ cause: 'citizen' })]);
  });
});

describe('the Emulator trace', () => {
  it('shows each turn’s states, the event without the citizen’s words, and the rule that decided', async () => {
    const who = citizen(ctx.app.baseUrl, ctx.channel, LOCALE.en);
    await who.start();
    await who.say('I want to see the mayor');
    await who.say('No');
    const traces = ctx.channel.takeTraces(who.conversation) as unknown as {
      name: string;
      value: { from: string; to: string; event: Record<string, unknown>; rule?: string };
    }[];
    expect(traces.map((tr) => [tr.value.from, tr.value.to])).toEqual([
      ['idle', 'menu'],
      ['menu', 'askPriorAudience'],
      ['askPriorAudience', 'notEligible'],
    ]);
    expect(traces[2].value.rule).toContain('mayor requires a prior vice-mayor audience');
    expect(traces[1].value.event).toMatchObject({
      type: 'user.text',
      intent: { intent: 'audience.request' },
    });
    expect(JSON.stringify(traces)).not.toContain('I want to see the mayor');
  });
});
