import { and, assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import {
  isBookingGone,
  isSlotTaken,
  type AppointmentRequest,
  type BookingKey,
  type BookingResult,
  type BookingView,
  type SlotSearch,
} from '../appointment';
import { audienceWhere } from './bookings';
import type { AnswerBy, AudienceDetails, Mode } from './details';
import {
  INFO_TOPICS,
  infoChoices,
  infoReply,
  namedTownHall,
  topicOfIntent,
  type InfoTopic,
} from '../info/answers';
import type { Level, Municipality, Official } from '../municipality';
import type { Choice, ClerkEmitted, ClerkEvent, Params, Reply } from '../reply';
import { isCitizenLimit, type LimitHit } from '../rules/citizen-limits';
import { judgePetition, judgePriorAudience, type PetitionOutcome, type RuleId } from '../rules/eligibility';
import { isLookupThrottled } from '../rules/lookup-limits';
import { parseDateInput } from '../rules/date-input';
import { readPetitionNumber } from '../rules/petition-number';
import { createHolidayCalendar } from '../rules/holidays';
import { checkPhone } from '../rules/phone';
import { contactWindow } from '../rules/public-hours';
import { judgeReason, type ReasonVerdict } from '../rules/reason-check';
import { normalizeCode } from '../rules/reference-code';
import { localDate, type Slot } from '../rules/slot-engine';

export { BOOKING_GONE, SLOT_TAKEN } from '../appointment';
import { sanitize } from '../text/normalize';

/**
 * The audience procedure of Cluj-Napoca City Hall as one conversation: the greeting menu, the
 * ladder with its evidence, the reason, how and where, who, the slot, the confirmation.
 *
 * The machine decides; it never does I/O. It emits `reply` events (locale keys with parameters) and
 * names its effects (`findSlots`, `bookAudience`, `findBooking`, `cancelBooking`, `moveBooking`), which the
 * bot provides at wiring time, and emits `staff.request` for the bot to record. Every free text arrives with
 * what the NLU makes of it (a question can interrupt any question); the state that expects a reason says
 * so with the tag `understands.reason`; `busy` marks states waiting on an effect.
 */

export type { AnswerBy, Mode } from './details';

/** The rule (or other decision) that settled the last turn, for staff: the Emulator shows it in a trace. */
export interface Decision {
  rule: string;
  params?: Record<string, string>;
  at: string;
}

/** Answers the clerk cannot use, in a row, after which it explains with an example and offers a person. */
export const MAX_MISSES = 3;
/** How many words of a message are read for a reference code in it. */
const MAX_CODE_WORDS = 60;
/** An NLU intent this sure is a question or a request even in the middle of another question. */
const INTERRUPT_SCORE = 0.8;

export interface AudienceContext {
  level?: Level;
  petitionNumber?: string;
  petitionDate?: string;
  petitionOutcome?: PetitionOutcome;
  priorAudienceDate?: string;
  /**
   * The deputy's audience is the step before the mayor's (taken from the mayor's refusal): only a vice-mayor's
   * counts for it, so only vice-mayors are offered.
   */
  viceMayorOnly?: boolean;
  reason?: string;
  topic?: string;
  departmentId?: string;
  officialId?: string;
  mode?: Mode;
  name?: string;
  phone?: string;
  answerBy?: AnswerBy;
  email?: string;
  postalAddress?: string;
  slots: Slot[];
  slot?: Slot;
  /** The question the clerk is waiting on, repeated after help or an answer it could not use. */
  prompt?: Reply;
  /** The rule that refused the citizen last (the citizen gets its locale text; staff see it in traces). */
  refusal?: { rule: RuleId; params?: Record<string, string> };
  /** Answers in a row the clerk could not use for the current question. */
  misses: number;
  /** The booking found by "my booking", and the key that found it. */
  booking?: BookingView;
  bookingCode?: string;
  /** Why the citizen wants a person (see StaffRequest.cause), and the question they were on. */
  personCause?: 'citizen' | 'stuck';
  personDuring?: string;
  decided?: Decision;
  /** The number the channel gives (SMS, WhatsApp sender), kept across resets: never asked for. */
  channelPhone?: string;
  /** See AppointmentRequest.requestId. */
  requestId?: string;
  /** The citizen's limit a booking would pass (municipality `audience.perCitizen`). */
  limit?: LimitHit;
  /** Minutes until "my booking" may look a booking up again, once refused for too many attempts. */
  lookupWait?: number;
}

/** Every field cleared: `assign` merges, so forgetting a field means setting it to undefined (the type lists them all). */
type Cleared = { [K in Exclude<keyof AudienceContext, 'slots' | 'misses' | 'channelPhone'>]-?: undefined } & {
  slots: Slot[];
  misses: number;
};
const EMPTY: Cleared = {
  level: undefined,
  petitionNumber: undefined,
  petitionDate: undefined,
  petitionOutcome: undefined,
  priorAudienceDate: undefined,
  viceMayorOnly: undefined,
  reason: undefined,
  topic: undefined,
  departmentId: undefined,
  officialId: undefined,
  mode: undefined,
  name: undefined,
  phone: undefined,
  answerBy: undefined,
  email: undefined,
  postalAddress: undefined,
  slots: [],
  slot: undefined,
  prompt: undefined,
  refusal: undefined,
  misses: 0,
  booking: undefined,
  bookingCode: undefined,
  personCause: undefined,
  personDuring: undefined,
  decided: undefined,
  requestId: undefined,
  limit: undefined,
  lookupWait: undefined,
};

const yesNo: Choice[] = [
  { value: 'yes', key: 'choice.yes' },
  { value: 'no', key: 'choice.no' },
];

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,24}$/;

/** Questions answered by typing, with an example of a usable answer each (locale `hints.<key>`). */
const TEXT_QUESTIONS = new Set([
  'audience.askPetitionNumber',
  'audience.askPetitionDate',
  'audience.askPriorAudienceDate',
  'audience.askReason',
  'audience.askName',
  'audience.askPhone',
  'audience.askEmail',
  'audience.askPostalAddress',
  'booking.askCode',
  'booking.askPhone',
  'person.askPhone',
]);

const personChoice: Choice = { value: 'person', key: 'choice.person' };
const menuChoice: Choice = { value: 'menu', key: 'choice.menu' };
const myBookingChoice: Choice = { value: 'myBooking', key: 'choice.myBooking' };

export interface MachineOptions {
  /** Public holidays (local ISO dates); default: the municipality's country, from date-holidays. */
  isHoliday?: (isoDate: string) => boolean;
}

export function createAudienceMachine(city: Municipality, options: MachineOptions = {}) {
  const isHoliday = options.isHoliday ?? createHolidayCalendar(city.holidayCountry);
  if (!city.audience) throw new Error(`${city.id}: the audience procedure needs an "audience" section`);
  const rules = city.audience;
  const officialList = city.officials ?? [];
  const departments = city.departments ?? [];
  const referrals = city.referrals ?? {};
  const officials = new Map(officialList.map((o) => [o.id, o]));
  const mayor = officialList.find((o) => o.level === 'mayor');
  const deputies = officialList.filter((o) => o.level === 'deputy');
  /** The vice-mayors (a city whose data does not tell its deputies apart has them all counted). */
  const viceMayors = deputies.some((o) => o.deputyRole)
    ? deputies.filter((o) => o.deputyRole === 'viceMayor')
    : deputies;
  const title = (id: string | undefined) =>
    (id ? officials.get(id)?.title : undefined) ?? { ro: '', fa: '', en: '' };
  const localToday = (at: string) => localDate(new Date(at), city.timeZone);

  /** The competent official for a level, given the department the problem belongs to. */
  function competentOfficial(level: Level, departmentId: string | undefined): Official | undefined {
    if (level === 'mayor') return mayor;
    const department = departments.find((d) => d.id === departmentId);
    if (!department) return undefined;
    if (level === 'deputy') return officials.get(department.coordinator);
    return officialList.find((o) => o.level === 'head' && o.department === department.id);
  }

  /**
   * Step 2 of the ladder is the citizen's choice among the deputies — a vice-mayor, the public administrator, the
   * secretary general (Cluj-Napoca City Hall, audience procedure) —, only vice-mayors when it leads to the mayor.
   * The one competent for the problem (its department's coordinator) comes first, suggested.
   */
  function deputyOffer(c: AudienceContext): { offered: Official[]; suggested?: Official } {
    const pool = c.viceMayorOnly ? viceMayors : deputies;
    const competent = competentOfficial('deputy', c.departmentId);
    const suggested = competent && pool.includes(competent) ? competent : undefined;
    return { offered: suggested ? [suggested, ...pool.filter((o) => o !== suggested)] : pool, suggested };
  }

  function deputyReply(c: AudienceContext): Reply {
    const { offered, suggested } = deputyOffer(c);
    const choices: Choice[] = offered.map((o) => ({
      value: `deputy.${o.id}`,
      key: o === suggested ? 'choice.suggested' : 'choice.named',
      params: { name: o.title },
    }));
    if (c.viceMayorOnly) return { key: 'audience.askViceMayor', choices };
    if (suggested) return { key: 'audience.askDeputy', params: { official: suggested.title }, choices };
    return { key: 'audience.askDeputyAny', choices };
  }

  function departmentForTopic(topic: string | undefined): string | undefined {
    return topic ? departments.find((d) => d.topics.includes(topic))?.id : undefined;
  }

  function reasonVerdict(event: ClerkEvent): ReasonVerdict | undefined {
    if (event.type !== 'user.text') return undefined;
    return judgeReason(event.text, event.reason ?? { intent: 'None', score: 0 });
  }

  /** What the citizen wrote: a free answer, or the sentence a choice was read in ("da, pe 12 noiembrie"). */
  function writtenText(event: ClerkEvent): string | undefined {
    return event.type === 'user.text' || event.type === 'user.choice' ? event.text : undefined;
  }

  /**
   * The reference code a citizen wrote, alone or anywhere in a sentence ("vreau să anulez programarea XC7R-9HFJ",
   * "cancel my booking xc7r 9hfj"): the whole text, a word, or two words of four, as normalizeCode reads them.
   * Within a sentence a word counts if it is written as codes are — with a digit, in capitals, or as two halves —
   * since some words have only the code's letters ("accepted"); any word does where the clerk asked for the code
   * (`asked`) or the sentence asks about a booking.
   */
  function codeSaid(event: ClerkEvent, asked: boolean): string | undefined {
    const text = writtenText(event);
    if (text === undefined) return undefined;
    const whole = normalizeCode(text);
    if (whole) return whole;
    const intent = event.type === 'user.text' || event.type === 'user.choice' ? event.intent : undefined;
    const anyWord = asked || intent?.intent === 'booking.manage';
    const words = text
      .split(/\s+/, MAX_CODE_WORDS)
      .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''));
    const written = (w: string) =>
      /\p{Nd}/u.test(w) || w === w.toUpperCase() || /^\S{4}[-–—_.]\S{4}$/.test(w);
    let loose: string | undefined;
    for (let i = 0; i < words.length; i++) {
      const code = words[i].length <= 11 ? normalizeCode(words[i]) : undefined;
      if (code && written(words[i])) return code;
      if (code) loose ??= code;
      const next = words[i + 1];
      if (words[i].length !== 4 || next?.length !== 4) continue;
      const pair = normalizeCode(`${words[i]}${next}`);
      const halves = [words[i], next];
      if (pair && (halves.some((h) => /\p{Nd}/u.test(h)) || halves.every((h) => h === h.toUpperCase())))
        return pair;
      if (pair) loose ??= pair;
    }
    return anyWord ? loose : undefined;
  }

  function dateAnswer(event: ClerkEvent): string | undefined {
    const text = writtenText(event);
    return text === undefined ? undefined : parseDateInput(text, localToday(event.at));
  }

  function petitionNumberAnswer(event: ClerkEvent) {
    const text = writtenText(event);
    return text === undefined ? undefined : readPetitionNumber(text, localToday(event.at));
  }

  function isPastDate(event: ClerkEvent): boolean {
    const date = dateAnswer(event);
    return !!date && date <= localToday(event.at);
  }

  function petitionVerdict(c: AudienceContext, event: ClerkEvent) {
    return judgePetition(
      { filed: true, date: c.petitionDate, outcome: c.petitionOutcome },
      localToday(event.at),
      rules.petitionAnswerDays,
    );
  }

  function refusalReply(verdict: { rule: RuleId; params?: Record<string, string> }): Reply {
    const choices: Choice[] = [];
    if (verdict.rule === 'mayor.needsDeputyAudience')
      choices.push({ value: 'level.deputy', key: 'choice.bookDeputy' });
    if (verdict.rule === 'deputy.needsHeadAudience')
      choices.push({ value: 'level.head', key: 'choice.bookHead' });
    choices.push({ value: 'menu', key: 'choice.menu' });
    return {
      key: `rules.${verdict.rule}`,
      params: { ...verdict.params, days: rules.petitionAnswerDays },
      choices,
    };
  }

  function summary(c: AudienceContext): Reply {
    const params: Params = {
      official: title(c.officialId),
      when: c.slot?.start ?? '',
      mode: { t: `mode.${c.mode}` },
      name: c.name ?? '',
      phone: c.phone ?? '',
      answerBy: { t: `answerBy.${c.answerBy ?? 'none'}` },
      // Where it goes, to be checked with the rest: the e-mail or postal address as typed.
      answerTo: c.email ? ` (${c.email})` : c.postalAddress ? ` (${c.postalAddress})` : '',
      reason: c.reason ?? '',
    };
    return {
      key: 'audience.summary',
      params,
      choices: [
        { value: 'confirm', key: 'choice.confirm' },
        { value: 'cancel', key: 'choice.cancel' },
      ],
    };
  }

  /**
   * A booking past the citizen's limit: said calmly, with what can be done. The reference code of the booking
   * the phone holds is not repeated: whoever typed a phone number has not shown it is theirs (it is in the SMS).
   */
  function limitReply(hit: LimitHit): Reply {
    if (hit.limit === 'active')
      return {
        key: 'audience.limitActive',
        params: { max: hit.max },
        choices: [myBookingChoice, menuChoice],
      };
    return {
      key: 'audience.limitOfficialDay',
      params: { official: title(hit.resourceId), day: hit.day, max: hit.max },
      choices: [{ value: 'slot.otherDay', key: 'choice.otherDay' }, myBookingChoice, menuChoice],
    };
  }

  const menuChoices: Choice[] = [
    { value: 'audience', key: 'choice.audience' },
    myBookingChoice,
    { value: 'info', key: 'choice.info' },
    personChoice,
    { value: 'help', key: 'choice.help' },
  ];

  /** The question again, with these answers added where it does not offer them already. */
  function withChoices(prompt: Reply, extra: Choice[]): Reply {
    const choices = prompt.choices ?? [];
    const missing = extra.filter((c) => !choices.some((p) => p.value === c.value));
    return missing.length ? { ...prompt, choices: [...choices, ...missing] } : prompt;
  }

  /** What the NLU says the citizen asks, when it is sure enough to interrupt the current question. */
  function interruption(event: ClerkEvent): string | undefined {
    if (event.type !== 'user.text' || !event.intent || event.intent.score < INTERRUPT_SCORE) return undefined;
    // Where a reason is expected, the reason model decides: only what it files as a question interrupts.
    if (event.reason && event.reason.intent !== 'question') return undefined;
    return event.intent.intent;
  }

  const isMarked = (event: ClerkEvent) => event.type === 'user.text' && /[?؟]/.test(event.text);

  /** The reply that answers an information question, from the data. */
  function questionReply(event: ClerkEvent): Reply {
    const topic = topicOfIntent(interruption(event)) ?? 'hours';
    return infoReply(topic, event.type === 'user.text' ? event.text : '', city);
  }

  function personReply(at: string): Reply {
    const window = contactWindow(new Date(at), city.publicHours, city.timeZone, isHoliday);
    if (!window) return { key: 'person.requestedLater' };
    return {
      key: window.today ? 'person.requestedToday' : 'person.requestedOn',
      params: { day: window.day, open: window.open, close: window.close },
    };
  }

  /**
   * The last day for the written answer: it is sent within one working day after the audience day (Cluj-Napoca
   * City Hall, audience procedure), so the first day after it that is no weekend and no public holiday.
   */
  function answerDue(day: string): string {
    let due = day;
    do {
      due = new Date(Date.parse(`${due}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    } while ([0, 6].includes(new Date(`${due}T12:00:00Z`).getUTCDay()) || isHoliday(due));
    return due;
  }
  const wantsAnswer = (c: AudienceContext) => !!c.answerBy && c.answerBy !== 'none';

  /** The confirmation's second part: where and how, and when and how the written answer comes if wanted. */
  function bookedWhere(c: AudienceContext): Reply {
    const where = audienceWhere(c.mode!, city);
    if (!wantsAnswer(c) || !c.slot) return { key: 'audience.bookedWhere', params: { where } };
    const due = answerDue(c.slot.day);
    const to = c.answerBy === 'email' ? c.email : c.answerBy === 'post' ? c.postalAddress : undefined;
    return {
      key: 'audience.bookedWhereAnswer',
      params: {
        where,
        answer: { t: `audience.answerNote.${c.answerBy}`, params: to ? { due, to } : { due } },
      },
    };
  }

  /** What the official needs to know, kept with the booking. */
  function audienceDetails(c: AudienceContext): AudienceDetails {
    return {
      level: c.level!,
      departmentId: c.departmentId,
      mode: c.mode!,
      answerBy: c.answerBy ?? 'none',
      email: c.email,
      postalAddress: c.postalAddress,
      reason: c.reason!,
      topic: c.topic,
      evidence: {
        petition:
          c.petitionNumber && c.petitionDate && c.petitionOutcome
            ? { number: c.petitionNumber, date: c.petitionDate, outcome: c.petitionOutcome }
            : undefined,
        priorAudienceDate: c.priorAudienceDate,
      },
      answerDue: wantsAnswer(c) && c.slot ? answerDue(c.slot.day) : undefined,
    };
  }

  const decide = (rule: string, at: string, params?: Record<string, string>): Decision => ({
    rule,
    params,
    at,
  });

  /** What a choice value of "my booking" or the menu means everywhere: a person, or the main menu. */
  const globalChoices = [
    { guard: { type: 'isChoice' as const, params: 'person' }, target: '#audience.person' },
    {
      guard: { type: 'isChoice' as const, params: 'menu' },
      target: '#audience.menu',
      actions: 'reset' as const,
    },
  ];
  /** Free text that is a question or a request, whatever the clerk asked: answered, then back to the question. */
  const questions = [
    { guard: 'isQuestion' as const, actions: ['answerQuestion' as const, 'resume' as const] },
    { guard: 'wantsPerson' as const, target: '#audience.person' },
  ];
  /**
   * Where an answer has a form of its own (a name, a date, a phone), a text in that form is the answer —
   * "Jane Doe" is a name whatever the NLU thinks of "doe" — unless it is marked as a question.
   */
  const markedQuestions = [
    { guard: 'isMarkedQuestion' as const, actions: ['answerQuestion' as const, 'resume' as const] },
    { guard: 'wantsPersonMarked' as const, target: '#audience.person' },
  ];
  /** A question answered with a phone number (kept in E.164), wherever the clerk asks for one. */
  const phoneAnswers = (target: string) => [
    ...markedQuestions,
    { guard: 'isPhone' as const, target, actions: 'rememberPhone' as const },
    ...questions,
    { actions: { type: 'reject' as const, params: { key: 'audience.invalidPhone' } } },
  ];

  return setup({
    types: {
      context: {} as AudienceContext,
      events: {} as ClerkEvent,
      emitted: {} as ClerkEmitted,
    },
    actors: {
      findSlots: fromPromise<Slot[], SlotSearch>(async () => {
        throw new Error('findSlots is provided by the bot');
      }),
      book: fromPromise<BookingResult, AppointmentRequest>(async () => {
        throw new Error('book is provided by the bot');
      }),
      findBooking: fromPromise<BookingView | null, BookingKey>(async () => {
        throw new Error('findBooking is provided by the bot');
      }),
      cancelBooking: fromPromise<BookingView, BookingKey>(async () => {
        throw new Error('cancelBooking is provided by the bot');
      }),
      moveBooking: fromPromise<BookingView, BookingKey & { slot: Slot }>(async () => {
        throw new Error('moveBooking is provided by the bot');
      }),
    },
    actions: {
      /** Ask a question: say it and remember it as what the clerk is waiting for. */
      ask: enqueueActions(({ enqueue }, reply: Reply) => {
        enqueue.assign({ prompt: reply, misses: 0 });
        enqueue.emit({ type: 'reply', reply });
      }),
      /**
       * An answer the clerk cannot use: say why and ask again. After MAX_MISSES in a row, explain what is
       * needed with an example instead, and offer a person (and the menu) along with the question's answers.
       */
      reject: enqueueActions(({ context, enqueue }, params: { key: string }) => {
        const misses = context.misses + 1;
        const prompt = context.prompt ?? { key: 'menu.prompt', choices: menuChoices };
        if (misses < MAX_MISSES) {
          enqueue.assign({ misses });
          enqueue.emit({ type: 'reply', reply: { key: params.key } });
          enqueue.emit({ type: 'reply', reply: prompt });
          return;
        }
        const offered = withChoices(prompt, [personChoice, menuChoice]);
        enqueue.assign({ misses, prompt: offered });
        enqueue.emit({
          type: 'reply',
          reply: {
            key: 'retry.stuck',
            params: {
              hint: { t: TEXT_QUESTIONS.has(prompt.key) ? `hints.${prompt.key}` : 'hints.choose' },
            },
          },
        });
        enqueue.emit({ type: 'reply', reply: offered });
      }),
      /** A person offered with the question's answers: the citizen chooses, and nothing said so far is lost. */
      offerPerson: enqueueActions(({ context, enqueue }) => {
        const offered = withChoices(context.prompt ?? { key: 'menu.prompt', choices: menuChoices }, [
          personChoice,
        ]);
        enqueue.assign({ prompt: offered });
        enqueue.emit({
          type: 'reply',
          reply: { key: 'person.offer', params: { person: { t: 'choice.person' } } },
        });
        enqueue.emit({ type: 'reply', reply: offered });
      }),
      answerQuestion: emit(({ event }) => ({ type: 'reply' as const, reply: questionReply(event) })),
      /** Back to the question the clerk was on, saying so (the menu needs no introduction). */
      resume: enqueueActions(({ context, enqueue }) => {
        const prompt = context.prompt ?? { key: 'menu.prompt', choices: menuChoices };
        if (prompt.key !== 'menu.prompt' && prompt.key !== 'info.prompt')
          enqueue.emit({ type: 'reply', reply: { key: 'dialog.resume' } });
        enqueue.emit({ type: 'reply', reply: prompt });
      }),
      say: emit((_, reply: Reply) => ({ type: 'reply' as const, reply })),
      repeatPrompt: emit(({ context }) => ({
        type: 'reply' as const,
        reply: context.prompt ?? { key: 'menu.prompt', choices: menuChoices },
      })),
      reset: assign(() => ({ ...EMPTY })),
      rememberPhone: assign({
        phone: ({ event }) => {
          const phone = checkPhone(
            event.type === 'user.text' ? event.text : '',
            city.country,
            city.phoneCountries,
          );
          return phone.ok ? phone.e164 : undefined;
        },
      }),
      rememberCode: assign({
        bookingCode: ({ event }, params: { asked: boolean }) => codeSaid(event, params.asked),
      }),
      rememberPetitionNumberAndDate: assign(({ event }) => {
        const { number, date } = petitionNumberAnswer(event)!;
        return { petitionNumber: number, petitionDate: date };
      }),
      rememberOfficial: assign({
        level: ({ event }) =>
          event.type === 'user.text' || event.type === 'user.choice' ? event.intent?.official : undefined,
      }),
    },
    guards: {
      isYes: ({ event }) => event.type === 'user.choice' && event.value === 'yes',
      isNo: ({ event }) => event.type === 'user.choice' && event.value === 'no',
      isChoice: ({ event }, value: string) => event.type === 'user.choice' && event.value === value,
      wantsAudience: ({ event }) => event.type === 'user.text' && event.intent?.intent === 'audience.request',
      namesOfficial: ({ event }) =>
        (event.type === 'user.text' || event.type === 'user.choice') && !!event.intent?.official,
      isGreeting: ({ event }) => event.type === 'user.text' && event.intent?.intent === 'greeting',
      isQuestion: ({ event }) => !!topicOfIntent(interruption(event)),
      isMarkedQuestion: ({ event }) => !!topicOfIntent(interruption(event)) && isMarked(event),
      wantsPersonMarked: ({ event }) => interruption(event) === 'person.request' && isMarked(event),
      /** Where nothing else is expected, naming a neighbourhood town hall is asking about it. */
      namesTownHall: ({ event }) => event.type === 'user.text' && !!namedTownHall(event.text, city),
      wantsPerson: ({ event }) => interruption(event) === 'person.request',
      wantsMyBooking: ({ event }) => event.type === 'user.text' && event.intent?.intent === 'booking.manage',
      isInfoChoice: ({ event }) =>
        event.type === 'user.choice' && INFO_TOPICS.some((topic) => event.value === `info.${topic}`),
      /** A reference code in what the citizen wrote, where the clerk did not ask for one. */
      saysCode: ({ event }) => !!codeSaid(event, false),
      /** A reference code in the answer to the question asking for it. */
      answersCode: ({ event }) => event.type === 'user.text' && !!codeSaid(event, true),
      hasPhone: ({ context }) => !!context.phone,
      hasChannelPhone: ({ context }) => !!context.channelPhone,
      isMissing: ({ event }) => 'output' in event && event.output === null,
      levelIsHead: ({ context }) => context.level === 'head',
      levelIsDeputy: ({ context }) => context.level === 'deputy',
      isPetitionRefused: ({ context, event }) => !petitionVerdict(context, event).eligible,
      hasPetitionNumber: ({ event }) => !!petitionNumberAnswer(event),
      /** The number written with its date ("123456/02.09.2026"), a date that has passed. */
      hasPetitionNumberAndDate: ({ event }) => {
        const date = petitionNumberAnswer(event)?.date;
        return !!date && date <= localToday(event.at);
      },
      isPastDate: ({ event }) => isPastDate(event),
      isFutureDate: ({ event }) => !!dateAnswer(event) && !isPastDate(event),
      isClearReason: ({ event }) => reasonVerdict(event)?.kind === 'clear',
      isVagueReason: ({ event }) => reasonVerdict(event)?.kind === 'vague',
      isTooLongReason: ({ event }) => reasonVerdict(event)?.kind === 'tooLong',
      isOutOfCompetence: ({ event }) => reasonVerdict(event)?.kind === 'outOfCompetence',
      hasCompetentOfficial: ({ context }) => !!competentOfficial(context.level!, context.departmentId),
      isDeputyChoice: ({ context, event }) =>
        event.type === 'user.choice' &&
        deputyOffer(context).offered.some((o) => `deputy.${o.id}` === event.value),
      isDepartmentChoice: ({ event }) =>
        event.type === 'user.choice' && departments.some((d) => `department.${d.id}` === event.value),
      isModeChoice: ({ event }) =>
        event.type === 'user.choice' && ['site', 'phone', 'video'].includes(event.value),
      isAnswerChoice: ({ event }) =>
        event.type === 'user.choice' && ['post', 'email', 'pickup', 'none'].includes(event.value),
      isName: ({ event }) => {
        if (event.type !== 'user.text') return false;
        const name = sanitize(event.text);
        // Letters of any script, with the marks, spaces, hyphens, apostrophes and dots names have.
        return name.length >= 3 && name.length <= 100 && /^[\p{L}\p{M}][\p{L}\p{M} .'’\u200C-]+$/u.test(name);
      },
      isPhone: ({ event }) =>
        event.type === 'user.text' && checkPhone(event.text, city.country, city.phoneCountries).ok,
      isEmail: ({ event }) => event.type === 'user.text' && EMAIL.test(sanitize(event.text)),
      isPostalAddress: ({ event }) =>
        event.type === 'user.text' && sanitize(event.text).length >= 10 && sanitize(event.text).length <= 300,
      isSlotChoice: ({ context, event }) =>
        event.type === 'user.choice' &&
        /^slot\.\d+$/.test(event.value) &&
        !!context.slots[Number(event.value.slice(5))],
      hasSlots: ({ event }) => 'output' in event && Array.isArray(event.output) && event.output.length > 0,
      isSlotTaken: ({ event }) => 'error' in event && isSlotTaken(event.error),
      isBookingGone: ({ event }) => 'error' in event && isBookingGone(event.error),
      isCitizenLimit: ({ event }) => 'error' in event && isCitizenLimit(event.error),
      isLookupThrottled: ({ event }) => 'error' in event && isLookupThrottled(event.error),
    },
  }).createMachine({
    id: 'audience',
    context: { ...EMPTY },
    initial: 'idle',
    on: {
      // Anything a state does not handle itself — the answers to closed questions come here — : a question is
      // answered; what only the NLU reads as asking for a person (short answers it has no words for, "they
      // said no", can score high) offers a person with the question's answers instead of ending the dialog;
      // anything else is said to be unusable, and the same question asked again.
      'user.text': [
        { guard: 'isQuestion', actions: ['answerQuestion', 'resume'] },
        { guard: 'wantsPersonMarked', target: '#audience.person' },
        { guard: 'wantsPerson', actions: 'offerPerson' },
        { actions: { type: 'reject', params: { key: 'errors.notUnderstood' } } },
      ],
      'user.choice': [
        ...globalChoices,
        { actions: { type: 'reject', params: { key: 'errors.notUnderstood' } } },
      ],
      'conversation.reprompt': { actions: 'repeatPrompt' },
      'nav.help': { actions: [{ type: 'say', params: { key: 'help.text' } }, 'repeatPrompt'] },
      'nav.menu': { target: '.menu', actions: 'reset' },
      'nav.person': { target: '.person' },
      'channel.identified': { actions: assign({ channelPhone: ({ event }) => event.phone }) },
      'conversation.start': {
        target: '.menu',
        actions: ['reset', { type: 'say', params: { key: 'welcome.greeting' } }],
      },
    },
    states: {
      // Before the first message: a citizen who opens with a request goes straight to the right question.
      idle: {
        tags: ['reads.language'],
        on: {
          'user.text': [
            // A reference code, alone (a reply to a reminder) or in a sentence ("anulez XC7R-9HFJ"), opens that
            // booking: only the phone is checked.
            {
              guard: 'saysCode',
              target: 'routeBookingPhone',
              actions: ['reset', { type: 'rememberCode', params: { asked: false } }],
            },
            { guard: 'namesOfficial', target: 'routeLevel', actions: 'rememberOfficial' },
            { guard: 'wantsAudience', target: 'chooseLevel' },
            { guard: 'wantsMyBooking', target: 'askBookingCode', actions: 'reset' },
            { guard: 'wantsPerson', target: 'person' },
            { guard: 'isQuestion', target: 'menu', actions: 'answerQuestion' },
            { guard: 'namesTownHall', target: 'menu', actions: 'answerQuestion' },
            { target: 'menu', actions: { type: 'say', params: { key: 'welcome.greeting' } } },
          ],
          'user.choice': { target: 'menu', actions: { type: 'say', params: { key: 'welcome.greeting' } } },
        },
      },
      menu: {
        tags: ['reads.language'],
        entry: { type: 'ask', params: { key: 'menu.prompt', choices: menuChoices } },
        on: {
          'user.choice': [
            // A choice read in a sentence with a reference code ("cancel my booking XC7R-9HFJ" is "My booking"):
            // that booking, unless the sentence asks for a person.
            {
              guard: and([({ event }) => event.value !== 'person', 'saysCode']),
              target: 'routeBookingPhone',
              actions: ['reset', { type: 'rememberCode', params: { asked: false } }],
            },
            // "Audiență" said with the official ("vreau audiență la primar"): straight to that level's question.
            {
              guard: and([{ type: 'isChoice', params: 'audience' }, 'namesOfficial']),
              target: 'routeLevel',
              actions: 'rememberOfficial',
            },
            { guard: { type: 'isChoice', params: 'audience' }, target: 'chooseLevel' },
            { guard: { type: 'isChoice', params: 'info' }, target: 'info' },
            { guard: { type: 'isChoice', params: 'myBooking' }, target: 'askBookingCode', actions: 'reset' },
            {
              guard: { type: 'isChoice', params: 'help' },
              actions: [{ type: 'say', params: { key: 'help.text' } }, 'repeatPrompt'],
            },
          ],
          'user.text': [
            {
              guard: 'saysCode',
              target: 'routeBookingPhone',
              actions: ['reset', { type: 'rememberCode', params: { asked: false } }],
            },
            { guard: 'namesOfficial', target: 'routeLevel', actions: 'rememberOfficial' },
            { guard: 'wantsAudience', target: 'chooseLevel' },
            { guard: 'isQuestion', actions: ['answerQuestion', 'repeatPrompt'] },
            { guard: 'namesTownHall', actions: ['answerQuestion', 'repeatPrompt'] },
            {
              guard: 'isGreeting',
              actions: [{ type: 'say', params: { key: 'welcome.greeting' } }, 'repeatPrompt'],
            },
            { guard: 'wantsMyBooking', target: 'askBookingCode', actions: 'reset' },
            ...questions,
            { actions: { type: 'reject', params: { key: 'errors.notUnderstood' } } },
          ],
        },
      },
      chooseLevel: {
        entry: {
          type: 'ask',
          params: {
            key: 'audience.askLevel',
            choices: [
              { value: 'level.head', key: 'choice.levelHead' },
              { value: 'level.deputy', key: 'choice.levelDeputy' },
              { value: 'level.mayor', key: 'choice.levelMayor' },
            ],
          },
        },
        on: {
          'user.choice': {
            guard: ({ event }) => ['level.head', 'level.deputy', 'level.mayor'].includes(event.value),
            target: 'routeLevel',
            actions: assign({ level: ({ event }) => event.value.slice('level.'.length) as Level }),
          },
          'user.text': { guard: 'namesOfficial', target: 'routeLevel', actions: 'rememberOfficial' },
        },
      },
      routeLevel: {
        always: [
          { guard: 'levelIsHead', target: 'askHasPetition' },
          { guard: 'levelIsDeputy', target: 'askPriorAudience' },
          { target: 'askPriorAudience' },
        ],
      },
      askHasPetition: {
        entry: { type: 'ask', params: { key: 'audience.askHasPetition', choices: yesNo } },
        on: {
          'user.choice': [
            // "da, nr. 123456 din 2 septembrie": the number and its date, given with the yes.
            {
              guard: and(['isYes', 'hasPetitionNumberAndDate']),
              target: 'askPetitionOutcome',
              actions: 'rememberPetitionNumberAndDate',
            },
            { guard: 'isYes', target: 'askPetitionNumber' },
            {
              guard: 'isNo',
              target: 'notEligible',
              actions: assign({ refusal: { rule: 'head.needsPetition' as RuleId } }),
            },
          ],
          // The number with its date and no yes ("nr. 123456 din 2 septembrie"): it was filed, and this is it.
          'user.text': {
            guard: 'hasPetitionNumberAndDate',
            target: 'askPetitionOutcome',
            actions: 'rememberPetitionNumberAndDate',
          },
        },
      },
      askPetitionNumber: {
        entry: { type: 'ask', params: { key: 'audience.askPetitionNumber' } },
        on: {
          'user.text': [
            ...markedQuestions,
            {
              guard: 'hasPetitionNumberAndDate',
              target: 'askPetitionOutcome',
              actions: 'rememberPetitionNumberAndDate',
            },
            {
              guard: 'hasPetitionNumber',
              target: 'askPetitionDate',
              actions: assign({ petitionNumber: ({ event }) => petitionNumberAnswer(event)!.number }),
            },
            ...questions,
            { actions: { type: 'reject', params: { key: 'audience.invalidPetitionNumber' } } },
          ],
        },
      },
      askPetitionDate: {
        entry: { type: 'ask', params: { key: 'audience.askPetitionDate' } },
        on: {
          'user.text': [
            ...markedQuestions,
            {
              guard: 'isPastDate',
              target: 'askPetitionOutcome',
              actions: assign({ petitionDate: ({ event }) => dateAnswer(event) }),
            },
            {
              guard: 'isFutureDate',
              actions: { type: 'reject', params: { key: 'errors.dateInFuture' } },
            },
            ...questions,
            { actions: { type: 'reject', params: { key: 'errors.invalidDate' } } },
          ],
        },
      },
      askPetitionOutcome: {
        entry: {
          type: 'ask',
          params: {
            key: 'audience.askPetitionOutcome',
            choices: [
              { value: 'outcome.negative', key: 'choice.outcomeNegative' },
              { value: 'outcome.none', key: 'choice.outcomeNone' },
              { value: 'outcome.positive', key: 'choice.outcomePositive' },
            ],
          },
        },
        on: {
          'user.choice': {
            guard: ({ event }) => event.value.startsWith('outcome.'),
            target: 'checkPetition',
            actions: assign({
              petitionOutcome: ({ event }) => event.value.slice('outcome.'.length) as PetitionOutcome,
            }),
          },
        },
      },
      checkPetition: {
        always: [
          {
            guard: 'isPetitionRefused',
            target: 'notEligible',
            actions: assign({
              refusal: ({ context, event }) => {
                const verdict = petitionVerdict(context, event);
                return verdict.eligible ? undefined : { rule: verdict.rule, params: verdict.params };
              },
            }),
          },
          { target: 'askReason' },
        ],
      },
      askPriorAudience: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key:
              context.level === 'mayor' ? 'audience.askPriorDeputyAudience' : 'audience.askPriorHeadAudience',
            choices: yesNo,
          }),
        },
        on: {
          'user.choice': [
            // "da, pe 12 noiembrie": the date, given with the yes.
            {
              guard: and(['isYes', 'isPastDate']),
              target: 'askReason',
              actions: assign({ priorAudienceDate: ({ event }) => dateAnswer(event) }),
            },
            { guard: 'isYes', target: 'askPriorAudienceDate' },
            {
              guard: 'isNo',
              target: 'notEligible',
              actions: assign({
                refusal: ({ context }) => {
                  const verdict = judgePriorAudience(context.level!, false);
                  return verdict.eligible ? undefined : { rule: verdict.rule };
                },
              }),
            },
          ],
          // A date alone ("pe 12 noiembrie", "ieri", "yesterday"): there was one, on that day.
          'user.text': {
            guard: 'isPastDate',
            target: 'askReason',
            actions: assign({ priorAudienceDate: ({ event }) => dateAnswer(event) }),
          },
        },
      },
      askPriorAudienceDate: {
        entry: { type: 'ask', params: { key: 'audience.askPriorAudienceDate' } },
        on: {
          'user.text': [
            ...markedQuestions,
            {
              guard: 'isPastDate',
              target: 'askReason',
              actions: assign({ priorAudienceDate: ({ event }) => dateAnswer(event) }),
            },
            {
              guard: 'isFutureDate',
              actions: { type: 'reject', params: { key: 'errors.dateInFuture' } },
            },
            ...questions,
            { actions: { type: 'reject', params: { key: 'errors.invalidDate' } } },
          ],
        },
      },
      notEligible: {
        entry: [
          assign({
            decided: ({ context, event }) => decide(context.refusal!.rule, event.at, context.refusal!.params),
          }),
          { type: 'ask', params: ({ context }) => refusalReply(context.refusal!) },
        ],
        on: {
          'user.choice': [
            // Offered only as the step before the mayor: a vice-mayor's audience is the one the mayor asks for.
            {
              guard: { type: 'isChoice', params: 'level.deputy' },
              target: 'routeLevel',
              actions: assign({ ...EMPTY, level: 'deputy' as Level, viceMayorOnly: true }),
            },
            {
              guard: { type: 'isChoice', params: 'level.head' },
              target: 'routeLevel',
              actions: assign({ ...EMPTY, level: 'head' as Level }),
            },
            { guard: { type: 'isChoice', params: 'menu' }, target: 'menu', actions: 'reset' },
          ],
        },
      },
      askReason: {
        tags: ['understands.reason'],
        entry: { type: 'ask', params: { key: 'audience.askReason' } },
        on: {
          'user.text': [
            ...questions,
            {
              guard: 'isClearReason',
              target: 'routeOfficial',
              actions: assign(({ event }) => {
                const verdict = reasonVerdict(event);
                const topic = verdict?.kind === 'clear' ? verdict.topic : undefined;
                return {
                  reason: sanitize(event.type === 'user.text' ? event.text : ''),
                  topic,
                  departmentId: departmentForTopic(topic),
                  decided: decide('reason.clear', event.at, topic ? { topic } : undefined),
                };
              }),
            },
            {
              guard: 'isOutOfCompetence',
              target: 'outOfCompetence',
              actions: [
                assign({
                  decided: ({ event }) => {
                    const verdict = reasonVerdict(event);
                    const referral = verdict?.kind === 'outOfCompetence' ? verdict.referral : '';
                    return decide('reason.outOfCompetence', event.at, { referral });
                  },
                }),
                {
                  type: 'say',
                  params: ({ event }) => {
                    const verdict = reasonVerdict(event);
                    const referral = verdict?.kind === 'outOfCompetence' ? verdict.referral : '';
                    return {
                      key: 'audience.outOfCompetence',
                      params: {
                        institution: referrals[referral] ?? { t: 'audience.competentInstitution' },
                      },
                    };
                  },
                },
              ],
            },
            {
              guard: 'isTooLongReason',
              actions: { type: 'reject', params: { key: 'audience.reasonTooLong' } },
            },
            {
              guard: 'isVagueReason',
              actions: [
                assign({ decided: ({ event }) => decide('reason.vague', event.at) }),
                { type: 'reject', params: { key: 'audience.reasonTooVague' } },
              ],
            },
          ],
        },
      },
      outOfCompetence: {
        entry: {
          type: 'ask',
          params: {
            key: 'audience.outOfCompetenceNext',
            choices: [
              { value: 'reason.other', key: 'choice.otherReason' },
              { value: 'menu', key: 'choice.menu' },
            ],
          },
        },
        on: {
          'user.choice': [
            { guard: { type: 'isChoice', params: 'reason.other' }, target: 'askReason' },
            { guard: { type: 'isChoice', params: 'menu' }, target: 'menu', actions: 'reset' },
          ],
        },
      },
      routeOfficial: {
        always: [
          {
            guard: 'levelIsDeputy',
            target: 'chooseDeputy',
            actions: assign({
              decided: ({ context, event }) =>
                decide('routing.deputy', event.at, {
                  department: context.departmentId ?? '',
                  suggested: deputyOffer(context).suggested?.id ?? '',
                  ...(context.viceMayorOnly ? { only: 'viceMayor' } : {}),
                }),
            }),
          },
          {
            guard: 'hasCompetentOfficial',
            target: 'askMode',
            actions: [
              assign(({ context, event }) => {
                const official = competentOfficial(context.level!, context.departmentId)!;
                return {
                  officialId: official.id,
                  decided: decide(`routing.${context.level}`, event.at, {
                    department: context.departmentId ?? '',
                    official: official.id,
                  }),
                };
              }),
              {
                type: 'say',
                params: ({ context }) => ({
                  key: 'audience.routed',
                  params: { official: title(context.officialId) },
                }),
              },
            ],
          },
          { target: 'chooseDepartment' },
        ],
      },
      chooseDeputy: {
        entry: { type: 'ask', params: ({ context }) => deputyReply(context) },
        on: {
          'user.choice': {
            guard: 'isDeputyChoice',
            target: 'askMode',
            actions: assign(({ context, event }) => {
              const official = event.type === 'user.choice' ? event.value.slice('deputy.'.length) : '';
              return {
                officialId: official,
                decided: decide('deputy.chosen', event.at, {
                  official,
                  suggested: deputyOffer(context).suggested?.id ?? '',
                }),
              };
            }),
          },
        },
      },
      chooseDepartment: {
        entry: {
          type: 'ask',
          params: {
            key: 'audience.askDepartment',
            choices: departments.map((d) => ({
              value: `department.${d.id}`,
              key: 'choice.named',
              params: { name: d.name },
            })),
          },
        },
        on: {
          'user.choice': {
            guard: 'isDepartmentChoice',
            target: 'routeOfficial',
            actions: assign({ departmentId: ({ event }) => event.value.slice('department.'.length) }),
          },
        },
      },
      askMode: {
        entry: {
          type: 'ask',
          params: {
            key: 'audience.askMode',
            choices: [
              { value: 'site', key: 'mode.site' },
              { value: 'phone', key: 'mode.phone' },
              { value: 'video', key: 'mode.video' },
            ],
          },
        },
        on: {
          'user.choice': {
            guard: 'isModeChoice',
            target: 'askName',
            actions: assign({ mode: ({ event }) => event.value as Mode }),
          },
        },
      },
      askName: {
        entry: { type: 'ask', params: { key: 'audience.askName' } },
        on: {
          'user.text': [
            ...markedQuestions,
            {
              guard: 'isName',
              target: 'routePhone',
              actions: assign({ name: ({ event }) => sanitize(event.text) }),
            },
            ...questions,
            { actions: { type: 'reject', params: { key: 'audience.invalidName' } } },
          ],
        },
      },
      // Over SMS or WhatsApp the sender's number is the citizen's phone: not asked again.
      routePhone: {
        always: [
          {
            guard: 'hasChannelPhone',
            target: 'askAnswerBy',
            actions: assign({ phone: ({ context }) => context.channelPhone }),
          },
          { target: 'askPhone' },
        ],
      },
      askPhone: {
        entry: { type: 'ask', params: { key: 'audience.askPhone' } },
        on: {
          'user.text': phoneAnswers('askAnswerBy'),
        },
      },
      askAnswerBy: {
        entry: {
          type: 'ask',
          params: {
            key: 'audience.askAnswerBy',
            choices: [
              { value: 'email', key: 'answerBy.email' },
              { value: 'post', key: 'answerBy.post' },
              { value: 'pickup', key: 'answerBy.pickup' },
              { value: 'none', key: 'answerBy.none' },
            ],
          },
        },
        on: {
          'user.choice': [
            {
              guard: { type: 'isChoice', params: 'email' },
              target: 'askEmail',
              actions: assign({ answerBy: 'email' as AnswerBy }),
            },
            {
              guard: { type: 'isChoice', params: 'post' },
              target: 'askPostalAddress',
              actions: assign({ answerBy: 'post' as AnswerBy }),
            },
            {
              guard: 'isAnswerChoice',
              target: 'askConsent',
              actions: assign({ answerBy: ({ event }) => event.value as AnswerBy }),
            },
          ],
          // An e-mail address typed here says both how and where.
          'user.text': {
            guard: 'isEmail',
            target: 'askConsent',
            actions: assign({ answerBy: 'email' as AnswerBy, email: ({ event }) => sanitize(event.text) }),
          },
        },
      },
      askEmail: {
        entry: { type: 'ask', params: { key: 'audience.askEmail' } },
        on: {
          'user.text': [
            ...markedQuestions,
            {
              guard: 'isEmail',
              target: 'askConsent',
              actions: assign({ email: ({ event }) => sanitize(event.text) }),
            },
            ...questions,
            { actions: { type: 'reject', params: { key: 'audience.invalidEmail' } } },
          ],
        },
      },
      askPostalAddress: {
        entry: { type: 'ask', params: { key: 'audience.askPostalAddress' } },
        on: {
          'user.text': [
            ...markedQuestions,
            {
              guard: 'isPostalAddress',
              target: 'askConsent',
              actions: assign({ postalAddress: ({ event }) => sanitize(event.text) }),
            },
            ...questions,
            { actions: { type: 'reject', params: { key: 'audience.invalidPostalAddress' } } },
          ],
        },
      },
      askConsent: {
        // The consent names the personal data given, the e-mail or postal address included.
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'audience.askConsent',
            params: {
              data: {
                t: `audience.consentData.${context.email ? 'email' : context.postalAddress ? 'post' : 'basic'}`,
              },
            },
            choices: yesNo,
          }),
        },
        on: {
          'user.choice': [
            { guard: 'isYes', target: 'findingSlots' },
            {
              guard: 'isNo',
              target: 'menu',
              actions: ['reset', { type: 'say', params: { key: 'audience.consentRefused' } }],
            },
          ],
        },
      },
      findingSlots: {
        tags: ['busy'],
        invoke: {
          id: 'findSlots',
          src: 'findSlots',
          // Checked here, after the consent: the phone is looked up only once the citizen has agreed.
          input: ({ context }) => ({ resourceId: context.officialId!, phone: context.phone }),
          onDone: [
            {
              guard: 'hasSlots',
              target: 'chooseSlot',
              actions: assign({ slots: ({ event }) => event.output }),
            },
            { target: 'menu', actions: ['reset', { type: 'say', params: { key: 'audience.noSlots' } }] },
          ],
          onError: [
            {
              guard: 'isCitizenLimit',
              target: 'citizenLimited',
              actions: assign({
                limit: ({ event }) => (isCitizenLimit(event.error) ? event.error.hit : undefined),
              }),
            },
            { target: 'askConsent', actions: { type: 'say', params: { key: 'errors.technical' } } },
          ],
        },
      },
      chooseSlot: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'audience.askSlot',
            params: { official: title(context.officialId) },
            choices: context.slots.map((s, i) => ({
              value: `slot.${i}`,
              key: 'choice.slot',
              params: { when: s.start },
            })),
          }),
        },
        on: {
          'user.choice': {
            guard: 'isSlotChoice',
            target: 'confirming',
            actions: assign(({ context, event }) => {
              const slot = context.slots[Number(event.value.slice(5))];
              // The instant of this choice with the place: unique within the conversation, even on a fixed clock.
              return { slot, requestId: `${event.at}|${slot.resourceId}|${slot.day}|${slot.seq}` };
            }),
          },
        },
      },
      confirming: {
        entry: { type: 'ask', params: ({ context }) => summary(context) },
        on: {
          'user.choice': [
            { guard: { type: 'isChoice', params: 'confirm' }, target: 'booking' },
            {
              guard: { type: 'isChoice', params: 'cancel' },
              target: 'menu',
              actions: ['reset', { type: 'say', params: { key: 'audience.cancelled' } }],
            },
          ],
        },
      },
      booking: {
        tags: ['busy'],
        invoke: {
          id: 'book',
          src: 'book',
          input: ({ context }): AppointmentRequest => ({
            procedure: 'audience',
            slot: context.slot!,
            name: context.name!,
            phone: context.phone!,
            details: audienceDetails(context) as unknown as Record<string, unknown>,
            requestId: context.requestId,
          }),
          onDone: {
            target: 'menu',
            actions: [
              {
                type: 'say',
                params: ({ context, event }) => ({
                  key: 'audience.booked',
                  params: {
                    code: event.output.code,
                    official: title(context.officialId),
                    when: context.slot!.start,
                    mode: { t: `mode.${context.mode}` },
                    icsUrl: event.output.icsUrl,
                  },
                }),
              },
              // Where to go, or how the official reaches the citizen (as the SMS and the calendar invite say it),
              // and the written answer's day and way when the citizen asked for one.
              { type: 'say', params: ({ context }) => bookedWhere(context) },
              'reset',
            ],
          },
          onError: [
            {
              guard: 'isSlotTaken',
              target: 'findingSlots',
              actions: [assign({ slot: undefined }), { type: 'say', params: { key: 'audience.slotTaken' } }],
            },
            {
              guard: 'isCitizenLimit',
              target: 'citizenLimited',
              actions: assign({
                slot: undefined,
                limit: ({ event }) => (isCitizenLimit(event.error) ? event.error.hit : undefined),
              }),
            },
            { target: 'confirming', actions: { type: 'say', params: { key: 'errors.technical' } } },
          ],
        },
      },
      // Past the citizen's limit: what was given is kept, for another day or until the citizen leaves.
      citizenLimited: {
        entry: { type: 'ask', params: ({ context }) => limitReply(context.limit!) },
        on: {
          'user.choice': [
            { guard: { type: 'isChoice', params: 'slot.otherDay' }, target: 'findingSlots' },
            { guard: { type: 'isChoice', params: 'myBooking' }, target: 'askBookingCode', actions: 'reset' },
          ],
        },
      },

      // Information from the data (Cluj-Napoca City Hall, public information): a topic at a time, as often as the citizen likes.
      info: {
        entry: { type: 'ask', params: { key: 'info.prompt', choices: infoChoices } },
        on: {
          'user.choice': {
            guard: 'isInfoChoice',
            actions: [
              {
                type: 'say',
                params: ({ event }) =>
                  infoReply(
                    (event.type === 'user.choice' ? event.value : '').slice(5) as InfoTopic,
                    '',
                    city,
                  ),
              },
              'repeatPrompt',
            ],
          },
          'user.text': [
            ...questions,
            { guard: 'namesTownHall', actions: ['answerQuestion', 'repeatPrompt'] },
            { actions: { type: 'reject', params: { key: 'errors.notUnderstood' } } },
          ],
        },
      },

      // A person: staff call the citizen back within the public hours; the conversation so far goes with it.
      person: {
        entry: assign(({ context }) => ({
          personCause: context.misses >= MAX_MISSES ? ('stuck' as const) : ('citizen' as const),
          personDuring: context.prompt?.key,
        })),
        always: [
          { guard: 'hasPhone', target: 'personRecorded' },
          {
            guard: 'hasChannelPhone',
            target: 'personRecorded',
            actions: assign({ phone: ({ context }) => context.channelPhone }),
          },
          { target: 'askPersonPhone' },
        ],
      },
      askPersonPhone: {
        entry: { type: 'ask', params: { key: 'person.askPhone', choices: [menuChoice] } },
        on: {
          'user.text': phoneAnswers('personRecorded'),
        },
      },
      personRecorded: {
        always: {
          target: 'menu',
          actions: [
            enqueueActions(({ context, event, enqueue }) => {
              const reply = personReply(event.at);
              enqueue.emit({
                type: 'staff.request',
                request: {
                  phone: context.phone!,
                  name: context.name,
                  cause: context.personCause ?? 'citizen',
                  during: context.personDuring,
                  contactDay: reply.params?.day as string | undefined,
                },
              });
              enqueue.emit({ type: 'reply', reply });
            }),
            'reset',
          ],
        },
      },

      // "My booking": found with its reference code and the phone it was made with; seen, cancelled or moved.
      askBookingCode: {
        entry: { type: 'ask', params: { key: 'booking.askCode', choices: [menuChoice] } },
        on: {
          'user.text': [
            {
              guard: 'answersCode',
              target: 'routeBookingPhone',
              actions: { type: 'rememberCode', params: { asked: true } },
            },
            ...questions,
            { actions: { type: 'reject', params: { key: 'booking.invalidCode' } } },
          ],
        },
      },
      routeBookingPhone: {
        always: [
          {
            guard: 'hasChannelPhone',
            target: 'findingBooking',
            actions: assign({ phone: ({ context }) => context.channelPhone }),
          },
          { target: 'askBookingPhone' },
        ],
      },
      askBookingPhone: {
        entry: { type: 'ask', params: { key: 'booking.askPhone', choices: [menuChoice] } },
        on: {
          'user.text': phoneAnswers('findingBooking'),
        },
      },
      findingBooking: {
        tags: ['busy'],
        invoke: {
          id: 'findBooking',
          src: 'findBooking',
          input: ({ context }) => ({ code: context.bookingCode!, phone: context.phone! }),
          onDone: [
            { guard: 'isMissing', target: 'bookingNotFound' },
            { target: 'showBooking', actions: assign({ booking: ({ event }) => event.output ?? undefined }) },
          ],
          onError: [
            {
              guard: 'isLookupThrottled',
              target: 'lookupThrottled',
              actions: assign({
                lookupWait: ({ event }) => (isLookupThrottled(event.error) ? event.error.minutes : undefined),
              }),
            },
            {
              target: 'menu',
              actions: [{ type: 'say', params: { key: 'errors.technical' } }, 'reset'],
            },
          ],
        },
      },
      // Too many look-ups (of this code, or by this conversation): the same answer whatever the phone.
      lookupThrottled: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'booking.tooManyAttempts',
            params: { minutes: context.lookupWait ?? 1 },
            choices: [personChoice, menuChoice],
          }),
        },
      },
      bookingNotFound: {
        entry: {
          type: 'ask',
          params: {
            key: 'booking.notFound',
            choices: [{ value: 'booking.retry', key: 'choice.tryAgain' }, personChoice, menuChoice],
          },
        },
        on: {
          'user.choice': {
            guard: { type: 'isChoice', params: 'booking.retry' },
            target: 'askBookingCode',
            actions: 'reset',
          },
        },
      },
      showBooking: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'booking.show',
            params: {
              code: context.booking!.code,
              official: context.booking!.title,
              when: context.booking!.start,
              mode: { t: `mode.${(context.booking!.details as { mode?: Mode }).mode ?? 'site'}` },
            },
            choices: [
              { value: 'booking.move', key: 'choice.moveBooking' },
              { value: 'booking.cancel', key: 'choice.cancelBooking' },
              menuChoice,
            ],
          }),
        },
        on: {
          'user.choice': [
            { guard: { type: 'isChoice', params: 'booking.cancel' }, target: 'confirmCancelBooking' },
            { guard: { type: 'isChoice', params: 'booking.move' }, target: 'findingNewSlots' },
          ],
        },
      },
      confirmCancelBooking: {
        entry: { type: 'ask', params: { key: 'booking.confirmCancel', choices: yesNo } },
        on: {
          'user.choice': [
            { guard: 'isYes', target: 'cancellingBooking' },
            { guard: 'isNo', target: 'showBooking' },
          ],
        },
      },
      cancellingBooking: {
        tags: ['busy'],
        invoke: {
          id: 'cancelBooking',
          src: 'cancelBooking',
          input: ({ context }) => ({ code: context.bookingCode!, phone: context.phone! }),
          onDone: {
            target: 'menu',
            actions: [
              {
                type: 'say',
                params: ({ event }) => ({ key: 'booking.cancelled', params: { code: event.output.code } }),
              },
              'reset',
            ],
          },
          onError: [
            // Cancelled or moved meanwhile in another conversation: not a fault, and nothing left to cancel here.
            {
              guard: 'isBookingGone',
              target: 'menu',
              actions: [{ type: 'say', params: { key: 'booking.gone' } }, 'reset'],
            },
            { target: 'showBooking', actions: { type: 'say', params: { key: 'errors.technical' } } },
          ],
        },
      },
      findingNewSlots: {
        tags: ['busy'],
        invoke: {
          id: 'findNewSlots',
          src: 'findSlots',
          input: ({ context }) => ({
            resourceId: context.booking!.resourceId,
            phone: context.phone,
            moving: context.booking!.code,
          }),
          onDone: [
            {
              guard: 'hasSlots',
              target: 'chooseNewSlot',
              actions: assign({ slots: ({ event }) => event.output }),
            },
            { target: 'showBooking', actions: { type: 'say', params: { key: 'audience.noSlots' } } },
          ],
          onError: { target: 'showBooking', actions: { type: 'say', params: { key: 'errors.technical' } } },
        },
      },
      chooseNewSlot: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'booking.askNewSlot',
            params: { official: context.booking!.title, when: context.booking!.start },
            choices: [
              ...context.slots.map((s, i) => ({
                value: `slot.${i}`,
                key: 'choice.slot',
                params: { when: s.start },
              })),
              { value: 'booking.keep', key: 'choice.keepBooking' },
            ],
          }),
        },
        on: {
          'user.choice': [
            {
              guard: 'isSlotChoice',
              target: 'confirmMove',
              actions: assign({ slot: ({ context, event }) => context.slots[Number(event.value.slice(5))] }),
            },
            { guard: { type: 'isChoice', params: 'booking.keep' }, target: 'showBooking' },
          ],
        },
      },
      confirmMove: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: 'booking.confirmMove',
            params: { from: context.booking!.start, to: context.slot!.start },
            choices: yesNo,
          }),
        },
        on: {
          'user.choice': [
            { guard: 'isYes', target: 'movingBooking' },
            { guard: 'isNo', target: 'showBooking' },
          ],
        },
      },
      movingBooking: {
        tags: ['busy'],
        invoke: {
          id: 'moveBooking',
          src: 'moveBooking',
          input: ({ context }) => ({
            code: context.bookingCode!,
            phone: context.phone!,
            slot: context.slot!,
          }),
          onDone: {
            target: 'menu',
            actions: [
              {
                type: 'say',
                params: ({ event }) => ({
                  key: 'booking.moved',
                  params: { code: event.output.code, when: event.output.start },
                }),
              },
              'reset',
            ],
          },
          onError: [
            {
              guard: 'isBookingGone',
              target: 'menu',
              actions: [{ type: 'say', params: { key: 'booking.gone' } }, 'reset'],
            },
            {
              guard: 'isSlotTaken',
              target: 'findingNewSlots',
              actions: [assign({ slot: undefined }), { type: 'say', params: { key: 'audience.slotTaken' } }],
            },
            {
              // The phone holds another audience with the official that day: the places offered now leave it out.
              guard: 'isCitizenLimit',
              target: 'findingNewSlots',
              actions: [
                {
                  type: 'say',
                  params: ({ context }) => ({
                    key: 'booking.moveLimit',
                    params: { official: context.booking!.title, day: context.slot!.day },
                  }),
                },
                assign({ slot: undefined }),
              ],
            },
            { target: 'showBooking', actions: { type: 'say', params: { key: 'errors.technical' } } },
          ],
        },
      },
    },
  });
}

export type AudienceMachine = ReturnType<typeof createAudienceMachine>;
