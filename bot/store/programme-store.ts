import type { Resource, Session } from '../../dialogs/appointment';
import type { Lang, Municipality } from '../../dialogs/municipality';
import type { ProcedureBookings } from '../../dialogs/procedure';
import { localMinutes } from '../../dialogs/rules/slot-engine';
import type { AuditLog } from './audit-store';
import type { OutgoingMessage } from './booking-store';
import { syncResources } from './booking-store';
import type { Db } from './db';

/**
 * Programmes set from the staff desk, over the city's data: a resource's weekly sessions in place of the data's,
 * and the days on which it (or the whole city) takes no bookings. Read once into memory and again after each
 * change (one process writes them), so resources built from the procedures are the current ones at once.
 */

/** A resource as the current programme gives it: its sessions, and the local days it takes no bookings. */
export type ProgrammedResource = Resource & { blocked?: ReadonlySet<string> };

/** Whether a resource takes no bookings on a local day (leave, a day the city blocked). */
export const isBlocked = (resource: Resource, day: string) =>
  (resource as ProgrammedResource).blocked?.has(day) ?? false;

export interface BlockedDay {
  id: number;
  /** null: every resource of the city. */
  resourceId: string | null;
  day: string;
  note: string;
}

export type ProgrammeChange =
  /** New sessions for a resource; null puts back the city data's. */
  | { kind: 'sessions'; resourceId: string; sessions: Session[] | null }
  | { kind: 'block'; resourceId: string | null; day: string; note: string }
  | { kind: 'unblock'; id: number };

/** A booking the change would take away, as staff are shown it. */
export interface DisplacedBooking {
  id: number;
  code: string;
  resourceId: string;
  day: string;
  start: string;
  name: string;
  phone: string;
  lang: Lang;
  channel: string;
}

export class ConflictsChangedError extends Error {
  constructor(readonly displaced: DisplacedBooking[]) {
    super('The bookings this change takes away are no longer those confirmed');
  }
}

interface State {
  overrides: Map<string, Session[]>;
  blocked: BlockedDay[];
}

const weekdayOf = (day: string) => ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether a booking's local weekday and time are among a resource's sessions' times. */
export function inProgramme(
  resource: Pick<Resource, 'sessions' | 'minutesEach'>,
  day: string,
  start: string,
  timeZone: string,
): boolean {
  const weekday = weekdayOf(day);
  const minute = localMinutes(new Date(start), timeZone);
  return resource.sessions.some((s) => {
    if (s.weekday !== weekday) return false;
    const offset = minute - minutesOf(s.start);
    return offset >= 0 && offset % resource.minutesEach === 0 && offset / resource.minutesEach < s.times;
  });
}

export function createProgrammeStore<P extends ProcedureBookings>(
  db: Db,
  city: Municipality,
  procedures: P[],
) {
  const selectOverrides = db.prepare<[], { resourceId: string; sessions: string }>(
    'SELECT resource_id AS resourceId, sessions_json AS sessions FROM programme_overrides',
  );
  const selectBlocked = db.prepare<[string], BlockedDay>(
    `SELECT id, resource_id AS resourceId, day, note FROM blocked_days WHERE municipality = ?
     ORDER BY day, resource_id`,
  );
  const upsertOverride = db.prepare(
    `INSERT INTO programme_overrides (resource_id, sessions_json, changed_at, changed_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (resource_id) DO UPDATE SET sessions_json = excluded.sessions_json,
       changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
  );
  const deleteOverride = db.prepare('DELETE FROM programme_overrides WHERE resource_id = ?');
  const insertBlocked = db.prepare(
    `INSERT INTO blocked_days (municipality, resource_id, day, note, created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const deleteBlocked = db.prepare('DELETE FROM blocked_days WHERE id = ? AND municipality = ?');
  const standing = db.prepare<[string, string], DisplacedBooking>(
    `SELECT id, code, resource_id AS resourceId, day, start_at AS start, name, phone, lang, channel
     FROM bookings WHERE resource_id = ? AND status = 'booked' AND start_at > ? ORDER BY start_at, id`,
  );
  const setCancelled = db.prepare(
    "UPDATE bookings SET status = 'cancelled', changed_at = ? WHERE id = ? AND status = 'booked'",
  );
  // A cancelled booking's reminder must not leave (as the booking store does on a citizen's cancel).
  const dropReminder = db.prepare(
    `UPDATE outbox SET status = 'cancelled', updated_at = ?
     WHERE booking_id = ? AND kind = 'booking.reminder' AND status = 'pending'`,
  );
  const insertOutbox = db.prepare(
    `INSERT INTO outbox (kind, channel, to_addr, body, segments, booking_id, essential, send_after, vars, status,
       created_at, updated_at)
     VALUES ('booking.displaced', @channel, @to, @body, @segments, @bookingId, 1, NULL, NULL, 'pending', @now, @now)`,
  );

  const base = new Map<string, Resource>();
  for (const p of procedures) for (const r of p.resources(city)) base.set(r.id, r);

  let state: State = { overrides: new Map(), blocked: [] };
  let current = new Map<string, ProgrammedResource>();
  const load = () => {
    state = {
      overrides: new Map(
        selectOverrides.all().map((r) => [r.resourceId, JSON.parse(r.sessions) as Session[]]),
      ),
      blocked: selectBlocked.all(city.id),
    };
    current = new Map([...base.values()].map((r) => [r.id, programmed(r, state)]));
  };

  /** A resource under a state: its sessions (overridden or the data's) and its blocked days. */
  function programmed(resource: Resource, s: State): ProgrammedResource {
    const sessions = s.overrides.get(resource.id) ?? resource.sessions;
    const blocked = new Set(
      s.blocked.filter((b) => b.resourceId === null || b.resourceId === resource.id).map((b) => b.day),
    );
    return { ...resource, sessions: sessions.map((x) => ({ ...x })), blocked };
  }

  /** The state a change would leave (nothing written). */
  function after(change: ProgrammeChange): State {
    const overrides = new Map(state.overrides);
    let blocked = [...state.blocked];
    if (change.kind === 'sessions') {
      if (change.sessions) overrides.set(change.resourceId, change.sessions);
      else overrides.delete(change.resourceId);
    } else if (change.kind === 'block') {
      blocked.push({ id: 0, resourceId: change.resourceId, day: change.day, note: change.note });
    } else {
      blocked = blocked.filter((b) => b.id !== change.id);
    }
    return { overrides, blocked };
  }

  const touched = (change: ProgrammeChange): string[] => {
    if (change.kind === 'sessions') return base.has(change.resourceId) ? [change.resourceId] : [];
    if (change.kind === 'block') return change.resourceId === null ? [...base.keys()] : [change.resourceId];
    return []; // unblocking gives places back, takes none away
  };

  const fits = (r: ProgrammedResource, b: DisplacedBooking) =>
    !isBlocked(r, b.day) && inProgramme(r, b.day, b.start, city.timeZone);

  /** The standing bookings the change takes away: in the programme before it, not after. */
  function displacedBy(change: ProgrammeChange, now: Date): DisplacedBooking[] {
    const next = after(change);
    return touched(change).flatMap((id) => {
      const resource = base.get(id);
      if (!resource) return [];
      const before = current.get(id)!;
      const then = programmed(resource, next);
      return standing.all(id, now.toISOString()).filter((b) => fits(before, b) && !fits(then, b));
    });
  }

  const sameIds = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && [...a].sort().join() === [...b].sort().join();

  const applyTx = db.transaction(
    (
      change: ProgrammeChange,
      who: { userId: number; audit: AuditLog },
      confirmed: readonly number[],
      notice: (b: DisplacedBooking) => OutgoingMessage,
      now: Date,
    ) => {
      const displaced = displacedBy(change, now);
      // What staff confirmed is what is cancelled: a booking made since the page was shown is shown first.
      if (
        !sameIds(
          displaced.map((b) => b.id),
          confirmed,
        )
      )
        throw new ConflictsChangedError(displaced);
      const at = now.toISOString();
      let detail: Record<string, unknown>;
      let action: string;
      if (change.kind === 'sessions') {
        if (change.sessions)
          upsertOverride.run(change.resourceId, JSON.stringify(change.sessions), at, who.userId);
        else deleteOverride.run(change.resourceId);
        action = change.sessions ? 'programme.changed' : 'programme.reset';
        detail = {
          resource: change.resourceId,
          sessions: change.sessions ?? base.get(change.resourceId)?.sessions,
        };
      } else if (change.kind === 'block') {
        insertBlocked.run(city.id, change.resourceId, change.day, change.note, at, who.userId);
        action = 'programme.day_blocked';
        detail = { resource: change.resourceId ?? '*', day: change.day };
      } else {
        const gone = state.blocked.find((b) => b.id === change.id);
        if (deleteBlocked.run(change.id, city.id).changes === 0) return { displaced: [], changed: false };
        action = 'programme.day_unblocked';
        detail = { resource: gone?.resourceId ?? '*', day: gone?.day };
      }
      for (const b of displaced) {
        setCancelled.run(at, b.id);
        dropReminder.run(at, b.id);
        const sms = notice(b);
        insertOutbox.run({
          channel: sms.channel,
          to: sms.to,
          body: sms.body,
          segments: sms.segments,
          bookingId: b.id,
          now: at,
        });
        who.audit.write(
          {
            userId: who.userId,
            action: 'booking.displaced',
            bookingId: b.id,
            detail: { resource: b.resourceId },
          },
          now,
        );
      }
      who.audit.write(
        { userId: who.userId, action, detail: { ...detail, displaced: displaced.length } },
        now,
      );
      load();
      // The database's capacity follows the programme (the largest day's places).
      syncResources(db, city.id, [...current.values()]);
      return { displaced, changed: true };
    },
  );

  /** The procedures, each giving its resources under the current programme. */
  const wrapped = procedures.map((p): P => ({
    ...p,
    resources: (c: Municipality) =>
      c.id === city.id ? p.resources(c).map((r) => current.get(r.id) ?? r) : p.resources(c),
  }));

  load();

  return {
    procedures: wrapped,
    /** The current resources, by id. */
    resources: (): ReadonlyMap<string, ProgrammedResource> => current,
    /** A resource as the city's data gives it. */
    base: (id: string) => base.get(id),
    overridden: (id: string) => state.overrides.has(id),
    blockedDays: (): readonly BlockedDay[] => state.blocked,
    /** A day the city itself blocked (for every resource): counted as a public holiday. */
    isCityBlocked: (day: string) => state.blocked.some((b) => b.resourceId === null && b.day === day),
    displacedBy,
    /**
     * The change, the bookings it takes away cancelled with their reminders, each citizen's message queued and
     * an audit line for each, in one transaction. `confirmed`: the ids staff were shown; when the change would
     * now take away others, nothing is written and ConflictsChangedError says which.
     */
    apply(
      change: ProgrammeChange,
      who: { userId: number; audit: AuditLog },
      confirmed: readonly number[],
      notice: (b: DisplacedBooking) => OutgoingMessage,
      now: Date,
    ): { displaced: DisplacedBooking[]; changed: boolean } {
      try {
        return applyTx.immediate(change, who, confirmed, notice, now);
      } catch (error) {
        load();
        throw error;
      }
    },
  };
}

export type ProgrammeStore = ReturnType<typeof createProgrammeStore>;
