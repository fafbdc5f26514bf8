/**
 * The free-text rules as tables, in each language, with the real nlp.js model trained from data/nlu.
 * The phrases of the reason and intent tables are how citizens might put it, not training examples nor near
 * copies of one (checked below, as for the held-out score tables).
 */
import { judgeReason } from '../../dialogs/rules/reason-check';
import type { Lang } from '../../dialogs/municipality';
import { OFFICIAL_READ_CHARS } from '../../bot/nlu';
import { sharedNlu } from '../helpers/clerk';
import { overlapsWithTraining } from '../helpers/training-overlap';

type Row = [string, 'clear' | 'vague' | 'outOfCompetence', string?];

const reasons: Record<Lang, Row[]> = {
  ro: [
    ['chestiuni de familie', 'vague'],
    ['o nelămurire', 'vague'],
    ['am o nemultumire', 'vague'],
    ['as vrea sa va spun ceva intre patru ochi', 'vague'],
    ['groapă imensă pe strada Fabricii în fața blocului 5', 'clear', 'roads'],
    ['nu merge iluminatul pe aleea noastră de o lună', 'clear', 'lighting'],
    ['gunoiul nu a fost ridicat de două săptămâni pe strada Observatorului', 'clear', 'sanitation'],
    ['impozitul pe apartament mi-a fost calculat greșit anul acesta', 'clear', 'taxes'],
    ['vecinul și-a făcut o construcție fără autorizație', 'clear', 'urbanism'],
    ['autobuzul 35 nu mai circulă în cartier', 'clear', 'transport'],
    ['pensia mea a fost calculată greșit de casa de pensii', 'outOfCompetence', 'pension'],
    ['am pierdut buletinul și vreau unul nou', 'outOfCompetence', 'identityCard'],
    ['am un proces la judecătorie cu fostul angajator', 'outOfCompetence', 'court'],
  ],
  fa: [
    ['مسائل خانوادگی', 'vague'],
    ['يك گرفتاري دارم', 'vague'], // Arabic letters
    ['یک مسئله خصوصی', 'vague'],
    ['چاله بزرگ جلوی خانه ما در خیابان فابریچی', 'clear', 'roads'],
    ['چراغ‌های خیابان ما یک ماه است خاموش است', 'clear', 'lighting'],
    ['زباله محله ما دو هفته است جمع نشده', 'clear', 'sanitation'],
    ['عوارض آپارتمان من اشتباه محاسبه شده', 'clear', 'taxes'],
    ['همسایه بدون پروانه ساختمانی می‌سازد', 'clear', 'urbanism'],
    ['حقوق بازنشستگی من اشتباه حساب شده', 'outOfCompetence', 'pension'],
    ['کارت ملی‌ام را جایی جا گذاشته‌ام', 'outOfCompetence', 'identityCard'],
  ],
  en: [
    ['family matters', 'vague'],
    ['a concern', 'vague'],
    ['I have a worry', 'vague'],
    ['huge pothole on Fabricii street in front of block 5', 'clear', 'roads'],
    ['the street lights on our alley have been off for a month', 'clear', 'lighting'],
    ['the rubbish has not been collected for two weeks', 'clear', 'sanitation'],
    ['my flat tax was calculated wrongly this year', 'clear', 'taxes'],
    ['my neighbour builds without a building permit', 'clear', 'urbanism'],
    ['the number 35 bus no longer runs in our neighbourhood', 'clear', 'transport'],
    ['the pension office calculated my pension wrongly', 'outOfCompetence', 'pension'],
    ['I lost my ID card and need a new one', 'outOfCompetence', 'identityCard'],
  ],
};

describe.each<Lang>(['ro', 'fa', 'en'])('reasons, in %s', (lang) => {
  // Rows padded to three cells: jest passes a done callback in place of a missing argument.
  it.each(reasons[lang].map(([t, k, d]) => [t, k, d ?? ''] as const))(
    '%s → %s %s',
    async (text, kind, detail) => {
      const nlu = await sharedNlu();
      const verdict = judgeReason(text, await nlu.reason(lang, text));
      expect(verdict.kind).toBe(kind);
      if (kind === 'clear') expect(verdict).toEqual({ kind, topic: detail });
      if (kind === 'outOfCompetence') expect(verdict).toEqual({ kind, referral: detail });
    },
  );
});

const intents: Record<Lang, [string, string, string?][]> = {
  ro: [
    ['aș dori să mă primească domnul primar', 'audience.request', 'mayor'],
    ['as vrea o intalnire cu viceprimarul', 'audience.request', 'deputy'],
    ['doresc o programare la directorul directiei', 'audience.request', 'head'],
    ['joi până la ce oră lucrați?', 'info.hours'],
    ['salutare tuturor', 'greeting'],
  ],
  fa: [
    ['وقت دیدار با شهردار می‌خواهم', 'audience.request', 'mayor'],
    ['مي‌شود با معاون شهردار ديدار كنم؟', 'audience.request', 'deputy'], // Arabic letters
    ['ساعت کاری شما چیست؟', 'info.hours'],
    ['صبح بخیر', 'greeting'],
  ],
  en: [
    ["I'd like a meeting with the mayor please", 'audience.request', 'mayor'],
    ['can I get an appointment with the vice mayor', 'audience.request', 'deputy'],
    ['what are your opening hours?', 'info.hours'],
    ['hi, good day', 'greeting'],
  ],
};

describe.each<Lang>(['ro', 'fa', 'en'])('the tables, in %s', (lang) => {
  it('hold no training example, nor a near copy of one', () => {
    const phrases = [...reasons[lang], ...intents[lang]].map(([text]) => text);
    expect(overlapsWithTraining(lang, phrases)).toEqual([]);
  });
});

describe.each<Lang>(['ro', 'fa', 'en'])('intents, in %s', (lang) => {
  it.each(intents[lang].map(([t, i, o]) => [t, i, o ?? ''] as const))(
    '%s → %s %s',
    async (text, intent, official) => {
      const nlu = await sharedNlu();
      const result = await nlu.intent(lang, text);
      expect(result.intent).toBe(intent);
      expect(result.official).toBe(official || undefined);
    },
  );
});

describe('a title alone names the official, whatever the intent model makes of so few words', () => {
  it.each<[Lang, string, string | undefined]>([
    ['ro', 'primarul', 'mayor'],
    ['ro', 'la primar', 'mayor'],
    ['ro', 'Șef de departament', 'head'],
    ['en', 'head of department', 'head'],
    ['fa', 'با شهردار', 'mayor'],
    // More than a title: a question about the official, not a request to see them.
    ['ro', 'telefon primar', undefined],
    ['en', 'mayor phone', undefined],
    ['fa', 'تلفن شهردار', undefined],
    ['ro', 'Ion Primaru', undefined],
  ])('%s: %s → %s', async (lang, text, official) => {
    const nlu = await sharedNlu();
    expect((await nlu.intent(lang, text)).official).toBe(official);
  });
});

describe('the official a sentence names, whatever it asks', () => {
  it.each<[Lang, string, string | undefined]>([
    ['ro', 'vreau audiență la un șef de serviciu', 'head'],
    ['ro', 'aș vrea să vorbesc cu viceprimarul, nu cu primarul', 'deputy'],
    ['en', 'can someone help me reach the mayor', 'mayor'],
    ['fa', 'کسی می‌تواند مرا به معاون شهردار وصل کند', 'deputy'],
    ['ro', 'vreau să vorbesc cu un om', undefined],
  ])('%s: %s → %s', async (lang, text, official) => {
    const nlu = await sharedNlu();
    expect(await nlu.official(lang, text)).toBe(official);
  });
});

describe('a long message is searched for an official near its start only', () => {
  it('finds the mayor named first in 2,000 characters, not one named past the part it reads', async () => {
    const nlu = await sharedNlu();
    const filler = 'groapa in asfalt pe strada horea '.repeat(60);
    expect(await nlu.official('ro', `vreau audienta la primar ${filler}`)).toBe('mayor');
    const late = `${filler.slice(0, OFFICIAL_READ_CHARS)} vreau audienta la primar`;
    expect(await nlu.official('ro', late)).toBeUndefined();
    expect(await nlu.official('ro', late.slice(OFFICIAL_READ_CHARS - 100))).toBe('mayor');
  });
});
