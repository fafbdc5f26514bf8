import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { LANGUAGE, LANGS, isLang, type Lang } from '../../dialogs/languages';
import type { Municipality } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import type { Texts } from '../i18n';
import type { Logger } from '../logger';
import type { AuditLog } from '../store/audit-store';
import type { Db } from '../store/db';
import type { KeyedHash } from '../store/keyed-hash';
import type { SessionLimits, StaffRole, StaffSession, StaffUser, StaffUsers } from '../store/staff-users';
import { DESK_SCRIPT } from './desk-script';
import { html, raw, type Html } from './html';
import { decoyHash, verifyPassword } from './passwords';

export interface SignInLimits {
  /** Failed sign-ins in the window after which an account is refused until the window has passed. */
  perAccount: number;
  /** The same for one address, whatever accounts it tries. */
  perAddress: number;
  windowMinutes: number;
}

export interface DeskDeps {
  city: Municipality;
  db: Db;
  texts: Texts;
  users: StaffUsers;
  audit: AuditLog;
  hash: KeyedHash;
  now: () => Date;
  log: Logger;
  sessions: SessionLimits;
  signIn: SignInLimits;
  /** Cookies marked Secure (the desk is served over HTTPS, PUBLIC_BASE_URL says so). */
  secureCookies: boolean;
  trustProxy: boolean;
}

/** What a desk page's handler gets: who is signed in, in which language, and the words of that language. */
export interface DeskContext {
  user: StaffUser;
  session: StaffSession;
  lang: Lang;
  t(key: string, params?: Params): string;
  /** The hidden field every form that changes something carries. */
  csrfField: Html;
}

export type DeskHandler = (req: Request, res: Response, ctx: DeskContext) => Promise<void>;

/** A link in the desk's navigation, shown to the roles that may open it. */
export interface NavItem {
  path: string;
  key: string;
  roles: readonly StaffRole[];
}

export interface Desk {
  deps: DeskDeps;
  /** A page staff may read: signed in, with one of the roles (403 otherwise). */
  get(path: string, roles: readonly StaffRole[], handler: DeskHandler): void;
  /** A change: signed in, one of the roles, and the session's CSRF token in the form (403 otherwise). */
  post(path: string, roles: readonly StaffRole[], handler: DeskHandler): void;
  nav(item: NavItem): void;
  /** A line on the start page (a count, a warning), or nothing. */
  summary(line: (ctx: DeskContext) => Html | undefined): void;
  /** The whole page around a body: language and direction, navigation, sign-out. */
  page(ctx: DeskContext, title: string, body: Html, status?: number): string;
  send(res: Response, body: string, status?: number): void;
  redirect(res: Response, to: string): void;
  /** The 403 page: signed in, but this is not for this role or this account. */
  forbidden(res: Response, ctx: DeskContext): void;
}

export const ALL_ROLES: readonly StaffRole[] = ['desk', 'office', 'admin'];
/** Admins see everything the information centre sees, and their own pages besides. */
export const DESK_ROLES: readonly StaffRole[] = ['desk', 'admin'];

const COOKIE = 'civic_staff';
const PRE_COOKIE = 'civic_staff_pre';
const CSS = `
:root{--accent:#1b4f8a;font:16px/1.45 system-ui,sans-serif;color:#1a1a1a}
body{margin:0}header{background:var(--accent);color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
header a,header button{color:#fff}nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}main{padding:1rem;max-width:70rem}
[lang=fa],[dir=rtl]{font-family:Vazirmatn,Tahoma,sans-serif}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f0a500;outline-offset:2px}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:start;vertical-align:top}
form.inline{display:inline}label{display:block;margin:.4rem 0 .1rem}input,select,textarea,button{font:inherit;padding:.35rem}
textarea{width:100%;max-width:40rem}.overdue{color:#a00;font-weight:bold}.note{color:#555}.citizen{white-space:pre-wrap}
.error{color:#a00}@media (max-width:40rem){td,th{display:block;border:0}tr{display:block;border-bottom:1px solid #ccc}}
@font-face{font-family:Vazirmatn;src:url(/assets/vazirmatn.woff2) format('woff2');font-display:swap}
`;

function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.header('cookie') ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const field = (req: Request, name: string): string => {
  const body = req.body as Record<string, unknown> | undefined;
  const value = body && typeof body === 'object' ? body[name] : undefined;
  return typeof value === 'string' ? value : '';
};
export { field as formField };

/** The desk at /staff: sign-in, sessions, CSRF, roles, the layout; each part of it registers its own pages. */
export function createDesk(server: Server, deps: DeskDeps): Desk {
  const { users, texts, now, log } = deps;
  const navItems: NavItem[] = [];
  const summaries: ((ctx: DeskContext) => Html | undefined)[] = [];
  const limits = { ...deps.sessions };

  const cookie = (name: string, value: string, maxAgeSeconds?: number) =>
    [
      `${name}=${encodeURIComponent(value)}`,
      'Path=/staff',
      'HttpOnly',
      'SameSite=Strict',
      ...(deps.secureCookies ? ['Secure'] : []),
      ...(maxAgeSeconds !== undefined ? [`Max-Age=${maxAgeSeconds}`] : []),
    ].join('; ');

  const send = (res: Response, body: string, status = 200) => {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    res.end(body);
  };
  const redirect = (res: Response, to: string) => {
    res.writeHead(303, { Location: to, 'Cache-Control': 'no-store' });
    res.end();
  };

  const address = (req: Request): string => {
    const forwarded = req.headers['x-forwarded-for'];
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').pop()?.trim();
    return (deps.trustProxy && last) || req.socket.remoteAddress || 'unknown';
  };

  const shell = (lang: Lang, title: string, header: Html, body: Html) =>
    html`<!doctype html>
      <html lang="${lang}" dir="${LANGUAGE[lang].direction}">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>${title} — ${deps.city.name[lang]}</title>
          <link rel="stylesheet" href="/staff/desk.css" />
          <script src="/staff/desk.js" defer></script>
        </head>
        <body>
          <header>${header}</header>
          <main id="main">${body}</main>
        </body>
      </html>`.value;

  const languageLinks = (lang: Lang, path: string) =>
    LANGS.filter((l) => l !== lang).map(
      (l) => html` <a href="${path}?lang=${l}" lang="${l}" hreflang="${l}">${LANGUAGE[l].endonym}</a>`,
    );

  function context(session: StaffSession): DeskContext {
    const lang = session.lang;
    return {
      user: session.user,
      session,
      lang,
      t: (key, params) => texts.t(lang, key.includes(':') ? key : `desk:${key}`, params),
      csrfField: html`<input type="hidden" name="_csrf" value="${session.csrf}" />`,
    };
  }

  function page(ctx: DeskContext, title: string, body: Html) {
    const links = navItems
      .filter((n) => n.roles.includes(ctx.user.role))
      .map((n) => html`<a href="${n.path}">${ctx.t(n.key)}</a>`);
    const header = html`<strong>${ctx.t('title')}</strong>
      <nav aria-label="${ctx.t('nav.label')}"><a href="/staff">${ctx.t('nav.start')}</a>${links}</nav>
      <span>${ctx.user.firstName} (${ctx.t(`roles.${ctx.user.role}`)})</span>
      <form class="inline" method="post" action="/staff/language">
        ${ctx.csrfField}
        <label class="inline" for="desk-lang">${ctx.t('language')}</label>
        <select id="desk-lang" name="lang">
          ${LANGS.map(
            (l) =>
              html`<option value="${l}" lang="${l}" ${raw(l === ctx.lang ? ' selected' : '')}>
                ${LANGUAGE[l].endonym}
              </option>`,
          )}
        </select>
        <button type="submit">${ctx.t('languageChange')}</button>
      </form>
      <form class="inline" method="post" action="/staff/sign-out">
        ${ctx.csrfField}<button type="submit">${ctx.t('signOut')}</button>
      </form>`;
    return shell(
      ctx.lang,
      title,
      header,
      html`<h1>${title}</h1>
        ${body}`,
    );
  }

  function signInPage(lang: Lang, pre: string, error?: string) {
    const t = (key: string, params?: Params) => texts.t(lang, `desk:${key}`, params);
    const body = html`<h1>${t('signIn.title')}</h1>
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <form method="post" action="/staff/sign-in">
        <input type="hidden" name="_pre" value="${pre}" /><input type="hidden" name="lang" value="${lang}" />
        <label for="email">${t('signIn.email')}</label
        ><input id="email" name="email" type="email" autocomplete="username" required autofocus />
        <label for="password">${t('signIn.password')}</label
        ><input id="password" name="password" type="password" autocomplete="current-password" required />
        <p><button type="submit">${t('signIn.submit')}</button></p>
      </form>`;
    return shell(
      lang,
      t('signIn.title'),
      html`<strong>${t('title')}</strong>
        <nav>${languageLinks(lang, '/staff')}</nav>`,
      body,
    );
  }

  const queryLang = (req: Request): Lang | undefined => {
    const lang = new URL(req.url ?? '/', 'http://x').searchParams.get('lang') ?? '';
    return isLang(lang) ? lang : undefined;
  };

  function showSignIn(req: Request, res: Response, status = 200, error?: string, lang?: Lang) {
    const language = lang ?? queryLang(req) ?? deps.city.defaultLanguage;
    const pre = randomBytes(24).toString('base64url');
    res.setHeader('Set-Cookie', cookie(PRE_COOKIE, pre));
    send(res, signInPage(language, pre, error), status);
  }

  /** The open session of the request, or undefined (no cookie, signed out, expired, account disabled). */
  function sessionOf(req: Request): StaffSession | undefined {
    const token = cookies(req)[COOKIE];
    return token ? users.session(token, now(), limits) : undefined;
  }

  function guarded(roles: readonly StaffRole[], handler: DeskHandler, change: boolean) {
    return async (req: Request, res: Response) => {
      const session = sessionOf(req);
      if (!session || session.user.municipality !== deps.city.id) {
        if (change) return send(res, signInPage(deps.city.defaultLanguage, '', undefined), 401);
        return showSignIn(req, res, 200);
      }
      const lang = queryLang(req);
      if (lang && lang !== session.lang && !change) {
        users.setLanguage(session.tokenHash, lang);
        session.lang = lang;
      }
      const ctx = context(session);
      if (change && !same(field(req, '_csrf'), session.csrf)) {
        log.warn('desk.csrf_refused', { user: session.user.id });
        return send(res, page(ctx, ctx.t('forbidden.title'), html`<p>${ctx.t('forbidden.csrf')}</p>`), 403);
      }
      if (!roles.includes(session.user.role)) return desk.forbidden(res, ctx);
      try {
        await handler(req, res, ctx);
      } catch (error) {
        log.error('desk.failed', {
          path: req.getPath(),
          error: error instanceof Error ? error.name : 'unknown',
        });
        send(res, page(ctx, ctx.t('failed.title'), html`<p>${ctx.t('failed.text')}</p>`), 500);
      }
    };
  }

  const desk: Desk = {
    deps,
    get: (path, roles, handler) => void server.get(path, guarded(roles, handler, false)),
    post: (path, roles, handler) => void server.post(path, guarded(roles, handler, true)),
    nav: (item) => void navItems.push(item),
    summary: (line) => void summaries.push(line),
    page: (ctx, title, body) => page(ctx, title, body),
    send,
    redirect,
    forbidden(res, ctx) {
      send(res, page(ctx, ctx.t('forbidden.title'), html`<p>${ctx.t('forbidden.role')}</p>`), 403);
    },
  };

  server.get('/staff/desk.css', async (_req: Request, res: Response) => {
    res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'max-age=300' });
    res.end(CSS.replace('#1b4f8a', deps.city.branding?.accent ?? '#1b4f8a'));
  });

  server.get('/staff/desk.js', async (_req: Request, res: Response) => {
    res.writeHead(200, {
      'Content-Type': 'application/javascript; charset=utf-8',
      'Cache-Control': 'max-age=300',
    });
    res.end(DESK_SCRIPT);
  });

  server.post('/staff/sign-in', async (req: Request, res: Response) => {
    const lang = isLang(field(req, 'lang')) ? (field(req, 'lang') as Lang) : deps.city.defaultLanguage;
    const t = (key: string, params?: Params) => texts.t(lang, `desk:${key}`, params);
    const pre = cookies(req)[PRE_COOKIE];
    if (!pre || !same(field(req, '_pre'), pre)) return showSignIn(req, res, 403, t('signIn.expired'), lang);
    const email = field(req, 'email').trim().toLowerCase().slice(0, 254);
    const password = field(req, 'password').slice(0, 1024);
    const at = now();
    const since = new Date(at.getTime() - deps.signIn.windowMinutes * 60_000);
    const accountKey = `account:${deps.hash.full(email)}`;
    const addressKey = `address:${deps.hash.full(address(req))}`;
    if (
      users.failuresSince(accountKey, since) >= deps.signIn.perAccount ||
      users.failuresSince(addressKey, since) >= deps.signIn.perAddress
    ) {
      log.warn('desk.sign_in_limited', {});
      res.setHeader('Retry-After', String(deps.signIn.windowMinutes * 60));
      return showSignIn(req, res, 429, t('signIn.limited', { minutes: deps.signIn.windowMinutes }), lang);
    }
    const user = users.withPassword(email);
    // The same work whether or not the account exists: the answer's time does not say which e-mails have one.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !ok || user.disabledAt || user.municipality !== deps.city.id) {
      users.recordFailure(accountKey, at);
      users.recordFailure(addressKey, at);
      log.info('desk.sign_in_failed', {});
      return showSignIn(req, res, 401, t('signIn.wrong'), lang);
    }
    users.clearFailures(accountKey);
    const { token } = users.startSession(user.id, lang, at);
    deps.audit.write({ userId: user.id, action: 'session.signed_in' }, at);
    res.setHeader('Set-Cookie', [cookie(COOKIE, token), cookie(PRE_COOKIE, '', 0)]);
    redirect(res, '/staff');
  });

  desk.post('/staff/sign-out', ALL_ROLES, async (_req, res, ctx) => {
    users.endSession(ctx.session.tokenHash, now());
    deps.audit.write({ userId: ctx.user.id, action: 'session.signed_out' }, now());
    res.setHeader('Set-Cookie', cookie(COOKIE, '', 0));
    redirect(res, `/staff?lang=${ctx.lang}`);
  });

  desk.post('/staff/language', ALL_ROLES, async (req, res, ctx) => {
    const lang = field(req, 'lang');
    if (isLang(lang)) users.setLanguage(ctx.session.tokenHash, lang);
    redirect(res, '/staff');
  });

  desk.get('/staff', ALL_ROLES, async (_req, res, ctx) => {
    const lines = summaries.map((s) => s(ctx)).filter((l): l is Html => l !== undefined);
    const links = navItems.filter((n) => n.roles.includes(ctx.user.role));
    send(
      res,
      page(
        ctx,
        ctx.t('start.title'),
        html`<p>${ctx.t('start.hello', { name: ctx.user.firstName })}</p>
          ${
            lines.length
              ? html`<ul>
                  ${lines.map((l) => html`<li>${l}</li>`)}
                </ul>`
              : ''
          }
          <ul>
            ${links.map((n) => html`<li><a href="${n.path}">${ctx.t(n.key)}</a></li>`)}
          </ul>`,
      ),
    );
  });

  return desk;
}
