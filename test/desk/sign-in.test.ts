/**
 * The desk's door over HTTP, against the real server and database: accounts made as the command line makes
 * them, sign-in and its limits, the session cookie and its end (sign-out, idle, disabled account), CSRF on
 * every change, and what the database keeps (a hash of the session token, an audit log nobody can edit).
 */
import { createHash } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../bot/desk/passwords';
import { createStaffUsers } from '../../bot/store/staff-users';
import { runUserCommand } from '../../scripts/staff-users';
import { closeAfterEach } from '../helpers/cleanup';
import { MONDAY_10AM, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { addStaff, deskClient, PASSWORD, signIn } from '../helpers/desk';

describe('the staff desk: signing in', () => {
  let tmp: ReturnType<typeof tempDir>;
  let app: RunningClerk;
  let clock: Date;
  const closeLater = closeAfterEach();

  async function start(env: Record<string, string> = {}) {
    tmp = tempDir();
    clock = MONDAY_10AM;
    app = await startClerk({
      dbPath: `${tmp.dir}/clerk.db`,
      now: () => clock,
      env: { STAFF_SIGN_IN_FAILURES_PER_ACCOUNT: '3', STAFF_SIGN_IN_FAILURES_PER_ADDRESS: '6', ...env },
    });
    closeLater(() => tmp.remove());
    closeLater(() => app.close());
  }

  it('without a session every page is the sign-in form; a change is refused', async () => {
    await start();
    for (const path of ['/staff', '/staff?lang=fa']) {
      const res = await fetch(`${app.baseUrl}${path}`);
      const text = await res.text();
      expect(text).toContain('action="/staff/sign-in"');
      expect(text).toContain('type="password"');
    }
    const change = await fetch(`${app.baseUrl}/staff/sign-out`, { method: 'POST' });
    expect(change.status).toBe(401);
  });

  it('signs in with the right password: an HttpOnly, SameSite cookie whose token the database keeps only hashed', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk', { firstName: 'Ana' });
    const { res, cookie } = await signIn(app.baseUrl, 'ana@cluj.ro');
    expect(res.status).toBe(303);
    const set = res.headers.getSetCookie().find((c) => c.startsWith('civic_staff='))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).not.toMatch(/Secure/);
    const token = cookie!.split('=')[1];
    const stored = app.clerk.db.prepare('SELECT token_hash FROM staff_sessions').pluck().all();
    expect(stored).toEqual([createHash('sha256').update(token).digest('hex')]);
    const start2 = await fetch(`${app.baseUrl}/staff`, { headers: { cookie: cookie! } });
    const text = await start2.text();
    expect(text).toContain('Ana');
    expect(text).not.toContain('type="password"');
  });

  it('behind HTTPS the cookie is Secure', async () => {
    await start({ PUBLIC_BASE_URL: 'https://clerk.example.ro' });
    await addStaff(app, 'ana@cluj.ro', 'desk');
    const { res } = await signIn(app.baseUrl, 'ana@cluj.ro');
    expect(res.headers.getSetCookie().find((c) => c.startsWith('civic_staff='))).toMatch(/; Secure/);
  });

  it('a wrong password, an unknown account and another city’s account are all the same refusal', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk');
    await addStaff(app, 'ion@sector1.ro', 'desk', { municipality: 'bucuresti-sector-1' });
    for (const [email, password] of [
      ['ana@cluj.ro', 'not the password'],
      ['nobody@cluj.ro', PASSWORD],
      ['ion@sector1.ro', PASSWORD],
    ]) {
      const { res, text, cookie } = await signIn(app.baseUrl, email, password);
      expect(res.status).toBe(401);
      expect(cookie).toBeUndefined();
      expect(text).toContain('The e-mail or the password is not right.');
    }
  });

  it('repeated wrong passwords lock the account for the window, even with the right one; then it opens again', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk');
    for (let i = 0; i < 3; i++)
      expect((await signIn(app.baseUrl, 'ana@cluj.ro', 'wrong')).res.status).toBe(401);
    const locked = await signIn(app.baseUrl, 'ana@cluj.ro');
    expect(locked.res.status).toBe(429);
    expect(locked.cookie).toBeUndefined();
    expect(locked.text).toContain('Too many wrong attempts');
    clock = new Date(MONDAY_10AM.getTime() + 16 * 60_000);
    expect((await signIn(app.baseUrl, 'ana@cluj.ro')).res.status).toBe(303);
  });

  it('one address trying many accounts is limited too', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk');
    for (let i = 0; i < 6; i++)
      expect((await signIn(app.baseUrl, `guess${i}@cluj.ro`, 'wrong')).res.status).toBe(401);
    expect((await signIn(app.baseUrl, 'ana@cluj.ro')).res.status).toBe(429);
  });

  it('a sign-in posted without the form’s own token (from another site) is refused', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk');
    const res = await fetch(`${app.baseUrl}/staff/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'ana@cluj.ro', password: PASSWORD }).toString(),
    });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('civic_staff='))).toBe(false);
  });

  it('a change without the CSRF token, or with another session’s, is refused with 403 and changes nothing', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk');
    await addStaff(app, 'dan@cluj.ro', 'desk');
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    const dan = await deskClient(app.baseUrl, 'dan@cluj.ro');
    expect((await ana.post('/staff/language', { lang: 'fa', _csrf: '' })).status).toBe(403);
    expect((await ana.post('/staff/sign-out', { _csrf: dan.csrf })).status).toBe(403);
    const page = await ana.get('/staff');
    expect(page.status).toBe(200);
    expect(page.text).toContain('lang="en"');
    expect((await ana.post('/staff/language', { lang: 'fa' })).status).toBe(303);
    expect((await ana.get('/staff')).text).toMatch(/<html lang="fa" dir="rtl">/);
  });

  it('after sign-out the old cookie is refused', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk');
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    expect((await ana.post('/staff/sign-out')).status).toBe(303);
    const after = await ana.get('/staff');
    expect(after.text).toContain('action="/staff/sign-in"');
    expect(after.text).not.toContain('Sign out');
  });

  it('an idle session expires; one in use lives on until its total limit', async () => {
    await start({ STAFF_SESSION_IDLE_MINUTES: '30', STAFF_SESSION_MAX_HOURS: '2' });
    await addStaff(app, 'ana@cluj.ro', 'desk');
    await addStaff(app, 'dan@cluj.ro', 'desk');
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    const dan = await deskClient(app.baseUrl, 'dan@cluj.ro');
    for (const minutes of [20, 40, 60, 80, 100]) {
      clock = new Date(MONDAY_10AM.getTime() + minutes * 60_000);
      expect((await dan.get('/staff')).text).toContain('Sign out');
    }
    // Ana was idle for 100 minutes; Dan's session is now past its 2 hours.
    expect((await ana.get('/staff')).text).toContain('action="/staff/sign-in"');
    clock = new Date(MONDAY_10AM.getTime() + 121 * 60_000);
    expect((await dan.get('/staff')).text).toContain('action="/staff/sign-in"');
  });

  it('disabling an account ends its sessions at once', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk');
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    expect(createStaffUsers(app.clerk.db).disable('ANA@cluj.ro', clock)).toBe(true);
    expect((await ana.get('/staff')).text).toContain('action="/staff/sign-in"');
    expect((await signIn(app.baseUrl, 'ana@cluj.ro')).res.status).toBe(401);
  });

  it('pages are not cached, not framed, and run no inline script', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk');
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    const { headers, text } = await ana.get('/staff');
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(text).not.toMatch(/<script>[^<]/);
  });

  it('sign-ins and sign-outs are in the audit log, and the database refuses to edit or delete it', async () => {
    await start();
    await addStaff(app, 'ana@cluj.ro', 'desk');
    const ana = await deskClient(app.baseUrl, 'ana@cluj.ro');
    await ana.post('/staff/sign-out');
    const actions = app.clerk.db.prepare('SELECT action FROM audit_log ORDER BY id').pluck().all();
    expect(actions).toEqual(['session.signed_in', 'session.signed_out']);
    expect(() => app.clerk.db.prepare("UPDATE audit_log SET action = 'nothing'").run()).toThrow(
      /audit.append_only/,
    );
    expect(() => app.clerk.db.prepare('DELETE FROM audit_log').run()).toThrow(/audit.append_only/);
  });
});

describe('npm run staff -- user', () => {
  it('adds an account with the password from standard input (hashed with scrypt), lists and disables it', async () => {
    const tmp = tempDir();
    const app = await startClerk({ dbPath: `${tmp.dir}/clerk.db` });
    try {
      const out: string[] = [];
      const deps = {
        db: app.clerk.db,
        city: app.clerk.city,
        resources: app.clerk.procedures.flatMap((p) => p.resources(app.clerk.city)),
        readPassword: async () => `${PASSWORD}\n`,
        write: (l: string) => out.push(l),
        now: MONDAY_10AM,
      };
      expect(await runUserCommand(['user', 'add', 'Maria.Pop@cluj.ro', '--role', 'desk'], deps)).toBe(0);
      const stored = app.clerk.db
        .prepare('SELECT password_hash FROM staff_users WHERE email = ?')
        .pluck()
        .get('maria.pop@cluj.ro') as string;
      expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(stored).not.toContain(PASSWORD);
      expect(await verifyPassword(PASSWORD, stored)).toBe(true);
      expect((await signIn(app.baseUrl, 'maria.pop@cluj.ro')).res.status).toBe(303);

      // An office account names its resource, which must be the city's; a short password is refused.
      const official = deps.resources[0].id;
      expect(await runUserCommand(['user', 'add', 'cab@cluj.ro', '--role', 'office'], deps)).toBe(2);
      expect(
        await runUserCommand(
          ['user', 'add', 'cab@cluj.ro', '--role', 'office', '--resource', 'nobody'],
          deps,
        ),
      ).toBe(2);
      expect(
        await runUserCommand(['user', 'add', 'cab@cluj.ro', '--role', 'office', '--resource', official], {
          ...deps,
          readPassword: async () => 'short',
        }),
      ).toBe(2);
      expect(
        await runUserCommand(
          ['user', 'add', 'cab@cluj.ro', '--role', 'office', '--resource', official],
          deps,
        ),
      ).toBe(0);
      expect(await runUserCommand(['user', 'add', 'x@cluj.ro', '--role', 'boss'], deps)).toBe(2);

      out.length = 0;
      expect(await runUserCommand(['user', 'list'], deps)).toBe(0);
      expect(out.join('\n')).toContain('maria.pop@cluj.ro  desk');
      expect(out.join('\n')).toContain(`cab@cluj.ro  office (${official})`);

      expect(await runUserCommand(['user', 'disable', 'maria.pop@cluj.ro'], deps)).toBe(0);
      expect(await runUserCommand(['user', 'disable', 'maria.pop@cluj.ro'], deps)).toBe(1);
      expect((await signIn(app.baseUrl, 'maria.pop@cluj.ro')).res.status).toBe(401);
      const audit = app.clerk.db.prepare('SELECT action FROM audit_log WHERE user_id IS NULL').pluck().all();
      expect(audit).toEqual(['user.added', 'user.added', 'user.disabled']);
    } finally {
      await app.close();
      tmp.remove();
    }
  });

  it('a hash is salted: the same password twice gives two hashes, each verifying', async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(PASSWORD, b)).toBe(true);
    expect(await verifyPassword('another password', a)).toBe(false);
  });
});
