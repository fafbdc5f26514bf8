import {
  assign,
  emit,
  enqueueActions,
  fromPromise,
  raise,
  sendTo,
  setup,
  type AnyStateMachine,
} from 'xstate';
import {
  isBookingGone,
  isSlotTaken,
  type AppointmentRequest,
  type BookingKey,
  type BookingResult,
  type BookingView,
  type SlotSearch,
} from '../appointment';
import type {
  Decision,
  ProcedureDialog,
  ProcedureMessage,
  ProcedureInput,
  ProcedureOutcome,
  SharedStep,
} from '../dialog-protocol';
import {
  infoTopics,
  joinTexts,
  infoReply,
  namedTownHall,
  topicOfIntent,
  type InfoTopic,
} from '../info/answers';
import type { Municipality } from '../municipality';
import type { Choice, ClerkEmitted, ClerkEvent, Params, Reply } from '../reply';
import { isCitizenLimit, type LimitHit } from '../rules/citizen-limits';
import { parseDateInput } from '../rules/date-input';
import { createHolidayCalendar } from '../rules/holidays';
import { isLookupThrottled } from '../rules/lookup-limits';
import { checkPhone } from '../rules/phone';
import { contactWindow } from '../rules/public-hours';
import { codeInText } from '../rules/reference-code';
import { localDate, type Slot } from '../rules/slot-engine';
import { sanitize } from '../text/normalize';
import { isClosing, outsideReply, smallTalkReply, whichOne } from './basics';
import { interruption, isMarked, OPEN_SCORE, writtenText } from './interruptions';

/**
 * The conversation machine's context, actions, guards and effects (the machine is conversation.machine.ts), and
 * the transitions its states share: what every question does with a question, a person or the menu.
 */

/** Answers the clerk cannot use, in a row, after which it explains with an example and offers a person. */
export const MAX_MISSES = 3;
/** The id of the running procedure's child actor. */
export const PROCEDURE_CHILD = 'procedure';

export interface ConversationContext {
  /** The question the clerk is waiting on, repeated after help or an answer it could not use. */
  prompt?: Reply;
  /** Answers in a row the clerk could not use for the current question. */
  misses: number;
  decided?: Decision;
  /** The number the channel gives (SMS, WhatsApp sender), kept across resets: never asked for. */
  channelPhone?: string;
  /** The running procedure, the shared step it asked for, and what its questions settled. */
  procedure?: string;
  step?: SharedStep;
  /** The place step, kept past the steps after it: a place taken at the confirmation is chosen again. */
  slotStep?: Extract<SharedStep, { kind: 'slot' }>;
  outcome?: ProcedureOutcome;
  name?: string;
  phone?: string;
  /** Places (or days, one place each) offered, and the one chosen. */
  slots: Slot[];
  slot?: Slot;
  /** See AppointmentRequest.requestId. */
  requestId?: string;
  /** The citizen's limit a booking would pass (each procedure's `perCitizen` in the city's data). */
  limit?: LimitHit;
  /** The booking found by "my booking", and the code that found it. */
  booking?: BookingView;
  bookingCode?: string;
  /** What the message that asked for "my booking" said to do with it. */
  bookingAction?: 'cancel' | 'move';
  /** Minutes until "my booking" may look a booking up again, once refused for too many attempts. */
  lookupWait?: number;
  /** Why the citizen wants a person (see StaffRequest.cause), and the question they were on. */
  personCause?: 'citizen' | 'stuck';
  personDuring?: string;
  /** In a procedure, the question to come back to once a person is asked for, and whether the child asked it. */
  personPrompt?: Reply;
  personFrom?: 'asking' | 'step';
}

/** Every field cleared: `assign` merges, so forgetting a field means setting it to undefined (the type lists them all). */
type Cleared = {
  [K in Exclude<keyof ConversationContext, 'slots' | 'misses' | 'channelPhone'>]-?: undefined;
} & {
  slots: Slot[];
  misses: number;
};
export const EMPTY: Cleared = {
  prompt: undefined,
  misses: 0,
  decided: undefined,
  procedure: undefined,
  step: undefined,
  slotStep: undefined,
  outcome: undefined,
  name: undefined,
  phone: undefined,
  slots: [],
  slot: undefined,
  requestId: undefined,
  limit: undefined,
  booking: undefined,
  bookingCode: undefined,
  bookingAction: undefined,
  lookupWait: undefined,
  personCause: undefined,
  personDuring: undefined,
  personPrompt: undefined,
  personFrom: undefined,
};

export type ConversationEvent = ClerkEvent | ProcedureMessage;

export const yesNo: Choice[] = [
  { value: 'yes', key: 'choice.yes' },
  { value: 'no', key: 'choice.no' },
];
export const personChoice: Choice = { value: 'person', key: 'choice.person' };
export const menuChoice: Choice = { value: 'menu', key: 'choice.menu' };
export const myBookingChoice: Choice = { value: 'myBooking', key: 'choice.myBooking' };
export const otherDayChoice: Choice = { value: 'slot.otherDay', key: 'choice.otherDay' };

/** A procedure's own intent is named for it (data/nlu): `audience.request`; a person's is not a procedure's. */
const isProcedureRequest = (intent: string) => intent.endsWith('.request') && intent !== 'person.request';

/** The questions that ask nothing in particular: what the citizen wants is read with a lower bar (OPEN_SCORE). */
const OPEN_PROMPTS = new Set(['menu.prompt', 'info.prompt', 'clarify.prompt']);

/** The conversation's questions answered by typing, each with an example of a usable answer (locale `hints.<key>`). */
const TEXT_QUESTIONS = new Set([
  'contact.askName',
  'contact.askPhone',
  'booking.askCode',
  'booking.askPhone',
  'person.askPhone',
]);

export interface MachineOptions {
  /** Public holidays (local ISO dates); default: the municipality's country, from date-holidays. */
  isHoliday?: (isoDate: string) => boolean;
}

/** The message a procedure's child relayed as not its answer, or the citizen's own message. */
export const citizenEvent = (event: ConversationEvent): ClerkEvent | undefined =>
  event.type === 'proc.unhandled'
    ? event.event
    : event.type.startsWith('proc.')
      ? undefined
      : (event as ClerkEvent);

/** What a choice value means everywhere: a person (dialogs/conversation/person.ts), or the main menu. */
export const globalChoices = [
  { guard: { type: 'isChoice' as const, params: 'person' }, actions: 'wantPerson' as const },
  {
    guard: { type: 'isChoice' as const, params: 'menu' },
    target: '#clerk.menu',
    actions: 'reset' as const,
  },
];
/**
 * Free text that is a question or a request, whatever the clerk asked — information, small talk, "what can you
 * do", another institution's matter —: answered, then back to the question (not after a goodbye).
 */
export const questions = [
  { guard: 'isQuestion' as const, actions: ['answerQuestion' as const, 'resume' as const] },
  { guard: 'isClosingTalk' as const, actions: 'answerSmallTalk' as const },
  { guard: 'isSmallTalk' as const, actions: ['answerSmallTalk' as const, 'resume' as const] },
  { guard: 'isOutside' as const, actions: ['answerOutside' as const, 'resume' as const] },
  { guard: 'wantsPerson' as const, actions: 'wantPerson' as const },
];
/**
 * Where an answer has a form of its own (a name, a date, a phone), a text in that form is the answer —
 * "Jane Doe" is a name whatever the NLU thinks of "doe" — unless it is marked as a question.
 */
export const markedQuestions = [
  { guard: 'isMarkedQuestion' as const, actions: ['answerQuestion' as const, 'resume' as const] },
  { guard: 'wantsPersonMarked' as const, actions: 'wantPerson' as const },
];
/** A question answered with a phone number (kept in E.164), wherever the clerk asks for one. */
export const phoneAnswers = (target: string) => [
  ...markedQuestions,
  { guard: 'isPhone' as const, target, actions: 'rememberPhone' as const },
  ...questions,
  { actions: { type: 'reject' as const, params: { key: 'contact.invalidPhone' } } },
];
/** A booking, my booking's or a new one, back to the menu with what is said. */
export const toMenu = (key: string) => ({
  target: '#clerk.menu',
  actions: [{ type: 'say' as const, params: { key } }, 'reset' as const],
});

export function createConversationSetup(
  city: Municipality,
  dialogs: readonly ProcedureDialog[],
  options: MachineOptions = {},
) {
  const isHoliday = options.isHoliday ?? createHolidayCalendar(city.holidayCountry);
  const byId = new Map(dialogs.map((d) => [d.id, d]));
  const dialogOf = (c: ConversationContext) => {
    const dialog = byId.get(c.procedure ?? '');
    if (!dialog) throw new Error(`no procedure "${c.procedure}" is running`);
    return dialog;
  };
  const localToday = (at: string) => localDate(new Date(at), city.timeZone);
  /** Which procedure a message asks for: the menu's choice, or what its words say. */
  const procedureAsked = (event: ClerkEvent) =>
    (event.type === 'user.choice' && dialogs.find((d) => d.menuChoice.value === event.value)) ||
    dialogs.find((d) => d.opens(event));

  const menuChoices: Choice[] = [
    ...dialogs.map((d) => d.menuChoice),
    myBookingChoice,
    { value: 'info', key: 'choice.info' },
    personChoice,
    { value: 'help', key: 'choice.help' },
  ];
  const menuPrompt: Reply = { key: 'menu.prompt', choices: menuChoices };
  /** The greeting and the help say what this city's procedures do, each in its own words. */
  const greeting: Reply = {
    key: 'welcome.greeting',
    params: {
      offers: joinTexts(
        dialogs.map((d) => d.offer),
        'welcome.join',
      ),
    },
  };
  const helpReply: Reply = {
    key: 'help.text',
    params: {
      procedures: joinTexts(
        dialogs.map((d) => d.help),
        'welcome.join',
      ),
    },
  };

  /** The question again, with these answers added where it does not offer them already. */
  function withChoices(prompt: Reply, extra: Choice[]): Reply {
    const choices = prompt.choices ?? [];
    const missing = extra.filter((c) => !choices.some((p) => p.value === c.value));
    return missing.length ? { ...prompt, choices: [...choices, ...missing] } : prompt;
  }

  /** Where the clerk asked nothing in particular, a less sure reading of a message is still the one to follow. */
  const barOf = (c: ConversationContext) =>
    !c.prompt || OPEN_PROMPTS.has(c.prompt.key) ? OPEN_SCORE : undefined;
  /**
   * The citizen's message, read for this city: a procedure's request (`<procedure>.request`) this city does not
   * offer ("audiență la primar" to a city without audiences) is read as its second reading, if it has one.
   */
  const heard = (event: ConversationEvent): ClerkEvent | undefined => {
    const e = citizenEvent(event);
    const intent = e?.type === 'user.text' ? e.intent : undefined;
    if (
      !e ||
      !intent ||
      !isProcedureRequest(intent.intent) ||
      dialogs.some((d) => d.intent === intent.intent)
    )
      return e;
    return {
      ...e,
      intent: intent.alternative
        ? { ...intent, intent: intent.alternative, alternative: undefined }
        : { intent: 'None', score: 1 },
    } as ClerkEvent;
  };
  /** What the citizen's message asks, read as sure as the question on the table requires. */
  const asked = (c: ConversationContext, event: ConversationEvent) => {
    const e = heard(event);
    return e && interruption(e, barOf(c));
  };
  const isQuestion = (c: ConversationContext, event: ConversationEvent) => !!topicOfIntent(asked(c, event));
  const wantsPerson = (c: ConversationContext, event: ConversationEvent) =>
    asked(c, event) === 'person.request';
  /**
   * Small talk, or "what can you do" (nav.help) in words: answered wherever it comes. Where the clerk asked
   * nothing in particular, "where do I start" (nav.menu) is answered with what the clerk does as well.
   */
  const isSmallTalk = (c: ConversationContext, event: ConversationEvent) => {
    const intent = asked(c, event);
    if (intent === 'nav.menu') return barOf(c) === OPEN_SCORE;
    return intent === 'nav.help' || !!smallTalkReply(intent);
  };

  /** The reply that answers an information question, from the data. */
  function questionReply(c: ConversationContext, event: ConversationEvent): Reply {
    const e = citizenEvent(event);
    const topic = topicOfIntent(asked(c, event)) ?? 'hours';
    const when = e?.type === 'user.text' ? e.intent?.when : undefined;
    return infoReply(topic, e?.type === 'user.text' ? e.text : '', city, {
      at: e?.at ?? new Date().toISOString(),
      when,
      isHoliday,
    });
  }

  function personReply(at: string): Reply {
    const window = contactWindow(new Date(at), city.publicHours, city.timeZone, isHoliday);
    if (!window) return { key: 'person.requestedLater' };
    return {
      key: window.today ? 'person.requestedToday' : 'person.requestedOn',
      params: { day: window.day, open: window.open, close: window.close },
    };
  }

  function codeSaid(event: ClerkEvent, asked: boolean): string | undefined {
    const text = writtenText(event);
    if (text === undefined) return undefined;
    const intent = event.type === 'user.text' || event.type === 'user.choice' ? event.intent : undefined;
    return codeInText(text, asked, intent?.intent === 'booking.manage');
  }

  /**
   * A booking past the citizen's limit: said calmly, with what can be done. The reference code of the booking
   * the phone holds is not repeated: whoever typed a phone number has not shown it is theirs (it is in the SMS).
   */
  function limitReply(hit: LimitHit): Reply {
    if (hit.limit === 'active')
      return { key: 'limits.active', params: { max: hit.max }, choices: [myBookingChoice, menuChoice] };
    return {
      key: 'limits.resourceDay',
      params: { official: hit.title ?? hit.resourceId, day: hit.day, max: hit.max },
      choices: [otherDayChoice, myBookingChoice, menuChoice],
    };
  }

  const slotChoices = (slots: Slot[]): Choice[] =>
    slots.map((s, i) => ({ value: `slot.${i}`, key: 'choice.slot', params: { when: s.start } }));
  const slotStep = (c: ConversationContext) => {
    if (!c.slotStep) throw new Error('no place is being chosen');
    return c.slotStep;
  };
  /**
   * The day the citizen typed, and its place among the days offered (−1: not offered). A date without its year
   * is the next such day, not the last (the clerk asks for a day to come): read as of a day a year ahead.
   */
  const dayTyped = (c: ConversationContext, event: ClerkEvent) => {
    const text = writtenText(event);
    if (text === undefined) return undefined;
    const today = localToday(event.at);
    const asWritten = parseDateInput(text, today);
    const yearAhead = new Date(Date.parse(`${today}T12:00:00Z`) + 364 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const day = asWritten && asWritten < today ? (parseDateInput(text, yearAhead) ?? asWritten) : asWritten;
    return day ? { day, offered: c.slots.findIndex((s) => s.day === day) } : undefined;
  };

  const procedureActors = Object.fromEntries(dialogs.map((d) => [d.id, d.machine])) as Record<
    string,
    AnyStateMachine
  >;

  const machineSetup = setup({
    types: {
      context: {} as ConversationContext,
      events: {} as ConversationEvent,
      emitted: {} as ClerkEmitted,
    },
    actors: {
      ...procedureActors,
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
      /** A walk-in's ticket (or when the counters open), as the replies to say. */
      walkInTicket: fromPromise<Reply[], { resourceId: string }>(async () => {
        throw new Error('walkInTicket is provided by the bot');
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
      reject: enqueueActions(({ context, enqueue }, params: { key: string; params?: Params }) => {
        const misses = context.misses + 1;
        const prompt = context.prompt ?? menuPrompt;
        if (misses < MAX_MISSES) {
          enqueue.assign({ misses });
          enqueue.emit({ type: 'reply', reply: { key: params.key, params: params.params } });
          enqueue.emit({ type: 'reply', reply: prompt });
          return;
        }
        const offered = withChoices(prompt, [personChoice, menuChoice]);
        enqueue.assign({ misses, prompt: offered });
        // A question answered by typing has an example of its own; a procedure's are those without choices.
        const typed = TEXT_QUESTIONS.has(prompt.key) || !prompt.choices?.length;
        // A procedure's own question has its example in its namespace: `counter:askX` → `counter:hints.askX`.
        const [ns, key] = prompt.key.includes(':') ? prompt.key.split(':') : ['', prompt.key];
        const hint = typed ? `${ns ? `${ns}:` : ''}hints.${key}` : 'hints.choose';
        enqueue.emit({ type: 'reply', reply: { key: 'retry.stuck', params: { hint: { t: hint } } } });
        enqueue.emit({ type: 'reply', reply: offered });
      }),
      /** A person offered with the question's answers: the citizen chooses, and nothing said so far is lost. */
      offerPerson: enqueueActions(({ context, enqueue }) => {
        const offered = withChoices(context.prompt ?? menuPrompt, [personChoice]);
        enqueue.assign({ prompt: offered });
        enqueue.emit({
          type: 'reply',
          reply: { key: 'person.offer', params: { person: { t: 'choice.person' } } },
        });
        enqueue.emit({ type: 'reply', reply: offered });
      }),
      answerQuestion: emit(({ context, event }) => ({
        type: 'reply' as const,
        reply: questionReply(context, event),
      })),
      answerSmallTalk: emit(({ context, event }) => {
        const intent = asked(context, event);
        const help = intent === 'nav.help' || intent === 'nav.menu';
        return { type: 'reply' as const, reply: help ? helpReply : smallTalkReply(intent)! };
      }),
      answerOutside: emit(({ context, event }) => ({
        type: 'reply' as const,
        reply: outsideReply(asked(context, event), city)!,
      })),
      /** The menu again, after an answer given in it. */
      menuAgain: enqueueActions(({ enqueue }) => {
        enqueue.assign({ prompt: menuPrompt, misses: 0 });
        enqueue.emit({ type: 'reply', reply: menuPrompt });
      }),
      answerInfoChoice: emit(({ event }) => ({
        type: 'reply' as const,
        reply: infoReply((event.type === 'user.choice' ? event.value : '').slice(5) as InfoTopic, '', city, {
          at: 'at' in event ? event.at : new Date().toISOString(),
          isHoliday,
        }),
      })),
      rememberAction: assign({
        bookingAction: ({ event }) => {
          const e = citizenEvent(event);
          return e?.type === 'user.text' || e?.type === 'user.choice' ? e.intent?.action : undefined;
        },
      }),
      sayBookingFound: emit(({ context }) => ({
        type: 'reply' as const,
        reply: {
          key: 'booking.found',
          params: { code: context.booking!.code, what: context.booking!.what, when: context.booking!.start },
        },
      })),
      /** A message that reads two ways: which one was meant, with both as choices (and the menu). */
      askWhichOne: enqueueActions(({ event, enqueue }) => {
        const e = heard(event);
        const choices = e ? whichOne(e, city, dialogs) : undefined;
        const reply: Reply = { key: 'clarify.prompt', choices: [...(choices ?? []), menuChoice] };
        enqueue.assign({ prompt: reply, misses: 0 });
        enqueue.emit({ type: 'reply', reply });
      }),
      /** Back to the question the clerk was on, saying so (the menu needs no introduction). */
      resume: enqueueActions(({ context, enqueue }) => {
        const prompt = context.prompt ?? menuPrompt;
        if (prompt.key !== 'menu.prompt' && prompt.key !== 'info.prompt')
          enqueue.emit({ type: 'reply', reply: { key: 'dialog.resume' } });
        enqueue.emit({ type: 'reply', reply: prompt });
      }),
      say: emit((_, reply: Reply) => ({ type: 'reply' as const, reply })),
      /** Why the citizen wants a person, and where they were: the question (and the prompt, to ask it again). */
      rememberPersonWhere: assign(({ context }) => ({
        personCause: context.misses >= MAX_MISSES ? ('stuck' as const) : ('citizen' as const),
        personDuring: context.prompt?.key,
        personPrompt: context.prompt,
      })),
      useChannelPhone: assign(({ context }) => ({ phone: context.channelPhone })),
      /** In a procedure: whether the child was asking (its question is asked again by the conversation). */
      rememberPersonFrom: assign((_, from: 'asking' | 'step') => ({ personFrom: from })),
      /** The request for the bot to record, and the citizen told when to expect the call. */
      recordPerson: enqueueActions(({ context, event, enqueue }) => {
        const reply = personReply(citizenEvent(event)?.at ?? new Date().toISOString());
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
      /** Back at the question the citizen was on when they asked for a person. */
      personBack: assign(({ context }) => ({
        prompt: context.personPrompt,
        personPrompt: undefined,
        misses: 0,
      })),
      /** A person asked for: where the citizen is decides what follows (dialogs/conversation/person.ts). */
      wantPerson: raise(({ event }) => ({
        type: 'nav.person' as const,
        at: citizenEvent(event)?.at ?? new Date().toISOString(),
      })),
      repeatPrompt: emit(({ context }) => ({ type: 'reply' as const, reply: context.prompt ?? menuPrompt })),
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
        bookingCode: ({ event }, params: { asked: boolean }) => {
          const e = citizenEvent(event);
          return e && codeSaid(e, params.asked);
        },
      }),
      /** The procedure the message asks for, started as the child: the message may already say what it needs. */
      startProcedure: enqueueActions(({ event, enqueue }) => {
        const e = citizenEvent(event);
        const dialog = e && procedureAsked(e);
        if (!dialog) throw new Error('no procedure was asked for');
        enqueue.assign({ ...EMPTY, procedure: dialog.id });
        // Spawned by name, so that its state is saved with the conversation's and restored with it (a child
        // given as logic cannot be persisted); the names are the procedures', hence not in the types.
        const spawn = enqueue.spawnChild as (
          src: string,
          options: { id: string; input: ProcedureInput },
        ) => void;
        spawn(dialog.id, { id: PROCEDURE_CHILD, input: { opening: e } });
      }),
      /** The citizen's answer, for the procedure to read. */
      forward: sendTo(PROCEDURE_CHILD, ({ event }) => event),
      stepDone: sendTo(PROCEDURE_CHILD, ({ event }) => ({
        type: 'step.done' as const,
        at: 'at' in event ? event.at : new Date().toISOString(),
      })),
      rememberStep: assign(({ event }) => {
        if (event.type !== 'proc.step') return {};
        return event.step.kind === 'slot' ? { step: event.step, slotStep: event.step } : { step: event.step };
      }),
    },
    guards: {
      isYes: ({ event }) => event.type === 'user.choice' && event.value === 'yes',
      isNo: ({ event }) => event.type === 'user.choice' && event.value === 'no',
      isChoice: ({ event }, value: string) => event.type === 'user.choice' && event.value === value,
      asksProcedure: ({ event }) => {
        const e = citizenEvent(event);
        return !!e && !!procedureAsked(e);
      },
      isGreeting: ({ event }) => event.type === 'user.text' && event.intent?.intent === 'greeting',
      isQuestion: ({ context, event }) => isQuestion(context, event),
      isMarkedQuestion: ({ context, event }) => isQuestion(context, event) && isMarked(citizenEvent(event)!),
      wantsPersonMarked: ({ context, event }) =>
        wantsPerson(context, event) && isMarked(citizenEvent(event)!),
      wantsPerson: ({ context, event }) => wantsPerson(context, event),
      isSmallTalk: ({ context, event }) => isSmallTalk(context, event),
      isClosingTalk: ({ context, event }) => isClosing(asked(context, event)),
      isOutside: ({ context, event }) => !!outsideReply(asked(context, event), city),
      /** The message reads two ways nearly as well, each leading somewhere a button can. */
      isUnsure: ({ event }) => {
        const e = heard(event);
        if (!e || !whichOne(e, city, dialogs)) return false;
        // Information of either kind about a neighbourhood town hall it names is that town hall's.
        const info = e.type === 'user.text' && !!topicOfIntent(e.intent?.intent);
        return !(info && e.type === 'user.text' && namedTownHall(e.text, city));
      },
      /** The question the child asked is answered by typing: asking for a person there is taken at its word. */
      isTextPrompt: ({ context }) => !context.prompt?.choices?.length,
      /** Where nothing else is expected, naming a neighbourhood town hall is asking about it. */
      namesTownHall: ({ event }) => event.type === 'user.text' && !!namedTownHall(event.text, city),
      wantsMyBooking: ({ context, event }) =>
        event.type === 'user.text' && asked(context, event) === 'booking.manage',
      isInfoChoice: ({ event }) =>
        event.type === 'user.choice' && infoTopics(city).some((topic) => event.value === `info.${topic}`),
      /** A reference code in what the citizen wrote, where the clerk did not ask for one. */
      saysCode: ({ event }) => {
        const e = citizenEvent(event);
        return !!e && !!codeSaid(e, false);
      },
      /** A reference code in the answer to the question asking for it. */
      answersCode: ({ event }) => event.type === 'user.text' && !!codeSaid(event, true),
      hasPhone: ({ context }) => !!context.phone,
      hasChannelPhone: ({ context }) => !!context.channelPhone,
      isMissing: ({ event }) => 'output' in event && event.output === null,
      isName: ({ event }) => {
        if (event.type !== 'user.text') return false;
        const name = sanitize(event.text);
        // Letters of any script, with the marks, spaces, hyphens, apostrophes and dots names have.
        return name.length >= 3 && name.length <= 100 && /^[\p{L}\p{M}][\p{L}\p{M} .'’\u200C-]+$/u.test(name);
      },
      isPhone: ({ event }) =>
        event.type === 'user.text' && checkPhone(event.text, city.country, city.phoneCountries).ok,
      isStep: ({ event }, kind: SharedStep['kind']) => event.type === 'proc.step' && event.step.kind === kind,
      byDay: ({ context }) => !!slotStep(context).askDay,
      isSlotChoice: ({ context, event }) =>
        event.type === 'user.choice' &&
        /^slot\.\d+$/.test(event.value) &&
        !!context.slots[Number(event.value.slice(5))],
      isDayChoice: ({ context, event }) =>
        event.type === 'user.choice' &&
        /^day\.\d+$/.test(event.value) &&
        !!context.slots[Number(event.value.slice(4))],
      isOfferedDay: ({ context, event }) =>
        event.type !== 'user.text' ? false : (dayTyped(context, event)?.offered ?? -1) >= 0,
      isOtherDay: ({ context, event }) => event.type === 'user.text' && !!dayTyped(context, event),
      hasSlots: ({ event }) => 'output' in event && Array.isArray(event.output) && event.output.length > 0,
      isSlotTaken: ({ event }) => 'error' in event && isSlotTaken(event.error),
      isBookingGone: ({ event }) => 'error' in event && isBookingGone(event.error),
      isCitizenLimit: ({ event }) => 'error' in event && isCitizenLimit(event.error),
      isLookupThrottled: ({ event }) => 'error' in event && isLookupThrottled(event.error),
    },
  });

  return {
    machineSetup,
    city,
    dialogOf,
    menuPrompt,
    greeting,
    helpReply,
    slotStep,
    slotChoices,
    dayTyped,
    limitReply,
    personReply,
  };
}

export type ConversationKit = ReturnType<typeof createConversationSetup>;
