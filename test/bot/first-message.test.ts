/**
 * Understood the first time, in each language, through the real clerk (nlp.js trained from data/nlu, the turn
 * engine, a SQLite file): "what can you do", thanks, a phone number, a passport, "are you open on Saturday", an
 * audience request naming the official and the matter (asked for nothing twice), "I can't come on Tuesday",
 * a message in a language the clerk does not speak. The clock: Monday 23 November 2026, 10:00 in Cluj-Napoca.
 */
import path from 'node:path';
import { createClerk, type Clerk } from '../../bot/compose';
import { loadConfig } from '../../bot/config';
import { createTexts } from '../../bot/i18n';
import { silentLogger } from '../../bot/logger';
import { loadMunicipality } from '../../bot/municipality';
import type { TurnResult } from '../../bot/turn-engine';
import { LANGS, type Lang } from '../../dialogs/languages';
import { MONDAY_10AM, sharedNlu, tempDir } from '../helpers/clerk';

const city = loadMunicipality('cluj-napoca');
const texts = createTexts(city);

interface Said {
  help: string;
  thanks: string;
  phone: string;
  passport: string;
  saturday: string;
  /** An audience with the mayor, its matter stated; the matter as the clerk must offer it back. */
  audience: string;
  matter: string;
  /** "Yes, on 2 November" (the vice-mayor's audience before the mayor's). */
  priorYes: string;
  cantCome: string;
  foreign: string;
}

const SAID: Record<Lang, Said> = {
  ro: {
    help: 'ce știi să faci?',
    thanks: 'vă mulțumesc mult',
    phone: 'aveți un număr de telefon la care pot suna?',
    passport: 'unde îmi pot face pașaport nou?',
    saturday: 'lucrați și sâmbăta?',
    audience: 'aș vrea o audiență la primar despre parcarea ilegală de pe strada Dorobanților',
    matter: 'parcarea ilegală de pe strada Dorobanților',
    priorYes: 'da, pe 2 noiembrie 2026',
    cantCome: 'nu mai pot veni marți la programare',
    foreign: 'Jó napot kívánok, szeretnék beszélni valakivel a városházáról',
  },
  fa: {
    help: 'چه کمکی از دستت برمی‌آید؟',
    thanks: 'ممنونم از راهنمایی‌تان',
    phone: 'شماره تلفن شهرداری را لازم دارم',
    passport: 'برای گرفتن پاسپورت کجا باید بروم؟',
    saturday: 'شنبه‌ها باز هستید؟',
    audience: 'می‌خواهم با شهردار درباره پارک غیرقانونی ماشین‌ها در خیابان‌مان صحبت کنم',
    matter: 'پارک غیرقانونی ماشین‌ها در خیابان‌مان',
    priorYes: 'بله، ۲ نوامبر ۲۰۲۶',
    cantCome: 'سه‌شنبه نمی‌توانم برای نوبتم بیایم',
    foreign: 'Guten Tag, ich möchte bitte einen Termin beim Bürgermeister vereinbaren',
  },
  en: {
    help: 'what sort of things can you do?',
    thanks: 'thanks a lot!',
    phone: 'could you give me a phone number to call?',
    passport: 'how do I renew my passport?',
    saturday: 'are you open on Saturday?',
    audience: 'I would like to meet the mayor about the parking problem on my street',
    matter: 'the parking problem on my street',
    priorYes: 'yes, on 2 November 2026',
    cantCome: "I can't come on Tuesday",
    foreign: 'Je voudrais savoir où se trouve la mairie de la ville, s’il vous plaît',
  },
};

let clerk: Clerk;
let removeDir: () => void;
let sequence = 0;

beforeAll(async () => {
  const { dir, remove } = tempDir();
  removeDir = remove;
  clerk = await createClerk(loadConfig({ DATABASE_PATH: path.join(dir, 'clerk.db') }), {
    log: silentLogger,
    now: () => MONDAY_10AM,
    nlu: await sharedNlu(),
  });
}, 60_000);

afterAll(async () => {
  await clerk?.close();
  removeDir?.();
});

/** A conversation: each message in turn, on the web chat, in `lang`'s locale. */
function conversation(lang: Lang) {
  const id = `directline:first-${lang}-${++sequence}`;
  return (text: string): Promise<TurnResult> =>
    clerk.engine.handle({ conversationId: id, channel: 'directline', kind: 'message', text, locale: lang });
}
const first = (lang: Lang, text: string) => conversation(lang)(text);
const t = (lang: Lang, key: string, params?: Record<string, unknown>) => texts.t(lang, key, params as never);

describe.each(LANGS)('the first message, %s', (lang) => {
  const said = SAID[lang];

  it('"what can you do": what this clerk does here, with the menu', async () => {
    const result = await first(lang, said.help);
    expect(result.trace.said).toEqual(['help.text', 'menu.prompt']);
    expect(result.replies[1].choices.map((c) => c.value)).toContain('audience');
  });

  it('thanks: you are welcome, and the menu', async () => {
    const result = await first(lang, said.thanks);
    expect(result.trace.said).toEqual(['smalltalk.thanks', 'menu.prompt']);
    expect(result.replies[0].text).toBe(t(lang, 'smalltalk.thanks'));
  });

  it("a phone number: the city hall's, from its data", async () => {
    const result = await first(lang, said.phone);
    expect(result.trace.said[0]).toBe('info.phones');
    for (const phone of city.contacts.phones) expect(result.replies[0].text).toContain(phone.slice(-6));
  });

  it('a passport: the competent institution, from the data', async () => {
    const result = await first(lang, said.passport);
    expect(result.trace.said[0]).toBe('outside.referral');
    expect(result.replies[0].text).toContain(city.referrals!.passport[lang]);
  });

  it('"are you open on Saturday": no, closed that Saturday, and when it opens next', async () => {
    const result = await first(lang, said.saturday);
    expect(result.trace.said[0]).toBe('info.closedOn');
    expect(result.replies[0].text).toBe(
      t(lang, 'info.closedOn', { day: '2026-11-28', next: '2026-12-02', open: '08:00' }),
    );
  });

  it('an audience naming the official and the matter: neither is asked for again', async () => {
    const say = conversation(lang);
    const opened = await say(said.audience);
    expect(opened.trace.procedure).toBe('audience');
    // The mayor is named: the clerk goes straight to the mayor's first rule (a vice-mayor's audience before).
    expect(opened.trace.said).toEqual(['audience.askPriorDeputyAudience']);
    const atReason = await say(said.priorYes);
    expect(atReason.trace.said).toEqual(['audience.confirmMatter']);
    expect(atReason.replies[0].text).toBe(t(lang, 'audience.confirmMatter', { matter: said.matter }));
    const kept = await say(atReason.replies[0].choices[0].label);
    expect(kept.state).not.toBe('askReason');
    expect(kept.trace.said).not.toContain('audience.askReason');
    expect(kept.trace.said).not.toContain('audience.confirmMatter');
  });

  it('"I can\'t come on Tuesday": my booking, its code asked', async () => {
    const result = await first(lang, said.cantCome);
    expect(result.state).toBe('askBookingCode');
    expect(result.trace.procedure).toBeUndefined();
  });

  it('a language the clerk does not speak: said in each of its languages', async () => {
    const result = await first(lang, said.foreign);
    expect(result.trace.said[0]).toBe('language.foreign');
    for (const l of LANGS) expect(result.replies[0].text).toContain(t(l, 'language.foreign'));
  });
});
