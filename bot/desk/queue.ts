import type { Resource } from '../../dialogs/appointment';
import { isLang } from '../../dialogs/languages';
import { localDate } from '../../dialogs/rules/slot-engine';
import { createOutcomeStore } from '../store/outcome-store';
import { createQueueStore, type Called } from '../store/queue-store';
import { formats, queryOf, staffScope } from './appointment-view';
import { ALL_ROLES, formField, type Desk, type DeskContext } from './desk';
import { html } from './html';
import type { Params } from '../../dialogs/reply';
import type { DeskServices } from './register';

/**
 * The walk-in queue of a citizen office at the desk (Bucharest Sector 1 City Hall, Citizen Office announcement:
 * booked citizens are served first, walk-ins take a queue ticket): per counter service, the booked citizens due
 * now and the tickets waiting, re-read live; "next" calls the citizen booked for the place under way, else the
 * lowest ticket, and tells them on their channel. An office sees and calls only its own service.
 */
export function registerQueue(desk: Desk, services: DeskServices): void {
  const { city, db, now, audit, texts, log } = desk.deps;
  const rules = city.counter;
  if (!rules) return;
  const queue = createQueueStore(db);
  const outcomes = createOutcomeStore(db);
  const scope = staffScope(services, city);
  const format = formats(city);
  const today = () => localDate(now(), city.timeZone);
  /** The counter services this account may see. */
  const counters = (ctx: DeskContext) =>
    scope.visible(ctx.user).filter((id) => scope.resources.get(id)?.procedure === 'counter');

  desk.nav({ path: '/staff/queue', key: 'desk-queue:nav.queue', roles: ALL_ROLES });
  desk.summary((ctx) => {
    const mine = counters(ctx);
    if (!mine.length) return undefined;
    const count = queue.waiting(mine, today()).length;
    return html`<a href="/staff/queue">${ctx.t('desk-queue:summary.waiting', { count })}</a>`;
  });

  /** The service asked for, if this account may see it: `false` when it may not. */
  const asked = (ctx: DeskContext, value: string | null | undefined): string | undefined | false => {
    if (!value) return ctx.user.role === 'office' ? (ctx.user.resourceId ?? undefined) : undefined;
    return counters(ctx).includes(value) ? value : false;
  };
  const pageUrl = (resource?: string) =>
    resource ? `/staff/queue?${new URLSearchParams({ resource }).toString()}` : '/staff/queue';

  /** What a service's counters have in front of them: the live part of the page. */
  function live(ctx: DeskContext, resource: Resource, refresh: string) {
    const due = queue.dueNow([resource.id], now());
    const waiting = queue.waiting([resource.id], today());
    return html`<div id="queue-${resource.id}" data-refresh="${refresh}" aria-live="polite">
      <h3>${ctx.t('desk-queue:booked.title')}</h3>
      ${
        due.length
          ? html`<ul>
              ${due.map(
                (b) =>
                  html`<li>
                    ${ctx.t('desk-queue:booked.row', {
                      time: format.time(ctx, b.start),
                      code: b.code,
                    })}
                  </li>`,
              )}
            </ul>`
          : html`<p>${ctx.t('desk-queue:booked.none')}</p>`
      }
      <h3>${ctx.t('desk-queue:tickets.title', { count: waiting.length })}</h3>
      ${
        waiting.length
          ? html`<ol>
              ${waiting.map(
                (w) =>
                  html`<li value="${w.number}">
                    ${ctx.t('desk-queue:tickets.row', {
                      number: w.number,
                      since: format.time(ctx, w.createdAt),
                    })}
                  </li>`,
              )}
            </ol>`
          : html`<p>${ctx.t('desk-queue:tickets.none')}</p>`
      }
    </div>`;
  }

  function section(ctx: DeskContext, resource: Resource, refresh: string) {
    const field = `counter-${resource.id}`;
    return html`<section>
      <h2>${scope.title(resource.id, ctx)}</h2>
      ${live(ctx, resource, refresh)}
      <form method="post" action="/staff/queue/next">
        ${ctx.csrfField}<input type="hidden" name="resource" value="${resource.id}" />
        <label for="${field}">${ctx.t('desk-queue:next.counter')}</label>
        <select id="${field}" name="counter">
          ${Array.from({ length: resource.parallel }, (_, i) => html`<option value="${i + 1}">${i + 1}</option>`)}
        </select>
        <button type="submit">${ctx.t('desk-queue:next.submit')}</button>
      </form>
    </section>`;
  }

  /** What the last "next" did, from the address it redirected to (only ids: the rest is read again). */
  function calledNote(ctx: DeskContext, q: URLSearchParams, resource: string | undefined) {
    const called = q.get('called');
    if (!called || !resource) return '';
    const counter = Number(q.get('counter')) || 0;
    const told = q.get('told') === '1';
    let said: string;
    if (called === 'none') said = ctx.t('desk-queue:called.none');
    else if (/^t\d{1,6}$/.test(called))
      said = ctx.t('desk-queue:called.ticket', { number: Number(called.slice(1)), counter });
    else if (/^b\d{1,12}$/.test(called)) {
      const row = outcomes.get(Number(called.slice(1)));
      if (!row || row.resourceId !== resource) return '';
      said = ctx.t('desk-queue:called.booked', { code: row.code, counter });
    } else return '';
    const tell =
      called === 'none' ? '' : ctx.t(told ? 'desk-queue:called.told' : 'desk-queue:called.notTold');
    return html`<p role="status"><strong>${said}</strong> ${tell}</p>`;
  }

  desk.get('/staff/queue', ALL_ROLES, async (req, res, ctx) => {
    const q = queryOf(req);
    const resource = asked(ctx, q.get('resource'));
    if (resource === false) return desk.forbidden(res, ctx);
    const shown = (resource ? [resource] : counters(ctx))
      .map((id) => scope.resources.get(id))
      .filter((r): r is Resource => !!r && r.procedure === 'counter');
    const refresh = pageUrl(resource);
    const picker =
      ctx.user.role === 'office'
        ? ''
        : html`<form method="get" action="/staff/queue">
            <label for="queue-resource">${ctx.t('desk-queue:picker.label')}</label>
            <select id="queue-resource" name="resource">
              <option value="">${ctx.t('desk-queue:picker.all')}</option>
              ${counters(ctx).map(
                (id) =>
                  html`<option value="${id}" ${id === resource ? html`selected` : ''}>
                    ${scope.title(id, ctx)}
                  </option>`,
              )}
            </select>
            <button type="submit">${ctx.t('desk-queue:picker.show')}</button>
          </form>`;
    const body = html`${picker}${calledNote(ctx, q, resource)}
      <p class="note">${ctx.t('desk-queue:intro', { day: format.day(ctx, today()) })}</p>
      ${shown.length ? shown.map((r) => section(ctx, r, refresh)) : html`<p>${ctx.t('desk-queue:noService')}</p>`}`;
    desk.send(res, desk.page(ctx, ctx.t('desk-queue:title'), body));
  });

  /** Tells the citizen called, in their own conversation; false if their channel cannot be reached. */
  async function tell(called: Called, counter: number): Promise<boolean> {
    const office = rules!.office;
    const whom =
      called.kind === 'ticket'
        ? {
            conversation: { id: called.ticket.conversationId, channel: called.ticket.channel },
            lang: called.ticket.lang,
            key: 'counter:queue.calledTicket',
            params: { office, counter, number: called.ticket.number } as Params,
          }
        : {
            conversation: called.booking.conversationId
              ? { id: called.booking.conversationId, channel: called.booking.channel }
              : undefined,
            lang: called.booking.lang,
            key: 'counter:queue.calledBooked',
            params: { office, counter, code: called.booking.code } as Params,
          };
    if (!whom.conversation) return false;
    const lang = isLang(whom.lang) ? whom.lang : city.defaultLanguage;
    try {
      return await services.relay.deliver(whom.conversation, {
        text: texts.t(lang, whom.key, whom.params),
        lang,
      });
    } catch (error) {
      log.warn('queue.tell_failed', { error: error instanceof Error ? error.name : 'unknown' });
      return false;
    }
  }

  desk.post('/staff/queue/next', ALL_ROLES, async (req, res, ctx) => {
    const resource = asked(ctx, formField(req, 'resource'));
    if (resource === false) return desk.forbidden(res, ctx);
    const service = resource ? scope.resources.get(resource) : undefined;
    const counter = Number(formField(req, 'counter'));
    if (!service || !Number.isInteger(counter) || counter < 1 || counter > service.parallel)
      return desk.send(
        res,
        desk.page(ctx, ctx.t('desk-queue:title'), html`<p class="error">${ctx.t('desk-queue:next.bad')}</p>`),
        400,
      );
    const at = now();
    const called = queue.next(service.id, today(), { now: at, userId: ctx.user.id, counter }, (c) =>
      audit.write(
        c.kind === 'ticket'
          ? {
              userId: ctx.user.id,
              action: 'queue.called',
              conversationId: c.ticket.conversationId,
              detail: { resource: service.id, ticket: c.ticket.number, counter },
            }
          : {
              userId: ctx.user.id,
              action: 'queue.called',
              bookingId: c.booking.id,
              detail: { resource: service.id, counter },
            },
        at,
      ),
    );
    const told = called ? await tell(called, counter) : false;
    const params = new URLSearchParams({
      resource: service.id,
      called: !called
        ? 'none'
        : called.kind === 'ticket'
          ? `t${called.ticket.number}`
          : `b${called.booking.id}`,
      counter: String(counter),
      told: told ? '1' : '0',
    });
    desk.redirect(res, `/staff/queue?${params.toString()}`);
  });
}
