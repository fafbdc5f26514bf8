import type { AnyStateMachine } from 'xstate';
import type { BookingResult, Slot } from './appointment';
import type { Municipality } from './municipality';
import type { ProcedureBookings } from './procedure';
import type { Choice, ClerkEvent, Param, Params, Reply } from './reply';

/**
 * How the conversation and a procedure's dialog talk. The conversation machine (dialogs/conversation/) holds
 * what every procedure shares — the menu, questions in the middle of a question, the retry cap, a person, my
 * booking — and runs the chosen procedure's machine as a child (XState `invoke`, id `procedure`). The child
 * asks the procedure's own questions and decides; it says nothing itself and does no I/O. Whatever it wants
 * said or done it sends to the conversation (`sendParent`), which also runs the shared steps for it: the
 * contact, the consent, choosing a place. The conversation forwards the citizen's answers to it.
 */

/** The rule (or other decision) that settled the last turn, for staff: the Emulator shows it in a trace. */
export interface Decision {
  rule: string;
  params?: Record<string, string>;
  at: string;
}

/** What the child sends the conversation. */
export type ProcedureMessage =
  /** A question: said, and remembered as the one to repeat after an interruption or an unusable answer. */
  | { type: 'proc.ask'; reply: Reply }
  /** Something to say, no question. */
  | { type: 'proc.say'; reply: Reply }
  /** An answer in the wrong form (`key` says why): said, and the question again (the retry cap counts it). */
  | { type: 'proc.reject'; key: string; params?: Params }
  /**
   * Not an answer to the child's question: the conversation sees whether it is a question or asks for a person,
   * and otherwise rejects it with `key`. `event` is the citizen's message as the child received it.
   */
  | { type: 'proc.unhandled'; event: ClerkEvent; key: string }
  /** The rule that decided, for staff traces. */
  | { type: 'proc.decided'; decision: Decision }
  /** Run a shared step; the conversation answers `step.done` when it is through. */
  | { type: 'proc.step'; step: SharedStep }
  /** Everything is asked: the conversation confirms and books. Sent again whenever the child gets `step.done`. */
  | { type: 'proc.ready'; outcome: ProcedureOutcome }
  /** The procedure ends without a booking (it said why): back to the menu, everything forgotten. */
  | { type: 'proc.end' };

/** The steps every procedure shares, as a child asks for them. */
export type SharedStep =
  /** The citizen's name, and the phone (the channel's own number on SMS and WhatsApp: not asked). */
  | { kind: 'contact' }
  /** Consent to keep the personal data named by `data` (a text of the procedure's). */
  | { kind: 'consent'; data: Param }
  /**
   * A place of `resourceId`: chosen from the first free ones (`ask` is the question, the places its answers),
   * or a day first and then a time of it (`askDay`; the chosen day is its parameter `day`).
   */
  | { kind: 'slot'; resourceId: string; ask: Reply; askDay?: Reply }
  /**
   * A walk-in's queue ticket for `resourceId` today (a citizen office): the conversation says the ticket and its
   * wait, or when the counters open, and the procedure ends there.
   */
  | { kind: 'ticket'; resourceId: string };

/** What the conversation sends the child: the citizen's answers, and the end of a shared step. */
export type ConversationMessage = ClerkEvent | { type: 'step.done'; at: string };

/** What a procedure's questions settled: whose place is booked, and the procedure's own answers (JSON). */
export interface ProcedureOutcome {
  resourceId: string;
  answers: Record<string, unknown>;
}

/** What the child starts with: the message that opened it, which may already say what the citizen wants. */
export interface ProcedureInput {
  opening?: ClerkEvent;
}

/** What a booking made by the shared steps holds, for the procedure to describe. */
export interface BookingDraft {
  slot: Slot;
  name: string;
  phone: string;
}

/** A procedure's dialog, as the conversation machine hosts it. */
export interface ProcedureDialog {
  id: string;
  /** The child machine (input `ProcedureInput`, messages `ProcedureMessage`). */
  machine: AnyStateMachine;
  /** Its entry in the menu. */
  menuChoice: Choice;
  /** What it does, in a sentence of the greeting; and how it goes, in the help. */
  offer: Param;
  help: Param;
  /** A message asks for this procedure (the menu's choice read in a sentence counts as well). */
  opens(event: ClerkEvent): boolean;
  /** The NLU intent that asks for it, if it has one (data/nlu): offered as a choice when a message reads two ways. */
  intent?: string;
  /** The confirmation question: everything that will be booked (answered `confirm` or `cancel`). */
  summary(outcome: ProcedureOutcome, draft: BookingDraft): Reply;
  /** The procedure's details kept with the booking. */
  details(outcome: ProcedureOutcome, slot: Slot): Record<string, unknown>;
  /** What the citizen is told once it is booked. */
  booked(outcome: ProcedureOutcome, draft: BookingDraft, result: BookingResult): Reply[];
}

/**
 * A procedure as its folder exports it (`dialogs/<id>/index.ts` exports `procedure`): how its bookings are
 * described (bot side) and its dialog for a city.
 */
export interface Procedure extends ProcedureBookings {
  dialog(city: Municipality, options: { isHoliday: (isoDate: string) => boolean }): ProcedureDialog;
}

/**
 * The state a procedure waits in while the conversation runs the shared step it asked for on entering it, and
 * goes to `next` at `step.done`; tagged `step` (the conversation's state is the question meanwhile).
 */
export const awaitingStep = <Next extends string>(next: Next) => ({
  tags: ['step'],
  on: { 'step.done': next },
});

/**
 * The state a procedure ends its questions in: its action `ready` sends `proc.ready`, again after every later
 * step (another place chosen after the confirmation failed).
 */
export const readyState = {
  tags: ['step'],
  entry: 'ready' as const,
  on: { 'step.done': { target: 'ready', reenter: true } },
};
