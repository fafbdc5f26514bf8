/**
 * Programmes at the desk over HTTP, against the real server and database, and the places the clerk offers read
 * through its real effects: a blocked day takes its places away at once, and the bookings on it are shown
 * first, then cancelled on confirmation with their reminders, each citizen told by SMS in their language; a
 * programme change that takes nothing away applies at once; the database's capacity follows; every change has
 * its audit line.
 */
import path from 'node:path';
import { createActor, toPromise } from 'xstate';
import { createDialogEffects } from '../../bot/dialog-effects';
import { createHolidayCalendar } from '../../dialogs/rules/holidays';
import type { TurnEngineDeps } from '../../bot/turn-engine';
import type { Lang } from '../../dialogs/municipality';
import type { Slot } from '../../dialogs/appointment';
import { silentLogger } from '../../bot/logger';
import { MONDAY_10AM, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { addStaff, deskClient, type DeskClient } from '../helpers/desk';
import { audienceDetails, sampleRequest } from '../helpers/bookings';

const BASE_URL = 'https://clerk.example.ro';
/** The head of the technical department's audiences: Tuesdays from 09:00, five places of 15 minutes (data). */
const OFFICIAL = 'head-technical';
const TUESDAY = '2026-11-24';
// 1 December is Romania's National Day (a public holiday): the Tuesday after it.
const NEXT_TUESDAY = '2026-12-08';

describe('programmes at the desk', () => {
  const tmp = tempDir();
  let app: RunningClerk;
  let admin: DeskClient;
  let adminId: number;
  let phone = 100;

  /** Books a place through the real store with its reminder, as a conversation does. */
  async function book(o: { day: string; seq: number; name: string; lang: Lang; channel?: string }) {
    const request = sampleRequest(o.seq, o.day, OFFICIAL);
    const to = `+40722000${++phone}`;
    const { code } = await app.clerk.bookings.reserve(
      {
        request: { ...request, name: o.name, phone: to, details: audienceDetails() },
        lang: o.lang,
        channel: o.channel ?? 'sms',
        conversationId: `c-${o.day}-${o.seq}`,
        confirmation: (c) => ({ channel: 'sms', to, body: `Audienta ${c}`, segments: 1 }),
        reminder: (c) => ({
          channel: 'sms',
          to,
          body: `Maine audienta ${c}`,
          segments: 1,
          sendAfter: new Date(Date.parse(`${o.day}T00:00:00Z`) - 8 * 3_600_000).toISOString(),
          vars: '{}',
        }),
      },
      MONDAY_10AM,
    );
    const id = app.clerk.db.prepare('SELECT id FROM bookings WHERE code = ?').pluck().get(code) as number;
    return { id, code, phone: to, start: request.slot.start };
  }

  /** The places the clerk offers for the official, from its real effects (as the dialog asks for them). */
  async function offered(
    input: { day?: string; daysOnly?: boolean; resourceId?: string } = {},
  ): Promise<Slot[]> {
    const deps = {
      city: app.clerk.city,
      texts: app.clerk.texts,
      bookings: app.clerk.bookings,
      procedures: app.clerk.procedures,
      hash: { short: (s: string) => s },
      isHoliday: createHolidayCalendar(app.clerk.city.holidayCountry),
      now: () => MONDAY_10AM,
      publicBaseUrl: BASE_URL,
      reminderLocalTime: '18:00',
      log: silentLogger,
    } as unknown as TurnEngineDeps;
    const effects = createDialogEffects(deps);
    const actor = createActor(effects.actors.findSlots, {
      input: { resourceId: OFFICIAL, ...input },
    });
    actor.start();
    return toPromise(actor);
  }

  const db = () => app.clerk.db;
  const statusOf = (id: number) => db().prepare('SELECT status FROM bookings WHERE id = ?').pluck().get(id);
  const outboxOf = (id: number) =>
    db()
      .prepare(
        'SELECT kind, channel, to_addr AS too, body, status FROM outbox WHERE booking_id = ? ORDER BY id',
      )
      .all(id) as { kind: string; channel: string; too: string; body: string; status: string }[];
  const audit = (action: string) =>
    db()
      .prepare(
        'SELECT user_id AS userId, booking_id AS bookingId, detail_json AS detail FROM audit_log WHERE action = ?',
      )
      .all(action) as { userId: number; bookingId: number | null; detail: string }[];
  const maxPerDay = () =>
    db().prepare('SELECT max_per_day FROM resources WHERE id = ?').pluck().get(OFFICIAL);

  // Training the NLU is the slow part of starting a clerk, slower still on a busy machine.
  beforeAll(async () => {
    app = await startClerk({ dbPath: path.join(tmp.dir, 'clerk.db'), env: { PUBLIC_BASE_URL: BASE_URL } });
    adminId = await addStaff(app, 'admin@cluj.ro', 'admin');
    admin = await deskClient(app.baseUrl, 'admin@cluj.ro');
  }, 180_000);
  afterAll(async () => {
    await app.close();
    tmp.remove();
  });

  it('shows each resource’s weekly programme and where it comes from', async () => {
    const page = await admin.get('/staff/programmes');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/staff/programmes/edit?resource=${OFFICIAL}`);
    expect(page.text).toContain('Tuesday from 09:00, 5 places');
    expect(page.text).toContain('the city&#39;s data');
    const edit = await admin.get(`/staff/programmes/edit?resource=${OFFICIAL}`);
    expect(edit.text).toMatch(/name="start_0" type="time" value="09:00"/);
    expect((await admin.get('/staff/programmes/edit?resource=nobody')).status).toBe(404);
  });

  it('a blocked day is shown with its bookings first, then on confirmation: places gone, bookings cancelled, citizens told', async () => {
    const ana = await book({ day: TUESDAY, seq: 0, name: 'Ana <b>Pop</b>', lang: 'ro' });
    const reza = await book({ day: TUESDAY, seq: 1, name: 'Reza Ahmadi', lang: 'fa', channel: 'whatsapp' });
    const later = await book({ day: NEXT_TUESDAY, seq: 0, name: 'Ion Ionescu', lang: 'en' });
    const before = await offered();
    expect(before[0].day).toBe(TUESDAY);
    expect(before.map((s) => s.start)).not.toContain(ana.start);

    // First shown: which bookings (date, time, code, the citizen's name, escaped), nothing changed yet.
    const form = { resource: OFFICIAL, day: TUESDAY, note: 'concediu' };
    const shown = await admin.post('/staff/programmes/block', form);
    expect(shown.status).toBe(200);
    for (const text of [ana.code, reza.code, 'Ana &lt;b&gt;Pop&lt;/b&gt;', 'Reza Ahmadi', '09:00', '09:15'])
      expect(shown.text).toContain(text);
    expect(shown.text).not.toContain(later.code);
    expect(shown.text).toContain('name="confirm" value="1"');
    expect(db().prepare('SELECT count(*) FROM blocked_days').pluck().get()).toBe(0);
    expect(statusOf(ana.id)).toBe('booked');
    expect((await offered())[0].day).toBe(TUESDAY);

    // A confirmation that does not name the bookings there are now is shown again, nothing written.
    const stale = await admin.post('/staff/programmes/block', {
      ...form,
      confirm: '1',
      displaced: String(ana.id),
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain(reza.code);
    expect(statusOf(ana.id)).toBe('booked');

    const displaced = /name="displaced" value="([^"]*)"/.exec(shown.text)![1];
    const done = await admin.post('/staff/programmes/block', { ...form, confirm: '1', displaced });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/staff/programmes?done=2');

    // The clerk offers nothing that day, at once.
    const after = await offered();
    expect(after.length).toBeGreaterThan(0);
    expect(after.some((s) => s.day === TUESDAY)).toBe(false);
    expect(await offered({ day: TUESDAY })).toEqual([]);
    expect((await offered({ daysOnly: true })).map((s) => s.day)).not.toContain(TUESDAY);

    // Cancelled, their reminders with them; each told in their language on their channel.
    expect([statusOf(ana.id), statusOf(reza.id), statusOf(later.id)]).toEqual([
      'cancelled',
      'cancelled',
      'booked',
    ]);
    const [anaConfirmation, anaReminder, anaNotice] = outboxOf(ana.id);
    expect([anaConfirmation.kind, anaReminder.kind, anaReminder.status]).toEqual([
      'booking.confirmation',
      'booking.reminder',
      'cancelled',
    ]);
    expect(anaNotice).toMatchObject({
      kind: 'booking.displaced',
      channel: 'sms',
      too: ana.phone,
      status: 'pending',
    });
    expect(anaNotice.body).toContain(ana.code);
    expect(anaNotice.body).toContain('s-a schimbat programul');
    expect(anaNotice.body).toContain(`${BASE_URL}/?lang=ro`);
    const rezaNotice = outboxOf(reza.id).find((m) => m.kind === 'booking.displaced')!;
    expect(rezaNotice).toMatchObject({ channel: 'whatsapp', too: reza.phone });
    expect(rezaNotice.body).toContain('لغو شد');
    expect(rezaNotice.body).toContain(reza.code);
    expect(rezaNotice.body).toContain(`${BASE_URL}/?lang=fa`);
    expect(outboxOf(later.id).map((m) => m.status)).toEqual(['pending', 'pending']);

    // An audit line for the change and for each booking it cancelled.
    expect(audit('programme.day_blocked')).toEqual([
      {
        userId: adminId,
        bookingId: null,
        detail: JSON.stringify({ resource: OFFICIAL, day: TUESDAY, displaced: 2 }),
      },
    ]);
    expect(
      audit('booking.displaced')
        .map((a) => [a.userId, a.bookingId])
        .sort(),
    ).toEqual(
      [
        [adminId, ana.id],
        [adminId, reza.id],
      ].sort(),
    );

    // A place offered before the day was blocked and confirmed after is refused by the database.
    await expect(book({ day: TUESDAY, seq: 2, name: 'Late', lang: 'ro' })).rejects.toMatchObject({
      code: 'slot.taken',
    });

    const page = await admin.get('/staff/programmes?done=2');
    expect(page.text).toContain('concediu');
    expect(page.text).toContain('2 bookings were cancelled');
  });

  it('unblocking a day gives its places back, with an audit line', async () => {
    const id = db().prepare('SELECT id FROM blocked_days WHERE day = ?').pluck().get(TUESDAY) as number;
    expect((await admin.post('/staff/programmes/unblock', { id: String(id) })).status).toBe(303);
    expect((await offered())[0].day).toBe(TUESDAY);
    expect(audit('programme.day_unblocked')).toHaveLength(1);
    expect((await admin.post('/staff/programmes/unblock', { id: String(id) })).status).toBe(404);
  });

  it('a programme change that takes no booked place applies at once, offered at once, nothing cancelled', async () => {
    const standing = db().prepare("SELECT count(*) FROM bookings WHERE status = 'booked'").pluck().get();
    const res = await admin.post('/staff/programmes/sessions', {
      resource: OFFICIAL,
      weekday_0: '2',
      start_0: '09:00',
      times_0: '5',
      weekday_1: '4',
      start_1: '10:00',
      times_1: '3',
    });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/staff/programmes?done=ok');
    expect(db().prepare("SELECT count(*) FROM bookings WHERE status = 'booked'").pluck().get()).toBe(
      standing,
    );
    // Thursday 26 November, 10:00 in Cluj-Napoca, is offered now.
    const thursday = await offered({ day: '2026-11-26' });
    expect(thursday.map((s) => s.start)).toEqual([
      '2026-11-26T08:00:00.000Z',
      '2026-11-26T08:15:00.000Z',
      '2026-11-26T08:30:00.000Z',
    ]);
    expect(maxPerDay()).toBe(5);
    expect(audit('programme.changed')).toEqual([
      {
        userId: adminId,
        bookingId: null,
        detail: JSON.stringify({
          resource: OFFICIAL,
          sessions: [
            { weekday: 2, start: '09:00', times: 5 },
            { weekday: 4, start: '10:00', times: 3 },
          ],
          displaced: 0,
        }),
      },
    ]);
    expect((await admin.get('/staff/programmes')).text).toContain('Thursday from 10:00, 3 places');
  });

  it('a shorter session displaces the bookings past its end (confirmed), and the database capacity follows', async () => {
    const late = await book({ day: NEXT_TUESDAY, seq: 3, name: 'Maria Pop', lang: 'en' });
    const form = {
      resource: OFFICIAL,
      weekday_0: '2',
      start_0: '09:00',
      times_0: '2',
      weekday_1: '4',
      start_1: '10:00',
      times_1: '3',
    };
    const shown = await admin.post('/staff/programmes/sessions', form);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain(late.code);
    expect(shown.text).toContain('Maria Pop');
    const displaced = /name="displaced" value="([^"]*)"/.exec(shown.text)![1];
    expect(displaced).toBe(String(late.id));
    const done = await admin.post('/staff/programmes/sessions', { ...form, confirm: '1', displaced });
    expect(done.status).toBe(303);
    expect(statusOf(late.id)).toBe('cancelled');
    const notice = outboxOf(late.id).find((m) => m.kind === 'booking.displaced')!;
    expect(notice.body).toContain('because the programme changed');
    expect(notice.body).toContain(`${BASE_URL}/?lang=en`);
    expect(maxPerDay()).toBe(3);
    expect((await offered({ day: NEXT_TUESDAY })).map((s) => s.start)).toEqual(['2026-12-08T07:15:00.000Z']);

    // Back to the city's data: nothing taken away, capacity as the data says.
    expect((await admin.post('/staff/programmes/sessions', { resource: OFFICIAL, reset: '1' })).status).toBe(
      303,
    );
    expect(maxPerDay()).toBe(5);
    expect(audit('programme.reset')).toHaveLength(1);
  });

  it('refuses a wrong programme or day with the reason, writing nothing', async () => {
    const lines = db().prepare('SELECT count(*) FROM audit_log').pluck().get();
    const overlap = await admin.post('/staff/programmes/sessions', {
      resource: OFFICIAL,
      weekday_0: '2',
      start_0: '09:00',
      times_0: '5',
      weekday_1: '2',
      start_1: '09:30',
      times_1: '2',
    });
    expect(overlap.status).toBe(400);
    expect(overlap.text).toContain('Line 2: it overlaps another session on the same day.');
    const past = await admin.post('/staff/programmes/block', { resource: '*', day: '2026-11-20', note: '' });
    expect(past.status).toBe(400);
    expect(db().prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(lines);
  });

  it('a day the whole city blocks closes every resource', async () => {
    const res = await admin.post('/staff/programmes/block', {
      resource: '*',
      day: NEXT_TUESDAY,
      note: 'Zi liberă',
    });
    // The next Tuesday's remaining booking (Ion Ionescu) is shown first.
    expect(res.status).toBe(200);
    const displaced = /name="displaced" value="([^"]*)"/.exec(res.text)![1];
    const done = await admin.post('/staff/programmes/block', {
      resource: '*',
      day: NEXT_TUESDAY,
      note: 'Zi liberă',
      confirm: '1',
      displaced,
    });
    expect(done.status).toBe(303);
    expect(await offered({ day: NEXT_TUESDAY })).toEqual([]);
    // Another official with audiences that Tuesday (10:00): none either, and the one after still open.
    expect(await offered({ day: NEXT_TUESDAY, resourceId: 'vice-mayor-1' })).toEqual([]);
    expect(await offered({ day: '2026-12-15', resourceId: 'vice-mayor-1' })).not.toEqual([]);
    expect(audit('programme.day_blocked').at(-1)!.detail).toBe(
      JSON.stringify({ resource: '*', day: NEXT_TUESDAY, displaced: 1 }),
    );
  });
});
