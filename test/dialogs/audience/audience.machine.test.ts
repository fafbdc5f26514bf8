import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createActor, fromPromise, waitFor } from 'xstate';
import { procedure as audience } from '../../../dialogs/audience';
import { createConversationMachine } from '../../../dialogs/conversation/conversation.machine';
import { SLOT_TAKEN, type AppointmentRequest, type BookingResult } from '../../../dialogs/appointment';
import type { ClerkEvent, Reply } from '../../../dialogs/reply';
import type { Slot } from '../../../dialogs/rules/slot-engine';
import { AT, choice, city, clearReason, machine, run, SLOT, text, viewOf } from '../../helpers/machine-paths';

const title = (id: string) => city.officials!.find((o) => o.id === id)!.title;

const toReason: ClerkEvent[] = [
  text('vreau audiență la șef', { intent: { intent: 'audience.request', score: 1, official: 'head' } }),
  choice('yes'),
  text('123456/2026'),
  text('01.09.2026'),
  choice('outcome.negative'),
];

describe('audience machine: transitions', () => {
  it('a request naming the official goes straight to that level’s evidence question', () => {
    const mayor = run([
      text('vreau la primar', { intent: { intent: 'audience.request', score: 1, official: 'mayor' } }),
    ]);
    expect(mayor.snapshot.value).toBe('askPriorAudience');
    expect(mayor.replies.map((r) => r.key)).toEqual(['audience.askPriorDeputyAudience']);
  });

  it('the menu’s “Audience” said in a sentence that names the official goes to that level’s question', () => {
    const named = run([
      { type: 'conversation.start', at: AT },
      {
        type: 'user.choice',
        value: 'audience',
        at: AT,
        intent: { intent: 'audience.request', score: 1, official: 'mayor' },
      },
    ]);
    expect(named.snapshot.value).toBe('askPriorAudience');
    const unnamed = run([
      { type: 'conversation.start', at: AT },
      { type: 'user.choice', value: 'audience', at: AT, intent: { intent: 'audience.request', score: 1 } },
    ]);
    expect(unnamed.snapshot.value).toBe('chooseLevel');
  });

  it('no petition: refused with the rule, no slot offered', () => {
    const { snapshot, replies } = run([toReason[0], choice('no')]);
    expect(snapshot.value).toBe('notEligible');
    expect(replies.at(-1)?.key).toBe('rules.head.needsPetition');
    expect(snapshot.context.slots).toEqual([]);
  });

  it('a petition answered favourably is no ground for an audience', () => {
    const { snapshot, replies } = run([...toReason.slice(0, 4), choice('outcome.positive')]);
    expect(snapshot.value).toBe('notEligible');
    expect(replies.at(-1)?.key).toBe('rules.head.petitionSolved');
  });

  it('an unanswered petition: refused until the 30-day term has passed, then accepted', () => {
    const young = run([...toReason.slice(0, 3), text('13.11.2026'), choice('outcome.none')]);
    expect(young.snapshot.value).toBe('notEligible');
    expect(young.replies.at(-1)).toMatchObject({
      key: 'rules.head.petitionTermRunning',
      params: { deadline: '2026-12-13', days: 30 },
    });
    const old = run([...toReason.slice(0, 3), text('23.10.2026'), choice('outcome.none')]);
    expect(old.snapshot.value).toBe('askReason');
  });

  it('the petition’s number written with its date: both kept, the date not asked again', () => {
    const both = run([...toReason.slice(0, 2), text('nr. 123456/02.09.2026')]);
    expect(both.snapshot.value).toBe('askPetitionOutcome');
    expect(both.snapshot.context).toMatchObject({ petitionNumber: '123456', petitionDate: '2026-09-02' });
    // A date still to come is not taken: the number is kept and the date asked for.
    const future = run([...toReason.slice(0, 2), text('123456 din 02.12.2026')]);
    expect(future.snapshot.value).toBe('askPetitionDate');
    expect(future.snapshot.context.petitionNumber).toBe('123456');
    expect(future.snapshot.context.petitionDate).toBeUndefined();
  });

  it('a yes said with the evidence in the same sentence keeps the evidence', () => {
    const withPetition = run([
      toReason[0],
      { type: 'user.choice', value: 'yes', at: AT, text: 'da, nr. 123456 din 2 septembrie' },
    ]);
    expect(withPetition.snapshot.value).toBe('askPetitionOutcome');
    expect(withPetition.snapshot.context).toMatchObject({
      petitionNumber: '123456',
      petitionDate: '2026-09-02',
    });
    // A yes with a number and no date asks for the number as usual ("2" in "acum 2 luni" is no number).
    const vague = run([toReason[0], { type: 'user.choice', value: 'yes', at: AT, text: 'da, acum 2 luni' }]);
    expect(vague.snapshot.value).toBe('askPetitionNumber');
    const mayor = text('vreau la primar', {
      intent: { intent: 'audience.request', score: 1, official: 'mayor' },
    });
    const prior = run([mayor, { type: 'user.choice', value: 'yes', at: AT, text: 'da, pe 12 noiembrie' }]);
    expect(prior.snapshot.value).toBe('askReason');
    expect(prior.snapshot.context.priorAudienceDate).toBe('2026-11-12');
    const undated = run([mayor, { type: 'user.choice', value: 'yes', at: AT, text: 'da, am fost' }]);
    expect(undated.snapshot.value).toBe('askPriorAudienceDate');
  });

  it('a date in words, or yesterday, is a date', () => {
    const words = run([...toReason.slice(0, 3), text('2 septembrie')]);
    expect(words.snapshot.context.petitionDate).toBe('2026-09-02');
    const yesterday = run([...toReason.slice(0, 3), text('ieri')]);
    expect(yesterday.snapshot.context.petitionDate).toBe('2026-11-22');
  });

  it('a date in the future or not a date is asked again', () => {
    const future = run([...toReason.slice(0, 3), text('01.01.2027')]);
    expect(future.snapshot.value).toBe('askPetitionDate');
    expect(future.replies.slice(-2).map((r) => r.key)).toEqual([
      'errors.dateInFuture',
      'audience.askPetitionDate',
    ]);
    const nonsense = run([...toReason.slice(0, 3), text('nu mai știu')]);
    expect(nonsense.replies.slice(-2).map((r) => r.key)).toEqual([
      'errors.invalidDate',
      'audience.askPetitionDate',
    ]);
  });

  it('a vague reason is refused with an example and asked again; a clear one is routed to the competent official', () => {
    const vague = run([...toReason, text('probleme personale', { reason: { intent: 'vague', score: 0.9 } })]);
    expect(vague.snapshot.value).toBe('askReason');
    expect(vague.replies.slice(-2).map((r) => r.key)).toEqual([
      'audience.reasonTooVague',
      'audience.askReason',
    ]);
    const clear = run([...toReason, clearReason]);
    expect(clear.snapshot.value).toBe('askMode');
    expect(clear.snapshot.context).toMatchObject({
      topic: 'roads',
      departmentId: 'technical',
      officialId: 'head-technical',
    });
  });

  it('at the deputy level the citizen chooses among the deputies, the competent one first and suggested', () => {
    const toDeputy = [
      text('viceprimar', { intent: { intent: 'None', score: 1, official: 'deputy' } }),
      choice('yes'),
      text('10.11.2026'),
      clearReason,
    ];
    const offered = run(toDeputy);
    expect(offered.snapshot.value).toBe('chooseDeputy');
    const named = (id: string) => ({
      value: `deputy.${id}`,
      key: 'choice.named',
      params: { name: title(id) },
    });
    expect(offered.replies.at(-1)).toEqual({
      key: 'audience.askDeputy',
      params: { official: title('vice-mayor-1') },
      choices: [
        { value: 'deputy.vice-mayor-1', key: 'choice.suggested', params: { name: title('vice-mayor-1') } },
        named('vice-mayor-2'),
        named('public-administrator'),
        named('secretary-general'),
      ],
    });
    // Another deputy than the one suggested: the audience is booked with the one chosen.
    const chosen = run([...toDeputy, choice('deputy.public-administrator')]);
    expect(chosen.snapshot.value).toBe('askMode');
    expect(chosen.snapshot.context).toMatchObject({
      officialId: 'public-administrator',
      departmentId: 'technical',
    });
    expect(chosen.snapshot.context.decided).toMatchObject({
      rule: 'deputy.chosen',
      params: { official: 'public-administrator', suggested: 'vice-mayor-1' },
    });
    // The department's head is no deputy, and the mayor is not offered at this step.
    expect(run([...toDeputy, choice('deputy.head-technical')]).snapshot.value).toBe('chooseDeputy');
    expect(run([...toDeputy, choice('deputy.mayor')]).snapshot.value).toBe('chooseDeputy');
  });

  it('a deputy for a problem no department was found for: all of them, none suggested, no department asked', () => {
    const { snapshot, replies } = run([
      text('viceprimar', { intent: { intent: 'None', score: 1, official: 'deputy' } }),
      choice('yes'),
      text('10.11.2026'),
      text('vecinul a închis aleea comună dintre blocuri fără nicio aprobare', {
        reason: { intent: 'None', score: 1 },
      }),
    ]);
    expect(snapshot.value).toBe('chooseDeputy');
    expect(replies.at(-1)?.key).toBe('audience.askDeputyAny');
    expect(replies.at(-1)?.choices?.map((c) => [c.value, c.key])).toEqual([
      ['deputy.vice-mayor-1', 'choice.named'],
      ['deputy.vice-mayor-2', 'choice.named'],
      ['deputy.public-administrator', 'choice.named'],
      ['deputy.secretary-general', 'choice.named'],
    ]);
  });

  it('the step before the mayor is a vice-mayor whatever the matter: the public administrator is not offered', () => {
    const taxes = text('impozitul pe clădire calculat greșit', {
      reason: { intent: 'topic.taxes', score: 0.95 },
    });
    const toStep = [
      text('vreau la primar', { intent: { intent: 'audience.request', score: 1, official: 'mayor' } }),
      choice('no'),
      choice('level.deputy'),
    ];
    const step = run(toStep);
    expect(step.snapshot.value).toBe('askPriorAudience');
    expect(step.replies.at(-1)?.key).toBe('audience.askPriorHeadAudience');
    // Taxes are coordinated by the public administrator: only the vice-mayors are offered, none suggested.
    const forTaxes = run([...toStep, choice('yes'), text('10.11.2026'), taxes]);
    expect(forTaxes.snapshot.value).toBe('chooseDeputy');
    expect(forTaxes.replies.at(-1)).toMatchObject({
      key: 'audience.askViceMayor',
      choices: [
        { value: 'deputy.vice-mayor-1', key: 'choice.named' },
        { value: 'deputy.vice-mayor-2', key: 'choice.named' },
      ],
    });
    expect(forTaxes.replies.at(-1)?.params).toBeUndefined();
    expect(
      run([...toStep, choice('yes'), text('10.11.2026'), taxes, choice('deputy.public-administrator')])
        .snapshot.value,
    ).toBe('chooseDeputy');
    const booked = run([...toStep, choice('yes'), text('10.11.2026'), taxes, choice('deputy.vice-mayor-2')]);
    expect(booked.snapshot.value).toBe('askMode');
    expect(booked.snapshot.context.officialId).toBe('vice-mayor-2');
    // A matter a vice-mayor coordinates: that vice-mayor first, suggested.
    const forRoads = run([...toStep, choice('yes'), text('10.11.2026'), clearReason]);
    expect(forRoads.replies.at(-1)?.choices?.map((c) => [c.value, c.key])).toEqual([
      ['deputy.vice-mayor-1', 'choice.suggested'],
      ['deputy.vice-mayor-2', 'choice.named'],
    ]);
    // The deputy level chosen at the start is the citizen's choice of all three.
    const chosenLevel = run([
      { type: 'conversation.start', at: AT },
      choice('audience'),
      choice('level.deputy'),
      choice('yes'),
      text('10.11.2026'),
      taxes,
    ]);
    expect(chosenLevel.replies.at(-1)).toMatchObject({
      key: 'audience.askDeputy',
      params: { official: title('public-administrator') },
    });
    expect(chosenLevel.replies.at(-1)?.choices).toHaveLength(4);
  });

  it('the mayor’s question asks about a vice-mayor, in every language', () => {
    const asked = run([
      text('vreau la primar', { intent: { intent: 'audience.request', score: 1, official: 'mayor' } }),
    ]);
    expect(asked.replies.at(-1)?.key).toBe('audience.askPriorDeputyAudience');
    const words = { ro: /viceprimar/, en: /vice-mayor/, fa: /معاونان شهردار/ };
    for (const [lang, word] of Object.entries(words)) {
      const locale = JSON.parse(
        readFileSync(path.join(__dirname, `../../../locales/${lang}/clerk.json`), 'utf8'),
      );
      expect({ lang, text: locale.audience.askPriorDeputyAudience }).toEqual({
        lang,
        text: expect.stringMatching(word),
      });
      // Neither the public administrator nor the secretary general is named there.
      expect(locale.audience.askPriorDeputyAudience).not.toMatch(/administrat|secretar|مدیر عمومی|دبیر/i);
    }
  });

  it('a reason outside the city hall’s competence names where to go', () => {
    const { snapshot, replies } = run([
      ...toReason,
      text('pensia', { reason: { intent: 'outside.pension', score: 0.9 } }),
    ]);
    expect(snapshot.value).toBe('outOfCompetence');
    expect(replies.at(-2)).toMatchObject({
      key: 'audience.outOfCompetence',
      params: { institution: city.referrals!.pension },
    });
  });

  it('an unclassified reason is accepted when it says enough, and the department is then asked', () => {
    const long = run([
      ...toReason,
      text('vecinul a închis aleea comună dintre blocuri fără nicio aprobare', {
        reason: { intent: 'None', score: 1 },
      }),
    ]);
    expect(long.snapshot.value).toBe('chooseDepartment');
    const short = run([...toReason, text('ceva aici', { reason: { intent: 'None', score: 1 } })]);
    expect(short.snapshot.value).toBe('askReason');
  });

  it('phone numbers are normalised to E.164, Persian digits included; invalid ones are asked again', () => {
    const base = [...toReason, clearReason, choice('site'), text('Ioana Pop')];
    expect(run([...base, text('۰۷۲۲ ۱۲۳ ۴۵۶')]).snapshot.context.phone).toBe('+40722123456');
    expect(run([...base, text('0912 345 6789')]).snapshot.context.phone).toBe('+989123456789');
    const bad = run([...base, text('12345')]);
    expect(bad.snapshot.value).toBe('askPhone');
    expect(bad.replies.at(-2)?.key).toBe('contact.invalidPhone');
  });

  it('an e-mail address typed where the written answer’s route is asked says both how and where', () => {
    const base = [...toReason, clearReason, choice('site'), text('Ioana Pop'), text('0722123456')];
    const typed = run([...base, text('ioana.pop@example.org')]);
    expect(typed.snapshot.value).toBe('askConsent');
    expect(typed.snapshot.context).toMatchObject({ answerBy: 'email', email: 'ioana.pop@example.org' });
    // The consent names the e-mail address among the personal data; without one, it does not.
    expect(typed.replies.at(-1)).toMatchObject({
      key: 'contact.askConsent',
      params: { data: { t: 'audience.consentData.email' } },
    });
    expect(run([...base, choice('pickup')]).replies.at(-1)).toMatchObject({
      key: 'contact.askConsent',
      params: { data: { t: 'audience.consentData.basic' } },
    });
    // Any other text there is no answer: the question stays.
    expect(run([...base, text('nu știu încă')]).snapshot.value).toBe('askAnswerBy');
  });

  it('help repeats the question being asked; menu starts over', () => {
    const help = run([...toReason, { type: 'nav.help', at: AT }]);
    expect(help.snapshot.value).toBe('askReason');
    expect(help.replies.slice(-2).map((r) => r.key)).toEqual(['help.text', 'audience.askReason']);
    const menu = run([...toReason, { type: 'nav.menu', at: AT }]);
    expect(menu.snapshot.value).toBe('menu');
    expect(menu.snapshot.context.level).toBeUndefined();
  });

  it('refusing consent forgets what was entered', () => {
    const base = [
      ...toReason,
      clearReason,
      choice('site'),
      text('Ioana Pop'),
      text('0722123456'),
      choice('none'),
    ];
    const { snapshot, replies } = run([...base, choice('no')]);
    expect(snapshot.value).toBe('menu');
    expect(snapshot.context.name).toBeUndefined();
    expect(snapshot.context.phone).toBeUndefined();
    expect(replies.map((r) => r.key)).toContain('contact.consentRefused');
  });
});

const toConsent: ClerkEvent[] = [
  ...toReason,
  clearReason,
  choice('phone'),
  text('Ioana Pop'),
  text('0722 123 456'),
  choice('email'),
  text('ioana@example.ro'),
];

describe('audience machine: effects provided by the bot', () => {
  async function drive(
    events: ClerkEvent[],
    book: (input: AppointmentRequest) => Promise<BookingResult>,
    find: () => Promise<Slot[]> = async () => [SLOT, { ...SLOT, seq: 1, start: '2026-11-24T07:15:00.000Z' }],
  ) {
    const replies: Reply[] = [];
    const actor = createActor(
      machine.provide({
        actors: {
          findSlots: fromPromise(find),
          book: fromPromise<BookingResult, AppointmentRequest>(({ input }) => book(input)),
        },
      }),
    );
    actor.on('reply', (e) => replies.push(e.reply));
    actor.start();
    for (const event of events) {
      actor.send(event);
      // The booking and the slot search are actors: wait until the dialog is no longer busy with one.
      await waitFor(actor, (s) => !s.hasTag('busy'));
    }
    const snapshot = viewOf(actor);
    actor.stop();
    return { snapshot, replies };
  }

  it('the summary shows where the written answer goes, as typed', async () => {
    const { replies } = await drive([...toConsent, choice('yes'), choice('slot.1')], async () => ({
      code: 'X',
      icsUrl: 'u',
    }));
    expect(replies.at(-1)).toMatchObject({
      key: 'audience.summary',
      params: { answerBy: { t: 'answerBy.email' }, answerTo: ' (ioana@example.ro)' },
    });
  });

  it('books with everything the citizen gave, and confirms with the code and calendar link', async () => {
    const booked: AppointmentRequest[] = [];
    const { snapshot, replies } = await drive(
      [...toConsent, choice('yes'), choice('slot.1'), choice('confirm')],
      async (input) => {
        booked.push(input);
        return { code: 'ABCD-EFGH', icsUrl: 'https://clerk.example/ics/t.ics' };
      },
    );
    expect(booked).toEqual([
      expect.objectContaining({
        procedure: 'audience',
        slot: expect.objectContaining({ resourceId: 'head-technical', seq: 1 }),
        name: 'Ioana Pop',
        phone: '+40722123456',
        details: expect.objectContaining({
          level: 'head',
          mode: 'phone',
          answerBy: 'email',
          email: 'ioana@example.ro',
          evidence: {
            petition: { number: '123456/2026', date: '2026-09-01', outcome: 'negative' },
            priorAudienceDate: undefined,
          },
        }),
      }),
    ]);
    expect(snapshot.value).toBe('menu');
    const confirmation = replies.find((r) => r.key === 'audience.booked');
    expect(confirmation?.params).toMatchObject({ code: 'ABCD-EFGH' });
    // The calendar invite is a named link, not an address in the text.
    expect(confirmation?.link).toEqual({ key: 'choice.calendar', url: 'https://clerk.example/ics/t.ics' });
  });

  it('the confirmation says where, or how the official reaches the citizen, as the SMS and calendar do', async () => {
    const book = async () => ({ code: 'ABCD-EFGH', icsUrl: 'u' });
    const byPhone = await drive([...toConsent, choice('yes'), choice('slot.0'), choice('confirm')], book);
    const booked = byPhone.replies.findIndex((r) => r.key === 'audience.booked');
    expect(byPhone.replies[booked + 1]).toMatchObject({
      key: 'audience.bookedWhereAnswer',
      params: { where: { t: 'audience:where.phone' } },
    });
    const inPerson = toConsent.map((e) =>
      e.type === 'user.choice' && e.value === 'phone' ? choice('site') : e,
    );
    const onSite = await drive([...inPerson, choice('yes'), choice('slot.0'), choice('confirm')], book);
    expect(onSite.replies.find((r) => r.key.startsWith('audience.bookedWhere'))?.params).toMatchObject({
      where: {
        t: 'audience:where.site',
        params: { address: 'Primăria municipiului Cluj-Napoca, str. Moților nr. 3' },
      },
    });
    const byVideo = toConsent.map((e) =>
      e.type === 'user.choice' && e.value === 'phone' ? choice('video') : e,
    );
    expect(
      (await drive([...byVideo, choice('yes'), choice('slot.0'), choice('confirm')], book)).replies.find(
        (r) => r.key.startsWith('audience.bookedWhere'),
      )?.params,
    ).toMatchObject({ where: { t: 'audience:where.video' } });
  });

  it('the written answer: due the first working day after the audience, kept with the booking and told', async () => {
    const on = (day: string): Slot => ({
      ...SLOT,
      day,
      start: `${day}T07:00:00.000Z`,
      end: `${day}T07:15:00.000Z`,
    });
    const bookOn = async (day: string, events: ClerkEvent[] = toConsent) => {
      const booked: AppointmentRequest[] = [];
      const { replies } = await drive(
        [...events, choice('yes'), choice('slot.0'), choice('confirm')],
        async (input) => {
          booked.push(input);
          return { code: 'ABCD-EFGH', icsUrl: 'u' };
        },
        async () => [on(day)],
      );
      const answer = replies.find((r) => r.key.startsWith('audience.bookedWhere'));
      return { details: booked[0].details as { answerDue?: string }, answer };
    };
    // Tuesday 24 November 2026: Wednesday.
    const tuesday = await bookOn('2026-11-24');
    expect(tuesday.details.answerDue).toBe('2026-11-25');
    expect(tuesday.answer).toEqual({
      key: 'audience.bookedWhereAnswer',
      params: {
        where: { t: 'audience:where.phone' },
        answer: { t: 'audience.answerNote.email', params: { due: '2026-11-25', to: 'ioana@example.ro' } },
      },
    });
    // Friday 27 November: the weekend, St Andrew's Day (30 November) and the National Day (1 December) pass first.
    expect((await bookOn('2026-11-27')).details.answerDue).toBe('2026-12-02');
    // Thursday 24 December: Christmas (25 and 26 December) and the weekend.
    expect((await bookOn('2026-12-24')).details.answerDue).toBe('2026-12-28');
    // By post, the address it goes to; picked up, none.
    const byPost = toConsent.map((e) =>
      e.type === 'user.choice' && e.value === 'email'
        ? choice('post')
        : e.type === 'user.text' && e.text === 'ioana@example.ro'
          ? text('str. Horea nr. 10, Cluj-Napoca')
          : e,
    );
    expect((await bookOn('2026-11-24', byPost)).answer?.params?.answer).toEqual({
      t: 'audience.answerNote.post',
      params: { due: '2026-11-25', to: 'str. Horea nr. 10, Cluj-Napoca' },
    });
    const pickup = [...toConsent.slice(0, -2), choice('pickup')];
    expect((await bookOn('2026-11-24', pickup)).answer?.params?.answer).toEqual({
      t: 'audience.answerNote.pickup',
      params: { due: '2026-11-25' },
    });
    // No written answer asked for: no due day, and the confirmation says only where.
    const none = await bookOn('2026-11-24', [...toConsent.slice(0, -2), choice('none')]);
    expect(none.details.answerDue).toBeUndefined();
    expect(none.answer).toEqual({
      key: 'audience.bookedWhere',
      params: { where: { t: 'audience:where.phone' } },
    });
  });

  it('the due day skips the holidays the machine is given', async () => {
    const isHoliday = (d: string) => d === '2026-11-25';
    const holidays = createConversationMachine(city, [audience.dialog(city, { isHoliday })], { isHoliday });
    const booked: AppointmentRequest[] = [];
    const actor = createActor(
      holidays.provide({
        actors: {
          findSlots: fromPromise(async () => [SLOT]),
          book: fromPromise<BookingResult, AppointmentRequest>(async ({ input }) => {
            booked.push(input);
            return { code: 'ABCD-EFGH', icsUrl: 'u' };
          }),
        },
      }),
    ).start();
    for (const event of [...toConsent, choice('yes'), choice('slot.0'), choice('confirm')]) {
      actor.send(event);
      await waitFor(actor, (s) => !s.hasTag('busy'));
    }
    actor.stop();
    expect((booked[0].details as { answerDue?: string }).answerDue).toBe('2026-11-26');
  });

  it('a place taken meanwhile: says so and offers the places free now', async () => {
    let calls = 0;
    const { snapshot, replies } = await drive(
      [...toConsent, choice('yes'), choice('slot.0'), choice('confirm')],
      async () => {
        calls++;
        throw Object.assign(new Error('taken'), { code: SLOT_TAKEN });
      },
    );
    expect(calls).toBe(1);
    expect(snapshot.value).toBe('chooseSlot');
    expect(replies.map((r) => r.key).slice(-2)).toEqual(['slots.taken', 'audience.askSlot']);
  });

  it('a technical failure keeps the answers and asks for confirmation again', async () => {
    const { snapshot, replies } = await drive(
      [...toConsent, choice('yes'), choice('slot.0'), choice('confirm')],
      async () => {
        throw new Error('disk full');
      },
    );
    expect(snapshot.value).toBe('confirming');
    expect(snapshot.context.name).toBe('Ioana Pop');
    expect(replies.map((r) => r.key).slice(-2)).toEqual(['errors.technical', 'audience.summary']);
  });

  it('no free places: says so and returns to the menu', async () => {
    const { snapshot, replies } = await drive(
      [...toConsent, choice('yes')],
      async () => ({ code: '', icsUrl: '' }),
      async () => [],
    );
    expect(snapshot.value).toBe('menu');
    expect(replies.map((r) => r.key)).toContain('slots.none');
  });
});
