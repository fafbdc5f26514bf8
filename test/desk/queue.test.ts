/**
 * The walk-in queue at the desk (Bucharest Sector 1 City Hall, Citizen Office: booked citizens first, then
 * tickets in order), over HTTP against the real server and database: tickets given by the clerk to citizens in
 * their conversations, a booked citizen due now, "next" calling them in that order and telling each on their
 * channel, an office seeing and calling only its own service, CSRF, and the audit lines.
 */
import path from 'node:path';
import type { StaffMessage } from '../../bot/desk/relay';
import { MONDAY_10AM, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { estimateWait, openingOf } from '../../dialogs/counter/walk-in';
import { office, placesOf, reservationOf, resourceOf, rules, SECTOR_1 } from '../helpers/citizen-office';
import { addStaff, deskClient, type DeskClient } from '../helpers/desk';

const tmp = tempDir();
let app: RunningClerk;
let deskUser: DeskClient;
let taxesOffice: DeskClient;
let urbanismOffice: DeskClient;
let taxesOfficeId: number;
let booked: { id: number; code: string; conversationId: string };
const delivered: { channel: string; id: string; message: StaffMessage }[] = [];
const ticketConversations: string[] = [];

const auditOf = (action: string) =>
  app.clerk.db
    .prepare(
      `SELECT user_id AS userId, booking_id AS bookingId, conversation_id AS conversationId, detail_json AS detail
       FROM audit_log WHERE action = ? ORDER BY id`,
    )
    .all(action) as {
    userId: number;
    bookingId: number | null;
    conversationId: string | null;
    detail: string;
  }[];
const ticketRows = () =>
  app.clerk.db
    .prepare('SELECT number, status, counter, called_by AS calledBy FROM walk_in_tickets ORDER BY number')
    .all() as { number: number; status: string; counter: number | null; calledBy: number | null }[];

beforeAll(async () => {
  app = await startClerk({ dbPath: path.join(tmp.dir, 'clerk.db'), env: SECTOR_1, now: () => MONDAY_10AM });
  // A test deliverer on each channel used here: what the desk sends a citizen is recorded.
  for (const channel of ['emulator', 'test'])
    app.clerk.relay.register(channel, async (id, message) => {
      delivered.push({ channel, id, message });
      return true;
    });
  // A citizen booked for the place under way at 10:00 (09:50–10:10) at the local taxes counters.
  const slot = placesOf('local-taxes', '2026-11-23').find(
    (p) => p.start <= MONDAY_10AM.toISOString() && p.end > MONDAY_10AM.toISOString(),
  )!;
  const reservation = reservationOf(slot, 7);
  const { code } = await app.clerk.bookings.reserve(reservation, MONDAY_10AM);
  const id = app.clerk.db.prepare('SELECT id FROM bookings WHERE code = ?').pluck().get(code) as number;
  booked = { id, code, conversationId: reservation.conversationId };
  // Two walk-ins ask the clerk for a ticket, in their conversations.
  for (const [n, text] of [
    [1, 'am venit fără programare pentru impozitul pe casă, vreau un bon'],
    [2, 'sunt la ghișeu fără programare, vreau un bon pentru impozite'],
  ] as const) {
    const conversationId = `walk-in-${n}`;
    ticketConversations.push(conversationId);
    const turn = await app.clerk.engine.handle({
      conversationId,
      channel: 'emulator',
      kind: 'message',
      text,
      locale: 'ro-RO',
    });
    expect(turn.trace.said[0]).toBe('counter:ticket.issued');
  }
  await addStaff(app, 'desk@example.org', 'desk');
  taxesOfficeId = await addStaff(app, 'taxes@example.org', 'office', { resourceId: 'local-taxes' });
  await addStaff(app, 'urbanism@example.org', 'office', { resourceId: 'urbanism' });
  deskUser = await deskClient(app.baseUrl, 'desk@example.org');
  taxesOffice = await deskClient(app.baseUrl, 'taxes@example.org');
  urbanismOffice = await deskClient(app.baseUrl, 'urbanism@example.org');
}, 180_000);
afterAll(async () => {
  await app.close();
  tmp.remove();
});

describe('the walk-in queue at the desk', () => {
  it('numbers the tickets 1 and 2 for the service and day', () => {
    expect(ticketRows()).toEqual([
      { number: 1, status: 'waiting', counter: null, calledBy: null },
      { number: 2, status: 'waiting', counter: null, calledBy: null },
    ]);
  });

  it('shows every counter service to the desk, with the booked citizen due now and the tickets, live', async () => {
    const page = await deskUser.get('/staff/queue');
    expect(page.status).toBe(200);
    for (const s of rules.services) expect(page.text).toContain(s.name.en);
    expect(page.text).toMatch(/id="queue-local-taxes" data-refresh="\/staff\/queue"/);
    expect(page.text).toContain(booked.code);
    expect(page.text).toContain('Ticket 1 (since');
    expect(page.text).toContain('Ticket 2 (since');
    expect(page.text).toContain('Tickets waiting: 2');
    const start = await deskUser.get('/staff');
    expect(start.text).toContain('Walk-in tickets waiting today: 2');
  });

  it("an office sees only its own service; another's is 403, on the page and on next", async () => {
    const own = await urbanismOffice.get('/staff/queue');
    expect(own.status).toBe(200);
    expect(own.text).toContain(rules.services.find((s) => s.id === 'urbanism')!.name.en);
    expect(own.text).not.toContain(booked.code);
    expect(own.text).not.toContain('queue-local-taxes');
    expect((await urbanismOffice.get('/staff/queue?resource=local-taxes')).status).toBe(403);
    const post = await urbanismOffice.post('/staff/queue/next', { resource: 'local-taxes', counter: '1' });
    expect(post.status).toBe(403);
    expect((await urbanismOffice.get('/staff')).text).toContain('Walk-in tickets waiting today: 0');
    expect(auditOf('queue.called')).toEqual([]);
    expect(ticketRows().every((t) => t.status === 'waiting')).toBe(true);
  });

  it('refuses next without the CSRF token, and a counter the service does not have', async () => {
    expect((await taxesOffice.post('/staff/queue/next', { counter: '1', _csrf: '' })).status).toBe(403);
    expect((await taxesOffice.post('/staff/queue/next', { counter: '5' })).status).toBe(400);
    expect(auditOf('queue.called')).toEqual([]);
  });

  it('next calls the booked citizen due now, then ticket 1, then 2, telling each on their channel', async () => {
    const first = await taxesOffice.post('/staff/queue/next', { counter: '3' });
    expect(first.status).toBe(303);
    expect(first.location).toBe(
      '/staff/queue?resource=local-taxes&called=b' + booked.id + '&counter=3&told=1',
    );
    expect(
      app.clerk.db
        .prepare('SELECT called_at FROM booking_outcomes WHERE booking_id = ?')
        .pluck()
        .get(booked.id),
    ).toBe(MONDAY_10AM.toISOString());
    expect(delivered).toEqual([
      {
        channel: 'test',
        id: booked.conversationId,
        message: {
          text: app.clerk.texts.t('ro', 'counter:queue.calledBooked', {
            office: rules.office,
            code: booked.code,
            counter: 3,
          }),
          lang: 'ro',
        },
      },
    ]);
    expect(delivered[0].message.firstName).toBeUndefined();
    const note = await taxesOffice.get(first.location!);
    expect(note.text).toContain(`Appointment ${booked.code} called to counter 3.`);
    expect(note.text).toContain('The citizen was told in their conversation.');

    const second = await taxesOffice.post('/staff/queue/next', { counter: '2' });
    expect(second.location).toContain('called=t1&counter=2&told=1');
    expect(delivered[1]).toEqual({
      channel: 'emulator',
      id: ticketConversations[0],
      message: {
        text: app.clerk.texts.t('ro', 'counter:queue.calledTicket', {
          office: rules.office,
          number: 1,
          counter: 2,
        }),
        lang: 'ro',
      },
    });
    expect(delivered[1].message.text).toContain('bonul 1');
    expect(delivered[1].message.text).toContain('ghișeul 2');

    const third = await deskUser.post('/staff/queue/next', { resource: 'local-taxes', counter: '1' });
    expect(third.location).toContain('called=t2&counter=1');
    expect(delivered[2].id).toBe(ticketConversations[1]);
    expect(ticketRows()).toEqual([
      { number: 1, status: 'called', counter: 2, calledBy: taxesOfficeId },
      { number: 2, status: 'called', counter: 1, calledBy: expect.any(Number) },
    ]);

    const none = await taxesOffice.post('/staff/queue/next', { counter: '1' });
    expect(none.location).toContain('called=none');
    expect(delivered).toHaveLength(3);
    expect((await taxesOffice.get(none.location!)).text).toContain('Nobody is waiting.');

    const lines = auditOf('queue.called');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ userId: taxesOfficeId, bookingId: booked.id, conversationId: null });
    expect(JSON.parse(lines[0].detail)).toEqual({ resource: 'local-taxes', counter: 3 });
    expect(lines[1]).toMatchObject({
      userId: taxesOfficeId,
      bookingId: null,
      conversationId: ticketConversations[0],
    });
    expect(JSON.parse(lines[1].detail)).toEqual({ resource: 'local-taxes', ticket: 1, counter: 2 });
    expect(JSON.parse(lines[2].detail)).toEqual({ resource: 'local-taxes', ticket: 2, counter: 1 });

    const page = await deskUser.get('/staff/queue?resource=local-taxes');
    expect(page.text).toContain('No ticket is waiting.');
    expect(page.text).toContain('Nobody booked is due now.');
  });

  it('the queue page in Persian, right to left', async () => {
    const fa = await deskClient(app.baseUrl, 'desk@example.org', 'fa');
    const page = await fa.get('/staff/queue');
    expect(page.text).toContain('dir="rtl"');
    expect(page.text).toContain(app.clerk.texts.t('fa', 'desk-queue:title'));
  });
});

describe('the wait and the opening hours (pure)', () => {
  const taxes = { minutesEach: 20, parallel: 4 };
  it('tickets ahead × minutes each ÷ counters, plus the booked citizens due meanwhile, counted again as they add time', () => {
    expect(estimateWait(0, taxes, () => 0)).toBe(0);
    expect(estimateWait(3, taxes, () => 0)).toBe(15);
    // 15 minutes bring 2 booked citizens in (25 minutes), which bring a third (30 minutes).
    const due = (minutes: number) => (minutes >= 25 ? 3 : minutes >= 15 ? 2 : 0);
    expect(estimateWait(3, taxes, due)).toBe(30);
  });

  it('open within a session; else the next day the service serves, holidays and blocked days skipped', () => {
    const resource = resourceOf('local-taxes');
    const noHoliday = () => false;
    expect(openingOf(resource, MONDAY_10AM, office.timeZone, noHoliday)).toEqual({
      open: true,
      day: '2026-11-23',
    });
    // Thursday 17:00: open until 18:30 that day only.
    expect(openingOf(resource, new Date('2026-11-26T15:00:00Z'), office.timeZone, noHoliday).open).toBe(true);
    // Friday 17:00: closed; the next opening is Monday (Saturday and Sunday have no session), Monday a holiday → Tuesday.
    const friday = new Date('2026-11-27T15:00:00Z');
    expect(openingOf(resource, friday, office.timeZone, noHoliday)).toEqual({
      open: false,
      day: '2026-11-30',
      today: false,
      from: '08:30',
    });
    expect(openingOf(resource, friday, office.timeZone, (d) => d === '2026-11-30')).toMatchObject({
      day: '2026-12-01',
    });
  });
});
