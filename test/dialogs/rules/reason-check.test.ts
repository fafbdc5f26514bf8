import { judgeReason } from '../../../dialogs/rules/reason-check';

describe('reason rule', () => {
  it.each([
    ['confident vague', 'probleme personale', { intent: 'vague', score: 0.9 }, { kind: 'vague' }],
    [
      'confident outside',
      'pensia',
      { intent: 'outside.pension', score: 0.8 },
      { kind: 'outOfCompetence', referral: 'pension' },
    ],
    ['confident topic', 'groapă', { intent: 'topic.roads', score: 0.9 }, { kind: 'clear', topic: 'roads' }],
    [
      'best-guess topic',
      'gropi multe',
      { intent: 'topic.roads', score: 0.55 },
      { kind: 'clear', topic: 'roads' },
    ],
    [
      'unsure vague, but a detailed text',
      'vecinul a închis aleea comună dintre blocuri',
      { intent: 'vague', score: 0.5 },
      { kind: 'clear' },
    ],
    [
      'unsure outside, detailed text',
      'conducta de apă din curtea blocului s-a spart ieri',
      { intent: 'outside.court', score: 0.4 },
      { kind: 'clear' },
    ],
    ['unclassified and short', 'ceva anume', { intent: 'None', score: 1 }, { kind: 'vague' }],
    ['too long', 'a'.repeat(1001), { intent: 'topic.roads', score: 1 }, { kind: 'tooLong' }],
  ] as const)('%s', (_name, text, classification, verdict) => {
    expect(judgeReason(text, classification)).toEqual(verdict);
  });
});
