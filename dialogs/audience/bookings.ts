import type { Resource } from '../appointment';
import type { Municipality } from '../municipality';
import type { ProcedureBookings, StoredBooking } from '../procedure';
import type { Param } from '../reply';
import { answerDue } from './answer-due';
import type { AnswerBy, AudienceDetails, Mode } from './details';

/** An audience's officials as bookable resources: each official's programme, 5 places of 15 minutes a day. */
function resources(city: Municipality): Resource[] {
  const rules = city.audience;
  if (!rules) return [];
  return (city.officials ?? []).map((o) => ({
    id: o.id,
    procedure: 'audience',
    title: o.title,
    sessions: o.programme.map((p) => ({ weekday: p.weekday, start: p.start, times: rules.maxPerDay })),
    minutesEach: rules.minutesEach,
    parallel: 1,
    minNoticeHours: rules.minNoticeHours,
    horizonDays: rules.horizonDays,
    offerCount: rules.offerCount,
    limits: { perResourcePerDay: rules.perCitizen.perOfficialPerDay, active: rules.perCitizen.active },
  }));
}

const detailsOf = (b: StoredBooking) => b.details as unknown as AudienceDetails;
const titleOf = (b: StoredBooking, city: Municipality) =>
  city.officials?.find((o) => o.id === b.resourceId)?.title ?? {
    ro: b.resourceId,
    fa: b.resourceId,
    en: b.resourceId,
  };
const siteOf = (city: Municipality) => city.sites.find((s) => s.id === city.audience?.inPersonSite);

/**
 * Where and how an audience is held, as the citizen is told in the confirmation, the SMS and the calendar invite:
 * the city hall's site for one in person, the official's call for one by phone, the link's way for one by video.
 */
export function audienceWhere(mode: Mode, city: Municipality): Param {
  if (mode === 'site') {
    const site = siteOf(city);
    return { t: 'audience:where.site', params: { address: site ? `${site.name}, ${site.address}` : '' } };
  }
  return { t: `audience:where.${mode}` };
}

export const audienceBookings: ProcedureBookings = {
  id: 'audience',
  resources,
  what: (b, city) => ({
    t: 'audience:what',
    params: { official: titleOf(b, city), mode: { t: `mode.${detailsOf(b).mode}` } },
  }),
  where: (b, city) => audienceWhere(detailsOf(b).mode, city),
  location(b, city) {
    const site = siteOf(city);
    return detailsOf(b).mode === 'site' && site ? `${site.name}, ${site.address}` : '';
  },
  // The written answer is due one working day after the audience's new day.
  movedDetails(b, day, isHoliday) {
    const d = detailsOf(b);
    return d.answerDue ? { ...b.details, answerDue: answerDue(day, isHoliday) } : b.details;
  },
  agendaLines(b) {
    const d = detailsOf(b);
    const lines = [`${d.mode}: ${d.reason}`];
    const proof = evidenceLine(d);
    if (proof) lines.push(`evidence: ${proof}`);
    lines.push(`written answer: ${answerLine(d)}${d.answerDue ? `, due by ${d.answerDue}` : ''}`);
    return lines;
  },
};

/** The proof the citizen gave for this step of the ladder, as the official checks it. */
function evidenceLine(d: AudienceDetails): string | undefined {
  const { petition, priorAudienceDate } = d.evidence ?? {};
  if (petition) {
    const outcome = {
      negative: 'answered negatively',
      none: 'not answered',
      positive: 'answered positively',
    }[petition.outcome];
    return `petition ${petition.number} of ${petition.date}, ${outcome}`;
  }
  return priorAudienceDate ? `prior audience on ${priorAudienceDate}` : undefined;
}

/** Where the written answer goes within one working day after the audience (Cluj-Napoca City Hall, audience procedure). */
function answerLine(d: AudienceDetails): string {
  const by: AnswerBy = d.answerBy ?? 'none';
  if (by === 'email') return `by e-mail to ${d.email}`;
  if (by === 'post') return `by post to ${d.postalAddress}`;
  if (by === 'pickup') return 'to be picked up at the Information Centre';
  return 'not requested';
}
