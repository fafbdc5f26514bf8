import type { Level } from '../municipality';

/**
 * The audience ladder of Cluj-Napoca (Cluj-Napoca City Hall, audience procedure) as pure rules.
 * Each verdict names the rule that decided, so the clerk can tell the citizen plainly why.
 */

export type PetitionOutcome = 'negative' | 'none' | 'positive';

export type RuleId =
  | 'head.needsPetition'
  | 'head.petitionSolved'
  | 'head.petitionTermRunning'
  | 'deputy.needsHeadAudience'
  | 'mayor.needsDeputyAudience';

export type Verdict = { eligible: true } | { eligible: false; rule: RuleId; params?: Record<string, string> };

/** Head of department: a prior written petition, refused or not answered within the legal term. */
export function judgePetition(
  petition: { filed: boolean; date?: string; outcome?: PetitionOutcome },
  today: string,
  answerDays: number,
): Verdict {
  if (!petition.filed) return { eligible: false, rule: 'head.needsPetition' };
  if (petition.outcome === 'positive') return { eligible: false, rule: 'head.petitionSolved' };
  if (petition.outcome === 'none' && petition.date) {
    // Calendar dates: whole days in UTC arithmetic, no time zone involved.
    const deadline = new Date(Date.parse(`${petition.date}T00:00:00Z`) + answerDays * 86_400_000)
      .toISOString()
      .slice(0, 10);
    if (today <= deadline) return { eligible: false, rule: 'head.petitionTermRunning', params: { deadline } };
  }
  return { eligible: true };
}

/** Deputy or mayor: proof of an audience at the previous level of the ladder. */
export function judgePriorAudience(level: Level, hadPriorAudience: boolean): Verdict {
  if (level === 'head' || hadPriorAudience) return { eligible: true };
  return {
    eligible: false,
    rule: level === 'mayor' ? 'mayor.needsDeputyAudience' : 'deputy.needsHeadAudience',
  };
}
