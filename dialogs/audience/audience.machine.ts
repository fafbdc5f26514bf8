import { assign, emit, enqueueActions, fromPromise, setup } from 'xstate';
import type { Level, Municipality, Official } from '../municipality';
import type { Choice, ClerkEmitted, ClerkEvent, Params, Reply } from '../reply';
import { judgePetition, judgePriorAudience, type PetitionOutcome, type RuleId } from '../rules/eligibility';
import { parseDateInput } from '../rules/date-input';
import { checkPhone } from '../rules/phone';
import { judgeReason, type ReasonVerdict } from '../rules/reason-check';
import { localDate, type Slot } from '../rules/slot-engine';
import { foldDigits, sanitize } from '../text/normalize';

/**
 * The audience procedure of seed 000 (DESIGN.md 1.1) as one conversation: the greeting menu, the
 * ladder with its evidence, the reason, how and where, who, the slot, the confirmation.
 *
 * The machine decides; it never does I/O. It emits `reply` events (locale keys with parameters) and
 * names two effects, `findSlots` and `bookAudience`, that the bot provides at wiring time. States that
 * read free text for its meaning say so with a tag (`understands.intent`, `understands.reason`), so the
 * bot runs the NLU only there; `busy` marks states waiting on an effect.
 */

export type Mode = 'site' | 'phone' | 'video';
export type AnswerBy = 'post' | 'email' | 'pickup' | 'none';

export interface AudienceRequest {
  level: Level;
  officialId: string;
  departmentId?: string;
  slot: Slot;
  mode: Mode;
  name: string;
  phone: string;
  answerBy: AnswerBy;
  email?: string;
  postalAddress?: string;
  reason: string;
  topic?: string;
  petition?: { number: string; date: string; outcome: PetitionOutcome };
  priorAudienceDate?: string;
}

export interface BookingResult {
  code: string;
  icsUrl: string;
}

export interface AudienceContext {
  level?: Level;
  petitionNumber?: string;
  petitionDate?: string;
  petitionOutcome?: PetitionOutcome;
  priorAudienceDate?: string;
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
}

/** Raised by `bookAudience` when the place was taken between the offer and the confirmation. */
export const SLOT_TAKEN = 'slot.taken';

/** Every field cleared: `assign` merges, so forgetting a field means setting it to undefined (the type lists them all). */
type Cleared = { [K in Exclude<keyof AudienceContext, 'slots'>]-?: undefined } & { slots: Slot[] };
const EMPTY: Cleared = {
  level: undefined,
  petitionNumber: undefined,
  petitionDate: undefined,
  petitionOutcome: undefined,
  priorAudienceDate: undefined,
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
};

const yesNo: Choice[] = [
  { value: 'yes', key: 'choice.yes' },
  { value: 'no', key: 'choice.no' },
];

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,24}$/;

function isSlotTaken(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === SLOT_TAKEN;
}

export function createAudienceMachine(city: Municipality) {
  const officials = new Map(city.officials.map((o) => [o.id, o]));
  const mayor = city.officials.find((o) => o.level === 'mayor');
  const title = (id: string | undefined) =>
    (id ? officials.get(id)?.title : undefined) ?? { ro: '', fa: '', en: '' };
  const localToday = (at: string) => localDate(new Date(at), city.timeZone);

  /** The competent official for a level, given the department the problem belongs to. */
  function competentOfficial(level: Level, departmentId: string | undefined): Official | undefined {
    if (level === 'mayor') return mayor;
    const department = city.departments.find((d) => d.id === departmentId);
    if (!department) return undefined;
    if (level === 'deputy') return officials.get(department.coordinator);
    return city.officials.find((o) => o.level === 'head' && o.department === department.id);
  }

  function departmentForTopic(topic: string | undefined): string | undefined {
    return topic ? city.departments.find((d) => d.topics.includes(topic))?.id : undefined;
  }

  function reasonVerdict(event: ClerkEvent): ReasonVerdict | undefined {
    if (event.type !== 'user.text') return undefined;
    return judgeReason(event.text, event.reason ?? { intent: 'None', score: 0 });
  }

  function dateAnswer(event: ClerkEvent): string | undefined {
    return event.type === 'user.text' ? parseDateInput(event.text) : undefined;
  }

  function isPastDate(event: ClerkEvent): boolean {
    const date = dateAnswer(event);
    return !!date && date <= localToday(event.at);
  }

  function petitionVerdict(c: AudienceContext, event: ClerkEvent) {
    return judgePetition(
      { filed: true, date: c.petitionDate, outcome: c.petitionOutcome },
      localToday(event.at),
      city.audience.petitionAnswerDays,
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
      params: { ...verdict.params, days: city.audience.petitionAnswerDays },
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

  const menuChoices: Choice[] = [
    { value: 'audience', key: 'choice.audience' },
    { value: 'info', key: 'choice.info' },
    { value: 'help', key: 'choice.help' },
  ];

  return setup({
    types: {
      context: {} as AudienceContext,
      events: {} as ClerkEvent,
      emitted: {} as ClerkEmitted,
    },
    actors: {
      findSlots: fromPromise<Slot[], { officialId: string }>(async () => {
        throw new Error('findSlots is provided by the bot');
      }),
      bookAudience: fromPromise<BookingResult, AudienceRequest>(async () => {
        throw new Error('bookAudience is provided by the bot');
      }),
    },
    actions: {
      /** Ask a question: say it and remember it as what the clerk is waiting for. */
      ask: enqueueActions(({ enqueue }, reply: Reply) => {
        enqueue.assign({ prompt: reply });
        enqueue.emit({ type: 'reply', reply });
      }),
      say: emit((_, reply: Reply) => ({ type: 'reply' as const, reply })),
      repeatPrompt: emit(({ context }) => ({
        type: 'reply' as const,
        reply: context.prompt ?? { key: 'menu.prompt', choices: menuChoices },
      })),
      reset: assign(() => ({ ...EMPTY })),
      rememberOfficial: assign({
        level: ({ event }) => (event.type === 'user.text' ? event.intent?.official : undefined),
      }),
    },
    guards: {
      isYes: ({ event }) => event.type === 'user.choice' && event.value === 'yes',
      isNo: ({ event }) => event.type === 'user.choice' && event.value === 'no',
      isChoice: ({ event }, value: string) => event.type === 'user.choice' && event.value === value,
      wantsAudience: ({ event }) => event.type === 'user.text' && event.intent?.intent === 'audience.request',
      namesOfficial: ({ event }) => event.type === 'user.text' && !!event.intent?.official,
      asksInfo: ({ event }) => event.type === 'user.text' && !!event.intent?.intent.startsWith('info.'),
      isGreeting: ({ event }) => event.type === 'user.text' && event.intent?.intent === 'greeting',
      levelIsHead: ({ context }) => context.level === 'head',
      levelIsDeputy: ({ context }) => context.level === 'deputy',
      isPetitionRefused: ({ context, event }) => !petitionVerdict(context, event).eligible,
      hasPetitionNumber: ({ event }) =>
        event.type === 'user.text' && /\d/.test(foldDigits(event.text)) && sanitize(event.text).length <= 40,
      isPastDate: ({ event }) => isPastDate(event),
      isFutureDate: ({ event }) => !!dateAnswer(event) && !isPastDate(event),
      isClearReason: ({ event }) => reasonVerdict(event)?.kind === 'clear',
      isVagueReason: ({ event }) => reasonVerdict(event)?.kind === 'vague',
      isTooLongReason: ({ event }) => reasonVerdict(event)?.kind === 'tooLong',
      isOutOfCompetence: ({ event }) => reasonVerdict(event)?.kind === 'outOfCompetence',
      hasCompetentOfficial: ({ context }) => !!competentOfficial(context.level!, context.departmentId),
      isDepartmentChoice: ({ event }) =>
        event.type === 'user.choice' && city.departments.some((d) => `department.${d.id}` === event.value),
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
    },
  }).createMachine({
    id: 'audience',
    context: { ...EMPTY },
    initial: 'idle',
    on: {
      // Anything a state does not handle itself: say so, and ask the same question again.
      'user.text': { actions: [{ type: 'say', params: { key: 'errors.notUnderstood' } }, 'repeatPrompt'] },
      'user.choice': { actions: [{ type: 'say', params: { key: 'errors.notUnderstood' } }, 'repeatPrompt'] },
      'conversation.reprompt': { actions: 'repeatPrompt' },
      'nav.help': { actions: [{ type: 'say', params: { key: 'help.text' } }, 'repeatPrompt'] },
      'nav.menu': { target: '.menu', actions: 'reset' },
      'conversation.start': {
        target: '.menu',
        actions: ['reset', { type: 'say', params: { key: 'welcome.greeting' } }],
      },
    },
    states: {
      // Before the first message: a citizen who opens with a request goes straight to the right question.
      idle: {
        tags: ['understands.intent'],
        on: {
          'user.text': [
            { guard: 'namesOfficial', target: 'routeLevel', actions: 'rememberOfficial' },
            { guard: 'wantsAudience', target: 'chooseLevel' },
            { guard: 'asksInfo', target: 'menu', actions: { type: 'say', params: { key: 'info.summary' } } },
            { target: 'menu', actions: { type: 'say', params: { key: 'welcome.greeting' } } },
          ],
          'user.choice': { target: 'menu', actions: { type: 'say', params: { key: 'welcome.greeting' } } },
        },
      },
      menu: {
        tags: ['understands.intent'],
        entry: { type: 'ask', params: { key: 'menu.prompt', choices: menuChoices } },
        on: {
          'user.choice': [
            { guard: { type: 'isChoice', params: 'audience' }, target: 'chooseLevel' },
            {
              guard: { type: 'isChoice', params: 'info' },
              actions: [{ type: 'say', params: { key: 'info.summary' } }, 'repeatPrompt'],
            },
            {
              guard: { type: 'isChoice', params: 'help' },
              actions: [{ type: 'say', params: { key: 'help.text' } }, 'repeatPrompt'],
            },
          ],
          'user.text': [
            { guard: 'namesOfficial', target: 'routeLevel', actions: 'rememberOfficial' },
            { guard: 'wantsAudience', target: 'chooseLevel' },
            {
              guard: 'asksInfo',
              actions: [{ type: 'say', params: { key: 'info.summary' } }, 'repeatPrompt'],
            },
            {
              guard: 'isGreeting',
              actions: [{ type: 'say', params: { key: 'welcome.greeting' } }, 'repeatPrompt'],
            },
            { actions: [{ type: 'say', params: { key: 'errors.notUnderstood' } }, 'repeatPrompt'] },
          ],
        },
      },
      chooseLevel: {
        tags: ['understands.intent'],
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
            { guard: 'isYes', target: 'askPetitionNumber' },
            {
              guard: 'isNo',
              target: 'notEligible',
              actions: assign({ refusal: { rule: 'head.needsPetition' as RuleId } }),
            },
          ],
        },
      },
      askPetitionNumber: {
        entry: { type: 'ask', params: { key: 'audience.askPetitionNumber' } },
        on: {
          'user.text': [
            {
              guard: 'hasPetitionNumber',
              target: 'askPetitionDate',
              actions: assign({ petitionNumber: ({ event }) => foldDigits(sanitize(event.text)) }),
            },
            { actions: [{ type: 'say', params: { key: 'audience.invalidPetitionNumber' } }, 'repeatPrompt'] },
          ],
        },
      },
      askPetitionDate: {
        entry: { type: 'ask', params: { key: 'audience.askPetitionDate' } },
        on: {
          'user.text': [
            {
              guard: 'isPastDate',
              target: 'askPetitionOutcome',
              actions: assign({ petitionDate: ({ event }) => parseDateInput(event.text) }),
            },
            {
              guard: 'isFutureDate',
              actions: [{ type: 'say', params: { key: 'errors.dateInFuture' } }, 'repeatPrompt'],
            },
            { actions: [{ type: 'say', params: { key: 'errors.invalidDate' } }, 'repeatPrompt'] },
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
        },
      },
      askPriorAudienceDate: {
        entry: { type: 'ask', params: { key: 'audience.askPriorAudienceDate' } },
        on: {
          'user.text': [
            {
              guard: 'isPastDate',
              target: 'askReason',
              actions: assign({ priorAudienceDate: ({ event }) => parseDateInput(event.text) }),
            },
            {
              guard: 'isFutureDate',
              actions: [{ type: 'say', params: { key: 'errors.dateInFuture' } }, 'repeatPrompt'],
            },
            { actions: [{ type: 'say', params: { key: 'errors.invalidDate' } }, 'repeatPrompt'] },
          ],
        },
      },
      notEligible: {
        entry: { type: 'ask', params: ({ context }) => refusalReply(context.refusal!) },
        on: {
          'user.choice': [
            {
              guard: { type: 'isChoice', params: 'level.deputy' },
              target: 'routeLevel',
              actions: assign({ ...EMPTY, level: 'deputy' as Level }),
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
                };
              }),
            },
            {
              guard: 'isOutOfCompetence',
              target: 'outOfCompetence',
              actions: {
                type: 'say',
                params: ({ event }) => {
                  const verdict = reasonVerdict(event);
                  const referral = verdict?.kind === 'outOfCompetence' ? verdict.referral : '';
                  return {
                    key: 'audience.outOfCompetence',
                    params: {
                      institution: city.referrals[referral] ?? { t: 'audience.competentInstitution' },
                    },
                  };
                },
              },
            },
            {
              guard: 'isTooLongReason',
              actions: [{ type: 'say', params: { key: 'audience.reasonTooLong' } }, 'repeatPrompt'],
            },
            {
              guard: 'isVagueReason',
              actions: [{ type: 'say', params: { key: 'audience.reasonTooVague' } }, 'repeatPrompt'],
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
            guard: 'hasCompetentOfficial',
            target: 'askMode',
            actions: [
              assign({
                officialId: ({ context }) => competentOfficial(context.level!, context.departmentId)!.id,
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
      chooseDepartment: {
        entry: {
          type: 'ask',
          params: {
            key: 'audience.askDepartment',
            choices: city.departments.map((d) => ({
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
            {
              guard: 'isName',
              target: 'askPhone',
              actions: assign({ name: ({ event }) => sanitize(event.text) }),
            },
            { actions: [{ type: 'say', params: { key: 'audience.invalidName' } }, 'repeatPrompt'] },
          ],
        },
      },
      askPhone: {
        entry: { type: 'ask', params: { key: 'audience.askPhone' } },
        on: {
          'user.text': [
            {
              guard: 'isPhone',
              target: 'askAnswerBy',
              actions: assign({
                phone: ({ event }) => {
                  const phone = checkPhone(event.text, city.country, city.phoneCountries);
                  return phone.ok ? phone.e164 : undefined;
                },
              }),
            },
            { actions: [{ type: 'say', params: { key: 'audience.invalidPhone' } }, 'repeatPrompt'] },
          ],
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
        },
      },
      askEmail: {
        entry: { type: 'ask', params: { key: 'audience.askEmail' } },
        on: {
          'user.text': [
            {
              guard: 'isEmail',
              target: 'askConsent',
              actions: assign({ email: ({ event }) => sanitize(event.text) }),
            },
            { actions: [{ type: 'say', params: { key: 'audience.invalidEmail' } }, 'repeatPrompt'] },
          ],
        },
      },
      askPostalAddress: {
        entry: { type: 'ask', params: { key: 'audience.askPostalAddress' } },
        on: {
          'user.text': [
            {
              guard: 'isPostalAddress',
              target: 'askConsent',
              actions: assign({ postalAddress: ({ event }) => sanitize(event.text) }),
            },
            { actions: [{ type: 'say', params: { key: 'audience.invalidPostalAddress' } }, 'repeatPrompt'] },
          ],
        },
      },
      askConsent: {
        entry: { type: 'ask', params: { key: 'audience.askConsent', choices: yesNo } },
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
          input: ({ context }) => ({ officialId: context.officialId! }),
          onDone: [
            {
              guard: 'hasSlots',
              target: 'chooseSlot',
              actions: assign({ slots: ({ event }) => event.output }),
            },
            { target: 'menu', actions: ['reset', { type: 'say', params: { key: 'audience.noSlots' } }] },
          ],
          onError: { target: 'askConsent', actions: { type: 'say', params: { key: 'errors.technical' } } },
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
            actions: assign({ slot: ({ context, event }) => context.slots[Number(event.value.slice(5))] }),
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
          id: 'bookAudience',
          src: 'bookAudience',
          input: ({ context }) => ({
            level: context.level!,
            officialId: context.officialId!,
            departmentId: context.departmentId,
            slot: context.slot!,
            mode: context.mode!,
            name: context.name!,
            phone: context.phone!,
            answerBy: context.answerBy ?? 'none',
            email: context.email,
            postalAddress: context.postalAddress,
            reason: context.reason!,
            topic: context.topic,
            petition:
              context.petitionNumber && context.petitionDate && context.petitionOutcome
                ? {
                    number: context.petitionNumber,
                    date: context.petitionDate,
                    outcome: context.petitionOutcome,
                  }
                : undefined,
            priorAudienceDate: context.priorAudienceDate,
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
              'reset',
            ],
          },
          onError: [
            {
              guard: 'isSlotTaken',
              target: 'findingSlots',
              actions: [assign({ slot: undefined }), { type: 'say', params: { key: 'audience.slotTaken' } }],
            },
            { target: 'confirming', actions: { type: 'say', params: { key: 'errors.technical' } } },
          ],
        },
      },
    },
  });
}

export type AudienceMachine = ReturnType<typeof createAudienceMachine>;
