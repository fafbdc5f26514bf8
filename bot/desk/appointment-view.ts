import type { Request } from 'restify';
import type { Resource } from '../../dialogs/appointment';
import { answerDue } from '../../dialogs/audience/answer-due';
import type { AudienceDetails } from '../../dialogs/audience/details';
import type { CounterDetails } from '../../dialogs/counter/details';
import { LANGUAGE } from '../../dialogs/languages';
import type { Municipality } from '../../dialogs/municipality';
import type { RecordedBooking } from '../store/outcome-store';
import type { StaffUser } from '../store/staff-users';
import type { DeskContext } from './desk';
import { html, type Html } from './html';
import type { DeskServices } from './register';

/** What the agenda, the register and the written answers share: who sees what, dates, a booking described. */
const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A local date (YYYY-MM-DD) given by a form or a link, if it is one. */
export function validDay(value: string | null | undefined): string | undefined {
  if (!value || !ISO_DAY.test(value)) return undefined;
  const t = Date.parse(`${value}T12:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value ? undefined : value;
}
export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
export const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7));
export const queryOf = (req: Request) => new URL(req.url ?? '/', 'http://x').searchParams;

/** What an account may see: an office its own resource only, the desk and admins every resource of the city. */
export function staffScope(services: DeskServices, city: Municipality) {
  const resources = new Map<string, Resource>(
    services.procedures.flatMap((p) => p.resources(city)).map((r) => [r.id, r]),
  );
  return {
    resources,
    visible(user: StaffUser): string[] {
      if (user.role !== 'office') return [...resources.keys()];
      return user.resourceId && resources.has(user.resourceId) ? [user.resourceId] : [];
    },
    title(id: string, ctx: DeskContext): string {
      return resources.get(id)?.title[ctx.lang] ?? id;
    },
  };
}
export type StaffScope = ReturnType<typeof staffScope>;

/** Dates and times in the staff member's language, in the city's time zone. */
export function formats(city: Municipality) {
  const cache = new Map<string, Intl.DateTimeFormat>();
  const get = (ctx: DeskContext, kind: string, options: Intl.DateTimeFormatOptions) => {
    const id = `${ctx.lang}:${kind}`;
    if (!cache.has(id)) cache.set(id, new Intl.DateTimeFormat(LANGUAGE[ctx.lang].intlLocale, options));
    return cache.get(id)!;
  };
  return {
    time: (ctx: DeskContext, iso: string) =>
      get(ctx, 'time', {
        timeZone: city.timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(iso)),
    day: (ctx: DeskContext, day: string) =>
      get(ctx, 'day', {
        timeZone: 'UTC',
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }).format(new Date(`${day}T12:00:00Z`)),
    instant: (ctx: DeskContext, iso: string) =>
      get(ctx, 'instant', { timeZone: city.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(iso),
      ),
  };
}

/** The written answer's last day, for an audience whose citizen asked for one. */
export function answerDueOf(row: RecordedBooking, isHoliday: (d: string) => boolean): string | undefined {
  const by = (row.details as Partial<AudienceDetails>).answerBy;
  if (row.procedure !== 'audience' || !by || by === 'none') return undefined;
  return answerDue(row.day, isHoliday);
}

/**
 * What the citizen gave, in the staff member's language where the desk has the words (an audience's mode,
 * reason, proof and written answer; a counter's words); another procedure's lines as it gives them.
 */
export function describe(
  ctx: DeskContext,
  row: RecordedBooking,
  services: DeskServices,
  city: Municipality,
  day: (ctx: DeskContext, day: string) => string,
): Html[] {
  const line = (label: string, value: string | Html) => html`<li><strong>${label}:</strong> ${value}</li>`;
  const citizen = (text: string) => html`<span class="citizen">${text}</span>`;
  if (row.procedure === 'audience') {
    const d = row.details as unknown as AudienceDetails;
    const lines = [line(ctx.t('desk-agenda:details.mode'), ctx.t(`clerk:mode.${d.mode}`))];
    lines.push(line(ctx.t('desk-agenda:details.reason'), citizen(d.reason ?? '')));
    if (d.topic) lines.push(line(ctx.t('desk-agenda:details.topic'), citizen(d.topic)));
    const { petition, priorAudienceDate } = d.evidence ?? {};
    if (petition)
      lines.push(
        line(
          ctx.t('desk-agenda:details.evidence'),
          ctx.t('desk-agenda:evidence.petition', {
            number: petition.number,
            date: validDay(petition.date) ? day(ctx, petition.date) : petition.date,
            outcome: { t: `desk-agenda:petitionOutcome.${petition.outcome}` },
          }),
        ),
      );
    else if (priorAudienceDate)
      lines.push(
        line(
          ctx.t('desk-agenda:details.evidence'),
          ctx.t('desk-agenda:evidence.prior', {
            date: validDay(priorAudienceDate) ? day(ctx, priorAudienceDate) : priorAudienceDate,
          }),
        ),
      );
    const by = d.answerBy ?? 'none';
    const how = ctx.t(`desk-agenda:answer.${by}`, { email: d.email ?? '', address: d.postalAddress ?? '' });
    const due = answerDueOf(row, services.isHoliday);
    lines.push(
      line(
        ctx.t('desk-agenda:details.answer'),
        due ? `${how}, ${ctx.t('desk-agenda:answer.due', { due })}` : how,
      ),
    );
    return lines;
  }
  if (row.procedure === 'counter') {
    const said = (row.details as Partial<CounterDetails>).said;
    return said ? [line(ctx.t('desk-agenda:details.said'), citizen(said))] : [];
  }
  const procedure = services.procedures.find((p) => p.id === row.procedure);
  return (procedure?.agendaLines(row, city) ?? []).map((l) => html`<li class="citizen">${l}</li>`);
}

/** Which of its service's counters a place is at (places at one time are numbered counter by counter). */
export const counterOf = (row: RecordedBooking, scope: StaffScope) => {
  const parallel = scope.resources.get(row.resourceId)?.parallel ?? 1;
  return parallel > 1 ? (row.seq % parallel) + 1 : undefined;
};

/** RFC 4180 fields; a cell a spreadsheet would read as a formula is prefixed with an apostrophe. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
export const csvLine = (cells: string[]) => `${cells.map(csvCell).join(',')}\r\n`;
