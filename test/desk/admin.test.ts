/**
 * The admin's pages over HTTP against the real server and database: the audit log (read only, and the database
 * itself refusing to change a line), the city's accounts and disabling one, and every admin page and change
 * refused to the other roles.
 */
import path from 'node:path';
import { MONDAY_10AM, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { addStaff, deskClient, type DeskClient } from '../helpers/desk';

const ADMIN_PAGES = [
  '/staff/audit',
  '/staff/accounts',
  '/staff/programmes',
  '/staff/programmes/edit?resource=mayor',
];
const ADMIN_CHANGES: [string, Record<string, string>][] = [
  ['/staff/accounts/disable', { email: 'admin@cluj.ro' }],
  ['/staff/programmes/sessions', { resource: 'mayor', reset: '1' }],
  ['/staff/programmes/block', { resource: '*', day: '2026-12-01', note: 'x' }],
  ['/staff/programmes/unblock', { id: '1' }],
];

describe('the desk for admins: audit log and accounts', () => {
  const tmp = tempDir();
  let app: RunningClerk;
  let clock: Date;
  let admin: DeskClient;
  let deskUser: DeskClient;
  let office: DeskClient;

  // Training the NLU is the slow part of starting a clerk, slower still on a busy machine.
  beforeAll(async () => {
    clock = MONDAY_10AM;
    app = await startClerk({ dbPath: path.join(tmp.dir, 'clerk.db'), now: () => clock });
    await addStaff(app, 'admin@cluj.ro', 'admin', { firstName: 'Ada' });
    await addStaff(app, 'desk@cluj.ro', 'desk');
    await addStaff(app, 'cabinet@cluj.ro', 'office', { resourceId: 'mayor' });
    await addStaff(app, 'other@sector1.ro', 'desk', { municipality: 'bucuresti-sector-1' });
    admin = await deskClient(app.baseUrl, 'admin@cluj.ro');
    deskUser = await deskClient(app.baseUrl, 'desk@cluj.ro');
    office = await deskClient(app.baseUrl, 'cabinet@cluj.ro');
  }, 180_000);
  afterAll(async () => {
    await app.close();
    tmp.remove();
  });

  it('refuses every admin page and change to the information centre and to an office (403), and changes nothing', async () => {
    for (const client of [deskUser, office]) {
      for (const page of ADMIN_PAGES)
        expect({ page, status: (await client.get(page)).status }).toEqual({ page, status: 403 });
      for (const [page, form] of ADMIN_CHANGES)
        expect({ page, status: (await client.post(page, form)).status }).toEqual({ page, status: 403 });
      // No link to them either.
      const start = await client.get('/staff');
      expect(start.text).not.toContain('/staff/audit');
      expect(start.text).not.toContain('/staff/programmes');
    }
    expect(app.clerk.db.prepare('SELECT count(*) FROM blocked_days').pluck().get()).toBe(0);
    expect(
      app.clerk.db.prepare('SELECT count(*) FROM staff_users WHERE disabled_at IS NOT NULL').pluck().get(),
    ).toBe(0);
    const start = await admin.get('/staff');
    for (const link of ['/staff/audit', '/staff/accounts', '/staff/programmes'])
      expect(start.text).toContain(link);
  });

  it('lists the audit lines of a period with who did what, and offers no way to change them', async () => {
    const page = await admin.get('/staff/audit?from=2026-11-23&to=2026-11-23');
    expect(page.status).toBe(200);
    expect(page.text).toContain('session.signed_in');
    expect(page.text).toContain('admin@cluj.ro');
    expect(page.text).toContain('cabinet@cluj.ro');
    // Read only: the only form is the period's (and the layout's language and sign-out).
    const forms = [...page.text.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1]);
    expect(forms.sort()).toEqual(['/staff/audit', '/staff/language', '/staff/sign-out']);
    // Another period: none of today's lines.
    const before = await admin.get('/staff/audit?from=2026-11-01&to=2026-11-20');
    expect(before.text).not.toContain('session.signed_in');
    expect(before.text).toContain('No changes in this period.');
  });

  it('the database refuses to update or delete an audit line, whatever the application does', () => {
    const db = app.clerk.db;
    const count = db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    expect(count).toBeGreaterThan(0);
    expect(() => db.prepare("UPDATE audit_log SET action = 'nothing'").run()).toThrow(/audit.append_only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/audit.append_only/);
    expect(db.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(count);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'nothing'").pluck().get()).toBe(0);
  });

  it("lists the city's accounts (not another city's) and says they are created on the command line", async () => {
    const page = await admin.get('/staff/accounts');
    expect(page.status).toBe(200);
    expect(page.text).toContain('npm run staff -- user add');
    expect(page.text).toContain('desk@cluj.ro');
    expect(page.text).toContain('cabinet@cluj.ro');
    expect(page.text).toContain(app.clerk.city.officials!.find((o) => o.id === 'mayor')!.title.en);
    expect(page.text).not.toContain('other@sector1.ro');
  });

  it('disables an account: its sessions end at once, with an audit line; not its own, nor another city’s', async () => {
    const before = await office.get('/staff');
    expect(before.text).not.toContain('type="password"');
    const done = await admin.post('/staff/accounts/disable', { email: 'cabinet@cluj.ro' });
    expect(done.status).toBe(303);
    const after = await office.get('/staff');
    expect(after.text).toContain('type="password"');
    const page = await admin.get('/staff/accounts');
    expect(page.text).toMatch(/cabinet@cluj\.ro[\s\S]*disabled on/);

    const lines = app.clerk.db
      .prepare(
        "SELECT user_id AS userId, detail_json AS detail FROM audit_log WHERE action = 'user.disabled'",
      )
      .all() as { userId: number; detail: string }[];
    const ids = app.clerk.db.prepare('SELECT email, id FROM staff_users').all() as {
      email: string;
      id: number;
    }[];
    const idOf = (email: string) => ids.find((u) => u.email === email)!.id;
    expect(lines).toEqual([
      { userId: idOf('admin@cluj.ro'), detail: JSON.stringify({ account: idOf('cabinet@cluj.ro') }) },
    ]);
    const audit = await admin.get('/staff/audit');
    expect(audit.text).toContain('user.disabled');

    for (const email of ['admin@cluj.ro', 'other@sector1.ro', 'cabinet@cluj.ro', 'nobody@cluj.ro'])
      expect({ email, status: (await admin.post('/staff/accounts/disable', { email })).status }).toEqual({
        email,
        status: 400,
      });
    expect(
      app.clerk.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'user.disabled'").pluck().get(),
    ).toBe(1);
    expect((await admin.get('/staff/accounts')).status).toBe(200);
  });

  it('a change without the CSRF token is refused', async () => {
    const res = await admin.post('/staff/accounts/disable', { email: 'desk@cluj.ro', _csrf: '' });
    expect(res.status).toBe(403);
    expect((await deskUser.get('/staff')).text).not.toContain('type="password"');
  });
});
