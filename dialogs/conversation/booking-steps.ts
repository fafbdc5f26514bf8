import { and, assign, enqueueActions, stopChild } from 'xstate';
import type { AppointmentRequest } from '../appointment';
import { isCitizenLimit } from '../rules/citizen-limits';
import { sanitize } from '../text/normalize';
import { procedurePersonState, procedurePersonTransitions } from './person';
import {
  globalChoices,
  markedQuestions,
  menuChoice,
  otherDayChoice,
  phoneAnswers,
  PROCEDURE_CHILD,
  questions,
  toMenu,
  yesNo,
  type ConversationKit,
} from './conversation.setup';

/**
 * A procedure: its child asks its own questions (`asking`); the shared steps and the booking are here.
 */
export function procedureState(kit: ConversationKit) {
  const { machineSetup, dialogOf, slotStep, slotChoices, dayTyped, limitReply } = kit;
  return machineSetup.createStateConfig({
    entry: 'startProcedure',
    exit: stopChild(PROCEDURE_CHILD),
    initial: 'steps',
    on: {
      'nav.person': procedurePersonTransitions,
      'proc.ask': { actions: { type: 'ask', params: ({ event }) => event.reply } },
      'proc.say': { actions: { type: 'say', params: ({ event }) => event.reply } },
      'proc.reject': {
        actions: { type: 'reject', params: ({ event }) => ({ key: event.key, params: event.params }) },
      },
      'proc.unhandled': [
        { guard: 'isQuestion', actions: ['answerQuestion', 'resume'] },
        { guard: 'isClosingTalk', actions: 'answerSmallTalk' },
        { guard: 'isSmallTalk', actions: ['answerSmallTalk', 'resume'] },
        { guard: 'isOutside', actions: ['answerOutside', 'resume'] },
        { guard: 'wantsPersonMarked', actions: 'wantPerson' },
        { guard: and(['wantsPerson', 'isTextPrompt']), actions: 'wantPerson' },
        { guard: 'wantsPerson', actions: 'offerPerson' },
        { actions: { type: 'reject', params: ({ event }) => ({ key: event.key }) } },
      ],
      'proc.decided': { actions: assign({ decided: ({ event }) => event.decision }) },
      'proc.step': [
        { guard: { type: 'isStep', params: 'contact' }, target: '.steps.askName', actions: 'rememberStep' },
        {
          guard: { type: 'isStep', params: 'consent' },
          target: '.steps.askConsent',
          actions: 'rememberStep',
        },
        { guard: { type: 'isStep', params: 'slot' }, target: '.steps.findingSlots', actions: 'rememberStep' },
        { guard: { type: 'isStep', params: 'ticket' }, target: '.steps.ticketing', actions: 'rememberStep' },
      ],
      'proc.ready': {
        target: '.steps.confirming',
        actions: assign({ outcome: ({ event }) => event.outcome }),
      },
      'proc.end': { target: '#clerk.menu', actions: 'reset' },
    },
    states: {
      // A person asked for in the middle: the child and the answers so far stay (dialogs/conversation/person.ts).
      person: procedurePersonState(kit),
      steps: {
        initial: 'asking',
        states: {
          // Where the steps were when a person was asked for.
          before: { type: 'history' },
          asking: {
            on: {
              'user.text': [...markedQuestions, { actions: 'forward' }],
              'user.choice': [...globalChoices, { actions: 'forward' }],
            },
          },
          // A shared step is through: the procedure says what comes next.
          returning: { always: { target: 'asking', actions: 'stepDone' } },

          askName: {
            entry: { type: 'ask', params: { key: 'contact.askName' } },
            on: {
              'user.text': [
                ...markedQuestions,
                {
                  guard: 'isName',
                  target: 'routePhone',
                  actions: assign({ name: ({ event }) => sanitize(event.text) }),
                },
                ...questions,
                { actions: { type: 'reject', params: { key: 'contact.invalidName' } } },
              ],
            },
          },
          // Over SMS or WhatsApp the sender's number is the citizen's phone: not asked again.
          routePhone: {
            always: [
              {
                guard: 'hasChannelPhone',
                target: 'returning',
                actions: assign({ phone: ({ context }) => context.channelPhone }),
              },
              { target: 'askPhone' },
            ],
          },
          askPhone: {
            entry: { type: 'ask', params: { key: 'contact.askPhone' } },
            on: { 'user.text': phoneAnswers('returning') },
          },
          askConsent: {
            // The consent names the personal data given, as the procedure lists it.
            entry: {
              type: 'ask',
              params: ({ context }) => ({
                key: 'contact.askConsent',
                params: { data: context.step?.kind === 'consent' ? context.step.data : '' },
                choices: yesNo,
              }),
            },
            on: {
              'user.choice': [
                { guard: 'isYes', target: 'returning' },
                {
                  guard: 'isNo',
                  target: '#clerk.menu',
                  actions: ['reset', { type: 'say', params: { key: 'contact.consentRefused' } }],
                },
              ],
            },
          },

          // Choosing a place: the first free ones, or a day and then a time of it.
          findingSlots: {
            tags: ['busy'],
            invoke: {
              id: 'findSlots',
              src: 'findSlots',
              // The phone, when given, leaves out the days it may not book (the citizen's limits).
              input: ({ context }) => ({
                resourceId: slotStep(context).resourceId,
                phone: context.phone,
                daysOnly: !!slotStep(context).askDay,
              }),
              onDone: [
                {
                  guard: and(['hasSlots', 'byDay']),
                  target: 'chooseDay',
                  actions: assign({ slots: ({ event }) => event.output }),
                },
                {
                  guard: 'hasSlots',
                  target: 'chooseSlot',
                  actions: assign({ slots: ({ event }) => event.output }),
                },
                toMenu('slots.none'),
              ],
              onError: [
                {
                  guard: 'isCitizenLimit',
                  target: 'citizenLimited',
                  actions: assign({
                    limit: ({ event }) => (isCitizenLimit(event.error) ? event.error.hit : undefined),
                  }),
                },
                { target: 'slotsFailed' },
              ],
            },
          },
          chooseDay: {
            entry: {
              type: 'ask',
              params: ({ context }) => ({
                ...slotStep(context).askDay!,
                choices: context.slots.map((s, i) => ({
                  value: `day.${i}`,
                  key: 'choice.day',
                  params: { day: s.day },
                })),
              }),
            },
            on: {
              'user.choice': {
                guard: 'isDayChoice',
                target: 'findingTimes',
                actions: assign({
                  slot: ({ context, event }) => context.slots[Number(event.value.slice(4))],
                }),
              },
              'user.text': [
                ...markedQuestions,
                {
                  guard: 'isOfferedDay',
                  target: 'findingTimes',
                  actions: assign({
                    slot: ({ context, event }) => context.slots[dayTyped(context, event)!.offered],
                  }),
                },
                // A day not offered (closed, a holiday, full, or past the horizon): said, and the days again.
                {
                  guard: 'isOtherDay',
                  actions: [
                    {
                      type: 'say',
                      params: ({ context, event }) => ({
                        key: 'slots.dayUnavailable',
                        params: { day: dayTyped(context, event)!.day },
                      }),
                    },
                    'repeatPrompt',
                  ],
                },
                ...questions,
                { actions: { type: 'reject', params: { key: 'errors.notUnderstood' } } },
              ],
            },
          },
          findingTimes: {
            tags: ['busy'],
            invoke: {
              id: 'findTimes',
              src: 'findSlots',
              input: ({ context }) => ({
                resourceId: slotStep(context).resourceId,
                phone: context.phone,
                day: context.slot!.day,
              }),
              onDone: [
                {
                  guard: 'hasSlots',
                  target: 'chooseSlot',
                  actions: assign({ slots: ({ event }) => event.output }),
                },
                // Taken meanwhile: the days as they are now.
                {
                  target: 'findingSlots',
                  actions: {
                    type: 'say',
                    params: ({ context }) => ({
                      key: 'slots.dayUnavailable',
                      params: { day: context.slot!.day },
                    }),
                  },
                },
              ],
              onError: { target: 'slotsFailed' },
            },
          },
          chooseSlot: {
            entry: {
              type: 'ask',
              params: ({ context }) => {
                const step = slotStep(context);
                const ask = step.askDay
                  ? { ...step.ask, params: { ...step.ask.params, day: context.slots[0]?.day ?? '' } }
                  : step.ask;
                return {
                  ...ask,
                  choices: [...slotChoices(context.slots), ...(step.askDay ? [otherDayChoice] : [])],
                };
              },
            },
            on: {
              'user.choice': [
                {
                  guard: 'isSlotChoice',
                  target: 'returning',
                  actions: assign(({ context, event }) => {
                    const slot =
                      context.slots[Number(event.type === 'user.choice' ? event.value.slice(5) : '')];
                    // The instant of this choice with the place: unique within the conversation, even on a fixed clock.
                    return { slot, requestId: `${event.at}|${slot.resourceId}|${slot.day}|${slot.seq}` };
                  }),
                },
                { guard: { type: 'isChoice', params: 'slot.otherDay' }, target: 'findingSlots' },
              ],
            },
          },
          slotsFailed: {
            entry: {
              type: 'ask',
              params: {
                key: 'errors.technical',
                choices: [{ value: 'slot.retry', key: 'choice.tryAgain' }, menuChoice],
              },
            },
            on: {
              'user.choice': { guard: { type: 'isChoice', params: 'slot.retry' }, target: 'findingSlots' },
            },
          },
          // Past the citizen's limit: what was given is kept, for another day or until the citizen leaves.
          citizenLimited: {
            entry: { type: 'ask', params: ({ context }) => limitReply(context.limit!) },
            on: {
              'user.choice': [
                { guard: { type: 'isChoice', params: 'slot.otherDay' }, target: 'findingSlots' },
                {
                  guard: { type: 'isChoice', params: 'myBooking' },
                  target: '#clerk.askBookingCode',
                  actions: 'reset',
                },
              ],
            },
          },

          // A walk-in at the office: the ticket and its wait (or when the counters open), and the procedure is done.
          ticketing: {
            tags: ['busy'],
            invoke: {
              id: 'walkInTicket',
              src: 'walkInTicket',
              input: ({ context }) => ({
                resourceId: context.step?.kind === 'ticket' ? context.step.resourceId : '',
              }),
              onDone: {
                target: '#clerk.menu',
                actions: [
                  enqueueActions(({ event, enqueue }) => {
                    for (const reply of event.output) enqueue.emit({ type: 'reply', reply });
                  }),
                  'reset',
                ],
              },
              onError: toMenu('errors.technical'),
            },
          },

          confirming: {
            entry: {
              type: 'ask',
              params: ({ context }) => ({
                ...dialogOf(context).summary(context.outcome!, {
                  slot: context.slot!,
                  name: context.name ?? '',
                  phone: context.phone ?? '',
                }),
                choices: [
                  { value: 'confirm', key: 'choice.confirm' },
                  { value: 'cancel', key: 'choice.cancel' },
                ],
              }),
            },
            on: {
              'user.choice': [
                { guard: { type: 'isChoice', params: 'confirm' }, target: 'booking' },
                { guard: { type: 'isChoice', params: 'cancel' }, ...toMenu('confirm.dropped') },
              ],
            },
          },
          booking: {
            tags: ['busy'],
            invoke: {
              id: 'book',
              src: 'book',
              input: ({ context }): AppointmentRequest => ({
                procedure: context.procedure!,
                slot: context.slot!,
                name: context.name!,
                phone: context.phone!,
                details: dialogOf(context).details(context.outcome!, context.slot!),
                requestId: context.requestId,
              }),
              onDone: {
                target: '#clerk.menu',
                actions: [
                  enqueueActions(({ context, event, enqueue }) => {
                    const draft = { slot: context.slot!, name: context.name!, phone: context.phone! };
                    for (const reply of dialogOf(context).booked(context.outcome!, draft, event.output))
                      enqueue.emit({ type: 'reply', reply });
                  }),
                  'reset',
                ],
              },
              onError: [
                {
                  guard: 'isSlotTaken',
                  target: 'findingSlots',
                  actions: [assign({ slot: undefined }), { type: 'say', params: { key: 'slots.taken' } }],
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
        },
      },
    },
  });
}
