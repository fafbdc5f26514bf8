import type { ReasonClassification } from '../rules/reason-check';
import { smallTalkReply } from '../conversation/basics';
import { and, assign, sendParent, setup } from 'xstate';
import {
  awaitingStep,
  readyState,
  type ConversationMessage,
  type Decision,
  type ProcedureInput,
  type ProcedureMessage,
} from '../dialog-protocol';
import { interruption } from '../conversation/interruptions';
import { topicOfIntent } from '../info/answers';
import type { Level, Municipality } from '../municipality';
import type { Choice, ClerkEvent, Params, Reply } from '../reply';
import { judgePriorAudience, type PetitionOutcome, type RuleId } from '../rules/eligibility';
import { REASON_MAX_LENGTH } from '../rules/reason-check';
import { sanitize } from '../text/normalize';
import { createLadder } from './ladder';
import type { AnswerBy, Mode } from './details';

/**
 * The audience procedure of Cluj-Napoca City Hall, as a child of the conversation (dialogs/dialog-protocol.ts):
 * the ladder with its evidence, the reason, who, how the audience is held and how its written answer comes.
 * The contact, the consent and the place are the conversation's shared steps, asked for in their turn.
 *
 * It decides and says nothing itself: questions, refusals and answers it cannot use go to the conversation.
 * The state that expects a reason says so with the tag `understands.reason`; `decided` holds the rule that
 * settled the last answer, for staff traces.
 */

export type { AnswerBy, Mode } from './details';

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
  /** The matter the opening message stated, if it reads as a clear reason: offered back, not asked again. */
  matter?: { text: string; reason: ReasonClassification };
  topic?: string;
  departmentId?: string;
  officialId?: string;
  mode?: Mode;
  answerBy?: AnswerBy;
  email?: string;
  postalAddress?: string;
  /** The rule that refused the citizen last (the citizen gets its locale text; staff see it in traces). */
  refusal?: { rule: RuleId; params?: Record<string, string> };
  decided?: Decision;
}

/** What an audience's questions settle, handed to the conversation to confirm and book. */
export type AudienceAnswers = Omit<AudienceContext, 'refusal' | 'decided' | 'viceMayorOnly' | 'matter'>;

/** Every field cleared: `assign` merges, so forgetting a field means setting it to undefined. */
const EMPTY: { [K in Exclude<keyof AudienceContext, never>]-?: undefined } = {
  level: undefined,
  petitionNumber: undefined,
  petitionDate: undefined,
  petitionOutcome: undefined,
  priorAudienceDate: undefined,
  viceMayorOnly: undefined,
  reason: undefined,
  matter: undefined,
  topic: undefined,
  departmentId: undefined,
  officialId: undefined,
  mode: undefined,
  answerBy: undefined,
  email: undefined,
  postalAddress: undefined,
  refusal: undefined,
  decided: undefined,
};

const yesNo: Choice[] = [
  { value: 'yes', key: 'choice.yes' },
  { value: 'no', key: 'choice.no' },
];

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,24}$/;

/** The message to the conversation (typed where it is made). */
const tell = (message: ProcedureMessage) => message;

export function createAudienceMachine(city: Municipality) {
  const {
    rules,
    departments,
    referrals,
    title,
    competentOfficial,
    deputyOffer,
    deputyReply,
    departmentForTopic,
    reasonVerdict,
    dateAnswer,
    petitionNumberAnswer,
    isPastDate,
    petitionVerdict,
    refusalReply,
    decide,
    localToday,
  } = createLadder(city);
  /** A clear reason kept: its words, its topic, the department that handles it, and the decision for staff. */
  const clearReason = (text: string, verdict: ReturnType<typeof reasonVerdict>, at: string) => {
    const topic = verdict?.kind === 'clear' ? verdict.topic : undefined;
    return {
      reason: sanitize(text),
      matter: undefined,
      topic,
      departmentId: departmentForTopic(topic),
      decided: decide('reason.clear', at, topic ? { topic } : undefined),
    };
  };
  /** Not an answer to the question where it is one of the clerk's interruptions (a question, a person). */
  const interrupts = (event: ClerkEvent) => {
    const intent = interruption(event);
    return (
      !!topicOfIntent(intent) ||
      intent === 'person.request' ||
      intent === 'nav.help' ||
      !!smallTalkReply(intent)
    );
  };

  return setup({
    types: {
      context: {} as AudienceContext,
      events: {} as ConversationMessage,
      input: {} as ProcedureInput,
    },
    actions: {
      ask: sendParent((_, reply: Reply) => tell({ type: 'proc.ask', reply })),
      say: sendParent((_, reply: Reply) => tell({ type: 'proc.say', reply })),
      reject: sendParent((_, params: { key: string; params?: Params }) =>
        tell({ type: 'proc.reject', key: params.key, params: params.params }),
      ),
      /** The citizen's message is no answer here: the conversation sees what it is, or says `key`. */
      unhandled: sendParent(({ event }, params: { key: string }) =>
        tell({ type: 'proc.unhandled', event: event as ClerkEvent, key: params.key }),
      ),
      step: sendParent((_, step: Extract<ProcedureMessage, { type: 'proc.step' }>['step']) =>
        tell({ type: 'proc.step', step }),
      ),
      ready: sendParent(({ context }) => {
        const answers: AudienceAnswers = { ...context };
        // What only led here stays here: the refusal, the decision, the step offered before the mayor.
        for (const key of ['refusal', 'decided', 'viceMayorOnly', 'matter'] as const)
          delete (answers as AudienceContext)[key];
        return tell({ type: 'proc.ready', outcome: { resourceId: context.officialId!, answers } });
      }),
      rememberPetitionNumberAndDate: assign(({ event }) => {
        const { number, date } = petitionNumberAnswer(event as ClerkEvent)!;
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
      namesOfficial: ({ event }) =>
        (event.type === 'user.text' || event.type === 'user.choice') && !!event.intent?.official,
      hasLevel: ({ context }) => !!context.level,
      isInterruption: ({ event }) => event.type === 'user.text' && interrupts(event),
      levelIsHead: ({ context }) => context.level === 'head',
      levelIsDeputy: ({ context }) => context.level === 'deputy',
      isPetitionRefused: ({ context, event }) => !petitionVerdict(context, event as ClerkEvent).eligible,
      hasPetitionNumber: ({ event }) => !!petitionNumberAnswer(event as ClerkEvent),
      /** The number written with its date ("123456/02.09.2026"), a date that has passed. */
      hasPetitionNumberAndDate: ({ event }) => {
        if (event.type === 'step.done') return false;
        const date = petitionNumberAnswer(event)?.date;
        return !!date && date <= localToday(event.at);
      },
      isPastDate: ({ event }) => event.type !== 'step.done' && isPastDate(event),
      isFutureDate: ({ event }) => event.type !== 'step.done' && !!dateAnswer(event) && !isPastDate(event),
      isClearReason: ({ event }) => reasonVerdict(event as ClerkEvent)?.kind === 'clear',
      isVagueReason: ({ event }) => reasonVerdict(event as ClerkEvent)?.kind === 'vague',
      isTooLongReason: ({ event }) => reasonVerdict(event as ClerkEvent)?.kind === 'tooLong',
      isOutOfCompetence: ({ event }) => reasonVerdict(event as ClerkEvent)?.kind === 'outOfCompetence',
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
      isEmail: ({ event }) => event.type === 'user.text' && EMAIL.test(sanitize(event.text)),
      isPostalAddress: ({ event }) =>
        event.type === 'user.text' && sanitize(event.text).length >= 10 && sanitize(event.text).length <= 300,
    },
  }).createMachine({
    id: 'audience',
    // The message that opened the procedure may name the official ("vreau audiență la primar") and state the
    // matter ("… despre vecinii care au construit ilegal"): neither is asked for again.
    context: ({ input }) => {
      const opening = input.opening;
      const named =
        opening?.type === 'user.text' || opening?.type === 'user.choice' ? opening.intent : undefined;
      const matter = named?.matter;
      const clear =
        matter &&
        reasonVerdict({ type: 'user.text', text: matter.text, at: opening!.at, reason: matter.reason })
          ?.kind === 'clear';
      return { level: named?.official, matter: clear ? matter : undefined };
    },
    initial: 'start',
    on: {
      // Whatever a question does not take is the conversation's to read (a question, a person) or refuse.
      'user.text': { actions: { type: 'unhandled', params: { key: 'errors.notUnderstood' } } },
      'user.choice': { actions: { type: 'unhandled', params: { key: 'errors.notUnderstood' } } },
    },
    states: {
      start: {
        always: [{ guard: 'hasLevel', target: 'routeLevel' }, { target: 'chooseLevel' }],
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
            { actions: { type: 'unhandled', params: { key: 'audience.invalidPetitionNumber' } } },
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
              actions: assign({ petitionDate: ({ event }) => dateAnswer(event) }),
            },
            {
              guard: 'isFutureDate',
              actions: { type: 'reject', params: { key: 'errors.dateInFuture' } },
            },
            { actions: { type: 'unhandled', params: { key: 'errors.invalidDate' } } },
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
                const verdict = petitionVerdict(context, event as ClerkEvent);
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
            {
              guard: 'isPastDate',
              target: 'askReason',
              actions: assign({ priorAudienceDate: ({ event }) => dateAnswer(event) }),
            },
            {
              guard: 'isFutureDate',
              actions: { type: 'reject', params: { key: 'errors.dateInFuture' } },
            },
            { actions: { type: 'unhandled', params: { key: 'errors.invalidDate' } } },
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
          ],
        },
      },
      askReason: {
        tags: ['understands.reason'],
        entry: {
          type: 'ask',
          params: ({ context }) =>
            context.matter
              ? {
                  key: 'audience.confirmMatter',
                  params: { matter: context.matter.text },
                  choices: [
                    { value: 'matter.keep', key: 'choice.matterKeep' },
                    { value: 'matter.write', key: 'choice.matterWrite' },
                  ],
                }
              : { key: 'audience.askReason' },
        },
        on: {
          // The matter the first message stated, confirmed: the reason, judged as if typed here.
          'user.choice': [
            {
              guard: ({ context, event }) => event.value === 'matter.keep' && !!context.matter,
              target: 'routeOfficial',
              actions: assign(({ context, event }) => {
                const { text, reason } = context.matter!;
                return clearReason(
                  text,
                  reasonVerdict({ type: 'user.text', text, at: event.at, reason }),
                  event.at,
                );
              }),
            },
            {
              guard: { type: 'isChoice', params: 'matter.write' },
              target: 'askReason',
              reenter: true,
              actions: assign({ matter: undefined }),
            },
          ],
          'user.text': [
            {
              guard: 'isInterruption',
              actions: { type: 'unhandled', params: { key: 'errors.notUnderstood' } },
            },
            {
              guard: 'isClearReason',
              target: 'routeOfficial',
              actions: assign(({ event }) =>
                clearReason(event.type === 'user.text' ? event.text : '', reasonVerdict(event), event.at),
              ),
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
              actions: {
                type: 'reject',
                params: { key: 'audience.reasonTooLong', params: { max: REASON_MAX_LENGTH } },
              },
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
          'user.choice': [{ guard: { type: 'isChoice', params: 'reason.other' }, target: 'askReason' }],
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
            target: 'contact',
            actions: assign({ mode: ({ event }) => event.value as Mode }),
          },
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
              target: 'consent',
              actions: assign({ answerBy: ({ event }) => event.value as AnswerBy }),
            },
          ],
          // An e-mail address typed here says both how and where.
          'user.text': {
            guard: 'isEmail',
            target: 'consent',
            actions: assign({ answerBy: 'email' as AnswerBy, email: ({ event }) => sanitize(event.text) }),
          },
        },
      },
      askEmail: {
        entry: { type: 'ask', params: { key: 'audience.askEmail' } },
        on: {
          'user.text': [
            {
              guard: 'isEmail',
              target: 'consent',
              actions: assign({ email: ({ event }) => sanitize(event.text) }),
            },
            { actions: { type: 'unhandled', params: { key: 'audience.invalidEmail' } } },
          ],
        },
      },
      askPostalAddress: {
        entry: { type: 'ask', params: { key: 'audience.askPostalAddress' } },
        on: {
          'user.text': [
            {
              guard: 'isPostalAddress',
              target: 'consent',
              actions: assign({ postalAddress: ({ event }) => sanitize(event.text) }),
            },
            { actions: { type: 'unhandled', params: { key: 'audience.invalidPostalAddress' } } },
          ],
        },
      },
      // The shared steps, each in its turn; the conversation answers `step.done`.
      contact: {
        ...awaitingStep('askAnswerBy'),
        entry: { type: 'step', params: { kind: 'contact' } },
      },
      consent: {
        ...awaitingStep('slot'),
        // The consent names the personal data given, the e-mail or postal address included.
        entry: {
          type: 'step',
          params: ({ context }) => ({
            kind: 'consent' as const,
            data: {
              t: `audience.consentData.${context.email ? 'email' : context.postalAddress ? 'post' : 'basic'}`,
            },
          }),
        },
      },
      slot: {
        ...awaitingStep('ready'),
        entry: {
          type: 'step',
          params: ({ context }) => ({
            kind: 'slot' as const,
            resourceId: context.officialId!,
            ask: {
              key: 'audience.askSlot',
              params: {
                official: title(context.officialId),
                max: rules.maxPerDay,
                minutes: rules.minutesEach,
              },
            },
          }),
        },
      },
      // Everything asked: the conversation confirms and books, and comes back here after another place.
      ready: readyState,
    },
  });
}

export type AudienceMachine = ReturnType<typeof createAudienceMachine>;
