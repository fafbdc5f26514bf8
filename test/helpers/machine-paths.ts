/** The audience machine on the sample city, its events, and every shortest path through it (xstate/graph). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { BOOKING_GONE, createAudienceMachine, SLOT_TAKEN } from '../../dialogs/audience/audience.machine';
import type { Municipality } from '../../dialogs/municipality';
import { CitizenLimitError } from '../../dialogs/rules/citizen-limits';
import { LookupThrottledError } from '../../dialogs/rules/lookup-limits';
import type { ClerkEvent, Reply } from '../../dialogs/reply';
import type { Slot } from '../../dialogs/rules/slot-engine';

export const city = JSON.parse(
  readFileSync(path.join(__dirname, '../../data/municipalities/cluj-napoca.json'), 'utf8'),
) as Municipality;
export const machine = createAudienceMachine(city);
export type Snap = SnapshotFrom<typeof machine>;

export const AT = '2026-11-23T08:00:00.000Z';
export const text = (
  t: string,
  extra: Partial<Extract<ClerkEvent, { type: 'user.text' }>> = {},
): ClerkEvent => ({
  type: 'user.text',
  text: t,
  at: AT,
  ...extra,
});
export const choice = (value: string): ClerkEvent => ({ type: 'user.choice', value, at: AT });
export const clearReason = text('groapă în asfalt pe strada Horea', {
  reason: { intent: 'topic.roads', score: 0.95 },
});
export const SLOT: Slot = {
  resourceId: 'head-technical',
  day: '2026-11-24',
  seq: 0,
  start: '2026-11-24T07:00:00.000Z',
  end: '2026-11-24T07:15:00.000Z',
};
export const BOOKING = {
  code: 'ACDE-3467',
  procedure: 'audience',
  resourceId: 'head-technical',
  title: { ro: 'Directorul', fa: 'مدیر', en: 'The director' },
  start: SLOT.start,
  details: { mode: 'site' },
};
/** What the effects raise past a citizen's limits (municipality `audience.perCitizen`). */
export const DAY_LIMIT = new CitizenLimitError({
  limit: 'resourceDay',
  max: 1,
  resourceId: SLOT.resourceId,
  day: SLOT.day,
});
export const ACTIVE_LIMIT = new CitizenLimitError({ limit: 'active', max: 3 });

export function run(events: ClerkEvent[]): { snapshot: Snap; replies: Reply[] } {
  const replies: Reply[] = [];
  let [snapshot] = initialTransition(machine);
  for (const event of events) {
    const [next, actions] = transition(machine, snapshot, event);
    snapshot = next;
    for (const a of actions) {
      const executed = a as { type: string; params?: unknown };
      if (executed.type === 'xstate.emit')
        replies.push((executed.params as { event: { reply: Reply } }).event.reply);
    }
  }
  return { snapshot, replies };
}

/** Representative events for each state: what a citizen might send, and what the effects might answer. */
/** What an invoked effect answers: its result, or its error (the events xstate sends the machine). */
const done = (id: string, output: unknown) =>
  ({ type: `xstate.done.actor.${id}`, output }) as unknown as ClerkEvent;
const failed = (id: string, error: unknown) =>
  ({ type: `xstate.error.actor.${id}`, error }) as unknown as ClerkEvent;

export function eventsFor(snapshot: Snap): ClerkEvent[] {
  const offered = (snapshot.context.prompt?.choices ?? []).map((c) => choice(c.value));
  const common: ClerkEvent[] = [{ type: 'nav.menu', at: AT }, ...offered];
  switch (snapshot.value) {
    case 'idle':
    case 'menu':
      return [
        ...common,
        text('primar', { intent: { intent: 'audience.request', score: 1, official: 'mayor' } }),
        text('audiență', { intent: { intent: 'audience.request', score: 1 } }),
        text('vreau să anulez programarea ACDE-3467', { intent: { intent: 'booking.manage', score: 0.9 } }),
      ];
    case 'chooseLevel':
      return [...common, text('viceprimar', { intent: { intent: 'None', score: 1, official: 'deputy' } })];
    case 'askPetitionNumber':
      return [...common, text('123/2026'), text('123/2026 din 01.09.2026'), text('fără număr')];
    case 'askPetitionDate':
      return [...common, text('01.09.2026'), text('13.11.2026'), text('01.01.2030'), text('ieri')];
    case 'askPriorAudienceDate':
      return [...common, text('10.11.2026'), text('xyz')];
    case 'askReason':
      return [
        ...common,
        clearReason,
        text('probleme personale', { reason: { intent: 'vague', score: 0.9 } }),
        text('pensia', { reason: { intent: 'outside.pension', score: 0.9 } }),
        text('vecinul a închis aleea comună dintre blocuri fără aprobare', {
          reason: { intent: 'None', score: 1 },
        }),
        text('x'.repeat(1001)),
      ];
    case 'askName':
      return [...common, text('Ioana Pop'), text('1')];
    case 'askPhone':
      return [...common, text('0722123456'), text('12')];
    case 'askEmail':
      return [...common, text('a@b.ro'), text('nu')];
    case 'askPostalAddress':
      return [...common, text('str. Horea nr. 10, Cluj-Napoca'), text('aici')];
    case 'findingSlots':
      return [
        done('findSlots', [SLOT]),
        done('findSlots', []),
        failed('findSlots', ACTIVE_LIMIT),
        failed('findSlots', new Error('x')),
      ];
    case 'booking':
      return [
        done('book', { code: 'A', icsUrl: 'u' }),
        failed('book', { code: SLOT_TAKEN }),
        failed('book', DAY_LIMIT),
        failed('book', new Error('x')),
      ];
    case 'askBookingCode':
      return [...common, text('acde 3467'), text('codul este ACDE-3467'), text('cod greșit')];
    case 'askBookingPhone':
    case 'askPersonPhone':
      return [...common, text('0722123456'), text('12')];
    case 'findingBooking':
      return [
        done('findBooking', BOOKING),
        done('findBooking', null),
        failed('findBooking', new LookupThrottledError(12)),
        failed('findBooking', new Error('x')),
      ];
    case 'cancellingBooking':
      return [
        done('cancelBooking', BOOKING),
        failed('cancelBooking', { code: BOOKING_GONE }),
        failed('cancelBooking', new Error('x')),
      ];
    case 'findingNewSlots':
      return [done('findNewSlots', [SLOT]), done('findNewSlots', []), failed('findNewSlots', new Error('x'))];
    case 'movingBooking':
      return [
        done('moveBooking', BOOKING),
        failed('moveBooking', { code: SLOT_TAKEN }),
        failed('moveBooking', { code: BOOKING_GONE }),
        failed('moveBooking', DAY_LIMIT),
        failed('moveBooking', new Error('x')),
      ];
    default:
      return common;
  }
}

// xstate/graph's createTestModel refuses machines that invoke actors; the traversal itself does not, with the
// actors' done and error events among the events above.
export function audiencePaths() {
  return getShortestPaths(machine, {
    events: eventsFor,
    serializeState: (s) =>
      `${JSON.stringify(s.value)}|${s.context.level ?? ''}|${!!s.context.viceMayorOnly}|${s.context.slots.length > 0}|${!!s.context.booking}`,
  });
}
