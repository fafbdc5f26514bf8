import { assign, sendParent, setup } from 'xstate';
import {
  awaitingStep,
  readyState,
  type ConversationMessage,
  type ProcedureInput,
  type ProcedureMessage,
} from '../dialog-protocol';
import type { Municipality } from '../municipality';
import type { Choice, ClerkEvent, Reply } from '../reply';
import { sanitize } from '../text/normalize';
import { createServiceFinder, type ServiceNamed } from './services';
import { WALK_IN_INTENT } from './walk-in';

/**
 * Counter appointments at a Citizen Office (Bucharest Sector 1 City Hall, Citizen Office announcement), as a
 * child of the conversation (dialogs/dialog-protocol.ts): the service, said in words or chosen, then a day and a
 * time, the contact and the consent — the shared steps —, and the conversation confirms and books. What the
 * office does not book (civil status, identity documents) is told where it is done instead.
 */

export interface CounterContext {
  /** The service booked (a resource: its counters), and the citizen's words that named it. */
  service?: string;
  said?: string;
  /** A matter the office does not book, named by the citizen. */
  elsewhere?: string;
  /** At the office without an appointment: a queue ticket for the service, not a booking. */
  walkIn?: boolean;
}

/** The message to the conversation (typed where it is made). */
const tell = (message: ProcedureMessage) => message;
/** How much of the citizen's words that named the service is kept for the counter clerk. */
const MAX_SAID = 300;

export function createCounterMachine(city: Municipality) {
  const rules = city.counter;
  if (!rules) throw new Error(`${city.id}: counter appointments need a "counter" section`);
  const find = createServiceFinder(city);
  const named = (event: ConversationMessage): ServiceNamed | undefined =>
    event.type === 'user.text' ? find(event.text) : undefined;
  const serviceName = (id: string | undefined) => rules.services.find((s) => s.id === id)?.name ?? '';
  const choices: Choice[] = [
    ...rules.services.map((s) => ({
      value: `service.${s.id}`,
      key: 'counter:serviceChoice',
      params: { name: s.name },
    })),
    ...rules.elsewhere.map((e) => ({
      value: `elsewhere.${e.id}`,
      key: 'counter:serviceChoice',
      params: { name: e.name },
    })),
  ];
  function elsewhereReply(id: string): Reply {
    const e = rules!.elsewhere.find((x) => x.id === id)!;
    return { key: 'counter:elsewhere', params: { name: e.name, where: e.where, handles: e.handles } };
  }

  return setup({
    types: {
      context: {} as CounterContext,
      events: {} as ConversationMessage,
      input: {} as ProcedureInput,
    },
    actions: {
      ask: sendParent((_, reply: Reply) => tell({ type: 'proc.ask', reply })),
      say: sendParent((_, reply: Reply) => tell({ type: 'proc.say', reply })),
      unhandled: sendParent(({ event }, params: { key: string }) =>
        tell({ type: 'proc.unhandled', event: event as ClerkEvent, key: params.key }),
      ),
      step: sendParent((_, step: Extract<ProcedureMessage, { type: 'proc.step' }>['step']) =>
        tell({ type: 'proc.step', step }),
      ),
      end: sendParent(tell({ type: 'proc.end' })),
      ready: sendParent(({ context }) =>
        tell({
          type: 'proc.ready',
          outcome: {
            resourceId: context.service!,
            answers: { service: context.service, said: context.said },
          },
        }),
      ),
      rememberNamed: assign(({ event }) => {
        const found = named(event);
        const said = event.type === 'user.text' ? sanitize(event.text, MAX_SAID) : undefined;
        return found?.kind === 'service' ? { service: found.id, said } : { elsewhere: found?.id };
      }),
    },
    guards: {
      namesService: ({ event }) => named(event)?.kind === 'service',
      namesElsewhere: ({ event }) => named(event)?.kind === 'elsewhere',
      hasService: ({ context }) => !!context.service,
      hasElsewhere: ({ context }) => !!context.elsewhere,
      isServiceChoice: ({ event }) =>
        event.type === 'user.choice' && rules.services.some((s) => event.value === `service.${s.id}`),
      isElsewhereChoice: ({ event }) =>
        event.type === 'user.choice' && rules.elsewhere.some((e) => event.value === `elsewhere.${e.id}`),
      isWalkIn: ({ context }) => !!context.walkIn,
    },
  }).createMachine({
    id: 'counter',
    // The message that opened it may already name the service ("vreau să plătesc impozitul pe casă").
    context: ({ input }) => {
      const opening = input.opening;
      if (opening?.type !== 'user.text') return {};
      const walkIn = opening.intent?.intent === WALK_IN_INTENT ? { walkIn: true } : {};
      const found = find(opening.text);
      if (found?.kind === 'service')
        return { ...walkIn, service: found.id, said: sanitize(opening.text, MAX_SAID) };
      return found ? { ...walkIn, elsewhere: found.id } : walkIn;
    },
    initial: 'start',
    on: {
      'user.text': { actions: { type: 'unhandled', params: { key: 'errors.notUnderstood' } } },
      'user.choice': { actions: { type: 'unhandled', params: { key: 'errors.notUnderstood' } } },
    },
    states: {
      start: {
        always: [
          { guard: 'hasService', target: 'serviceChosen' },
          { guard: 'hasElsewhere', target: 'elsewhere' },
          { target: 'chooseService' },
        ],
      },
      // The same question for a walk-in, asked for today's queue rather than an appointment.
      chooseService: {
        entry: {
          type: 'ask',
          params: ({ context }) => ({
            key: context.walkIn ? 'counter:askServiceWalkIn' : 'counter:askService',
            params: { office: rules.office },
            choices,
          }),
        },
        on: {
          'user.choice': [
            {
              guard: 'isServiceChoice',
              target: 'serviceChosen',
              actions: assign({
                service: ({ event }) => event.value.slice('service.'.length),
                said: undefined,
              }),
            },
            {
              guard: 'isElsewhereChoice',
              target: 'elsewhere',
              actions: assign({ elsewhere: ({ event }) => event.value.slice('elsewhere.'.length) }),
            },
          ],
          'user.text': [
            // The citizen's words name the service ("vreau să plătesc impozitul"); one asked as a question ("unde
            // plătesc impozitul?") is answered by the conversation first, and this question asked again.
            { guard: 'namesService', target: 'serviceChosen', actions: 'rememberNamed' },
            { guard: 'namesElsewhere', target: 'elsewhere', actions: 'rememberNamed' },
            { actions: { type: 'unhandled', params: { key: 'counter:serviceUnknown' } } },
          ],
        },
      },
      // Not booked here: where it is done, and back to the menu.
      elsewhere: {
        type: 'final',
        entry: [{ type: 'say', params: ({ context }) => elsewhereReply(context.elsewhere!) }, 'end'],
      },
      serviceChosen: {
        always: [{ guard: 'isWalkIn', target: 'ticket' }, { target: 'slot' }],
      },
      // At the office now: a queue ticket for today, which the conversation gives and ends the procedure with.
      ticket: {
        tags: ['step'],
        entry: {
          type: 'step',
          params: ({ context }) => ({ kind: 'ticket' as const, resourceId: context.service! }),
        },
      },
      // A day first, then a time of it: the office's hours hold many places a day.
      slot: {
        ...awaitingStep('contact'),
        entry: {
          type: 'step',
          params: ({ context }) => ({
            kind: 'slot' as const,
            resourceId: context.service!,
            askDay: { key: 'counter:askDay', params: { service: serviceName(context.service) } },
            ask: { key: 'counter:askTime' },
          }),
        },
      },
      contact: {
        ...awaitingStep('consent'),
        entry: { type: 'step', params: { kind: 'contact' } },
      },
      consent: {
        ...awaitingStep('ready'),
        entry: { type: 'step', params: { kind: 'consent', data: { t: 'counter:consentData' } } },
      },
      ready: readyState,
    },
  });
}

export type CounterMachine = ReturnType<typeof createCounterMachine>;
