/**
 * The reason rule (dialogs/rules/reason-check.ts), one rule at a time: each case is one that only that rule
 * decides, so that removing any rule fails a test. Then the rules that follow the model's verdict, through the real
 * NLU (trained from data/nlu), with reasons long enough that the last rule alone would have accepted them.
 */
import type { Lang } from '../../../dialogs/municipality';
import { judgeReason, REASON_MAX_LENGTH } from '../../../dialogs/rules/reason-check';
import { sharedNlu } from '../../helpers/clerk';
import { overlapsWithTraining } from '../../helpers/training-overlap';

/** Six words of three letters or more: the last rule alone accepts it. */
const DETAILED = 'vecinul a închis aleea comună dintre blocuri';
/** Two: the last rule alone refuses it. */
const SHORT = 'ceva anume';
const unclassified = { intent: 'None', score: 1 };

describe('the reason rule, one rule at a time', () => {
  it('a text longer than the limit is too long, whatever the model says; at the limit it is read', () => {
    const confident = { intent: 'topic.roads', score: 1 };
    expect(judgeReason('a'.repeat(REASON_MAX_LENGTH + 1), confident)).toEqual({ kind: 'tooLong' });
    expect(judgeReason('a'.repeat(REASON_MAX_LENGTH), confident)).toEqual({ kind: 'clear', topic: 'roads' });
  });

  it('a confident "outside the competence" is refused with where to go, a detailed text too', () => {
    expect(judgeReason(DETAILED, { intent: 'outside.pension', score: 0.6 })).toEqual({
      kind: 'outOfCompetence',
      referral: 'pension',
    });
    // Not confident: the detail decides.
    expect(judgeReason(DETAILED, { intent: 'outside.pension', score: 0.59 })).toEqual({ kind: 'clear' });
  });

  it('a confident "vague" is refused, a detailed text too', () => {
    expect(judgeReason(DETAILED, { intent: 'vague', score: 0.7 })).toEqual({ kind: 'vague' });
    expect(judgeReason(DETAILED, { intent: 'vague', score: 0.69 })).toEqual({ kind: 'clear' });
  });

  it('a topic, even a best guess, is accepted and routed, a short text too', () => {
    expect(judgeReason(SHORT, { intent: 'topic.roads', score: 0.5 })).toEqual({
      kind: 'clear',
      topic: 'roads',
    });
    expect(judgeReason(SHORT, { intent: 'topic.roads', score: 0.49 })).toEqual({ kind: 'vague' });
  });

  it('what the model cannot place is accepted with five words of three letters or more, and only then', () => {
    expect(judgeReason('gropi mari în asfalt pe strada', unclassified)).toEqual({ kind: 'vague' }); // 4 such words
    expect(judgeReason('gropi mari în asfalt pe strada noastră', unclassified)).toEqual({ kind: 'clear' }); // 5
    // Short words and numbers do not count; letters without diacritics and in Persian do.
    expect(judgeReason('am o ac la 12 34 pe ea de 2026', unclassified)).toEqual({ kind: 'vague' });
    expect(judgeReason('gropi mari in asfalt pe strada noastra', unclassified)).toEqual({ kind: 'clear' });
    expect(judgeReason('چاله بزرگ در آسفالت خیابان هوریا', unclassified)).toEqual({ kind: 'clear' });
  });
});

/** Reasons as people write them, through the real NLU: what each rule that follows the model must decide. */
const throughTheModel: Record<Lang, { vague: string; outside: string; topic: string }> = {
  ro: {
    vague: 'aș vrea să discut ceva important cu dumneavoastră',
    outside: 'decizia mea de pensionare a venit cu o sumă greșită',
    topic: 'gropi adânci',
  },
  fa: {
    vague: 'می‌خواهم درباره یک موضوع مهم با شما صحبت کنم',
    outside: 'مستمری بازنشستگی پدرم چند ماه است که پرداخت نشده',
    topic: 'آسفالت ترک خورده',
  },
  en: {
    vague: 'I would like to discuss something important with you',
    outside: 'my retirement pension payments stopped three months ago',
    topic: 'deep potholes',
  },
};

describe.each<Lang>(['ro', 'fa', 'en'])(
  'the rules that follow the model, through the real NLU, in %s',
  (lang) => {
    const phrases = throughTheModel[lang];
    const judged = async (text: string) => judgeReason(text, await (await sharedNlu()).reason(lang, text));

    it('its phrases are not training examples, nor near copies of one', () => {
      expect(overlapsWithTraining(lang, Object.values(phrases))).toEqual([]);
    });

    it('a long vague reason is refused as vague: the model is sure, though the words alone would pass', async () => {
      expect(judgeReason(phrases.vague, unclassified)).toEqual({ kind: 'clear' });
      expect(await judged(phrases.vague)).toEqual({ kind: 'vague' });
    });

    it('a long reason outside the competence is refused with where to go', async () => {
      expect(judgeReason(phrases.outside, unclassified)).toEqual({ kind: 'clear' });
      expect(await judged(phrases.outside)).toEqual({ kind: 'outOfCompetence', referral: 'pension' });
    });

    it('a short reason the model places in a topic is accepted and routed', async () => {
      expect(judgeReason(phrases.topic, unclassified)).toEqual({ kind: 'vague' });
      expect(await judged(phrases.topic)).toEqual({ kind: 'clear', topic: 'roads' });
    });
  },
);
