import { judgeLookup, LOOKUP_LIMITS } from '../../../dialogs/rules/lookup-limits';

describe('look-ups', () => {
  const now = new Date('2026-11-23T08:00:00Z');
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

  it('the limits are five wrong phones per code in 15 minutes, ten look-ups per conversation an hour', () => {
    expect(LOOKUP_LIMITS).toEqual({
      perCode: { failures: 5, minutes: 15 },
      perConversation: { lookups: 10, minutes: 60 },
    });
  });

  it.each([
    ['four failures of the code', { conversation: [], codeFailures: [1, 2, 3, 4].map(ago) }, { ok: true }],
    [
      'five in the window',
      { conversation: [], codeFailures: [1, 2, 3, 4, 14].map(ago) },
      { ok: false, minutes: 1 },
    ],
    ['five, one just out of it', { conversation: [], codeFailures: [1, 2, 3, 4, 15].map(ago) }, { ok: true }],
    [
      'five just now',
      { conversation: [], codeFailures: [0, 0, 0, 0, 0].map(ago) },
      { ok: false, minutes: 15 },
    ],
    [
      'six, the oldest long ago',
      { conversation: [], codeFailures: [1, 2, 3, 4, 5, 40].map(ago) },
      { ok: false, minutes: 10 },
    ],
    [
      'six in the window: free once five are left',
      { conversation: [], codeFailures: [1, 2, 3, 4, 5, 10].map(ago) },
      { ok: false, minutes: 10 },
    ],
    [
      'ten of the conversation',
      { conversation: [1, 2, 3, 4, 5, 6, 7, 8, 9, 30].map(ago), codeFailures: [] },
      { ok: false, minutes: 30 },
    ],
    [
      'both: the longer wait',
      { conversation: Array(10).fill(ago(1)), codeFailures: Array(5).fill(ago(1)) },
      { ok: false, minutes: 59 },
    ],
  ])('%s', (_name, recent, verdict) => {
    expect(judgeLookup(recent, now)).toEqual(verdict);
  });
});
