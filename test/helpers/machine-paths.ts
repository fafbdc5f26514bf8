/**
 * The conversation machine with a city's procedures, its events, and every shortest path through it. The
 * procedures run as children, so the dialog is run with actors — the effects never answer on their own: the
 * paths send their done and error events, as xstate would — and the paths are found breadth first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createActor, fromPromise, type Actor, type AnyStateNode } from 'xstate';
import { procedure as audience } from '../../dialogs/audience';
import { procedure as counter } from '../../dialogs/counter';
import {
  BOOKING_GONE,
  SLOT_TAKEN,
  type AppointmentRequest,
  type BookingKey,
  type BookingResult,
  type BookingView,
  type SlotSearch,
} from '../../dialogs/appointment';
import { createConversationMachine } from '../../dialogs/conversation/conversation.machine';
import { dialogState, dialogTags, procedureSnapshot } from '../../dialogs/conversation/dialog-state';
import type { Procedure } from '../../dialogs/dialog-protocol';
import type { Municipality } from '../../dialogs/municipality';
import { CitizenLimitError } from '../../dialogs/rules/citizen-limits';
import { createHolidayCalendar } from '../../dialogs/rules/holidays';
import { LookupThrottledError } from '../../dialogs/rules/lookup-limits';
import type { ClerkEvent, Reply } from '../../dialogs/reply';
import type { Slot } from '../../dialogs/rules/slot-engine';

const load = (id: string) =>
  JSON.parse(
    readFileSync(path.join(__dirname, `../../data/municipalities/${id}.json`), 'utf8'),
  ) as Municipality;
const PROCEDURES: Record<string, Procedure> = { audience, counter };

/** A city's conversation machine, with its procedures' dialogs. */
export function machineFor(city: Municipality) {
  const isHoliday = createHolidayCalendar(city.holidayCountry);
  return createConversationMachine(
    city,
    city.procedures.map((id) => PROCEDURES[id].dialog(city, { isHoliday })),
    { isHoliday },
  );
}

export const city = load('cluj-napoca');
export const machine = machineFor(city);
export const sector1 = load('bucuresti-sector-1');
export const sector1Machine = machineFor(sector1);
export type Machine = ReturnType<typeof machineFor>;

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
export const COUNTER_SLOT: Slot = {
  resourceId: 'local-taxes',
  day: '2026-11-24',
  seq: 5,
  start: '2026-11-24T06:50:00.000Z',
  end: '2026-11-24T07:10:00.000Z',
};
export const BOOKING = {
  code: 'ACDE-3467',
  procedure: 'audience',
  resourceId: 'head-technical',
  title: { ro: 'Directorul', fa: 'مدیر', en: 'The director' },
  what: { t: 'audience:what', params: { official: { ro: 'Directorul', fa: 'مدیر', en: 'The director' } } },
  start: SLOT.start,
  details: { mode: 'site' },
};
/** What the effects raise past a citizen's limits (each procedure's `perCitizen` in the data), titled by them. */
export const DAY_LIMIT = new CitizenLimitError({
  limit: 'resourceDay',
  max: 1,
  resourceId: SLOT.resourceId,
  day: SLOT.day,
  title: city.officials!.find((o) => o.id === SLOT.resourceId)!.title,
});
export const ACTIVE_LIMIT = new CitizenLimitError({ limit: 'active', max: 3 });

/** The dialog where it is, as the tests read it: the question's state, both contexts in one, its tags. */
export interface Snap {
  value: string;
  context: Record<string, unknown> & {
    prompt?: Reply;
    slots: Slot[];
    [key: string]: unknown;
  };
  hasTag(tag: string): boolean;
  /** The state as the store would save it. */
  persisted: unknown;
}

/** Effects that never answer by themselves: the events below answer for them. */
const stalled = <T, I>() => fromPromise<T, I>(() => new Promise<T>(() => {}));
const STALLED = {
  findSlots: stalled<Slot[], SlotSearch>(),
  book: stalled<BookingResult, AppointmentRequest>(),
  findBooking: stalled<BookingView | null, BookingKey>(),
  cancelBooking: stalled<BookingView, BookingKey>(),
  moveBooking: stalled<BookingView, BookingKey & { slot: Slot }>(),
  walkInTicket: stalled<Reply[], { resourceId: string }>(),
};

/** The dialog where an actor of it is (`failure`: the error it stopped with, if it did). */
export function viewOf(actor: Actor<Machine>, failure?: unknown): Snap {
  const s = actor.getSnapshot();
  const tags = dialogTags(s);
  const child = procedureSnapshot(s)?.context as Record<string, unknown> | undefined;
  return {
    value: failure ? `error: ${String(failure)}` : dialogState(s),
    context: { ...s.context, ...child } as Snap['context'],
    hasTag: (tag) => tags.has(tag),
    persisted: actor.getPersistedSnapshot(),
  };
}

/** The dialog after these events, with what it said; `after` sees it after each event. */
export function run(
  events: ClerkEvent[],
  of: Machine = machine,
  after?: (snapshot: Snap) => void,
): { snapshot: Snap; replies: Reply[] } {
  const actor = createActor(of.provide({ actors: STALLED }));
  const replies: Reply[] = [];
  actor.on('reply', (e) => replies.push(e.reply));
  // A dialog that fails is a finding, not a crash of the test run: it shows as the state `error`.
  let failure: unknown;
  actor.subscribe({ error: (error) => (failure = error) });
  actor.start();
  const view = () => viewOf(actor, failure);
  for (const event of events) {
    actor.send(event);
    after?.(view());
  }
  const snapshot = view();
  actor.stop();
  return { snapshot, replies };
}

/** What an invoked effect answers: its result, or its error (the events xstate sends the machine). */
const done = (id: string, output: unknown) =>
  ({ type: `xstate.done.actor.${id}`, output }) as unknown as ClerkEvent;
const failed = (id: string, error: unknown) =>
  ({ type: `xstate.error.actor.${id}`, error }) as unknown as ClerkEvent;

/** Representative events for each state: what a citizen might send, and what the effects might answer. */
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
        text('vreau să plătesc impozitul pe casă'),
        text('certificat de naștere'),
        text('vreau să anulez programarea ACDE-3467', { intent: { intent: 'booking.manage', score: 0.9 } }),
        text('sunt la ghișeu, nu am programare', { intent: { intent: 'counter.walkIn', score: 0.95 } }),
        text('vreau un bon pentru impozitul pe casă', { intent: { intent: 'counter.walkIn', score: 0.95 } }),
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
    case 'chooseService':
      return [...common, text('autorizație de construire'), text('buletin'), text('nu știu')];
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
        done('findSlots', [snapshot.context.procedure === 'counter' ? COUNTER_SLOT : SLOT]),
        done('findSlots', []),
        failed('findSlots', ACTIVE_LIMIT),
        failed('findSlots', new Error('x')),
      ];
    case 'chooseDay':
      return [...common, text('24.11.2026'), text('28.11.2026'), text('nu')];
    case 'findingTimes':
      return [done('findTimes', [COUNTER_SLOT]), done('findTimes', []), failed('findTimes', new Error('x'))];
    case 'booking':
      return [
        done('book', { code: 'A', icsUrl: 'u' }),
        failed('book', { code: SLOT_TAKEN }),
        failed('book', DAY_LIMIT),
        failed('book', new Error('x')),
      ];
    case 'ticketing':
      return [
        done('walkInTicket', [{ key: 'counter:ticket.issued', params: { number: 1 } }]),
        done('walkInTicket', [{ key: 'counter:ticket.closedNow' }]),
        failed('walkInTicket', new Error('x')),
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

export interface DialogPath {
  state: Snap;
  steps: { event: ClerkEvent; state: Snap }[];
}

/**
 * Every shortest path to each distinct place of the dialog (its state and what it holds that changes what
 * comes next), breadth first from the start: each path is replayed from the start, as a conversation would be.
 */
export function dialogPaths(of: Machine = machine): DialogPath[] {
  const key = (s: Snap) =>
    [
      s.value,
      s.context.procedure,
      s.context.level,
      !!s.context.viceMayorOnly,
      s.context.slots.length > 0,
      !!s.context.booking,
    ].join('|');
  const seen = new Set<string>();
  const paths: DialogPath[] = [];
  let frontier: ClerkEvent[][] = [[]];
  while (frontier.length) {
    const next: ClerkEvent[][] = [];
    for (const events of frontier) {
      const steps: DialogPath['steps'] = [];
      let i = 0;
      const { snapshot } = run(events, of, (state) => steps.push({ event: events[i++], state }));
      const k = key(snapshot);
      if (seen.has(k)) continue;
      seen.add(k);
      paths.push({ state: snapshot, steps });
      for (const event of eventsFor(snapshot)) next.push([...events, event]);
    }
    frontier = next;
  }
  return paths;
}

/** Every state of the dialog by name: the conversation's (its shared steps included) and its procedures'. */
export function dialogStates(of: Machine = machine): Map<string, AnyStateNode> {
  const states = new Map<string, AnyStateNode>();
  const walk = (node: AnyStateNode) => {
    for (const [name, child] of Object.entries(node.states)) {
      if (Object.keys(child.states).length) walk(child);
      else states.set(name, child);
    }
  };
  walk(of.root);
  for (const logic of Object.values(of.implementations.actors)) {
    const root = (logic as { root?: AnyStateNode }).root;
    if (root) walk(root);
  }
  return states;
}

/**
 * The states where the dialog waits for the citizen, of those its paths reach: no effect running, nothing to
 * route, not a procedure waiting on a shared step, not the conversation's own `asking` (its procedure's
 * question is the state).
 */
export function waitingStates(of: Machine = machine): string[] {
  // The shared steps a city's procedures never take (an audience has no day to choose) are left out.
  const reached = new Set(dialogPaths(of).map((p) => p.state.value));
  return [...dialogStates(of).entries()]
    .filter(
      ([name, node]) =>
        reached.has(name) &&
        !['idle', 'asking', 'returning', 'start'].includes(name) &&
        !node.always?.length &&
        !node.tags.includes('busy') &&
        !node.tags.includes('step') &&
        node.type !== 'final',
    )
    .map(([name]) => name);
}
