import type { Request } from 'restify';
import type { Session } from '../../dialogs/appointment';
import { LANGUAGE, type Lang } from '../../dialogs/languages';
import { formField, type DeskContext } from './desk';
import { html, raw } from './html';

/**
 * The weekly sessions of a programme as the desk shows them and as its form gives them: the text of a
 * programme, the form's rows, and what a posted form means (or what is wrong with it, in the staff member's words).
 */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** Rows of the programme form: the sessions there are and a few empty ones to add. */
const EMPTY_ROWS = 3;
export const MAX_ROWS = 21;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const tr = (ctx: DeskContext) => (key: string, params?: Record<string, string | number>) =>
  ctx.t(`desk-admin:${key}`, params);

const weekdayNames = new Map<Lang, Intl.DateTimeFormat>();
export const weekdayName = (ctx: DeskContext, iso: number) => {
  if (!weekdayNames.has(ctx.lang))
    weekdayNames.set(
      ctx.lang,
      new Intl.DateTimeFormat(LANGUAGE[ctx.lang].intlLocale, { weekday: 'long', timeZone: 'UTC' }),
    );
  return weekdayNames.get(ctx.lang)!.format(new Date(Date.UTC(2024, 0, iso))); // 1 January 2024: a Monday
};

export const sessionsText = (ctx: DeskContext, sessions: readonly Session[], parallel: number) =>
  sessions.length === 0
    ? tr(ctx)('programmes.noSessions')
    : [...sessions]
        .sort((a, b) => a.weekday - b.weekday || minutesOf(a.start) - minutesOf(b.start))
        .map((s) =>
          tr(ctx)('programmes.session', {
            weekday: weekdayName(ctx, s.weekday),
            start: s.start,
            places: s.times * parallel,
          }),
        )
        .join('; ');

export function sessionsForm(
  ctx: DeskContext,
  resourceId: string,
  rows: readonly Partial<Record<string, string>>[],
  error?: string,
) {
  const t = tr(ctx);
  const empty: Partial<Record<string, string>> = {};
  const all = [...rows, ...Array.from({ length: EMPTY_ROWS }, () => empty)].slice(0, MAX_ROWS);
  return html`<form method="post" action="/staff/programmes/sessions">
      ${ctx.csrfField}<input type="hidden" name="resource" value="${resourceId}" />
      ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
      <p class="note">${t('programmes.formHelp')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">${t('programmes.weekday')}</th>
            <th scope="col">${t('programmes.start')}</th>
            <th scope="col">${t('programmes.times')}</th>
          </tr>
        </thead>
        <tbody>
          ${all.map(
            (row, i) =>
              html`<tr>
                <td>
                  <label for="weekday-${i}" class="note">${t('programmes.weekday')} ${i + 1}</label>
                  <select id="weekday-${i}" name="weekday_${i}">
                    <option value="">—</option>
                    ${WEEKDAYS.map(
                      (d) =>
                        html`<option value="${d}" ${raw(String(d) === row.weekday ? 'selected' : '')}>
                          ${weekdayName(ctx, d)}
                        </option>`,
                    )}
                  </select>
                </td>
                <td>
                  <label for="start-${i}" class="note">${t('programmes.start')} ${i + 1}</label>
                  <input id="start-${i}" name="start_${i}" type="time" value="${row.start ?? ''}" />
                </td>
                <td>
                  <label for="times-${i}" class="note">${t('programmes.times')} ${i + 1}</label>
                  <input
                    id="times-${i}"
                    name="times_${i}"
                    type="number"
                    min="1"
                    max="200"
                    value="${row.times ?? ''}"
                  />
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <p><button type="submit">${t('programmes.save')}</button></p>
    </form>
    <form method="post" action="/staff/programmes/sessions">
      ${ctx.csrfField}<input type="hidden" name="resource" value="${resourceId}" />
      <input type="hidden" name="reset" value="1" />
      <p><button type="submit">${t('programmes.reset')}</button></p>
    </form>`;
}

export const rowsOf = (sessions: readonly Session[]) =>
  sessions.map((s) => ({ weekday: String(s.weekday), start: s.start, times: String(s.times) }));

/** The sessions a form gives, or what is wrong with them (in the staff member's words). */
export function readSessions(
  req: Request,
  ctx: DeskContext,
  minutesEach: number,
): { sessions: Session[] } | { error: string } {
  const t = tr(ctx);
  const sessions: Session[] = [];
  for (let i = 0; i < MAX_ROWS; i++) {
    const weekday = formField(req, `weekday_${i}`).trim();
    const start = formField(req, `start_${i}`).trim().slice(0, 5);
    const times = formField(req, `times_${i}`).trim();
    if (!weekday && !start && !times) continue;
    const day = Number(weekday);
    const count = Number(times);
    const row = i + 1;
    if (!WEEKDAYS.includes(day)) return { error: t('errors.weekday', { row }) };
    if (!TIME.test(start)) return { error: t('errors.start', { row }) };
    if (!Number.isInteger(count) || count < 1 || count > 200) return { error: t('errors.times', { row }) };
    if (minutesOf(start) + count * minutesEach > 24 * 60) return { error: t('errors.midnight', { row }) };
    // Two sessions of one day that overlap would offer one time twice.
    const overlapping = sessions.find(
      (s) =>
        s.weekday === day &&
        minutesOf(s.start) < minutesOf(start) + count * minutesEach &&
        minutesOf(start) < minutesOf(s.start) + s.times * minutesEach,
    );
    if (overlapping) return { error: t('errors.overlap', { row }) };
    sessions.push({ weekday: day, start, times: count });
  }
  sessions.sort((a, b) => a.weekday - b.weekday || minutesOf(a.start) - minutesOf(b.start));
  return { sessions };
}
