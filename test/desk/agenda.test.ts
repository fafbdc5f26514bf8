import path from 'node:path';
import { MONDAY_10AM, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { sampleRequest } from '../helpers/bookings';
import { addStaff, bookAudience, deskClient, type DeskClient } from '../helpers/desk';

const book = bookAudience;

const auditOf = (app: RunningClerk, action: string) =>
  app.clerk.db
    .prepare(
      'SELECT user_id AS userId, booking_id AS bookingId, detail_json AS detail FROM audit_log WHERE action = ?',
    )
    .all(action) as { userId: number; bookingId: number | null; detail: string }[];

describe('the desk agenda and the audience register', () => {
  const tmp = tempDir();
  let app: RunningClerk;
  let deskUser: DeskClient;
  let office: DeskClient;
  let officeId: number;
  let technical: { id: number; code: string };
  let taxes: { id: number; code: string };
  let mayor: { id: number; code: string };

  beforeAll(async () => {
    app = await startClerk({ dbPath: path.join(tmp.dir, 'clerk.db') });
    await addStaff(app, 'desk@example.org', 'desk');
    officeId = await addStaff(app, 'technical@example.org', 'office', { resourceId: 'head-technical' });
    // Monday 23 November 2026 (the clock's today): the Director of Local Taxes' audiences.
    taxes = await book(app, { resourceId: 'head-taxes', day: '2026-11-23', seq: 0, name: 'Ana Pop' });
    technical = await book(app, {
      resourceId: 'head-technical',
      day: '2026-11-24',
      seq: 1,
      name: 'Ion Ionescu',
      details: {
        mode: 'phone',
        reason: 'groapă în asfalt pe strada Dorobanților',
        answerBy: 'email',
        email: 'ion@example.org',
        evidence: { petition: { number: '123/2026', date: '2026-10-01', outcome: 'negative' } },
      },
    });
    mayor = await book(app, {
      resourceId: 'mayor',
      day: '2026-11-23',
      seq: 2,
      name: '<script>alert("x")</script>',
      details: { reason: '<img src=x onerror=alert(1)> parcare' },
    });
    deskUser = await deskClient(app.baseUrl, 'desk@example.org');
    office = await deskClient(app.baseUrl, 'technical@example.org');
  });
  afterAll(async () => {
    await app.close();
    tmp.remove();
  });

  it("shows today's appointments in the city's time zone by default, every resource for the desk", async () => {
    const page = await deskUser.get('/staff/agenda');
    expect(page.status).toBe(200);
    expect(page.text).toContain(taxes.code);
    expect(page.text).toContain(mayor.code);
    expect(page.text).not.toContain(technical.code); // Tuesday's
    expect(page.text).toContain('09:00'); // 07:00Z in Bucharest
    expect(page.text).toContain('Ana Pop');
    expect(page.text).toContain('the Director of Local Taxes');
    // A picker of every resource of the city.
    expect(page.text).toContain('<option value="head-environment"');
  });

  it("shows what the citizen gave, in the staff member's language", async () => {
    const page = await deskUser.get('/staff/agenda?day=2026-11-24');
    expect(page.text).toContain(technical.code);
    expect(page.text).toContain('By phone');
    expect(page.text).toContain('groapă în asfalt pe strada Dorobanților');
    expect(page.text).toContain('petition no. 123/2026');
    expect(page.text).toContain('answered negatively');
    expect(page.text).toContain('by e-mail to ion@example.org');
    // Tuesday's audience: its written answer is due on Wednesday.
    expect(page.text).toContain('due by Wednesday, 25 November 2026');
    const ro = await deskClient(app.baseUrl, 'desk@example.org', 'ro');
    const roPage = await ro.get('/staff/agenda?day=2026-11-24');
    expect(roPage.text).toContain('Telefonic');
    expect(roPage.text).toContain('petiția nr. 123/2026');
  });

  it('shows the week', async () => {
    const page = await deskUser.get('/staff/agenda?day=2026-11-25&view=week');
    for (const b of [taxes, technical, mayor]) expect(page.text).toContain(b.code);
  });

  it("shows a citizen's markup as text", async () => {
    const page = await deskUser.get('/staff/agenda');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toContain('<img src=x');
    expect(page.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt; parcare');
  });

  it("an office sees only its own resource, and is refused another's (page, changes, export)", async () => {
    const own = await office.get('/staff/agenda?day=2026-11-24&view=week');
    expect(own.status).toBe(200);
    expect(own.text).toContain(technical.code);
    expect(own.text).not.toContain(taxes.code);
    expect(own.text).not.toContain(mayor.code);
    expect(own.text).not.toContain('<option value="mayor"');
    expect((await office.get('/staff/agenda?resource=mayor')).status).toBe(403);
    expect(
      (await office.get('/staff/register.csv?from=2026-11-01&to=2026-11-30&resource=mayor')).status,
    ).toBe(403);
    const held = await office.post('/staff/agenda/attendance', {
      booking: String(mayor.id),
      attendance: 'held',
    });
    expect(held.status).toBe(403);
    const decided = await office.post('/staff/agenda/resolution', {
      booking: String(mayor.id),
      resolution: 'aprobat',
    });
    expect(decided.status).toBe(403);
    const outcome = app.clerk.db.prepare('SELECT * FROM booking_outcomes WHERE booking_id = ?').get(mayor.id);
    expect(outcome).toBeUndefined();
    const csv = await office.get('/staff/register.csv?from=2026-11-01&to=2026-11-30');
    expect(csv.text).toContain(technical.code);
    expect(csv.text).not.toContain(taxes.code);
    expect(csv.text).not.toContain(mayor.code);
  });

  it('marks held or not attended and records the resolution, each with its audit line', async () => {
    const held = await office.post('/staff/agenda/attendance', {
      booking: String(technical.id),
      attendance: 'held',
      day: '2026-11-24',
      view: 'day',
    });
    expect(held.status).toBe(303);
    expect(held.location).toBe(
      `/staff/agenda?day=2026-11-24&view=day&resource=head-technical#b${technical.id}`,
    );
    const decided = await office.post('/staff/agenda/resolution', {
      booking: String(technical.id),
      resolution: 'Se repară strada până la 15 decembrie',
      decided_by: 'Director Pop',
    });
    expect(decided.status).toBe(303);
    const page = await office.get('/staff/agenda?day=2026-11-24');
    expect(page.text).toContain('Held');
    expect(page.text).toContain('Decided: Se repară strada până la 15 decembrie');
    expect(page.text).toContain('Decided by: Director Pop');
    expect(auditOf(app, 'booking.attendance')).toEqual([
      { userId: officeId, bookingId: technical.id, detail: '{"attendance":"held"}' },
    ]);
    expect(auditOf(app, 'booking.resolution')).toEqual([
      { userId: officeId, bookingId: technical.id, detail: '{"fields":["resolution","decided_by"]}' },
    ]);
    // Nothing personal in the audit line.
    expect(JSON.stringify(auditOf(app, 'booking.resolution'))).not.toContain('repară');

    const absent = await deskUser.post('/staff/agenda/attendance', {
      booking: String(taxes.id),
      attendance: 'absent',
    });
    expect(absent.status).toBe(303);
    const empty = await deskUser.post('/staff/agenda/resolution', {
      booking: String(taxes.id),
      resolution: ' ',
    });
    expect(empty.status).toBe(400);
  });

  it('exports the register as CSV: BOM, RFC 4180 quoting, no formulas, Romanian letters intact', async () => {
    const quoted = await book(app, {
      resourceId: 'mayor',
      day: '2026-11-26',
      seq: 0,
      name: 'Popescu, "Ion"',
      details: { reason: '=HYPERLINK("http://example.com","clic")\nși încă un rând' },
    });
    await deskUser.post('/staff/agenda/resolution', {
      booking: String(quoted.id),
      resolution: '@SUM(A1:A9)',
      decided_by: '-Primarul',
    });
    const res = await fetch(`${app.baseUrl}/staff/register.csv?from=2026-11-23&to=2026-11-27`, {
      headers: { cookie: deskUser.cookie },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="register-2026-11-23-2026-11-27.csv"',
    );
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'Date,Time,Official or service,Code,Name,Phone,Reason,Held,Resolution,Decided by,Written answer due,Sent at,Method',
    );
    expect(text).toContain(
      `2026-11-24,09:15,the Director of Public Works,${technical.code},Ion Ionescu,'+40722123456,groapă în asfalt pe strada Dorobanților,Held,Se repară strada până la 15 decembrie,Director Pop,2026-11-25,,\r\n`,
    );
    expect(text).toContain(
      `2026-11-26,09:00,the Mayor,${quoted.code},"Popescu, ""Ion""",'+40722123456,"'=HYPERLINK(""http://example.com"",""clic"")\nși încă un rând",,'@SUM(A1:A9),'-Primarul,,,\r\n`,
    );
    expect(text).toContain(`${taxes.code},Ana Pop,'+40722123456,groapă în asfalt,Not attended,`);
    // Rows in order of day and time.
    expect(text.indexOf(taxes.code)).toBeLessThan(text.indexOf(technical.code));
    expect(text.indexOf(technical.code)).toBeLessThan(text.indexOf(quoted.code));
    const exported = auditOf(app, 'register.exported');
    expect(exported.at(-1)).toMatchObject({ bookingId: null });
    expect(JSON.parse(exported.at(-1)!.detail)).toEqual({ from: '2026-11-23', to: '2026-11-27', rows: 4 });
  });

  it('refuses a register period that is not one', async () => {
    expect((await deskUser.get('/staff/register.csv?from=2026-11-30&to=2026-11-01')).status).toBe(400);
    expect((await deskUser.get('/staff/register.csv?from=2026-02-30&to=2026-03-01')).status).toBe(400);
  });

  it("counts today's appointments on the start page, in the user's scope", async () => {
    expect((await deskUser.get('/staff')).text).toContain('Today: 2 appointments.');
    expect((await office.get('/staff')).text).toContain('Today: 0 appointments.');
    expect((await office.get('/staff')).text).toContain('href="/staff/agenda"');
  });
});

describe("the agenda of a citizen office's counter service", () => {
  const tmp = tempDir();
  let app: RunningClerk;

  beforeAll(async () => {
    app = await startClerk({
      dbPath: path.join(tmp.dir, 'clerk.db'),
      env: { MUNICIPALITY: 'bucuresti-sector-1' },
    });
    await addStaff(app, 'taxes@example.org', 'office', { resourceId: 'local-taxes' });
  });
  afterAll(async () => {
    await app.close();
    tmp.remove();
  });

  it('shows each booking at its counter, with the words the citizen used', async () => {
    // Local taxes has 4 counters: place 5 is the second time's second counter.
    const request = sampleRequest(5, '2026-11-24', 'local-taxes');
    const { code } = await app.clerk.bookings.reserve(
      {
        request: {
          ...request,
          procedure: 'counter',
          details: { service: 'local-taxes', said: 'plata impozitului pe mașină' },
        },
        lang: 'ro',
        channel: 'sms',
        conversationId: 'c-counter',
        confirmation: (c) => ({ channel: 'sms', to: request.phone, body: `Programare ${c}`, segments: 1 }),
      },
      MONDAY_10AM,
    );
    const office = await deskClient(app.baseUrl, 'taxes@example.org');
    const page = await office.get('/staff/agenda?day=2026-11-24');
    const row = page.text.slice(page.text.indexOf('<tr id="b'));
    expect(row).toContain(code);
    expect(row).toContain('counter 2');
    expect(row).toContain('plata impozitului pe mașină');
  });
});
