/**
 * Bucharest Sector 1's Citizen Office end to end: counter appointments over HTTP with the real restify server and
 * CloudAdapter, a real SQLite file in a temporary folder and a fixed clock, as tables of turns in Romanian,
 * Persian and English over the Emulator's protocol, and one booking over SMS through Twilio's signed webhook.
 * Every value the clerk should say — a service's name, the address, the hours, the transport — is read from the
 * office's data file.
 */
import twilio from 'twilio';
import { smsCost } from '../../bot/notify/sms-segments';
import type { Lang } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import { createHolidayCalendar } from '../../dialogs/rules/holidays';
import { buttonsOf, citizen, startClerk, tempDir, textOf, type RunningClerk } from '../helpers/clerk';
import {
  booker,
  codeIn,
  elsewhereOf,
  icsUrlIn,
  LANGS,
  LOCALE,
  office,
  officeClerkPerTest,
  officeTables,
  placeAt,
  placesOf,
  reservationOf,
  rules,
  SECTOR_1,
  serviceOf,
  smsFold,
  templatePattern,
  TUESDAY,
  whereParam,
  whereParams,
  type Turn,
} from '../helpers/citizen-office';
import { fakeTwilio } from '../helpers/fake-twilio';

const taxes = serviceOf('local-taxes');
const urbanism = serviceOf('urbanism');
/** The first place on Tuesday: 08:30 in Bucharest, the office's opening. */
const TUESDAY_0830 = placeAt('local-taxes', TUESDAY, 0);

describe('over the Emulator protocol', () => {
  const ctx = officeClerkPerTest();
  const { play, goOn, t } = officeTables(ctx);
  const store = () => ctx.app.clerk.bookings;
  const outbox = (kind: string) =>
    ctx.app.clerk.outbox.list().then((all) => all.filter((m) => m.kind === kind));
  const bookingCount = () =>
    ctx.app.clerk.db.prepare('SELECT count(*) FROM bookings').pluck().get() as number;

  /** The day question's answer, a day button; the time question's, a time button. */
  const dayTurn = (day: string): Turn => ({
    say: { label: 'choice.day', params: { day } },
    expect: 'counter:askTime',
    params: { day },
  });
  const timeTurn = (when: string): Turn => ({
    say: { label: 'choice.slot', params: { when } },
    expect: 'contact.askName',
  });
  /** From the name to the confirmation: the summary and the booked text compared whole, values included. */
  function contactTurns(lang: Lang, service: string, when: string, counter: number): Turn[] {
    const c = booker[lang];
    return [
      { say: c.name, expect: 'contact.askPhone' },
      { say: c.phone, expect: 'contact.askConsent', params: { data: { t: 'counter:consentData' } } },
      {
        say: { label: 'choice.yes' },
        expect: 'counter:summary',
        params: {
          office: rules.office,
          service: serviceOf(service).name,
          when,
          name: c.name,
          phone: c.e164,
        },
      },
      {
        say: { label: 'choice.confirm' },
        expect: 'counter:booked',
        params: (answer) => ({
          code: codeIn(answer),
          when,
          where: whereParam(counter),
          icsUrl: icsUrlIn(answer),
        }),
      },
    ];
  }
  /** Local taxes named in words as the first message, booked on Tuesday at 08:30 (its 1st counter). */
  const taxesByWords = (lang: Lang): Turn[] => [
    { say: booker[lang].taxes, expect: 'counter:askDay', params: { service: taxes.name } },
    dayTurn(TUESDAY),
    timeTurn(TUESDAY_0830),
    ...contactTurns(lang, 'local-taxes', TUESDAY_0830, 1),
  ];
  /**
   * An SMS of a booking compared whole with its locale text, values included (the counter in `where`), both
   * folded as an SMS writes them; a Romanian one stays in GSM-7, two segments at most.
   */
  function expectSms(lang: Lang, body: string, key: string, params: Params) {
    expect(smsFold(body)).toBe(smsFold(t(lang, `counter:sms.${key}`, params)));
    if (lang !== 'ro') return;
    const cost = smsCost(body);
    expect(cost.encoding).toBe('GSM-7');
    expect(cost.segments).toBeLessThanOrEqual(2);
  }
  const where = (lang: Lang, counter: number) => t(lang, 'counter:where', whereParams(counter));
  const dayButtons = (lang: Lang, days: string[]) => days.map((day) => t(lang, 'choice.day', { day }));

  describe.each(LANGS)('booking local taxes in words, in %s', (lang) => {
    it('asks the day, then the time, the contact and the consent; confirms with the code, the counter and the calendar link, then the priority', async () => {
      const { last } = await play(lang, taxesByWords(lang));
      const answer = textOf(last);
      const code = codeIn(answer);
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      // Booked citizens go first (Bucharest Sector 1 City Hall, Citizen Office announcement): said after the booking.
      const booked = answer.indexOf(code);
      const priority = answer.indexOf(t(lang, 'counter:priority'));
      expect(priority).toBeGreaterThan(booked);
      expect(last.every((a) => a.textFormat === 'plain' && a.locale === lang)).toBe(true);

      // The booking: the local-taxes counters, its first place that Tuesday, with the citizen's own words.
      const [booking] = await store().agenda(TUESDAY);
      expect(booking).toMatchObject({
        code,
        procedure: 'counter',
        resourceId: 'local-taxes',
        seq: 0,
        start: TUESDAY_0830,
        phone: booker[lang].e164,
        lang,
        details: { service: 'local-taxes', said: booker[lang].taxes },
      });

      // The confirmation SMS, in the citizen's language, naming the code and the counter.
      const sms = await outbox('booking.confirmation');
      expect(sms).toHaveLength(1);
      expect(sms[0]).toMatchObject({ channel: 'sms', to: booker[lang].e164 });
      expectSms(lang, sms[0].body, 'confirmed', {
        code,
        when: TUESDAY_0830,
        where: where(lang, 1),
        icsUrl: icsUrlIn(answer),
      });
      expect(sms[0].body).toContain(code);

      // The calendar invite: an event at 08:30 in Bucharest, at the office's address and counter.
      const ics = await fetch(`${ctx.app.baseUrl}${new URL(icsUrlIn(answer)).pathname}`);
      expect(ics.status).toBe(200);
      expect(ics.headers.get('content-type')).toContain('text/calendar');
      const body = (await ics.text()).replace(/\r?\n[ \t]/g, ''); // lines unfolded (RFC 5545)
      expect(body).toContain('BEGIN:VEVENT');
      expect(body).toMatch(/DTSTART;TZID=Europe\/Bucharest:20261124T083000/);
      const location = body
        .match(/^LOCATION:(.*)$/m)?.[1]
        .replace(/\\,/g, ',')
        .trim();
      expect(location).toContain(rules.address);
      expect(location).toContain(rules.office[office.defaultLanguage]);
      expect(location).toMatch(/ 1$/);
      expect(body).toContain(code);
    });
  });

  describe.each(LANGS)('booking by the buttons, in %s', (lang) => {
    it('the menu, the list of counters, Urbanism by its label: booked at the counter still free at that time', async () => {
      // Someone holds Urbanism's first counter on Tuesday at 08:30: the citizen gets its second one.
      await store().reserve(reservationOf(placesOf('urbanism', TUESDAY)[0], 1), ctx.clock.now);
      const at0830 = placeAt('urbanism', TUESDAY, 0);
      const { last } = await play(lang, [
        { say: { label: 'counter:menu' }, expect: 'counter:askService', params: { office: rules.office } },
        {
          say: { label: 'counter:serviceChoice', params: { name: urbanism.name } },
          expect: 'counter:askDay',
          params: { service: urbanism.name },
        },
        dayTurn(TUESDAY),
        timeTurn(at0830),
        ...contactTurns(lang, 'urbanism', at0830, 2),
      ]);
      const code = codeIn(textOf(last));
      const booking = (await store().agenda(TUESDAY)).find((b) => b.code === code);
      expect(booking).toMatchObject({ resourceId: 'urbanism', seq: 1, start: at0830 });
      expect(booking!.details).toEqual({ service: 'urbanism' });
      const [sms] = (await outbox('booking.confirmation')).filter((m) => m.body.includes(code));
      expect(smsFold(sms.body)).toContain(smsFold(where(lang, 2)));
    });

    it('the list names every counter the office books, then what it tells where to go', async () => {
      const { last } = await play(lang, [
        { say: { label: 'counter:menu' }, expect: 'counter:askService', params: { office: rules.office } },
      ]);
      expect(buttonsOf(last)).toEqual([
        ...rules.services.map((s) => s.name[lang]),
        ...rules.elsewhere.map((e) => e.name[lang]),
      ]);
    });
  });

  describe.each(LANGS)('a full counter day, in %s', (lang) => {
    /** Tuesday 24 November written out, with its year. */
    const tuesdayTyped: Record<Lang, string> = { ro: '24.11.2026', fa: '۳ آذر ۱۴۰۵', en: '24 November 2026' };

    it('is not offered; typed at the day question, it is said to be unavailable and the days come again', async () => {
      // Every place of local taxes on Tuesday: each of its counters at every time of the day.
      const places = placesOf('local-taxes', TUESDAY);
      expect(places).toHaveLength(4 * 24); // 4 counters, every 20 minutes from 08:30 to 16:30
      for (const [n, place] of places.entries())
        await store().reserve(reservationOf(place, n), ctx.clock.now);
      expect((await store().taken('local-taxes', TUESDAY, TUESDAY)).places.get(TUESDAY)?.size).toBe(
        places.length,
      );

      // The days from Monday on, Tuesday left out, and the public holidays of 30 November and 1 December.
      const offered = ['2026-11-23', '2026-11-25', '2026-11-26', '2026-11-27', '2026-12-02'];
      const { who, last } = await play(lang, [
        { say: booker[lang].taxes, expect: 'counter:askDay', params: { service: taxes.name } },
      ]);
      expect(buttonsOf(last)).toEqual(dayButtons(lang, offered));

      const refused = await goOn(lang, who, [
        { say: tuesdayTyped[lang], expect: 'slots.dayUnavailable', params: { day: TUESDAY } },
      ]);
      expect(textOf(refused.last)).toContain(t(lang, 'counter:askDay', { service: taxes.name }));
      expect(buttonsOf(refused.last)).toEqual(dayButtons(lang, offered));

      // Another day is offered and taken.
      await goOn(lang, who, [dayTurn('2026-11-25'), timeTurn(placeAt('local-taxes', '2026-11-25', 0))]);
      // Another service's Tuesday is not full.
      const { last: other } = await play(lang, [
        { say: { label: 'counter:menu' }, expect: 'counter:askService' },
        {
          say: { label: 'counter:serviceChoice', params: { name: urbanism.name } },
          expect: 'counter:askDay',
        },
      ]);
      expect(buttonsOf(other)).toContain(t(lang, 'choice.day', { day: TUESDAY }));
    });
  });

  describe.each(LANGS)('public holidays, in %s', (lang) => {
    /** 30 November (St Andrew's Day) and 1 December (National Day), written with their year. */
    const typed: Record<Lang, [string, string]> = {
      ro: ['30.11.2026', '1 decembrie 2026'],
      fa: ['۱۴۰۵/۰۹/۰۹', '۱۰ آذر ۱۴۰۵'],
      en: ['30 November 2026', '1 December 2026'],
    };

    it('St Andrew’s Day and National Day are not offered; typed, each is said to be unavailable', async () => {
      const isHoliday = createHolidayCalendar(office.holidayCountry);
      expect([isHoliday('2026-11-30'), isHoliday('2026-12-01')]).toEqual([true, true]);
      ctx.clock.now = new Date('2026-11-27T08:00:00Z'); // Friday 27 November 2026, 10:00 in Bucharest
      const offered = ['2026-11-27', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07'];
      const { who, last } = await play(lang, [
        { say: booker[lang].taxes, expect: 'counter:askDay', params: { service: taxes.name } },
      ]);
      expect(buttonsOf(last)).toEqual(dayButtons(lang, offered));
      await goOn(lang, who, [
        { say: typed[lang][0], expect: 'slots.dayUnavailable', params: { day: '2026-11-30' } },
        { say: typed[lang][1], expect: 'slots.dayUnavailable', params: { day: '2026-12-01' } },
        dayTurn('2026-12-02'),
      ]);
    });
    it('a day typed without its year, at the day question, is the next such day: National Day 2026', async () => {
      const withoutYear: Record<Lang, string> = { ro: '1 decembrie', fa: '۱۰ آذر', en: '1 December' };
      ctx.clock.now = new Date('2026-11-27T08:00:00Z'); // Friday 27 November 2026, 10:00 in Bucharest
      await play(lang, [
        { say: booker[lang].taxes, expect: 'counter:askDay', params: { service: taxes.name } },
        { say: withoutYear[lang], expect: 'slots.dayUnavailable', params: { day: '2026-12-01' } },
      ]);
    });
  });

  describe.each(LANGS)('my booking, in %s', (lang) => {
    it('found with its code and phone and shown with what it is; moved (the old place freed), then cancelled, with an SMS each time', async () => {
      const { last } = await play(lang, taxesByWords(lang));
      const code = codeIn(textOf(last));
      const what = { t: 'counter:what', params: { service: taxes.name, office: rules.office } };
      const find = (when: string): Turn[] => [
        { say: { label: 'choice.myBooking' }, expect: 'booking.askCode' },
        { say: code.toLowerCase(), expect: 'booking.askPhone' },
        { say: booker[lang].phone, expect: 'booking.show', params: { code, what, when } },
      ];

      // The first place offered: Monday 23 November at 12:10, the first time at least two hours ahead.
      const monday1210 = placeAt('local-taxes', '2026-11-23', 11);
      await play(lang, [
        ...find(TUESDAY_0830),
        {
          say: { label: 'choice.moveBooking' },
          expect: 'booking.askNewSlot',
          params: { official: taxes.name, when: TUESDAY_0830 },
        },
        { say: '1', expect: 'booking.confirmMove', params: { from: TUESDAY_0830, to: monday1210 } },
        { say: { label: 'choice.yes' }, expect: 'booking.moved', params: { code, when: monday1210 } },
      ]);
      expect(await store().agenda(TUESDAY)).toEqual([]);
      expect((await store().taken('local-taxes', TUESDAY, TUESDAY)).places).toEqual(new Map());
      const [moved] = await store().agenda('2026-11-23');
      expect(moved).toMatchObject({ code, resourceId: 'local-taxes', seq: 44, start: monday1210 });
      const [movedSms] = await outbox('booking.moved');
      expect(movedSms).toMatchObject({ channel: 'sms', to: booker[lang].e164 });
      expectSms(lang, movedSms.body, 'moved', {
        code,
        when: monday1210,
        where: where(lang, 1),
        icsUrl: icsUrlIn(textOf(last)),
      });
      const invite = await fetch(`${ctx.app.baseUrl}${new URL(icsUrlIn(textOf(last))).pathname}`);
      expect((await invite.text()).replace(/\r?\n[ \t]/g, '')).toMatch(
        /DTSTART;TZID=Europe\/Bucharest:20261123T121000/,
      );

      await play(lang, [
        ...find(monday1210),
        { say: { label: 'choice.cancelBooking' }, expect: 'booking.confirmCancel' },
        { say: { label: 'choice.yes' }, expect: 'booking.cancelled', params: { code } },
      ]);
      expect(await store().agenda('2026-11-23')).toEqual([]);
      const [cancelled] = await outbox('booking.cancelled');
      expect(cancelled).toMatchObject({ channel: 'sms', to: booker[lang].e164 });
      expectSms(lang, cancelled.body, 'cancelled', { code });
      expect(cancelled.body).toContain(code);
    });
  });

  describe.each(LANGS)('moving a counter booking, in %s', (lang) => {
    /** What an audience is called: a counter appointment is none. */
    const audience: Record<Lang, RegExp> = { ro: /audien[țţt]/i, fa: /ملاقات/, en: /audience/i };

    it('speaks of the appointment, not of an audience', async () => {
      const { last } = await play(lang, taxesByWords(lang));
      const code = codeIn(textOf(last));
      const { who } = await play(lang, [
        { say: { label: 'choice.myBooking' }, expect: 'booking.askCode' },
        { say: code, expect: 'booking.askPhone' },
        { say: booker[lang].phone, expect: 'booking.show' },
      ]);
      for (const say of [t(lang, 'choice.moveBooking'), '1', t(lang, 'choice.yes')]) {
        const answer = textOf(await who.say(say));
        expect({ say, answer }).toEqual({ say, answer: expect.not.stringMatching(audience[lang]) });
      }
      expect(await store().agenda(TUESDAY)).toEqual([]);
    });
  });

  describe.each(LANGS)('told where, not booked, in %s', (lang) => {
    /** Words of the data for civil status and identity documents, as a citizen writes them. */
    const asked: Record<Lang, [string, string]> = {
      ro: ['certificat de naștere', 'buletin'],
      fa: ['شناسنامه', 'کارت شناسایی'],
      en: ['birth certificate', 'ID card'],
    };
    const told = (id: string) => {
      const e = elsewhereOf(id);
      return { name: e.name, where: e.where, handles: e.handles };
    };

    it('civil status and identity documents, in words or by the buttons: where they are done, then the menu; nothing booked', async () => {
      expect(elsewhereOf('civil-status').words[lang]).toContain(asked[lang][0]);
      expect(elsewhereOf('identity-documents').words[lang]).toContain(asked[lang][1]);
      const { who, last } = await play(lang, [
        { say: asked[lang][0], expect: 'counter:elsewhere', params: told('civil-status') },
      ]);
      expect(textOf(last)).toContain(t(lang, 'menu.prompt'));
      expect(textOf(last)).toContain(elsewhereOf('civil-status').where[lang]);
      const again = await goOn(lang, who, [
        { say: asked[lang][1], expect: 'counter:elsewhere', params: told('identity-documents') },
      ]);
      expect(textOf(again.last)).toContain(t(lang, 'menu.prompt'));
      for (const id of ['civil-status', 'identity-documents'])
        await goOn(lang, who, [
          { say: { label: 'counter:menu' }, expect: 'counter:askService' },
          {
            say: { label: 'counter:serviceChoice', params: { name: elsewhereOf(id).name } },
            expect: 'counter:elsewhere',
            params: told(id),
          },
        ]);
      expect(bookingCount()).toBe(0);
      expect(await ctx.app.clerk.outbox.list()).toEqual([]);
    });
  });

  describe.each(LANGS)('information from the data, in %s', (lang) => {
    const digits = (text: string) =>
      lang === 'fa' ? text.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]) : text;
    /** A number standing alone (86 is not read in 686), in Latin or, in Persian, in either digits. */
    const number = (n: string) =>
      new RegExp(`(^|[^0-9۰-۹])(${n}${lang === 'fa' ? `|${digits(n)}` : ''})([^0-9۰-۹]|$)`);
    const intl = { ro: 'ro-RO', fa: 'fa-IR-u-ca-persian', en: 'en-GB' }[lang];
    const weekdayName = (iso: number) =>
      new Intl.DateTimeFormat(intl, { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2024, 0, iso)),
      );
    /** The weekdays a stretch of text names: each day named, and every day of a range "Monday–Wednesday". */
    function weekdaysIn(text: string): number[] {
      const names = [1, 2, 3, 4, 5, 6, 7]
        .map((d) => ({ d, name: weekdayName(d) }))
        .sort((a, b) => b.name.length - a.name.length);
      const pattern = new RegExp(names.map((n) => n.name).join('|'), 'g');
      const found = [...text.matchAll(pattern)].map((m) => ({
        d: names.find((n) => n.name === m[0])!.d,
        start: m.index,
        end: m.index + m[0].length,
      }));
      const days = new Set<number>();
      found.forEach((f, i) => {
        days.add(f.d);
        const before = found[i - 1];
        if (before && text.slice(before.end, f.start).trim() === '–')
          for (let d = before.d; d <= f.d; d++) days.add(d);
      });
      return [...days].sort();
    }

    /** The menu's "hours and addresses", then a topic: its answer, which names its source. */
    async function ask(topic: string): Promise<string> {
      const { last } = await play(lang, [
        { say: { label: 'choice.info' }, expect: 'info.prompt' },
        { say: { label: `choice.infoTopic.${topic}` }, expect: `info.${topic}` },
      ]);
      expect(textOf(last)).toContain(office.source);
      return textOf(last);
    }

    it('the hours: each day with its own closing, Thursday until 18:30, the others until 16:30', async () => {
      const hours = await ask('hours');
      const thursday = office.publicHours.find((h) => h.weekdays.includes(4))!;
      expect(thursday.close).toBe('18:30');
      // Each stretch of days with its hours, as the data groups them; a day named in no other stretch.
      const stretches = hours.split(/[;؛]/);
      for (const h of office.publicHours) {
        const range = `${digits(h.open)}–${digits(h.close)}`;
        const stretch = stretches.filter((part) => part.includes(range));
        expect({ range, stretches: stretch.length }).toEqual({ range, stretches: 1 });
        expect({ range, days: weekdaysIn(stretch[0]) }).toEqual({ range, days: [...h.weekdays].sort() });
      }
      // Monday to Friday are not one stretch: Thursday closes later.
      expect(hours).not.toContain(`${weekdayName(1)}–${weekdayName(5)}`);
    });

    it('the sites: the Citizen Office and civil status with their addresses, and the buses, trolleybuses and metro to the office', async () => {
      const sites = await ask('sites');
      for (const site of office.sites) expect(sites).toContain(site.address);
      expect(sites).toContain(office.sites.find((s) => s.id === 'civil-status')!.address);
      expect(sites).toContain('Bd. Mareșal Averescu nr. 17');
      const transport = office.transport!;
      for (const line of [...transport.bus!, ...transport.trolleybus!])
        expect({ line, found: number(line).test(sites) }).toEqual({ line, found: true });
      for (const metro of transport.metro!) {
        expect(sites).toContain(metro.line);
        expect(sites).toContain(metro.station);
      }
    });

    it('the phones and the e-mail', async () => {
      const phones = await ask('phones');
      for (const phone of office.contacts.phones) expect(phones).toContain(phone);
      expect(office.contacts.phones).toContain('021/319.10.01');
      expect(phones).toContain(office.contacts.email);
    });

    it('what each counter handles, and where what is not booked here is done', async () => {
      const lines = (await ask('counters')).split('\n');
      const lineOf = (name: string) => lines.find((line) => line.includes(name));
      for (const s of rules.services) expect(lineOf(s.name[lang])).toContain(s.handles[lang]);
      for (const e of rules.elsewhere) expect(lineOf(e.name[lang])).toContain(e.where[lang]);
    });
  });
  describe.each(LANGS)('the greeting, in %s', (lang) => {
    it('offers the counters the office books, none of those done elsewhere', async () => {
      const who = citizen(ctx.app.baseUrl, ctx.channel, LOCALE[lang]);
      const greeting = textOf(await who.start());
      for (const e of rules.elsewhere) expect(greeting).not.toContain(e.name[lang]);
    });
  });
});

describe('over SMS', () => {
  const TOKEN = 'test-auth-token';
  const PUBLIC = 'https://clerk.example.org';
  const CITIZEN = '+40722123456';
  let tmp: ReturnType<typeof tempDir>;
  let app: RunningClerk;
  let clock: Date;
  let sid = 0;

  beforeEach(async () => {
    tmp = tempDir();
    clock = new Date('2026-11-23T08:00:00Z'); // Monday 10:00 in Bucharest
    app = await startClerk({
      dbPath: `${tmp.dir}/clerk.db`,
      now: () => clock,
      twilioHttpClient: fakeTwilio(() => clock).httpClient,
      env: {
        ...SECTOR_1,
        PUBLIC_BASE_URL: PUBLIC,
        TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: TOKEN,
        TWILIO_FROM: '+40700000001',
      },
    });
  });
  afterEach(async () => {
    try {
      await app.close();
    } finally {
      tmp.remove();
    }
  });

  /** A text message as Twilio posts it, signed for the public URL; the TwiML's messages back, joined. */
  async function sms(body: string): Promise<string> {
    const params = {
      MessageSid: `SM${String(++sid).padStart(32, '0')}`,
      AccountSid: `AC${'0'.repeat(32)}`,
      From: CITIZEN,
      To: '+40700000001',
      Body: body,
      NumMedia: '0',
    };
    const response = await fetch(`${app.baseUrl}/api/twilio`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC}/api/twilio`, params),
      },
      body: new URLSearchParams(params),
    });
    expect(response.status).toBe(200);
    return [...(await response.text()).matchAll(/<Message>([\s\S]*?)<\/Message>/g)]
      .map((m) =>
        m[1]
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'")
          .replace(/&amp;/g, '&'),
      )
      .join('\n');
  }

  it('books local taxes in Romanian with numbered answers, the phone the sender’s; the confirmation SMS in the outbox', async () => {
    const t = (key: string, params?: Params) => app.clerk.texts.t('ro', key, params);
    const turns: [string, string][] = [
      [booker.ro.taxes, 'counter:askDay'],
      ['2', 'counter:askTime'], // Tuesday 24 November
      ['1', 'contact.askName'], // 08:30
      [booker.ro.name, 'contact.askConsent'], // not contact.askPhone: the sender's number is the phone
      ['1', 'counter:summary'],
    ];
    for (const [say, key] of turns) {
      clock = new Date(clock.getTime() + 10_000);
      const reply = await sms(say);
      expect({ say, got: reply }).toEqual({ say, got: expect.stringMatching(templatePattern('ro', key)!) });
      expect(reply).not.toContain(t('contact.askPhone'));
    }
    clock = new Date(clock.getTime() + 10_000);
    const booked = await sms('1');
    const code = codeIn(booked);
    expect(booked).toContain(t('counter:booked', { code, when: TUESDAY_0830, where: whereParam(1) }));
    // By SMS the calendar invite is its name and its address on a line of their own.
    expect(booked).toContain(`${t('choice.calendar')}: ${icsUrlIn(booked)}`);
    expect(booked).toContain(t('counter:priority'));

    const [booking] = await app.clerk.bookings.agenda(TUESDAY);
    expect(booking).toMatchObject({
      code,
      resourceId: 'local-taxes',
      seq: 0,
      phone: CITIZEN,
      channel: 'sms',
    });
    const confirmations = (await app.clerk.outbox.list()).filter((m) => m.kind === 'booking.confirmation');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]).toMatchObject({ channel: 'sms', to: CITIZEN });
    expect(confirmations[0].body).toContain(code);
    expect(smsFold(confirmations[0].body)).toContain(smsFold(t('counter:where', whereParams(1))));
  });
});
