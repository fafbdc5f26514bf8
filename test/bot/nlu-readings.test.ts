/**
 * What a message says besides its intent (bot/nlu-readings.ts), read with each language's word lists from
 * data/nlu/<lang>/words.json: the matter an audience request states, cancel or move, the moment an hours
 * question asks about — and only the start of a long message is read.
 */
import { loadCorpus } from '../../bot/nlu';
import { createReadings, READ_CHARS } from '../../bot/nlu-readings';
import type { Lang } from '../../dialogs/languages';

const read = (lang: Lang) => createReadings(loadCorpus(lang));

describe('the matter an audience request states, as the citizen wrote it', () => {
  it.each([
    [
      'ro',
      'aș dori să vorbesc cu domnul primar despre vecinii care au construit ilegal',
      'vecinii care au construit ilegal',
    ],
    [
      'ro',
      'audiență la viceprimar în legătură cu iluminatul de pe strada Fabricii, vă rog',
      'iluminatul de pe strada Fabricii',
    ],
    [
      'en',
      'I would like to meet the mayor about the parking problem on my street.',
      'the parking problem on my street',
    ],
    ['en', 'appointment with the head of urbanism regarding my building permit please', 'my building permit'],
    [
      'fa',
      'می‌خواهم با شهردار درباره‌ی پارک غیرقانونی ماشین‌ها در کوچه‌مان صحبت کنم',
      'پارک غیرقانونی ماشین‌ها در کوچه‌مان',
    ],
    ['fa', 'ملاقات با معاون شهردار در مورد چاله‌های خیابان هوریا', 'چاله‌های خیابان هوریا'],
  ] as const)('%s: "%s" → "%s"', (lang, text, matter) => {
    expect(read(lang).matterIn(text)).toBe(matter);
  });

  it.each([
    ['ro', 'vreau audiență la primar'],
    ['ro', 'vreau să vorbesc cu primarul despre asta'],
    ['en', 'can I see the mayor about'],
  ] as const)('%s: "%s" states none (or too little to offer back)', (lang, text) => {
    expect(read(lang).matterIn(text)).toBeUndefined();
  });
});

describe('without words that introduce it, the matter of a request in several sentences', () => {
  const noTitle = (s: string) => !/primar|mayor/i.test(s);
  it('is the last sentence that is not the request itself', () => {
    expect(
      read('ro').sentenceAfter(
        'Vreau o întâlnire cu primarul. Blocul nostru de pe strada Horea vrea să se reabiliteze termic.',
        noTitle,
      ),
    ).toBe('Blocul nostru de pe strada Horea vrea să se reabiliteze termic');
  });
  it('is none in a single sentence, or when every later sentence names an official', () => {
    expect(read('en').sentenceAfter('I want to see the mayor about the parks', noTitle)).toBeUndefined();
    expect(read('en').sentenceAfter('Hello. Can I see the mayor?', noTitle)).toBeUndefined();
  });
});

describe('cancel or move, where a message about a booking says one of them', () => {
  it.each([
    ['ro', 'vreau să anulez audiența de marți', 'cancel'],
    ['ro', 'puteți să-mi mutați programarea pe altă zi?', 'move'],
    ['ro', 'nu mai pot ajunge la audiența de marți', undefined],
    ['en', 'please cancel my appointment', 'cancel'],
    ['en', 'I need to reschedule my appointment', 'move'],
    ['en', "I can't come on Tuesday", undefined],
    ['fa', 'لطفاً نوبتم را لغو کنید', 'cancel'],
    ['fa', 'می‌خواهم وقتم را جابه‌جا کنم', 'move'],
    ['en', 'cancel it, or move it to another day', undefined],
  ] as const)('%s: "%s" → %s', (lang, text, action) => {
    expect(read(lang).actionIn(text)).toBe(action);
  });
});

describe('the moment an hours question asks about', () => {
  it.each([
    ['ro', 'sunteți deschiși sâmbătă?', { weekday: 6 }],
    ['ro', 'e deschis acum?', { now: true }],
    ['ro', 'lucrați mâine?', { inDays: 1 }],
    ['ro', 'care e programul?', undefined],
    ['en', 'are you open on Saturday?', { weekday: 6 }],
    ['en', 'are you open right now', { now: true }],
    ['fa', 'شنبه‌ها باز هستید؟', { weekday: 6 }],
    ['fa', 'سه‌شنبه تا چند باز هستید؟', { weekday: 2 }],
    ['fa', 'الان باز است؟', { now: true }],
  ] as const)('%s: "%s"', (lang, text, when) => {
    expect(read(lang).whenIn(text)).toEqual(when);
  });
});

describe('only the start of a long message is read', () => {
  const tail = ' anulez mut acum sâmbătă despre altceva'.repeat(200);
  it('whatever follows the first READ_CHARS characters changes nothing it reads', () => {
    const start = 'care e programul cu publicul?'.padEnd(READ_CHARS, ' ');
    const ro = read('ro');
    expect(ro.whenIn(start + tail)).toEqual(ro.whenIn(start));
    expect(ro.actionIn(start + tail)).toEqual(ro.actionIn(start));
    expect(ro.matterIn(start + tail)).toEqual(ro.matterIn(start));
    expect(ro.speaksOfBooking(start + tail)).toBe(ro.speaksOfBooking(start));
  });
});
