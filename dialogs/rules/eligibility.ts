import type { Level } from '../municipality';

/**
 * The audience ladder of Cluj-Napoca (seed 000, DESIGN.md 1.1) as pure rules.
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

/** The level a citizen must have seen before asking for `level`, if any. */
export function previousLevel(level: Level): Level | undefined {
  if (level === 'mayor') return 'deputy';
  if (level === 'deputy') return 'head';
  return undefined;
}

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

/** Human-readable form of a rule for logs and the staff trace (never shown to citizens: they get locale text). */
export const RULE_DESCRIPTIONS: Record<RuleId, string> = {
  'head.needsPetition': 'head of department requires a prior written petition',
  'head.petitionSolved': 'petition was answered favourably: nothing left to escalate',
  'head.petitionTermRunning': 'petition not answered but the legal answer term has not passed',
  'deputy.needsHeadAudience': 'deputy requires a prior audience with the head of the competent department',
  'mayor.needsDeputyAudience': 'mayor requires a prior vice-mayor audience',
};
