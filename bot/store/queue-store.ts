import type { Db } from './db';

/** A walk-in's ticket at a citizen office: numbered per counter service and day, called after the booked. */
export interface WalkInTicket {
  id: number;
  resourceId: string;
  day: string;
  number: number;
  conversationId: string;
  channel: string;
  lang: string;
  status: 'waiting' | 'called' | 'done' | 'left';
  createdAt: string;
  calledAt: string | null;
  counter: number | null;
}

/** A booked citizen the counters still have to call: their place, and the conversation to tell them in. */
export interface DueBooking {
  id: number;
  code: string;
  resourceId: string;
  start: string;
  end: string;
  conversationId: string | null;
  channel: string;
  lang: string;
}

/** Who a counter called: a booked citizen, or a ticket. */
export type Called = { kind: 'booking'; booking: DueBooking } | { kind: 'ticket'; ticket: WalkInTicket };

const TICKET = `id, resource_id AS resourceId, day, number, conversation_id AS conversationId, channel, lang, status,
  created_at AS createdAt, called_at AS calledAt, counter`;
const DUE = `b.id, b.code, b.resource_id AS resourceId, b.start_at AS start, b.end_at AS end,
  b.conversation_id AS conversationId, b.channel, b.lang`;
/** A standing booking nobody has called yet and nobody marked absent. */
const UNCALLED = `FROM bookings b LEFT JOIN booking_outcomes o ON o.booking_id = b.id
  WHERE b.status = 'booked' AND o.called_at IS NULL AND (o.attendance IS NULL OR o.attendance <> 'absent')`;
const IN_SCOPE = 'resource_id IN (SELECT value FROM json_each(@scope))';

/**
 * The walk-in queue of a citizen office (walk_in_tickets) and the booked citizens its counters call first
 * (booking_outcomes.called_at). Issuing a ticket and calling the next citizen each run in one immediate
 * transaction: two walk-ins never get one number, two counters never call one citizen.
 */
export function createQueueStore(db: Db) {
  const open = db.prepare<{ resourceId: string; day: string; conversationId: string }, WalkInTicket>(
    `SELECT ${TICKET} FROM walk_in_tickets
     WHERE resource_id = @resourceId AND day = @day AND conversation_id = @conversationId AND status = 'waiting'
     ORDER BY number LIMIT 1`,
  );
  const lastNumber = db
    .prepare<[string, string], number>(
      'SELECT coalesce(max(number), 0) FROM walk_in_tickets WHERE resource_id = ? AND day = ?',
    )
    .pluck();
  const insert = db.prepare(
    `INSERT INTO walk_in_tickets (resource_id, day, number, conversation_id, channel, lang, created_at)
     VALUES (@resourceId, @day, @number, @conversationId, @channel, @lang, @at)`,
  );
  const byId = db.prepare<[number | bigint], WalkInTicket>(
    `SELECT ${TICKET} FROM walk_in_tickets WHERE id = ?`,
  );
  const waiting = db.prepare<{ scope: string; day: string }, WalkInTicket>(
    `SELECT ${TICKET} FROM walk_in_tickets WHERE ${IN_SCOPE} AND day = @day AND status = 'waiting'
     ORDER BY resource_id, number`,
  );
  const ahead = db
    .prepare<[string, string, number], number>(
      `SELECT count(*) FROM walk_in_tickets WHERE resource_id = ? AND day = ? AND status = 'waiting' AND number < ?`,
    )
    .pluck();
  const dueNow = db.prepare<{ scope: string; now: string }, DueBooking>(
    `SELECT ${DUE} ${UNCALLED} AND b.${IN_SCOPE} AND b.start_at <= @now AND b.end_at > @now
     ORDER BY b.start_at, b.seq`,
  );
  const dueUntil = db
    .prepare<{ resourceId: string; now: string; until: string }, number>(
      `SELECT count(*) ${UNCALLED} AND b.resource_id = @resourceId AND b.end_at > @now AND b.start_at <= @until`,
    )
    .pluck();
  const callBooking = db.prepare(
    `INSERT INTO booking_outcomes (booking_id, called_at) VALUES (?, ?)
     ON CONFLICT (booking_id) DO UPDATE SET called_at = excluded.called_at`,
  );
  const callTicket = db.prepare(
    `UPDATE walk_in_tickets SET status = 'called', called_at = @at, called_by = @by, counter = @counter
     WHERE id = @id AND status = 'waiting'`,
  );

  const issue = db.transaction(
    (
      t: { resourceId: string; day: string; conversationId: string; channel: string; lang: string },
      at: string,
    ) => {
      const held = open.get(t);
      if (held) return { ticket: held, isNew: false };
      const number = lastNumber.get(t.resourceId, t.day)! + 1;
      const { lastInsertRowid } = insert.run({ ...t, number, at });
      return { ticket: byId.get(lastInsertRowid)!, isNew: true };
    },
  );

  const next = db.transaction(
    (
      resourceId: string,
      day: string,
      call: { at: string; userId: number; counter: number },
      within: (called: Called) => void,
    ): Called | undefined => {
      const scope = JSON.stringify([resourceId]);
      const booked = dueNow.get({ scope, now: call.at });
      let called: Called | undefined;
      if (booked) {
        callBooking.run(booked.id, call.at);
        called = { kind: 'booking', booking: booked };
      } else {
        const ticket = waiting.get({ scope, day });
        if (!ticket) return undefined;
        callTicket.run({ id: ticket.id, at: call.at, by: call.userId, counter: call.counter });
        called = { kind: 'ticket', ticket: byId.get(ticket.id)! };
      }
      within(called);
      return called;
    },
  );

  return {
    /**
     * The conversation's waiting ticket for the service today, or a new one numbered after the day's last:
     * asking again gives the same ticket.
     */
    issue(
      t: { resourceId: string; day: string; conversationId: string; channel: string; lang: string },
      now: Date,
    ): { ticket: WalkInTicket; isNew: boolean } {
      return issue.immediate(t, now.toISOString());
    },
    /** Tickets waiting on `day` for the services in scope, by service and number. */
    waiting(scope: readonly string[], day: string): WalkInTicket[] {
      return waiting.all({ scope: JSON.stringify(scope), day });
    },
    /** How many tickets of its service wait ahead of this one. */
    ahead(ticket: Pick<WalkInTicket, 'resourceId' | 'day' | 'number'>): number {
      return ahead.get(ticket.resourceId, ticket.day, ticket.number)!;
    },
    /** Booked citizens of the services in scope whose place is under way at `now`, not yet called. */
    dueNow(scope: readonly string[], now: Date): DueBooking[] {
      return dueNow.all({ scope: JSON.stringify(scope), now: now.toISOString() });
    },
    /** Booked citizens of a service not yet called whose place is under way from `now` until `until`. */
    dueUntil(resourceId: string, now: Date, until: Date): number {
      return dueUntil.get({ resourceId, now: now.toISOString(), until: until.toISOString() })!;
    },
    /**
     * Calls the next citizen to a counter: the one booked for the place under way first, else the lowest
     * waiting ticket of the day; `within` runs in the same transaction (the audit line). Nobody: undefined.
     */
    next(
      resourceId: string,
      day: string,
      call: { now: Date; userId: number; counter: number },
      within: (called: Called) => void,
    ): Called | undefined {
      return next.immediate(resourceId, day, { ...call, at: call.now.toISOString() }, within);
    },
  };
}

export type QueueStore = ReturnType<typeof createQueueStore>;
