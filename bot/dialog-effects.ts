import { fromPromise } from 'xstate';
import type {
  AudienceRequest,
  BookingKey,
  BookingResult,
  BookingView,
  Mode,
  SlotSearch,
} from '../dialogs/audience/audience.machine';
import { BOOKING_GONE } from '../dialogs/audience/audience.machine';
import type { Lang } from '../dialogs/municipality';
import { activeLimit, CitizenLimitError, daysAtLimit, isCitizenLimit } from '../dialogs/rules/citizen-limits';
import { LookupThrottledError } from '../dialogs/rules/lookup-limits';
import { freeSlots, horizon, zonedInstant, type Slot } from '../dialogs/rules/slot-engine';
import { smsCost } from './notify/sms-segments';
import type { BookingRow, Reminder } from './store/booking-store';
import type { ConversationRecord } from './store/conversation-store';
import { isStoreUnavailable } from './store/unavailable';
import type { TurnEngineDeps } from './turn-engine';

/**
 * The dialog's effects — finding places, booking, finding, cancelling and moving a booking — as the actors the
 * audience machine invokes, with the SMS and reminders each writes to the outbox in its own transaction.
 */
export function createDialogEffects(deps: TurnEngineDeps) {
  const { city, texts, bookings, lookups, log } = deps;
  const tag = deps.hash.short;

  /**
   * The conversation each running actor serves, for the effects: one provided machine serves every
   * conversation, and an invoked effect finds its conversation through the actor system it runs in.
   */
  const conversationOf = new WeakMap<object, ConversationRecord>();
  const current = (system: object) => {
    const record = conversationOf.get(system);
    if (!record) throw new Error('effect outside a turn');
    return record;
  };

  /**
   * An effect whose store was unavailable (a full disk, a locked file): the dialog would answer its technical
   * error and move on, but nothing is wrong with what the citizen said. The turn is abandoned unsaved instead,
   * and the channel answers 503 with the citizen told to try again: the conversation stays where it was.
   */
  const unavailableIn = new WeakMap<object, unknown>();
  function guarded<TOutput, TInput>(effect: (args: { input: TInput; system: object }) => Promise<TOutput>) {
    return fromPromise<TOutput, TInput>(async (args) => {
      try {
        return await effect(args);
      } catch (error) {
        if (isStoreUnavailable(error)) unavailableIn.set(args.system, error);
        throw error;
      }
    });
  }

  const actors = {
    findSlots: guarded<Slot[], SlotSearch>(async ({ input }) => {
      const official = city.officials.find((o) => o.id === input.officialId);
      if (!official) throw new Error(`unknown official ${input.officialId}`);
      const query = {
        officialId: official.id,
        programme: official.programme,
        rules: city.audience,
        timeZone: city.timeZone,
        now: deps.now(),
        isHoliday: deps.isHoliday,
      };
      const { from, to } = horizon(query);
      const taken = await bookings.takenPlaces(official.id, from, to);
      if (input.phone) {
        // The citizen's limits, early: a phone that may book nothing is told before any place is offered, and
        // days it may not book with this official are offered as full. The store checks again at commit.
        const limits = city.audience.perCitizen;
        const held = await bookings.activeFor(input.phone, query.now);
        const hit = input.moving ? undefined : activeLimit(held, limits);
        if (hit) throw limited(new CitizenLimitError(hit), official.id);
        const everyPlace = new Set(Array.from({ length: city.audience.maxPerDay }, (_, i) => i));
        for (const day of daysAtLimit(held, limits, official.id, input.moving)) taken.set(day, everyPlace);
      }
      return freeSlots({ ...query, taken, limit: city.audience.offerCount });
    }),
    bookAudience: guarded<BookingResult, AudienceRequest>(async ({ input, system }) => {
      const record = current(system);
      const icsUrl = (token: string) => `${deps.publicBaseUrl}/ics/${token}.ics`;
      const result = await bookings
        .reserve(
          {
            request: input,
            lang: record.lang,
            channel: record.channel,
            conversationId: record.id,
            confirmation: (code, icsToken) => {
              const body = texts.t(record.lang, 'sms.audienceConfirmed', {
                code,
                when: input.slot.start,
                icsUrl: icsUrl(icsToken),
              });
              return sms(record.channel, input.phone, body);
            },
            reminder: (code) =>
              reminder(record.lang, record.channel, {
                code,
                phone: input.phone,
                start: input.slot.start,
                day: input.slot.day,
              }),
          },
          deps.now(),
        )
        .catch((error: unknown) => {
          throw limited(error, input.officialId);
        });
      log.info(result.replayed ? 'booking.replayed' : 'booking.created', {
        booking: tag(result.code),
        official: input.officialId,
        day: input.slot.day,
      });
      return { code: result.code, icsUrl: icsUrl(result.icsToken) };
    }),
    findBooking: guarded<BookingView | null, BookingKey>(async ({ input, system }) => {
      const record = current(system);
      // Counted before it runs, found or not: a wrong code and a wrong phone get the same answer and count alike.
      const admitted = await lookups.admit(record.id, input.code, deps.now());
      if (!admitted.ok) {
        log.warn('booking.lookup_throttled', { conversation: tag(record.id), minutes: admitted.minutes });
        throw new LookupThrottledError(admitted.minutes);
      }
      const row = await bookings.find(input);
      if (row) await lookups.found(admitted.attempt);
      log.info('booking.lookup', { found: !!row, conversation: tag(record.id) });
      return row ? view(row) : null;
    }),
    cancelBooking: guarded<BookingView, BookingKey>(async ({ input, system }) => {
      const record = current(system);
      const row = await bookings.cancel(
        input,
        (b) => sms(record.channel, b.phone, texts.t(record.lang, 'sms.bookingCancelled', { code: b.code })),
        deps.now(),
      );
      if (!row) throw { code: BOOKING_GONE };
      log.info('booking.cancelled', { booking: tag(row.code) });
      return view(row);
    }),
    moveBooking: guarded<BookingView, BookingKey & { slot: Slot }>(async ({ input, system }) => {
      const record = current(system);
      const row = await bookings
        .move(
          input,
          input.slot,
          (b) =>
            sms(
              record.channel,
              b.phone,
              texts.t(record.lang, 'sms.bookingMoved', {
                code: b.code,
                when: b.start,
                icsUrl: `${deps.publicBaseUrl}/ics/${b.icsToken}.ics`,
              }),
            ),
          deps.now(),
          (b) => reminder(record.lang, record.channel, b),
        )
        .catch((error: unknown) => {
          throw limited(error, input.slot.officialId);
        });
      if (!row) throw { code: BOOKING_GONE };
      log.info('booking.moved', { booking: tag(row.code), day: row.day });
      return view(row);
    }),
  };

  /** Passes an error on, logging a citizen's limit reached (which limit and whose audiences, never whose phone). */
  const limited = (error: unknown, official: string) => {
    if (isCitizenLimit(error)) log.info('booking.limited', { limit: error.hit.limit, official });
    return error;
  };

  const view = (row: BookingRow): BookingView => ({
    code: row.code,
    officialId: row.officialId,
    start: row.start,
    mode: row.mode as Mode,
  });
  /** A message about a booking, on the channel the citizen uses (WhatsApp users get WhatsApp, others SMS). */
  const sms = (channel: string, to: string, body: string) => ({
    channel: channel === 'whatsapp' ? ('whatsapp' as const) : ('sms' as const),
    to,
    body,
    segments: smsCost(body).segments,
  });
  /** The reminder the day before an audience, at the configured local time. */
  function reminder(
    lang: Lang,
    channel: string,
    b: { code: string; phone: string; start: string; day: string },
  ): Reminder {
    const dayBefore = new Date(Date.parse(`${b.day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const sendAfter = new Date(zonedInstant(dayBefore, deps.reminderLocalTime, city.timeZone)).toISOString();
    const body = texts.t(lang, 'sms.reminder', { code: b.code, when: b.start });
    const when = texts.t(lang, 'choice.slot', { when: b.start });
    return { ...sms(channel, b.phone, body), sendAfter, vars: JSON.stringify({ 1: b.code, 2: when }) };
  }
  return {
    actors,
    /** Binds an actor system to the conversation its effects serve (for this turn and the next ones). */
    serve(system: object, record: ConversationRecord) {
      conversationOf.set(system, record);
    },
    /** The store failure an effect of this system met during the turn, once (then forgotten). */
    unavailable(system: object): unknown {
      const error = unavailableIn.get(system);
      unavailableIn.delete(system);
      return error;
    },
  };
}
