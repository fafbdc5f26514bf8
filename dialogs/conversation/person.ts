import { stateIn } from 'xstate';
import { menuChoice, phoneAnswers, type ConversationKit } from './conversation.setup';

/**
 * A person: staff call the citizen back within the public hours, or answer inside the conversation from the desk;
 * the conversation so far goes with the request. Asked for anywhere (a button, words, the offer after unusable
 * answers), every path raises `nav.person` (the `wantPerson` action): in the menu, information or my booking the
 * conversation goes to its own `person` states and then to the menu; in a procedure, to the procedure's, which
 * keep its child and its answers and come back to the question the citizen was on.
 */

/** Asked for: the phone, the channel's or asked for, then the request recorded (`personRecorded`). */
const asked = {
  entry: 'rememberPersonWhere' as const,
  always: [
    { guard: 'hasPhone' as const, target: 'personRecorded' },
    { guard: 'hasChannelPhone' as const, target: 'personRecorded', actions: 'useChannelPhone' as const },
    { target: 'askPersonPhone' },
  ],
};
const askPersonPhone = {
  entry: { type: 'ask' as const, params: { key: 'person.askPhone', choices: [menuChoice] } },
  on: { 'user.text': phoneAnswers('personRecorded') },
};

/** The conversation's own: from the menu, information or my booking; the menu after. */
export function personStates(kit: ConversationKit) {
  return kit.machineSetup.createStateConfig({
    states: {
      person: asked,
      askPersonPhone,
      personRecorded: { always: { target: 'menu', actions: ['recordPerson', 'reset'] } },
    },
  }).states;
}

/**
 * Within a procedure, beside its shared steps (`steps`, whose history says where they were). Recorded, the
 * citizen is back at the question they were on with the answers so far — a shared step asks its own again on
 * entry; the child's question (`asking`) is asked again here — and a desk that takes the conversation over
 * finds it there too.
 */
export function procedurePersonState(kit: ConversationKit) {
  return kit.machineSetup.createStateConfig({
    initial: 'personAsked',
    // Asked again while asking for the phone: the same question, not a second request.
    on: { 'nav.person': { actions: 'repeatPrompt' } },
    states: {
      personAsked: asked,
      askPersonPhone,
      personRecorded: {
        always: [
          {
            guard: ({ context }) => context.personFrom === 'asking',
            target: '#clerk.procedure.steps.asking',
            actions: ['recordPerson', 'personBack', 'resume'],
          },
          { target: '#clerk.procedure.steps.before', actions: ['recordPerson', 'personBack'] },
        ],
      },
    },
  });
}

/** The procedure's `nav.person`: to the person beside the steps, remembering whether the child was asking. */
export const procedurePersonTransitions = [
  {
    guard: stateIn({ procedure: { steps: 'asking' } }),
    target: '.person',
    actions: { type: 'rememberPersonFrom' as const, params: 'asking' as const },
  },
  { target: '.person', actions: { type: 'rememberPersonFrom' as const, params: 'step' as const } },
];
