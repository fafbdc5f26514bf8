import type { Decision } from '../dialog-protocol';
import type { Level, Municipality, Official } from '../municipality';
import type { Choice, ClerkEvent, Reply } from '../reply';
import { judgePetition, type RuleId } from '../rules/eligibility';
import { parseDateInput } from '../rules/date-input';
import { readPetitionNumber } from '../rules/petition-number';
import { judgeReason, type ReasonVerdict } from '../rules/reason-check';
import { localDate } from '../rules/slot-engine';
import { writtenText } from '../conversation/interruptions';
import type { AudienceContext } from './audience.machine';

/**
 * The ladder of Cluj-Napoca City Hall's audience procedure, read from a city's data: who is competent for a
 * level and a department, which deputies are offered, what a typed date or petition number says, and the
 * refusal a rule gives. Pure functions over the data, used by the audience's machine.
 */
export function createLadder(city: Municipality) {
  if (!city.audience) throw new Error(`${city.id}: the audience procedure needs an "audience" section`);
  const rules = city.audience;
  const officialList = city.officials ?? [];
  const departments = city.departments ?? [];
  const referrals = city.referrals ?? {};
  const officials = new Map(officialList.map((o) => [o.id, o]));
  const mayor = officialList.find((o) => o.level === 'mayor');
  const deputies = officialList.filter((o) => o.level === 'deputy');
  /** The vice-mayors (a city whose data does not tell its deputies apart has them all counted). */
  const viceMayors = deputies.some((o) => o.deputyRole)
    ? deputies.filter((o) => o.deputyRole === 'viceMayor')
    : deputies;
  const title = (id: string | undefined) =>
    (id ? officials.get(id)?.title : undefined) ?? { ro: '', fa: '', en: '' };
  const localToday = (at: string) => localDate(new Date(at), city.timeZone);
  /** The competent official for a level, given the department the problem belongs to. */
  function competentOfficial(level: Level, departmentId: string | undefined): Official | undefined {
    if (level === 'mayor') return mayor;
    const department = departments.find((d) => d.id === departmentId);
    if (!department) return undefined;
    if (level === 'deputy') return officials.get(department.coordinator);
    return officialList.find((o) => o.level === 'head' && o.department === department.id);
  }

  /**
   * Step 2 of the ladder is the citizen's choice among the deputies — a vice-mayor, the public administrator, the
   * secretary general (Cluj-Napoca City Hall, audience procedure) —, only vice-mayors when it leads to the mayor.
   * The one competent for the problem (its department's coordinator) comes first, suggested.
   */
  function deputyOffer(c: AudienceContext): { offered: Official[]; suggested?: Official } {
    const pool = c.viceMayorOnly ? viceMayors : deputies;
    const competent = competentOfficial('deputy', c.departmentId);
    const suggested = competent && pool.includes(competent) ? competent : undefined;
    return { offered: suggested ? [suggested, ...pool.filter((o) => o !== suggested)] : pool, suggested };
  }

  function deputyReply(c: AudienceContext): Reply {
    const { offered, suggested } = deputyOffer(c);
    const choices: Choice[] = offered.map((o) => ({
      value: `deputy.${o.id}`,
      key: o === suggested ? 'choice.suggested' : 'choice.named',
      params: { name: o.title },
    }));
    if (c.viceMayorOnly) return { key: 'audience.askViceMayor', choices };
    if (suggested) return { key: 'audience.askDeputy', params: { official: suggested.title }, choices };
    return { key: 'audience.askDeputyAny', choices };
  }

  function departmentForTopic(topic: string | undefined): string | undefined {
    return topic ? departments.find((d) => d.topics.includes(topic))?.id : undefined;
  }

  function reasonVerdict(event: ClerkEvent): ReasonVerdict | undefined {
    if (event.type !== 'user.text') return undefined;
    return judgeReason(event.text, event.reason ?? { intent: 'None', score: 0 });
  }

  function dateAnswer(event: ClerkEvent): string | undefined {
    const text = writtenText(event);
    return text === undefined ? undefined : parseDateInput(text, localToday(event.at));
  }

  function petitionNumberAnswer(event: ClerkEvent) {
    const text = writtenText(event);
    return text === undefined ? undefined : readPetitionNumber(text, localToday(event.at));
  }

  function isPastDate(event: ClerkEvent): boolean {
    const date = dateAnswer(event);
    return !!date && date <= localToday(event.at);
  }

  function petitionVerdict(c: AudienceContext, event: ClerkEvent) {
    return judgePetition(
      { filed: true, date: c.petitionDate, outcome: c.petitionOutcome },
      localToday(event.at),
      rules.petitionAnswerDays,
    );
  }

  function refusalReply(verdict: { rule: RuleId; params?: Record<string, string> }): Reply {
    const choices: Choice[] = [];
    if (verdict.rule === 'mayor.needsDeputyAudience')
      choices.push({ value: 'level.deputy', key: 'choice.bookDeputy' });
    if (verdict.rule === 'deputy.needsHeadAudience')
      choices.push({ value: 'level.head', key: 'choice.bookHead' });
    choices.push({ value: 'menu', key: 'choice.menu' });
    return {
      key: `rules.${verdict.rule}`,
      params: { ...verdict.params, days: rules.petitionAnswerDays },
      choices,
    };
  }

  const decide = (rule: string, at: string, params?: Record<string, string>): Decision => ({
    rule,
    params,
    at,
  });

  return {
    rules,
    departments,
    referrals,
    title,
    competentOfficial,
    deputyOffer,
    deputyReply,
    departmentForTopic,
    reasonVerdict,
    dateAnswer,
    petitionNumberAnswer,
    isPastDate,
    petitionVerdict,
    refusalReply,
    decide,
    localToday,
  };
}
