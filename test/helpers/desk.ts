import { hashPassword } from '../../bot/desk/passwords';
import { createStaffUsers, type StaffRole } from '../../bot/store/staff-users';
import { audienceDetails, sampleRequest } from './bookings';
import { MONDAY_10AM, type RunningClerk } from './clerk';

export const PASSWORD = 'correct horse battery staple';

/** Hashed once per test file: scrypt's 32 MiB a hash is the slow part of adding accounts. */
let hashed: Promise<string> | undefined;

/** Adds a staff account to a running clerk's database (as `npm run staff -- user add` does). */
export async function addStaff(
  app: RunningClerk,
  email: string,
  role: StaffRole,
  options: { resourceId?: string; firstName?: string; municipality?: string } = {},
): Promise<number> {
  hashed ??= hashPassword(PASSWORD);
  return createStaffUsers(app.clerk.db).add(
    {
      email,
      firstName: options.firstName ?? email.split('@')[0],
      role,
      municipality: options.municipality ?? app.clerk.city.id,
      resourceId: options.resourceId ?? null,
      passwordHash: await hashed,
    },
    new Date(),
  );
}

/** A staff member's browser without a browser: cookies kept, forms posted with the page's CSRF token. */
export interface DeskClient {
  cookie: string;
  csrf: string;
  get(path: string): Promise<{ status: number; text: string; headers: Headers }>;
  /** Posts a form; the session's CSRF token is added unless `_csrf` is given (or given as ''). */
  post(
    path: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; text: string; location: string | null }>;
}

const PRE = /name="_pre" value="([^"]+)"/;
const CSRF = /name="_csrf" value="([^"]+)"/;
const cookieOf = (headers: Headers, name: string) =>
  headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith(`${name}=`));

/** Opens the sign-in page and posts the form: the response, and the cookie it set (if any). */
export async function signIn(baseUrl: string, email: string, password = PASSWORD, lang = 'en') {
  const page = await fetch(`${baseUrl}/staff?lang=${lang}`);
  const pre = cookieOf(page.headers, 'civic_staff_pre') ?? '';
  const token = PRE.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${baseUrl}/staff/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: pre, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _pre: token, email, password, lang }).toString(),
  });
  return { res, text: await res.text(), cookie: cookieOf(res.headers, 'civic_staff') };
}

/** Signs in and returns a client holding the session. */
export async function deskClient(baseUrl: string, email: string, lang = 'en'): Promise<DeskClient> {
  const { res, cookie } = await signIn(baseUrl, email, PASSWORD, lang);
  if (res.status !== 303 || !cookie) throw new Error(`sign-in of ${email} answered ${res.status}`);
  const start = await fetch(`${baseUrl}/staff`, { headers: { cookie } });
  const csrf = CSRF.exec(await start.text())?.[1] ?? '';
  const client: DeskClient = {
    cookie,
    csrf,
    async get(path) {
      const r = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
      return { status: r.status, text: await r.text(), headers: r.headers };
    },
    async post(path, form = {}) {
      const r = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      });
      return { status: r.status, text: await r.text(), location: r.headers.get('location') };
    },
  };
  return client;
}

/** Books an audience through the real store, as a conversation does; its id and code. */
export async function bookAudience(
  app: RunningClerk,
  o: {
    resourceId: string;
    day: string;
    seq: number;
    name?: string;
    phone?: string;
    lang?: 'ro' | 'fa' | 'en';
    channel?: string;
    details?: Record<string, unknown>;
  },
): Promise<{ id: number; code: string }> {
  const request = sampleRequest(o.seq, o.day, o.resourceId);
  const phone = o.phone ?? request.phone;
  const { code } = await app.clerk.bookings.reserve(
    {
      request: { ...request, name: o.name ?? request.name, phone, details: audienceDetails(o.details) },
      lang: o.lang ?? 'ro',
      channel: o.channel ?? 'sms',
      conversationId: `c-${o.resourceId}-${o.day}-${o.seq}`,
      confirmation: (c) => ({ channel: 'sms', to: phone, body: `Audienta ${c}`, segments: 1 }),
    },
    MONDAY_10AM,
  );
  const id = app.clerk.db.prepare('SELECT id FROM bookings WHERE code = ?').pluck().get(code) as number;
  return { id, code };
}
