import { localDate, zonedInstant } from '../../dialogs/rules/slot-engine';
import { addDays, formats, queryOf, validDay } from './appointment-view';
import { formField, type Desk } from './desk';
import { html } from './html';
import { registerProgrammes } from './programmes';
import type { DeskServices } from './register';

const ADMIN = ['admin'] as const;
/** How many lines the audit page shows at most for one period (narrow the period to see more). */
const AUDIT_LINES = 1000;

/** The admin's pages: the audit log (read only), the city's accounts, the programmes. */
export function registerAdmin(desk: Desk, services: DeskServices): void {
  const { city, db, users, audit, now } = desk.deps;
  const fmt = formats(city);
  const codeOf = db.prepare<[number], string>('SELECT code FROM bookings WHERE id = ?').pluck();

  desk.nav({ path: '/staff/audit', key: 'desk-admin:nav.audit', roles: ADMIN });
  desk.nav({ path: '/staff/accounts', key: 'desk-admin:nav.accounts', roles: ADMIN });

  desk.get('/staff/audit', ADMIN, async (req, res, ctx) => {
    const q = queryOf(req);
    const today = localDate(now(), city.timeZone);
    const to = validDay(q.get('to')) ?? today;
    const from = validDay(q.get('from')) ?? addDays(to, -6);
    // Local days, the last one included.
    const lines = audit.between(
      new Date(zonedInstant(from, '00:00', city.timeZone)),
      new Date(zonedInstant(addDays(to, 1), '00:00', city.timeZone)),
      AUDIT_LINES,
    );
    const t = (key: string, params?: Record<string, string | number>) => ctx.t(`desk-admin:${key}`, params);
    const body = html`<p class="note">${t('audit.readOnly')}</p>
      <form method="get" action="/staff/audit">
        <label for="audit-from">${t('audit.from')}</label>
        <input id="audit-from" name="from" type="date" value="${from}" required />
        <label for="audit-to">${t('audit.to')}</label>
        <input id="audit-to" name="to" type="date" value="${to}" required />
        <p><button type="submit">${t('audit.show')}</button></p>
      </form>
      ${lines.length >= AUDIT_LINES ? html`<p class="note">${t('audit.cut', { n: AUDIT_LINES })}</p>` : ''}
      ${
        lines.length === 0
          ? html`<p>${t('audit.none')}</p>`
          : html`<table>
              <caption>
                ${t('audit.caption', { from: fmt.day(ctx, from), to: fmt.day(ctx, to) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">${t('audit.when')}</th>
                  <th scope="col">${t('audit.who')}</th>
                  <th scope="col">${t('audit.action')}</th>
                  <th scope="col">${t('audit.booking')}</th>
                  <th scope="col">${t('audit.conversation')}</th>
                  <th scope="col">${t('audit.detail')}</th>
                </tr>
              </thead>
              <tbody>
                ${lines.map(
                  (l) =>
                    html`<tr>
                      <td>${fmt.instant(ctx, l.at)}</td>
                      <td>${l.who ?? t('audit.commandLine')}</td>
                      <td><code>${l.action}</code></td>
                      <td>${l.bookingId !== null ? (codeOf.get(l.bookingId) ?? `#${l.bookingId}`) : ''}</td>
                      <td>${l.conversationId ?? ''}</td>
                      <td><code>${Object.keys(l.detail).length ? JSON.stringify(l.detail) : ''}</code></td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }`;
    desk.send(res, desk.page(ctx, t('audit.title'), body));
  });

  const resourceTitle = (id: string | null, lang: 'ro' | 'fa' | 'en') =>
    id ? (services.programmes.base(id)?.title[lang] ?? id) : '';

  desk.get('/staff/accounts', ADMIN, async (_req, res, ctx) => {
    const t = (key: string, params?: Record<string, string>) => ctx.t(`desk-admin:${key}`, params);
    const accounts = users.list().filter((u) => u.municipality === city.id);
    const done = queryOf(_req).get('disabled');
    const body = html`<p>${t('accounts.commandLine')}</p>
      <pre><code>npm run staff -- user add EMAIL --role desk|office|admin [--resource ID]</code></pre>
      ${done ? html`<p role="status">${t('accounts.disabledDone', { email: done })}</p>` : ''}
      <table>
        <thead>
          <tr>
            <th scope="col">${t('accounts.email')}</th>
            <th scope="col">${t('accounts.name')}</th>
            <th scope="col">${t('accounts.role')}</th>
            <th scope="col">${t('accounts.resource')}</th>
            <th scope="col">${t('accounts.status')}</th>
          </tr>
        </thead>
        <tbody>
          ${accounts.map(
            (u) =>
              html`<tr>
                <td>${u.email}</td>
                <td>${u.firstName}</td>
                <td>${ctx.t(`roles.${u.role}`)}</td>
                <td>${resourceTitle(u.resourceId, ctx.lang)}</td>
                <td>
                  ${
                    u.disabledAt
                      ? t('accounts.disabledAt', { when: fmt.instant(ctx, u.disabledAt) })
                      : u.id === ctx.user.id
                        ? t('accounts.you')
                        : html`${t('accounts.active')}
                            <form class="inline" method="post" action="/staff/accounts/disable">
                              ${ctx.csrfField}<input type="hidden" name="email" value="${u.email}" />
                              <button
                                type="submit"
                                aria-label="${t('accounts.disableLabel', { email: u.email })}"
                              >
                                ${t('accounts.disable')}
                              </button>
                            </form>`
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`;
    desk.send(res, desk.page(ctx, t('accounts.title'), body));
  });

  desk.post('/staff/accounts/disable', ADMIN, async (req, res, ctx) => {
    const email = formField(req, 'email').trim().toLowerCase();
    const account = users.list().find((u) => u.email === email && u.municipality === city.id);
    // An admin cannot lock themselves out: another admin, or the command line, disables an admin's own account.
    if (!account || account.id === ctx.user.id || account.disabledAt) {
      const t = ctx.t('desk-admin:accounts.cannot');
      return desk.send(
        res,
        desk.page(ctx, ctx.t('desk-admin:accounts.title'), html`<p class="error">${t}</p>`),
        400,
      );
    }
    const at = now();
    db.transaction(() => {
      users.disable(account.email, at);
      audit.write({ userId: ctx.user.id, action: 'user.disabled', detail: { account: account.id } }, at);
    })();
    desk.redirect(res, `/staff/accounts?disabled=${encodeURIComponent(account.email)}`);
  });

  registerProgrammes(desk, services);
}
