import { and, assign, enqueueActions } from 'xstate';
import type { ProcedureDialog } from '../dialog-protocol';
import { infoChoices } from '../info/answers';
import type { Municipality } from '../municipality';
import { procedureState } from './booking-steps';
import {
  createConversationSetup,
  EMPTY,
  globalChoices,
  questions,
  type MachineOptions,
} from './conversation.setup';
import { myBookingStates } from './my-booking';
import { personStates } from './person';

export {
  MAX_MISSES,
  PROCEDURE_CHILD,
  type ConversationContext,
  type MachineOptions,
} from './conversation.setup';

/**
 * The conversation every procedure shares: the greeting and the menu (built from the city's procedures), a
 * question in the middle of any question (answered, then the question again), the retry cap, a person,
 * information, my booking, and the shared steps of a booking — the contact, the consent, choosing a place,
 * the confirmation. The chosen procedure runs as a child (dialogs/dialog-protocol.ts).
 *
 * The machine decides; it never does I/O. It emits `reply` events (locale keys with parameters) and names its
 * effects (`findSlots`, `book`, `findBooking`, `cancelBooking`, `moveBooking`), which the bot provides at wiring
 * time, and emits `staff.request` for the bot to record. `busy` marks states waiting on an effect. Its context,
 * actions and guards are in conversation.setup.ts; a procedure's booking steps in booking-steps.ts; my booking
 * in my-booking.ts.
 */
export function createConversationMachine(
  city: Municipality,
  dialogs: readonly ProcedureDialog[],
  options: MachineOptions = {},
) {
  const kit = createConversationSetup(city, dialogs, options);
  const { machineSetup, menuPrompt, greeting, helpReply } = kit;
  return machineSetup.createMachine({
    id: 'clerk',
    context: { ...EMPTY },
    initial: 'idle',
    on: {
      // Anything a state does not handle itself — the answers to closed questions come here — : a question is
      // answered; what only the NLU reads as asking for a person (short answers it has no words for, "they
      // said no", can score high) offers a person with the question's answers instead of ending the dialog;
      // anything else is said to be unusable, and the same question asked again.
      'user.text': [
        { guard: 'isQuestion', actions: ['answerQuestion', 'resume'] },
        { guard: 'wantsPersonMarked', actions: 'wantPerson' },
        { guard: 'wantsPerson', actions: 'offerPerson' },
        { actions: { type: 'reject', params: { key: 'errors.notUnderstood' } } },
      ],
      'user.choice': [
        ...globalChoices,
        { actions: { type: 'reject', params: { key: 'errors.notUnderstood' } } },
      ],
      'conversation.reprompt': { actions: 'repeatPrompt' },
      'nav.help': { actions: [{ type: 'say', params: helpReply }, 'repeatPrompt'] },
      'nav.menu': { target: '.menu', actions: 'reset' },
      'nav.person': { target: '.person' },
      'channel.identified': { actions: assign({ channelPhone: ({ event }) => event.phone }) },
      'conversation.start': {
        target: '.menu',
        actions: ['reset', { type: 'say', params: greeting }],
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
            // Two readings nearly as likely: which one was meant, before going anywhere.
            { guard: 'isUnsure', target: 'menu', actions: 'askWhichOne' },
            { guard: 'asksProcedure', target: 'procedure' },
            { guard: 'wantsMyBooking', target: 'askBookingCode', actions: ['reset', 'rememberAction'] },
            { guard: 'wantsPerson', target: 'person' },
            { guard: 'isQuestion', target: 'menu', actions: 'answerQuestion' },
            { guard: 'namesTownHall', target: 'menu', actions: 'answerQuestion' },
            { guard: 'isGreeting', target: 'menu', actions: { type: 'say', params: greeting } },
            // "What can you do", thanks, "are you a robot", another institution's matter: answered, then the menu.
            { guard: 'isSmallTalk', target: 'menu', actions: 'answerSmallTalk' },
            { guard: 'isOutside', target: 'menu', actions: 'answerOutside' },
            { target: 'menu', actions: { type: 'say', params: greeting } },
          ],
          'user.choice': { target: 'menu', actions: { type: 'say', params: greeting } },
        },
      },
      menu: {
        tags: ['reads.language'],
        // Entered with the question which one was meant, that question stands instead of the menu's.
        entry: enqueueActions(({ context, enqueue }) => {
          if (context.prompt?.key !== 'clarify.prompt') enqueue({ type: 'ask', params: menuPrompt });
        }),
        on: {
          'user.choice': [
            // A choice read in a sentence with a reference code ("cancel my booking XC7R-9HFJ" is "My booking"):
            // that booking, unless the sentence asks for a person.
            {
              guard: and([
                ({ event }) => event.type === 'user.choice' && event.value !== 'person',
                'saysCode',
              ]),
              target: 'routeBookingPhone',
              actions: ['reset', { type: 'rememberCode', params: { asked: false } }],
            },
            { guard: 'asksProcedure', target: 'procedure' },
            { guard: { type: 'isChoice', params: 'info' }, target: 'info' },
            {
              guard: { type: 'isChoice', params: 'myBooking' },
              target: 'askBookingCode',
              actions: ['reset', 'rememberAction'],
            },
            {
              guard: { type: 'isChoice', params: 'help' },
              actions: [{ type: 'say', params: helpReply }, 'menuAgain'],
            },
            // A topic offered by the question which one was meant.
            { guard: 'isInfoChoice', actions: ['answerInfoChoice', 'menuAgain'] },
          ],
          'user.text': [
            {
              guard: 'saysCode',
              target: 'routeBookingPhone',
              actions: ['reset', { type: 'rememberCode', params: { asked: false } }],
            },
            { guard: 'isUnsure', actions: 'askWhichOne' },
            { guard: 'asksProcedure', target: 'procedure' },
            { guard: 'isQuestion', actions: ['answerQuestion', 'menuAgain'] },
            { guard: 'namesTownHall', actions: ['answerQuestion', 'menuAgain'] },
            {
              guard: 'isGreeting',
              actions: [{ type: 'say', params: greeting }, 'menuAgain'],
            },
            { guard: 'wantsMyBooking', target: 'askBookingCode', actions: ['reset', 'rememberAction'] },
            { guard: 'isClosingTalk', actions: 'answerSmallTalk' },
            { guard: 'isSmallTalk', actions: ['answerSmallTalk', 'menuAgain'] },
            { guard: 'isOutside', actions: ['answerOutside', 'menuAgain'] },
            ...questions,
            { actions: { type: 'reject', params: { key: 'errors.notUnderstood' } } },
          ],
        },
      },

      // A procedure: its child asks its own questions (`asking`); the shared steps and the booking are here.
      procedure: procedureState(kit),
      // Information from the data: a topic at a time, as often as the citizen likes.
      info: {
        entry: { type: 'ask', params: { key: 'info.prompt', choices: infoChoices(city) } },
        on: {
          'user.choice': { guard: 'isInfoChoice', actions: ['answerInfoChoice', 'repeatPrompt'] },
          'user.text': [
            ...questions,
            { guard: 'namesTownHall', actions: ['answerQuestion', 'repeatPrompt'] },
            { actions: { type: 'reject', params: { key: 'errors.notUnderstood' } } },
          ],
        },
      },

      ...personStates(kit),
      ...myBookingStates(kit),
    },
  });
}

export type ConversationMachine = ReturnType<typeof createConversationMachine>;
