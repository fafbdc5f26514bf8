import { interruption, OPEN_SCORE } from '../conversation/interruptions';
import type { ProcedureDialog } from '../dialog-protocol';
import { topicOfIntent } from '../info/answers';
import type { Municipality } from '../municipality';
import type { Reply } from '../reply';
import { counterWhere } from './bookings';
import { createCounterMachine } from './counter.machine';
import type { CounterDetails } from './details';
import { createServiceFinder } from './services';
import { WALK_IN_INTENT } from './walk-in';

/**
 * Counter appointments as the conversation hosts them: the machine, the menu's entry, the messages that ask for
 * one (a service or a matter done elsewhere, named in words), and the confirmation's texts.
 */
export function counterDialog(city: Municipality): ProcedureDialog {
  const rules = city.counter;
  if (!rules) throw new Error(`${city.id}: counter appointments need a "counter" section`);
  const find = createServiceFinder(city);
  const serviceName = (id: string) => rules.services.find((s) => s.id === id)?.name ?? id;
  const detailsOf = (answers: Record<string, unknown>): CounterDetails => ({
    service: String(answers.service),
    said: typeof answers.said === 'string' ? answers.said : undefined,
  });

  return {
    id: 'counter',
    machine: createCounterMachine(city),
    menuChoice: { value: 'counter', key: 'counter:menu' },
    offer: { t: 'counter:offer', params: { office: rules.office } },
    help: { t: 'counter:help', params: { office: rules.office } },
    // A service named in words, unless the NLU is sure the message asks for information ("when is the taxes
    // counter open?"), which the conversation answers from the data, or speaks of a booking already made
    // ("anulați programarea de la taxe"). The service's words outweigh the model's other readings, and asking
    // about the service itself ("where do I pay the house tax?") is what the counter is for.
    opens: (event) => {
      // At the office without an appointment: a queue ticket (the service asked next, if not named).
      if (interruption(event, OPEN_SCORE) === WALK_IN_INTENT) return true;
      if (event.type !== 'user.text' || !find(event.text) || event.intent?.booked) return false;
      const topic = topicOfIntent(interruption(event));
      return !topic || topic === 'services';
    },
    summary: (outcome, draft): Reply => ({
      key: 'counter:summary',
      params: {
        office: rules.office,
        service: serviceName(outcome.resourceId),
        when: draft.slot.start,
        name: draft.name,
        phone: draft.phone,
      },
    }),
    details: (outcome) => ({ ...detailsOf(outcome.answers) }),
    booked(outcome, draft, result) {
      const replies: Reply[] = [
        {
          key: 'counter:booked',
          params: {
            code: result.code,
            when: draft.slot.start,
            where: counterWhere({ resourceId: outcome.resourceId, seq: draft.slot.seq }, city),
          },
          link: { key: 'choice.calendar', url: result.icsUrl },
        },
      ];
      // Booked citizens go first (Bucharest Sector 1 City Hall, Citizen Office announcement), from the day it holds.
      if (rules.priorityFrom && rules.priorityFrom <= draft.slot.day)
        replies.push({ key: 'counter:priority' });
      return replies;
    },
  };
}
