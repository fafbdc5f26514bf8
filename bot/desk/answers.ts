import { answerDue } from '../../dialogs/audience/answer-due';
import type { AudienceDetails } from '../../dialogs/audience/details';
import { localDate } from '../../dialogs/rules/slot-engine';
import { smsCost, smsPlain } from '../notify/sms-segments';
import {
  ANSWER_METHODS,
  createOutcomeStore,
  type AnswerMethod,
  type RecordedBooking,
} from '../store/outcome-store';
import { answerDueOf, formats, staffScope } from './appointment-view';
import { ALL_ROLES, formField, type Desk, type DeskContext } from './desk';
import { html } from './html';
import type { DeskServices } from './register';

const DAY_MS = 86_400_000;

/**
 * Written answers after audiences (Cluj-Napoca City Hall, audience procedure: the answer goes to the citizen
 * within one working day after the audience, by post, e-mail or to be picked up). Overdue ones first; marking
 * one sent records it, queues the citizen's SMS and writes the audit line in one transaction.
 */
export function registerAnswers(desk: Desk, services: DeskServices): void {
  const { city, db, now, audit, texts } = desk.deps;
  const store = createOutcomeStore(db);
  const scope = staffScope(services, city);
  const format = formats(city);
  const today = () => localDate(now(), city.timeZone);

  /** The audiences in scope up to today whose answer is asked, with their due day. */
  const pending = (ctx: DeskContext) => {
    const rows = store.writtenAnswers(
      scope.visible(ctx.user),
      today(),
      new Date(now().getTime() - 30 * DAY_MS),
    );
    return rows.map((row) => ({ row, due: answerDueOf(row, services.isHoliday)! }));
  };
  const overdueCount = (ctx: DeskContext) => {
    const day = today();
    return store
      .unsentDaysBefore(scope.visible(ctx.user), day)
      .filter((d) => answerDue(d, services.isHoliday) < day).length;
  };

  desk.nav({ path: '/staff/answers', key: 'desk-agenda:nav.answers', roles: ALL_ROLES });
  desk.summary((ctx) => {
    const count = overdueCount(ctx);
    return count
      ? html`<a class="overdue" href="/staff/answers">${ctx.t('desk-agenda:summary.overdue', { count })}</a>`
      : undefined;
  });

  const page = (ctx: DeskContext, notice?: string) => {
    const day = today();
    const all = pending(ctx);
    const toSend = all
      .filter((a) => !a.row.outcome.answerSentAt)
      // Overdue first, then by due day and time.
      .sort((a, b) => a.due.localeCompare(b.due) || a.row.start.localeCompare(b.row.start));
    const sent = all
      .filter((a) => a.row.outcome.answerSentAt)
      .sort((a, b) => b.row.outcome.answerSentAt!.localeCompare(a.row.outcome.answerSentAt!));
    const asked = (row: RecordedBooking) => {
      const d = row.details as unknown as AudienceDetails;
      return ctx.t(`desk-agenda:answer.${d.answerBy}`, {
        email: d.email ?? '',
        address: d.postalAddress ?? '',
      });
    };
    const status = (due: string) =>
      due < day
        ? html`<strong class="overdue">${ctx.t('desk-agenda:answers.overdue')}</strong>`
        : due === day
          ? html`<strong>${ctx.t('desk-agenda:answers.dueToday')}</strong>`
          : '';
    const item = ({ row, due }: { row: RecordedBooking; due: string }) => {
      const d = row.details as unknown as AudienceDetails;
      const o = row.outcome;
      return html`<tr id="a${row.id}">
        <td>${format.day(ctx, due)} ${status(due)}</td>
        <td>
          ${format.day(ctx, row.day)} ${format.time(ctx, row.start)}<br />${scope.title(row.resourceId, ctx)}<br />${row.code}
        </td>
        <td>
          <span class="citizen">${row.name}</span><br />${row.phone}<br /><span class="citizen"
            >${asked(row)}</span
          >
          <p class="citizen note">${d.reason}</p>
          ${o.resolution ? html`<p class="citizen">${ctx.t('desk-agenda:record.decided', { resolution: o.resolution })}</p>` : ''}
        </td>
        <td>
          ${
            o.answerSentAt
              ? html`<p>
                    ${ctx.t('desk-agenda:answers.sentAt', { at: format.instant(ctx, o.answerSentAt) })} —
                    ${ctx.t(`desk-agenda:method.${o.answerMethod}`)}
                  </p>
                  ${o.answerNote ? html`<p class="citizen">${o.answerNote}</p>` : ''}`
              : html`<form method="post" action="/staff/answers/sent">
                  ${ctx.csrfField}<input type="hidden" name="booking" value="${row.id}" />
                  <label for="method-${row.id}">${ctx.t('desk-agenda:answers.method')}</label>
                  <select id="method-${row.id}" name="method">
                    ${ANSWER_METHODS.map(
                      (m) =>
                        html`<option value="${m}" ${m === d.answerBy ? html`selected` : ''}>
                          ${ctx.t(`desk-agenda:method.${m}`)}
                        </option>`,
                    )}
                  </select>
                  <label for="note-${row.id}">${ctx.t('desk-agenda:answers.note')}</label>
                  <textarea id="note-${row.id}" name="note" rows="2" maxlength="1000"></textarea>
                  <button type="submit">${ctx.t('desk-agenda:answers.markSent')}</button>
                </form>`
          }
        </td>
      </tr>`;
    };
    const table = (items: typeof all) =>
      html`<table>
        <thead>
          <tr>
            <th scope="col">${ctx.t('desk-agenda:answers.due')}</th>
            <th scope="col">${ctx.t('desk-agenda:answers.audience')}</th>
            <th scope="col">${ctx.t('desk-agenda:agenda.citizen')}</th>
            <th scope="col">${ctx.t('desk-agenda:answers.recorded')}</th>
          </tr>
        </thead>
        <tbody>
          ${items.map(item)}
        </tbody>
      </table>`;
    return desk.page(
      ctx,
      ctx.t('desk-agenda:answers.title'),
      html`${notice ? html`<p role="status">${notice}</p>` : ''}
        <p>${ctx.t('desk-agenda:answers.intro')}</p>
        <h2>${ctx.t('desk-agenda:answers.toSend')}</h2>
        ${toSend.length ? table(toSend) : html`<p>${ctx.t('desk-agenda:answers.none')}</p>`}
        <h2>${ctx.t('desk-agenda:answers.sent')}</h2>
        ${sent.length ? table(sent) : html`<p>${ctx.t('desk-agenda:answers.noneSent')}</p>`}`,
    );
  };

  desk.get('/staff/answers', ALL_ROLES, async (_req, res, ctx) => desk.send(res, page(ctx)));

  desk.post('/staff/answers/sent', ALL_ROLES, async (req, res, ctx) => {
    const id = formField(req, 'booking');
    const row = /^\d{1,12}$/.test(id) ? store.get(Number(id)) : undefined;
    if (row && !scope.visible(ctx.user).includes(row.resourceId)) return desk.forbidden(res, ctx);
    const fail = (key: string, status: number) =>
      desk.send(res, page(ctx, ctx.t(`desk-agenda:${key}`)), status);
    if (!row || row.status !== 'booked') return fail('record.notFound', 404);
    if (!answerDueOf(row, services.isHoliday)) return fail('answers.notAsked', 400);
    const method = formField(req, 'method') as AnswerMethod;
    if (!ANSWER_METHODS.includes(method)) return fail('record.bad', 400);
    const note = formField(req, 'note').trim().slice(0, 1000);
    const at = now();
    const result = store.markSent(
      row.id,
      { method, note, userId: ctx.user.id },
      (b) => {
        // Essential: the citizen asked for this answer, as for their booking's confirmation.
        const body = smsPlain(texts.t(b.lang, `desk-agenda:sms.answerSent.${method}`, { code: b.code }));
        return {
          kind: 'answer.sent',
          channel: b.channel === 'whatsapp' ? 'whatsapp' : 'sms',
          to: b.phone,
          body,
          segments: smsCost(body).segments,
        };
      },
      at,
      () =>
        audit.write(
          { userId: ctx.user.id, action: 'answer.sent', bookingId: row.id, detail: { method } },
          at,
        ),
    );
    if (!result.sent)
      return desk.send(
        res,
        page(ctx, ctx.t('desk-agenda:answers.already', { at: format.instant(ctx, result.at) })),
        409,
      );
    desk.redirect(res, `/staff/answers#a${row.id}`);
  });
}
