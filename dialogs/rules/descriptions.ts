/**
 * What each rule that can decide a turn says, in plain English for staff (the Emulator's trace inspector).
 * Citizens get the locale texts instead; these name the rule and its source.
 */
const DESCRIPTIONS: Record<string, string> = {
  'head.needsPetition':
    'a head of department requires a prior written petition, refused or not answered (Cluj-Napoca City Hall, audience procedure)',
  'head.petitionSolved':
    'a petition answered favourably gives no right to an audience (Cluj-Napoca City Hall, audience procedure)',
  'head.petitionTermRunning': 'the 30-day term for answering a petition has not passed yet (OG 27/2002)',
  'deputy.needsHeadAudience':
    'a vice-mayor, the public administrator or the secretary general requires a prior audience with the competent head of department (Cluj-Napoca City Hall, audience procedure)',
  'mayor.needsDeputyAudience':
    'the mayor requires a prior vice-mayor audience (Cluj-Napoca City Hall, audience procedure)',
  'reason.clear': 'the reason names a subject within the city hall’s competence',
  'reason.vague':
    'general reasons such as “personal problems” are not accepted (Cluj-Napoca City Hall, audience procedure)',
  'reason.outOfCompetence':
    'only problems the city hall’s executive can legally solve (Cluj-Napoca City Hall, audience procedure)',
  'routing.head': 'the head of the department competent for the topic',
  'routing.deputy': 'the vice-mayor (or administrator, secretary general) who coordinates the department',
  'routing.mayor': 'the mayor',
};

export function describe(rule: string | undefined): string | undefined {
  return rule === undefined ? undefined : (DESCRIPTIONS[rule] ?? rule);
}
