import path from 'node:path';
import { answerDue } from '../../dialogs/audience/answer-due';
import { createHolidayCalendar } from '../../dialogs/rules/holidays';
import { runOutbox } from '../../scripts/outbox';
import { startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { addStaff, bookAudience, deskClient, type DeskClient } from '../helpers/desk';

let citizens = 0;

/** Books an audience; one phone a citizen (the store limits a phone's audiences with one official a day). */
const book = (app: RunningClerk, o: Parameters<typeof bookAudience>[1]) =>
  bookAudience(app, { phone: `+4072200${String(++citizens).padStart(4, '0')}`, ...o });

const answersInOutbox = (app: RunningClerk) =>
  app.clerk.db
    .prepare(
      `SELECT kind, channel, to_addr AS "to", body, segments, essential, booking_id AS bookingId, status
       FROM outbox WHERE kind = 'answer.sent' ORDER BY id`,
    )
    .all() as Record<string, unknown>[];

describe('the due day of a written answer', () => {
  const isHoliday = createHolidayCalendar('RO');

  it('is the next working day, public holidays skipped, as date-holidays knows them', () => {
    expect(isHoliday('2026-11-30')).toBe(true); // Sfântul Andrei
    expect(isHoliday('2026-12-01')).toBe(true); // Ziua Națională
    expect(answerDue('2026-11-26', isHoliday)).toBe('2026-11-27'); // Thursday → Friday
    // Friday → the weekend, then Monday 30 November and Tuesday 1 December are public holidays → Wednesday.
    expect(answerDue('2026-11-27', isHoliday)).toBe('2026-12-02');
    expect(answerDue('2026-11-30', isHoliday)).toBe('2026-12-02');
  });
});

describe('written answers on the desk', () => {
  const tmp = tempDir();
  /** Monday 30 November 2026, 10:00 in Cluj-Napoca (a public holiday: the desk is open for the test). */
  let clock = new Date('2026-11-30T08:00:00Z');
  let app: RunningClerk;
  let deskUser: DeskClient;
  let technicalOffice: DeskClient;
  let patrimonyOffice: DeskClient;
  let thursday: { id: number; code: string };
  let friday: { id: number; code: string };
  let notAsked: { id: number; code: string };
  let missed: { id: number; code: string };

  beforeAll(async () => {
    app = await startClerk({ dbPath: path.join(tmp.dir, 'clerk.db'), now: () => clock });
    await addStaff(app, 'desk@example.org', 'desk');
    await addStaff(app, 'technical@example.org', 'office', { resourceId: 'head-technical' });
    await addStaff(app, 'patrimony@example.org', 'office', { resourceId: 'head-patrimony' });
    thursday = await book(app, {
      resourceId: 'head-technical',
      day: '2026-11-26',
      seq: 0,
      name: '<script>alert(1)</script> Maria',
      phone: '+40722123456',
      details: {
        answerBy: 'post',
        postalAddress: 'str. Moților 5, Cluj-Napoca',
        reason: 'canalizare <b>înfundată</b>',
      },
    });
    friday = await book(app, {
      resourceId: 'head-patrimony',
      day: '2026-11-27',
      seq: 0,
      name: 'Reza Ahmadi',
      lang: 'fa',
      channel: 'whatsapp',
      details: { answerBy: 'email', email: 'reza@example.org' },
    });
    notAsked = await book(app, { resourceId: 'head-technical', day: '2026-11-26', seq: 1 });
    missed = await book(app, {
      resourceId: 'head-technical',
      day: '2026-11-26',
      seq: 2,
      details: { answerBy: 'pickup' },
    });
    deskUser = await deskClient(app.baseUrl, 'desk@example.org');
    technicalOffice = await deskClient(app.baseUrl, 'technical@example.org');
    patrimonyOffice = await deskClient(app.baseUrl, 'patrimony@example.org');
    // A citizen who did not come gets no written answer.
    expect(
      (
        await technicalOffice.post('/staff/agenda/attendance', {
          booking: String(missed.id),
          attendance: 'absent',
        })
      ).status,
    ).toBe(303);
  });
  afterAll(async () => {
    await app.close();
    tmp.remove();
  });

  it('lists the answers asked for with their due day, overdue first and marked', async () => {
    const page = await deskUser.get('/staff/answers');
    expect(page.status).toBe(200);
    expect(page.text).toContain(thursday.code);
    expect(page.text).toContain(friday.code);
    expect(page.text).not.toContain(notAsked.code);
    expect(page.text).not.toContain(missed.code);
    expect(page.text.indexOf(thursday.code)).toBeLessThan(page.text.indexOf(friday.code));
    const thursdayRow = page.text.slice(
      page.text.indexOf(`id="a${thursday.id}"`),
      page.text.indexOf(thursday.code),
    );
    expect(thursdayRow).toContain('Friday, 27 November 2026');
    expect(thursdayRow).toContain('Overdue');
    const fridayRow = page.text.slice(
      page.text.indexOf(`id="a${friday.id}"`),
      page.text.indexOf(friday.code),
    );
    expect(fridayRow).toContain('Wednesday, 2 December 2026');
    expect(fridayRow).not.toContain('Overdue');
    expect(page.text).toContain('by post to str. Moților 5, Cluj-Napoca');
    // The citizen's markup is text.
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<b>înfundată');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Maria');
  });

  it('counts overdue answers on the start page, in the account’s scope', async () => {
    expect((await deskUser.get('/staff')).text).toContain('1 written answer is overdue.');
    expect((await technicalOffice.get('/staff')).text).toContain('1 written answer is overdue.');
    expect((await patrimonyOffice.get('/staff')).text).not.toContain('overdue');
    const ro = await deskClient(app.baseUrl, 'desk@example.org', 'ro');
    expect((await ro.get('/staff')).text).toContain('1 răspuns scris a depășit termenul.');
  });

  it("an office sees only its own official's answers and may not mark another's sent", async () => {
    const own = await patrimonyOffice.get('/staff/answers');
    expect(own.text).toContain(friday.code);
    expect(own.text).not.toContain(thursday.code);
    const refused = await patrimonyOffice.post('/staff/answers/sent', {
      booking: String(thursday.id),
      method: 'post',
    });
    expect(refused.status).toBe(403);
    expect(answersInOutbox(app)).toEqual([]);
  });

  it('marks an answer sent: recorded, the SMS queued in the outbox, the audit line written, never twice', async () => {
    const sent = await technicalOffice.post('/staff/answers/sent', {
      booking: String(thursday.id),
      method: 'post',
      note: 'adresa nr. 4567/2026',
    });
    expect(sent.status).toBe(303);
    const smsName = app.clerk.city.smsName.ro;
    expect(answersInOutbox(app)).toEqual([
      {
        kind: 'answer.sent',
        channel: 'sms',
        to: '+40722123456',
        body: `${smsName}: raspunsul scris la audienta ${thursday.code} v-a fost trimis prin posta.`,
        segments: 1,
        essential: 1,
        bookingId: thursday.id,
        status: 'pending',
      },
    ]);
    const outbox: string[] = [];
    await runOutbox(app.clerk.db, ['--json'], (line) => outbox.push(line));
    expect(outbox.map((l) => JSON.parse(l) as { kind: string; to: string })).toContainEqual(
      expect.objectContaining({ kind: 'answer.sent', to: '+40722123456' }),
    );
    const outcome = app.clerk.db
      .prepare(
        'SELECT answer_method AS method, answer_note AS note, answer_sent_at AS at FROM booking_outcomes WHERE booking_id = ?',
      )
      .get(thursday.id);
    expect(outcome).toEqual({ method: 'post', note: 'adresa nr. 4567/2026', at: clock.toISOString() });
    const audit = app.clerk.db
      .prepare(
        "SELECT booking_id AS bookingId, detail_json AS detail FROM audit_log WHERE action = 'answer.sent'",
      )
      .all();
    expect(audit).toEqual([{ bookingId: thursday.id, detail: '{"method":"post"}' }]);

    const again = await deskUser.post('/staff/answers/sent', {
      booking: String(thursday.id),
      method: 'email',
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain('This written answer was already sent');
    expect(answersInOutbox(app)).toHaveLength(1);

    // No longer overdue: the start page says nothing of it, the page lists it as sent.
    expect((await deskUser.get('/staff')).text).not.toContain('overdue');
    const page = await deskUser.get('/staff/answers');
    expect(page.text.indexOf(thursday.code)).toBeGreaterThan(page.text.indexOf('Sent in the last 30 days'));
    expect(page.text).toContain('adresa nr. 4567/2026');
  });

  it("writes to the citizen on WhatsApp in the booking's language when they booked there", async () => {
    const sent = await patrimonyOffice.post('/staff/answers/sent', {
      booking: String(friday.id),
      method: 'email',
    });
    expect(sent.status).toBe(303);
    const [, message] = answersInOutbox(app);
    expect(message).toMatchObject({ channel: 'whatsapp', bookingId: friday.id, essential: 1 });
    expect(message.body).toBe(
      `${app.clerk.city.smsName.fa}: پاسخ کتبی دیدار ${friday.code} با ایمیل برای شما فرستاده شد.`,
    );
  });

  it('refuses an audience whose citizen asked for no written answer', async () => {
    const refused = await deskUser.post('/staff/answers/sent', {
      booking: String(notAsked.id),
      method: 'post',
    });
    expect(refused.status).toBe(400);
    expect(answersInOutbox(app)).toHaveLength(2);
  });

  it('a day later, an unsent answer past its day is overdue', async () => {
    clock = new Date('2026-12-03T08:00:00Z');
    const late = await book(app, {
      resourceId: 'head-technical',
      day: '2026-12-01',
      seq: 0,
      details: { answerBy: 'email', email: 'x@example.org' },
    });
    // Tuesday 1 December's audience: due Wednesday 2 December, overdue on Thursday 3 (signed in again: days passed).
    deskUser = await deskClient(app.baseUrl, 'desk@example.org');
    expect((await deskUser.get('/staff')).text).toContain('1 written answer is overdue.');
    expect((await deskUser.get('/staff/answers')).text).toContain(late.code);
  });
});
