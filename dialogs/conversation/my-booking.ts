import { assign } from 'xstate';
import { isLookupThrottled } from '../rules/lookup-limits';
import {
  menuChoice,
  personChoice,
  phoneAnswers,
  questions,
  toMenu,
  yesNo,
  type ConversationKit,
} from './conversation.setup';

/**
 * "My booking": found with its reference code and the phone it was made with; seen, cancelled or moved.
 */
export function myBookingStates(kit: ConversationKit) {
  const { machineSetup, slotChoices } = kit;
  // Checked as a state's `states`: the conversation's own states, beside the others.
  return machineSetup.createStateConfig({
    states: {
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
        on: { 'user.text': phoneAnswers('findingBooking') },
      },
      findingBooking: {
        tags: ['busy'],
        invoke: {
          id: 'findBooking',
          src: 'findBooking',
          input: ({ context }) => ({ code: context.bookingCode!, phone: context.phone! }),
          onDone: [
            { guard: 'isMissing', target: 'bookingNotFound' },
            // What the first message said to do ("anulez…", "I need to change my appointment"): the booking
            // found, and straight to it — cancelling is still confirmed.
            {
              guard: ({ context }) => context.bookingAction === 'cancel',
              target: 'confirmCancelBooking',
              actions: [assign({ booking: ({ event }) => event.output ?? undefined }), 'sayBookingFound'],
            },
            {
              guard: ({ context }) => context.bookingAction === 'move',
              target: 'findingNewSlots',
              actions: [assign({ booking: ({ event }) => event.output ?? undefined }), 'sayBookingFound'],
            },
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
            toMenu('errors.technical'),
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
              what: context.booking!.what,
              when: context.booking!.start,
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
            { guard: 'isBookingGone', ...toMenu('booking.gone') },
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
            { target: 'showBooking', actions: { type: 'say', params: { key: 'slots.none' } } },
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
            choices: [...slotChoices(context.slots), { value: 'booking.keep', key: 'choice.keepBooking' }],
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
            { guard: 'isBookingGone', ...toMenu('booking.gone') },
            {
              guard: 'isSlotTaken',
              target: 'findingNewSlots',
              actions: [assign({ slot: undefined }), { type: 'say', params: { key: 'slots.taken' } }],
            },
            {
              // The phone holds another booking of the resource that day: the places offered now leave it out.
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
  }).states;
}
