import { fromPromise } from 'xstate';
import {
  BOOKING_GONE,
  type AppointmentRequest,
  type BookingKey,
  type BookingResult,
  type BookingView,
  placesPerDay,
  type Resource,
  type SlotSearch,
} from '../dialogs/appointment';
import type { Lang } from '../dialogs/municipality';
import type { Param, Reply } from '../dialogs/reply';
import { estimateWait, openingOf } from '../dialogs/counter/walk-in';
import type { ProcedureBookings } from '../dialogs/procedure';
import { activeLimit, CitizenLimitError, daysAtLimit, isCitizenLimit } from '../dialogs/rules/citizen-limits';
import { LookupThrottledError } from '../dialogs/rules/lookup-limits';
import { freeSlots, horizon, zonedInstant, type Slot } from '../dialogs/rules/slot-engine';
import { smsCost, smsPlain } from './notify/sms-segments';
import type { BookingRow, Reminder } from './store/booking-store';
import type { ConversationRecord } from './store/conversation-store';
import { isBlocked } from './store/programme-store';
import type { QueueStore } from './store/queue-store';
import { isStoreUnavailable } from './store/unavailable';
import type { TurnEngineDeps } from './turn-engine';

/**
 * The dialog's effects — finding places, booking, finding, cancelling and moving a booking — as the actors the
 * procedures invoke, with the SMS and reminders each writes to the outbox in its own transaction. They serve
 * every procedure alike: a booking's resource says whose places, its procedure whose texts (the procedure's
 * locale namespace) and how it is described.
 */
export interface DialogEffectsDeps extends TurnEngineDeps {
  /** A citizen office's walk-in queue (none: a ticket asked for fails like any effect without its store). */
  walkIns?: QueueStore;
}

export function createDialogEffects(deps: DialogEffectsDeps) {
  const { city, texts, bookings, lookups, log } = deps;
  const tag = deps.hash.short;
  const procedures = new Map<string, ProcedureBookings>();
  for (const p of deps.procedures) procedures.set(p.id, p);
  /** Read at each use: a programme an admin changes applies to the next search, without a restart. */
  const resources = {
    get: (id: string): Resource | undefined => {
      for (const p of deps.procedures) {
        const found = p.resources(city).find((r) => r.id === id);
        if (found) return found;
      }
      return undefined;
    },
  };
  const resourceOf = (id: string) => {
    const resource = resources.get(id);
    if (!resource) throw new Error(`unknown resource ${id}`);
    return resource;
  };
  const procedureOf = (id: string) => {
    const procedure = procedures.get(id);
    if (!procedure) throw new Error(`unknown procedure ${id}`);
    return procedure;
  };

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

  const icsUrl = (token: string) => `${deps.publicBaseUrl}/ics/${token}.ics`;
  /**
   * The parameters every procedure's booking texts (its SMS) may use, in the citizen's language. What and where
   * are written without the diacritics of Latin letters ("str. Motilor"), so that a Romanian SMS stays in GSM-7.
   */
  const bookingParams = (
    lang: Lang,
    row: Pick<BookingRow, 'code' | 'resourceId' | 'seq' | 'start' | 'details'>,
  ) => {
    const procedure = procedureOf(resourceOf(row.resourceId).procedure);
    const plain = (p: Param) =>
      smsPlain(typeof p === 'object' ? ('t' in p ? texts.t(lang, p.t, p.params) : p[lang]) : String(p));
    return {
      code: row.code,
      when: row.start,
      what: plain(procedure.what(row, city)),
      where: plain(procedure.where(row, city)),
    };
  };

  const actors = {
    findSlots: guarded<Slot[], SlotSearch>(async ({ input }) => {
      const resource = resourceOf(input.resourceId);
      const query = {
        resource,
        timeZone: city.timeZone,
        now: deps.now(),
        // A day the resource is blocked (leave, a day the city added) is closed like a public holiday.
        isHoliday: (day: string) => deps.isHoliday(day) || isBlocked(resource, day),
      };
      const { from, to } = horizon(query);
      const { places: taken, times: takenTimes } = await bookings.taken(resource.id, from, to);
      if (input.phone) {
        // The citizen's limits, early: a phone that may book nothing is told before any place is offered, and
        // days it may not book with this resource are offered as full. The store checks again at commit.
        const held = await bookings.activeFor(input.phone, resource.procedure, query.now);
        const hit = input.moving ? undefined : activeLimit(held, resource.limits);
        if (hit) throw limited(new CitizenLimitError(hit), resource.id);
        const everyPlace = new Set(Array.from({ length: placesPerDay(resource) }, (_, i) => i));
        for (const day of daysAtLimit(held, resource.limits, resource.id, input.moving))
          taken.set(day, everyPlace);
      }
      return freeSlots({
        ...query,
        taken,
        takenTimes,
        limit: resource.offerCount,
        day: input.day,
        daysOnly: input.daysOnly,
        after: input.after,
      });
    }),
    book: guarded<BookingResult, AppointmentRequest>(async ({ input, system }) => {
      const record = current(system);
      const ns = input.procedure;
      const result = await bookings
        .reserve(
          {
            request: input,
            lang: record.lang,
            channel: record.channel,
            conversationId: record.id,
            confirmation: (code, icsToken) => {
              const params = bookingParams(record.lang, { ...input.slot, code, details: input.details });
              const body = texts.t(record.lang, `${ns}:sms.confirmed`, {
                ...params,
                icsUrl: icsUrl(icsToken),
              });
              return sms(record.channel, input.phone, body);
            },
            reminder: (code) =>
              reminder(record.lang, record.channel, ns, {
                code,
                phone: input.phone,
                start: input.slot.start,
                day: input.slot.day,
              }),
          },
          deps.now(),
        )
        .catch((error: unknown) => {
          throw limited(error, input.slot.resourceId);
        });
      log.info(result.replayed ? 'booking.replayed' : 'booking.created', {
        booking: tag(result.code),
        resource: input.slot.resourceId,
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
        (b) =>
          sms(
            record.channel,
            b.phone,
            texts.t(record.lang, `${b.procedure}:sms.cancelled`, bookingParams(record.lang, b)),
          ),
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
              texts.t(record.lang, `${b.procedure}:sms.moved`, {
                ...bookingParams(record.lang, b),
                icsUrl: icsUrl(b.icsToken),
              }),
            ),
          deps.now(),
          (b) => reminder(record.lang, record.channel, b.procedure, b),
          (b) => procedureOf(b.procedure).movedDetails?.(b, b.day, deps.isHoliday) ?? b.details,
        )
        .catch((error: unknown) => {
          throw limited(error, input.slot.resourceId);
        });
      if (!row) throw { code: BOOKING_GONE };
      log.info('booking.moved', { booking: tag(row.code), day: row.day });
      return view(row);
    }),
    /**
     * A walk-in's ticket for a service today: the one this conversation holds, or the next number; its wait
     * from the tickets ahead and the booked citizens due meanwhile. Outside the service's hours (a closed day,
     * a holiday, a blocked day): when its counters open instead.
     */
    walkInTicket: guarded<Reply[], { resourceId: string }>(async ({ input, system }) => {
      const record = current(system);
      const resource = resourceOf(input.resourceId);
      const now = deps.now();
      const service = resource.title;
      const opening = openingOf(
        resource,
        now,
        city.timeZone,
        (day) => deps.isHoliday(day) || isBlocked(resource, day),
      );
      if (!opening.open) {
        log.info('queue.closed', { resource: resource.id });
        const closed: Reply = opening.day
          ? {
              key: opening.today ? 'counter:ticket.closedToday' : 'counter:ticket.closedOn',
              params: { service, day: opening.day, from: opening.from ?? '' },
            }
          : { key: 'counter:ticket.closedNow', params: { service } };
        return [closed];
      }
      const queue = deps.walkIns;
      if (!queue) throw new Error('walk-in tickets need the queue store');
      const { ticket, isNew } = queue.issue(
        {
          resourceId: resource.id,
          day: opening.day,
          conversationId: record.id,
          channel: record.channel,
          lang: record.lang,
        },
        now,
      );
      const ahead = queue.ahead(ticket);
      const minutes = estimateWait(ahead, resource, (m) =>
        queue.dueUntil(resource.id, now, new Date(now.getTime() + m * 60_000)),
      );
      log.info(isNew ? 'queue.ticket' : 'queue.ticket_again', {
        resource: resource.id,
        number: ticket.number,
        conversation: tag(record.id),
      });
      const replies: Reply[] = [
        {
          key: isNew ? 'counter:ticket.issued' : 'counter:ticket.again',
          params: { service, number: ticket.number },
        },
        minutes > 0
          ? { key: 'counter:ticket.wait', params: { ahead, minutes } }
          : { key: 'counter:ticket.noWait' },
      ];
      return replies;
    }),
  };

  /** Passes an error on, logging a citizen's limit reached (which limit and whose places, never whose phone). */
  /** A limit's error, logged and given the resource's name for the citizen. */
  const limited = (error: unknown, resource: string) => {
    if (!isCitizenLimit(error)) return error;
    log.info('booking.limited', { limit: error.hit.limit, resource });
    if (error.hit.limit === 'resourceDay') error.hit.title ??= resources.get(error.hit.resourceId)?.title;
    return error;
  };

  const view = (row: BookingRow): BookingView => ({
    code: row.code,
    procedure: row.procedure,
    resourceId: row.resourceId,
    title: resources.get(row.resourceId)?.title ?? {
      ro: row.resourceId,
      fa: row.resourceId,
      en: row.resourceId,
    },
    what: procedureOf(row.procedure).what(row, city),
    start: row.start,
    details: row.details,
  });
  /** A message about a booking, on the channel the citizen uses (WhatsApp users get WhatsApp, others SMS). */
  const sms = (channel: string, to: string, body: string) => ({
    channel: channel === 'whatsapp' ? ('whatsapp' as const) : ('sms' as const),
    to,
    body,
    segments: smsCost(body).segments,
  });
  /** The reminder the day before a booking, at the configured local time. */
  function reminder(
    lang: Lang,
    channel: string,
    procedure: string,
    b: { code: string; phone: string; start: string; day: string },
  ): Reminder {
    const dayBefore = new Date(Date.parse(`${b.day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const sendAfter = new Date(zonedInstant(dayBefore, deps.reminderLocalTime, city.timeZone)).toISOString();
    const body = texts.t(lang, `${procedure}:sms.reminder`, { code: b.code, when: b.start });
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
