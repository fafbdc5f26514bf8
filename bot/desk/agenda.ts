import type { Request, Response } from 'restify';
import type { AudienceDetails } from '../../dialogs/audience/details';
import type { CounterDetails } from '../../dialogs/counter/details';
import { localDate } from '../../dialogs/rules/slot-engine';
import { createOutcomeStore, type RecordedBooking } from '../store/outcome-store';
import {
  addDays,
  answerDueOf,
  counterOf,
  csvLine,
  describe,
  formats,
  mondayOf,
  queryOf,
  staffScope,
  validDay,
} from './appointment-view';
import { ALL_ROLES, formField, type Desk, type DeskContext } from './desk';
import { html } from './html';
import type { DeskServices } from './register';

interface AgendaView {
  day: string;
  view: 'day' | 'week';
  resource?: string;
}
const agendaUrl = (v: AgendaView, anchor = '') =>
  `/staff/agenda?${new URLSearchParams({ day: v.day, view: v.view, ...(v.resource ? { resource: v.resource } : {}) }).toString()}${anchor}`;

export function registerAgenda(desk: Desk, services: DeskServices): void {
  const { city, db, now, audit } = desk.deps;
  const store = createOutcomeStore(db);
  const scope = staffScope(services, city);
  const format = formats(city);
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone: city.timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const today = () => localDate(now(), city.timeZone);

  desk.nav({ path: '/staff/agenda', key: 'desk-agenda:nav.agenda', roles: ALL_ROLES });
  desk.summary((ctx) => {
    const count = store.between(today(), today(), scope.visible(ctx.user)).length;
    return html`<a href="/staff/agenda">${ctx.t('desk-agenda:summary.today', { count })}</a>`;
  });

  const bad = (res: Response, ctx: DeskContext, key: string, status = 400) =>
    desk.send(
      res,
      desk.page(ctx, ctx.t('desk-agenda:agenda.title'), html`<p class="error">${ctx.t(key)}</p>`),
      status,
    );

  /** The resource asked for, if this account may see it: `false` when it may not. */
  const askedResource = (ctx: DeskContext, value: string | null): string | undefined | false => {
    if (!value) return ctx.user.role === 'office' ? (ctx.user.resourceId ?? undefined) : undefined;
    return scope.visible(ctx.user).includes(value) ? value : false;
  };

  const recordCell = (ctx: DeskContext, row: RecordedBooking, back: AgendaView) => {
    const o = row.outcome;
    const returnFields = html`<input type="hidden" name="booking" value="${row.id}" />
      <input type="hidden" name="day" value="${back.day}" /><input
        type="hidden"
        name="view"
        value="${back.view}"
      />
      <input type="hidden" name="resource" value="${back.resource ?? ''}" />`;
    return html`<p>
        <strong
          >${o.attendance ? ctx.t(`desk-agenda:record.${o.attendance}`) : ctx.t('desk-agenda:record.notYet')}</strong
        >
      </p>
      ${
        o.resolution
          ? html`<p class="citizen">${ctx.t('desk-agenda:record.decided', { resolution: o.resolution })}</p>`
          : ''
      }
      ${o.decidedBy ? html`<p>${ctx.t('desk-agenda:record.decidedByWho', { who: o.decidedBy })}</p>` : ''}
      <form method="post" action="/staff/agenda/attendance">
        ${ctx.csrfField}${returnFields}
        <button type="submit" name="attendance" value="held">${ctx.t('desk-agenda:record.markHeld')}</button>
        <button type="submit" name="attendance" value="absent">
          ${ctx.t('desk-agenda:record.markAbsent')}
        </button>
      </form>
      <form method="post" action="/staff/agenda/resolution">
        ${ctx.csrfField}${returnFields}
        <label for="resolution-${row.id}">${ctx.t('desk-agenda:record.resolution')}</label>
        <textarea id="resolution-${row.id}" name="resolution" rows="2" maxlength="2000" required>
${o.resolution ?? ''}</textarea>
        <label for="decided-by-${row.id}">${ctx.t('desk-agenda:record.decidedBy')}</label>
        <input id="decided-by-${row.id}" name="decided_by" maxlength="200" value="${o.decidedBy ?? ''}" />
        <button type="submit">${ctx.t('desk-agenda:record.save')}</button>
      </form>`;
  };

  const table = (ctx: DeskContext, rows: RecordedBooking[], back: AgendaView) =>
    html`<table>
      <thead>
        <tr>
          <th scope="col">${ctx.t('desk-agenda:agenda.time')}</th>
          <th scope="col">${ctx.t('desk-agenda:agenda.code')}</th>
          <th scope="col">${ctx.t('desk-agenda:agenda.citizen')}</th>
          <th scope="col">${ctx.t('desk-agenda:agenda.details')}</th>
          <th scope="col">${ctx.t('desk-agenda:agenda.record')}</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map((row) => {
          const counter = counterOf(row, scope);
          return html`<tr id="b${row.id}">
            <td>
              ${format.time(ctx, row.start)}${
                counter ? html`<br />${ctx.t('desk-agenda:agenda.counter', { number: counter })}` : ''
              }
            </td>
            <td>${row.code}</td>
            <td><span class="citizen">${row.name}</span><br /><a href="tel:${row.phone}">${row.phone}</a></td>
            <td>
              <ul>
                ${describe(ctx, row, services, city, format.day)}
              </ul>
            </td>
            <td>${recordCell(ctx, row, back)}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;

  desk.get('/staff/agenda', ALL_ROLES, async (req, res, ctx) => {
    const q = queryOf(req);
    const resource = askedResource(ctx, q.get('resource'));
    if (resource === false) return desk.forbidden(res, ctx);
    const v: AgendaView = {
      day: validDay(q.get('day')) ?? today(),
      view: q.get('view') === 'week' ? 'week' : 'day',
      resource,
    };
    const from = v.view === 'week' ? mondayOf(v.day) : v.day;
    const to = v.view === 'week' ? addDays(from, 6) : v.day;
    const rows = store.between(from, to, resource ? [resource] : scope.visible(ctx.user));
    const step = v.view === 'week' ? 7 : 1;
    const days = [...new Set(rows.map((r) => r.day))];
    const picker =
      ctx.user.role === 'office'
        ? html`<p>${resource ? scope.title(resource, ctx) : ''}</p>`
        : html`<label for="agenda-resource">${ctx.t('desk-agenda:agenda.resource')}</label>
            <select id="agenda-resource" name="resource">
              <option value="">${ctx.t('desk-agenda:agenda.all')}</option>
              ${scope
                .visible(ctx.user)
                .map(
                  (id) =>
                    html`<option value="${id}" ${id === resource ? html`selected` : ''}>
                      ${scope.title(id, ctx)}
                    </option>`,
                )}
            </select>`;
    const body = html`<form method="get" action="/staff/agenda">
        ${picker}
        <label for="agenda-day">${ctx.t('desk-agenda:agenda.day')}</label>
        <input id="agenda-day" name="day" type="date" value="${v.day}" />
        <label for="agenda-view">${ctx.t('desk-agenda:agenda.view')}</label>
        <select id="agenda-view" name="view">
          <option value="day" ${v.view === 'day' ? html`selected` : ''}>
            ${ctx.t('desk-agenda:agenda.viewDay')}
          </option>
          <option value="week" ${v.view === 'week' ? html`selected` : ''}>
            ${ctx.t('desk-agenda:agenda.viewWeek')}
          </option>
        </select>
        <button type="submit">${ctx.t('desk-agenda:agenda.show')}</button>
      </form>
      <p>
        <a href="${agendaUrl({ ...v, day: addDays(v.day, -step) })}"
          >${ctx.t('desk-agenda:agenda.previous')}</a
        >
        · <a href="${agendaUrl({ ...v, day: today() })}">${ctx.t('desk-agenda:agenda.today')}</a> ·
        <a href="${agendaUrl({ ...v, day: addDays(v.day, step) })}">${ctx.t('desk-agenda:agenda.next')}</a>
      </p>
      ${rows.length === 0 ? html`<p>${ctx.t('desk-agenda:agenda.none')}</p>` : ''}
      ${days.map((day) => {
        const ofDay = rows.filter((r) => r.day === day);
        const ids = [...new Set(ofDay.map((r) => r.resourceId))];
        return html`<section>
          <h2>${format.day(ctx, day)}</h2>
          ${ids.map(
            (id) =>
              html`<h3>${scope.title(id, ctx)}</h3>
                ${table(
                  ctx,
                  ofDay.filter((r) => r.resourceId === id),
                  v,
                )}`,
          )}
        </section>`;
      })}
      <section>
        <h2>${ctx.t('desk-agenda:register.title')}</h2>
        <p>${ctx.t('desk-agenda:register.intro')}</p>
        <form method="get" action="/staff/register.csv">
          ${resource ? html`<input type="hidden" name="resource" value="${resource}" />` : ''}
          <label for="register-from">${ctx.t('desk-agenda:register.from')}</label>
          <input id="register-from" name="from" type="date" value="${from.slice(0, 8)}01" required />
          <label for="register-to">${ctx.t('desk-agenda:register.to')}</label>
          <input id="register-to" name="to" type="date" value="${to}" required />
          <button type="submit">${ctx.t('desk-agenda:register.export')}</button>
        </form>
      </section>`;
    const title = resource
      ? ctx.t('desk-agenda:agenda.appointments', { resource: scope.title(resource, ctx) })
      : ctx.t('desk-agenda:agenda.title');
    desk.send(res, desk.page(ctx, title, body));
  });

  /** The booking a form names, if this account may change it; otherwise the answer has been sent. */
  const bookingOf = (req: Request, res: Response, ctx: DeskContext): RecordedBooking | undefined => {
    const id = formField(req, 'booking');
    const row = /^\d{1,12}$/.test(id) ? store.get(Number(id)) : undefined;
    if (!row || row.status !== 'booked') {
      if (row && !scope.visible(ctx.user).includes(row.resourceId)) desk.forbidden(res, ctx);
      else bad(res, ctx, 'desk-agenda:record.notFound', 404);
      return undefined;
    }
    if (!scope.visible(ctx.user).includes(row.resourceId)) {
      desk.forbidden(res, ctx);
      return undefined;
    }
    return row;
  };
  /** Back to the agenda the form was on (only a day, a view and a resource this account may see). */
  const back = (req: Request, ctx: DeskContext, row: RecordedBooking) => {
    const resource = askedResource(ctx, formField(req, 'resource') || null);
    return agendaUrl(
      {
        day: validDay(formField(req, 'day')) ?? row.day,
        view: formField(req, 'view') === 'week' ? 'week' : 'day',
        resource: resource || undefined,
      },
      `#b${row.id}`,
    );
  };

  desk.post('/staff/agenda/attendance', ALL_ROLES, async (req, res, ctx) => {
    const row = bookingOf(req, res, ctx);
    if (!row) return;
    const value = formField(req, 'attendance');
    if (value !== 'held' && value !== 'absent') return bad(res, ctx, 'desk-agenda:record.bad');
    const at = now();
    store.setAttendance(row.id, value, ctx.user.id, at, () =>
      audit.write(
        {
          userId: ctx.user.id,
          action: 'booking.attendance',
          bookingId: row.id,
          detail: { attendance: value },
        },
        at,
      ),
    );
    desk.redirect(res, back(req, ctx, row));
  });

  desk.post('/staff/agenda/resolution', ALL_ROLES, async (req, res, ctx) => {
    const row = bookingOf(req, res, ctx);
    if (!row) return;
    const resolution = formField(req, 'resolution').trim().slice(0, 2000);
    const decidedBy = formField(req, 'decided_by').trim().slice(0, 200);
    if (!resolution) return bad(res, ctx, 'desk-agenda:record.missing');
    const at = now();
    store.setResolution(row.id, { resolution, decidedBy }, ctx.user.id, at, () =>
      audit.write(
        {
          userId: ctx.user.id,
          action: 'booking.resolution',
          bookingId: row.id,
          detail: { fields: decidedBy ? ['resolution', 'decided_by'] : ['resolution'] },
        },
        at,
      ),
    );
    desk.redirect(res, back(req, ctx, row));
  });

  desk.get('/staff/register.csv', ALL_ROLES, async (req, res, ctx) => {
    const q = queryOf(req);
    const resource = askedResource(ctx, q.get('resource'));
    if (resource === false) return desk.forbidden(res, ctx);
    const from = validDay(q.get('from'));
    const to = validDay(q.get('to'));
    if (!from || !to || from > to || to > addDays(from, 366))
      return bad(res, ctx, 'desk-agenda:register.badRange');
    const rows = store.between(from, to, resource ? [resource] : scope.visible(ctx.user));
    const t = (key: string) => ctx.t(`desk-agenda:${key}`);
    const stamp = (iso: string) =>
      `${localDate(new Date(iso), city.timeZone)} ${clock.format(new Date(iso))}`;
    const header = ['date', 'time', 'official', 'code', 'name', 'phone', 'reason', 'held', 'resolution'];
    let csv = csvLine([...header, 'decidedBy', 'answerDue', 'sentAt', 'method'].map((k) => t(`csv.${k}`)));
    for (const row of rows) {
      const d = row.details as Partial<AudienceDetails & CounterDetails>;
      const o = row.outcome;
      csv += csvLine([
        row.day,
        clock.format(new Date(row.start)),
        scope.title(row.resourceId, ctx),
        row.code,
        row.name,
        row.phone,
        (row.procedure === 'audience' ? d.reason : d.said) ?? '',
        o.attendance ? t(`record.${o.attendance}`) : '',
        o.resolution ?? '',
        o.decidedBy ?? '',
        answerDueOf(row, services.isHoliday) ?? '',
        o.answerSentAt ? stamp(o.answerSentAt) : '',
        o.answerMethod ? t(`method.${o.answerMethod}`) : '',
      ]);
    }
    audit.write(
      { userId: ctx.user.id, action: 'register.exported', detail: { from, to, resource, rows: rows.length } },
      now(),
    );
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="register-${from}-${to}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    // The byte order mark tells Excel the file is UTF-8 (Romanian and Persian letters).
    res.end(`\uFEFF${csv}`);
  });
}
