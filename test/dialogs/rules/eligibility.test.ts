import { judgePetition, judgePriorAudience } from '../../../dialogs/rules/eligibility';

describe('the audience ladder (Cluj-Napoca City Hall, audience procedure)', () => {
  it.each([
    ['no petition filed', { filed: false }, '2026-11-23', { eligible: false, rule: 'head.needsPetition' }],
    [
      'petition refused',
      { filed: true, date: '2026-11-20', outcome: 'negative' as const },
      '2026-11-23',
      { eligible: true },
    ],
    [
      'petition answered favourably',
      { filed: true, date: '2026-09-01', outcome: 'positive' as const },
      '2026-11-23',
      { eligible: false, rule: 'head.petitionSolved' },
    ],
    [
      'no answer, day 30 of the term',
      { filed: true, date: '2026-10-24', outcome: 'none' as const },
      '2026-11-23',
      { eligible: false, rule: 'head.petitionTermRunning', params: { deadline: '2026-11-23' } },
    ],
    [
      'no answer, day 31: the term has passed',
      { filed: true, date: '2026-10-23', outcome: 'none' as const },
      '2026-11-23',
      { eligible: true },
    ],
  ])('head of department — %s', (_name, petition, today, verdict) => {
    expect(judgePetition(petition, today, 30)).toEqual(verdict);
  });

  it.each([
    ['deputy', false, { eligible: false, rule: 'deputy.needsHeadAudience' }],
    ['deputy', true, { eligible: true }],
    ['mayor', false, { eligible: false, rule: 'mayor.needsDeputyAudience' }],
    ['mayor', true, { eligible: true }],
  ] as const)('%s with prior audience %s', (level, had, verdict) => {
    expect(judgePriorAudience(level, had)).toEqual(verdict);
  });
});
