import type { Request, Response } from 'restify';
import { localDate } from '../../dialogs/rules/slot-engine';
import { smsCost } from '../notify/sms-segments';
import { ConflictsChangedError, type DisplacedBooking, type ProgrammeChange } from '../store/programme-store';
import { formats, queryOf, validDay } from './appointment-view';
import { formField, type Desk, type DeskContext } from './desk';
import { html, raw, type Html } from './html';
import { MAX_ROWS, readSessions, rowsOf, sessionsForm, sessionsText } from './programme-form';
import type { DeskServices } from './register';

const ADMIN = ['admin'] as const;

/**
 * Programmes at the desk: an official's or a counter service's weekly sessions (weekday, start, how many
 * places one after the other) and blocked days, for the whole city or one resource. A change that takes away
 * booked places says which first; once confirmed, those bookings are cancelled and their citizens told by SMS,
 * with the code and where to choose again.
 */
export function registerProgrammes(desk: Desk, services: DeskServices): void {
  const { city, texts, audit, now } = desk.deps;
  const { programmes } = services;
  const fmt = formats(city);
  const tr = (ctx: DeskContext) => (key: string, params?: Record<string, string | number>) =>
    ctx.t(`desk-admin:${key}`, params);
  const title = (ctx: DeskContext, id: string | null) =>
    id === null ? tr(ctx)('programmes.wholeCity') : (programmes.base(id)?.title[ctx.lang] ?? id);

  /** The message a citizen gets when their place goes, in the booking's language, on their channel. */
  const notice = (b: DisplacedBooking) => {
    const body = texts.t(b.lang, 'desk-admin:sms.displaced', {
      code: b.code,
      when: b.start,
      url: `${services.publicBaseUrl}/?lang=${b.lang}`,
    });
    const channel = b.channel === 'whatsapp' ? ('whatsapp' as const) : ('sms' as const);
    return { channel, to: b.phone, body, segments: smsCost(body).segments };
  };

  desk.nav({ path: '/staff/programmes', key: 'desk-admin:nav.programmes', roles: ADMIN });

  desk.get('/staff/programmes', ADMIN, async (req, res, ctx) => {
    const t = tr(ctx);
    const today = localDate(now(), city.timeZone);
    const done = queryOf(req).get('done');
    const resources = [...programmes.resources().values()];
    const blocked = programmes.blockedDays().filter((b) => b.day >= today);
    const body = html`${
        done
          ? html`<p role="status">
              ${done === 'ok' ? t('programmes.saved') : t('programmes.savedDisplaced', { n: Number(done) || 0 })}
            </p>`
          : ''
      }
      <h2>${t('programmes.weekly')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">${t('programmes.resource')}</th>
            <th scope="col">${t('programmes.sessions')}</th>
            <th scope="col">${t('programmes.source')}</th>
          </tr>
        </thead>
        <tbody>
          ${resources.map(
            (r) =>
              html`<tr>
                <td>
                  <a href="/staff/programmes/edit?resource=${encodeURIComponent(r.id)}"
                    >${r.title[ctx.lang]}</a
                  >
                </td>
                <td>${sessionsText(ctx, r.sessions, r.parallel)}</td>
                <td>${programmes.overridden(r.id) ? t('programmes.fromDesk') : t('programmes.fromData')}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>${t('programmes.blocked')}</h2>
      ${
        blocked.length === 0
          ? html`<p>${t('programmes.noBlocked')}</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">${t('programmes.day')}</th>
                  <th scope="col">${t('programmes.resource')}</th>
                  <th scope="col">${t('programmes.note')}</th>
                  <th scope="col"><span class="note">${t('programmes.unblock')}</span></th>
                </tr>
              </thead>
              <tbody>
                ${blocked.map(
                  (b) =>
                    html`<tr>
                      <td>${fmt.day(ctx, b.day)}</td>
                      <td>${title(ctx, b.resourceId)}</td>
                      <td>${b.note}</td>
                      <td>
                        <form class="inline" method="post" action="/staff/programmes/unblock">
                          ${ctx.csrfField}<input type="hidden" name="id" value="${b.id}" />
                          <button type="submit">${t('programmes.unblock')}</button>
                        </form>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
      <h2>${t('programmes.block')}</h2>
      ${blockForm(ctx, { resource: '*', day: '', note: '' })}`;
    desk.send(res, desk.page(ctx, t('programmes.title'), body));
  });

  function blockForm(ctx: DeskContext, values: Record<string, string>, error?: string) {
    const t = tr(ctx);
    const options = [
      { id: '*', name: t('programmes.wholeCity') },
      ...[...programmes.resources().values()].map((r) => ({ id: r.id, name: r.title[ctx.lang] })),
    ];
    return html`<form method="post" action="/staff/programmes/block">
      ${ctx.csrfField} ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <label for="block-resource">${t('programmes.resource')}</label>
      <select id="block-resource" name="resource">
        ${options.map(
          (o) =>
            html`<option value="${o.id}" ${raw(o.id === values.resource ? 'selected' : '')}>
              ${o.name}
            </option>`,
        )}
      </select>
      <label for="block-day">${t('programmes.day')}</label>
      <input id="block-day" name="day" type="date" value="${values.day}" required />
      <label for="block-note">${t('programmes.note')}</label>
      <input id="block-note" name="note" maxlength="120" value="${values.note}" />
      <p><button type="submit">${t('programmes.blockSubmit')}</button></p>
    </form>`;
  }

  desk.get('/staff/programmes/edit', ADMIN, async (req, res, ctx) => {
    const id = queryOf(req).get('resource') ?? '';
    const resource = programmes.resources().get(id);
    if (!resource)
      return desk.send(res, desk.page(ctx, ctx.t('notFound'), html`<p>${ctx.t('notFound')}</p>`), 404);
    const t = tr(ctx);
    const base = programmes.base(id)!;
    const body = html`<p>
        ${t('programmes.capacity', { minutes: resource.minutesEach, parallel: resource.parallel })}
      </p>
      <p class="note">
        ${t('programmes.dataSays', { sessions: sessionsText(ctx, base.sessions, base.parallel) })}
      </p>
      ${sessionsForm(ctx, id, rowsOf(resource.sessions))}
      <p><a href="/staff/programmes">${t('programmes.back')}</a></p>`;
    desk.send(res, desk.page(ctx, t('programmes.editTitle', { resource: resource.title[ctx.lang] }), body));
  });

  /** Every field of the form as posted, to post again with the confirmation. */
  const echoed = (req: Request): [string, string][] => {
    const body = req.body as Record<string, unknown> | undefined;
    return Object.entries(body && typeof body === 'object' ? body : {}).filter(
      (e): e is [string, string] =>
        typeof e[1] === 'string' && !['_csrf', 'confirm', 'displaced'].includes(e[0]),
    );
  };

  /**
   * Applies a change: shown first when it takes away booked places (which, and a button to confirm), applied
   * once confirmed (those bookings cancelled, their citizens told), and applied at once when it takes none.
   */
  function change(
    req: Request,
    res: Response,
    ctx: DeskContext,
    action: string,
    what: ProgrammeChange,
    heading: Html,
  ) {
    const t = tr(ctx);
    const at = now();
    const confirmed = formField(req, 'confirm') === '1';
    const shown = formField(req, 'displaced').split(',').filter(Boolean).map(Number);
    const displaced = programmes.displacedBy(what, at);
    if (displaced.length > 0 && !confirmed) return confirm(res, ctx, action, req, displaced, heading, 200);
    try {
      const result = programmes.apply(
        what,
        { userId: ctx.user.id, audit },
        confirmed ? shown : [],
        notice,
        at,
      );
      desk.redirect(
        res,
        `/staff/programmes?done=${result.displaced.length === 0 ? 'ok' : result.displaced.length}`,
      );
    } catch (error) {
      if (!(error instanceof ConflictsChangedError)) throw error;
      confirm(
        res,
        ctx,
        action,
        req,
        error.displaced,
        html`${heading}
          <p class="error" role="alert">${t('programmes.changedMeanwhile')}</p>`,
        409,
      );
    }
  }

  function confirm(
    res: Response,
    ctx: DeskContext,
    action: string,
    req: Request,
    displaced: DisplacedBooking[],
    heading: Html,
    status: number,
  ) {
    const t = tr(ctx);
    const body = html`${heading}
      <p role="alert">${t('programmes.takesAway', { n: displaced.length })}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">${t('programmes.day')}</th>
            <th scope="col">${t('programmes.time')}</th>
            <th scope="col">${t('programmes.code')}</th>
            <th scope="col">${t('programmes.citizen')}</th>
            <th scope="col">${t('programmes.resource')}</th>
          </tr>
        </thead>
        <tbody>
          ${displaced.map(
            (b) =>
              html`<tr>
                <td>${fmt.day(ctx, b.day)}</td>
                <td>${fmt.time(ctx, b.start)}</td>
                <td>${b.code}</td>
                <td class="citizen">${b.name}</td>
                <td>${title(ctx, b.resourceId)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p>${t('programmes.willTell')}</p>
      <form method="post" action="${action}">
        ${ctx.csrfField}
        ${echoed(req).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
        <input type="hidden" name="displaced" value="${displaced.map((b) => b.id).join(',')}" />
        <input type="hidden" name="confirm" value="1" />
        <p><button type="submit">${t('programmes.confirm', { n: displaced.length })}</button></p>
      </form>
      <p><a href="/staff/programmes">${t('programmes.cancel')}</a></p>`;
    desk.send(res, desk.page(ctx, t('programmes.confirmTitle'), body), status);
  }

  desk.post('/staff/programmes/sessions', ADMIN, async (req, res, ctx) => {
    const t = tr(ctx);
    const id = formField(req, 'resource');
    const resource = programmes.resources().get(id);
    if (!resource)
      return desk.send(res, desk.page(ctx, ctx.t('notFound'), html`<p>${ctx.t('notFound')}</p>`), 404);
    const heading = html`<p>${t('programmes.editTitle', { resource: resource.title[ctx.lang] })}</p>`;
    if (formField(req, 'reset') === '1')
      return change(
        req,
        res,
        ctx,
        '/staff/programmes/sessions',
        { kind: 'sessions', resourceId: id, sessions: null },
        heading,
      );
    const read = readSessions(req, ctx, resource.minutesEach);
    if ('error' in read) {
      const rows = Array.from({ length: MAX_ROWS }, (_, i) => ({
        weekday: formField(req, `weekday_${i}`),
        start: formField(req, `start_${i}`),
        times: formField(req, `times_${i}`),
      })).filter((r) => r.weekday || r.start || r.times);
      return desk.send(
        res,
        desk.page(
          ctx,
          t('programmes.editTitle', { resource: resource.title[ctx.lang] }),
          sessionsForm(ctx, id, rows, read.error),
        ),
        400,
      );
    }
    change(
      req,
      res,
      ctx,
      '/staff/programmes/sessions',
      { kind: 'sessions', resourceId: id, sessions: read.sessions },
      html`${heading}
        <p>
          ${t('programmes.newProgramme', { sessions: sessionsText(ctx, read.sessions, resource.parallel) })}
        </p>`,
    );
  });

  desk.post('/staff/programmes/block', ADMIN, async (req, res, ctx) => {
    const t = tr(ctx);
    const resource = formField(req, 'resource');
    const day = validDay(formField(req, 'day'));
    const note = formField(req, 'note').trim().slice(0, 120);
    const resourceId = resource === '*' ? null : resource;
    const today = localDate(now(), city.timeZone);
    const error =
      resourceId !== null && !programmes.resources().has(resourceId)
        ? t('errors.resource')
        : !day || day < today
          ? t('errors.day')
          : programmes
                .blockedDays()
                .some((b) => b.day === day && (b.resourceId === null || b.resourceId === resourceId))
            ? t('errors.alreadyBlocked')
            : undefined;
    if (error || !day)
      return desk.send(
        res,
        desk.page(
          ctx,
          t('programmes.block'),
          blockForm(ctx, { resource, day: formField(req, 'day'), note }, error),
        ),
        400,
      );
    change(
      req,
      res,
      ctx,
      '/staff/programmes/block',
      { kind: 'block', resourceId, day, note },
      html`<p>${t('programmes.blocking', { day: fmt.day(ctx, day), resource: title(ctx, resourceId) })}</p>`,
    );
  });

  desk.post('/staff/programmes/unblock', ADMIN, async (req, res, ctx) => {
    const id = Number(formField(req, 'id'));
    if (!programmes.blockedDays().some((b) => b.id === id))
      return desk.send(res, desk.page(ctx, ctx.t('notFound'), html`<p>${ctx.t('notFound')}</p>`), 404);
    programmes.apply({ kind: 'unblock', id }, { userId: ctx.user.id, audit }, [], notice, now());
    desk.redirect(res, '/staff/programmes?done=ok');
  });
}
