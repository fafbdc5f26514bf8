/** Conversations as tables of turns, shared by the end-to-end tests. */
import { readFileSync } from 'node:fs';
import { loadMunicipality } from '../../bot/municipality';
import { localesPath } from '../../bot/paths';
import type { Lang, Localized } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import { citizen, textOf, type ChannelActivity, type RunningClerk, type startChannel } from './clerk';

export const LOCALE: Record<Lang, string> = { ro: 'ro-RO', fa: 'fa-IR', en: 'en-US' };

/**
 * What a citizen types at each step, per language (`{label: key}` types the label of that choice), and the
 * answer expected: the text of the locale key `expect`. With `params` the whole answer is compared, values
 * included — the reference code, the date and time, the official; a function of the answer gives what only the
 * clerk knows beforehand (the code it made). Without them, every fixed word of the text, any value in its places.
 */
export interface Turn {
  say: string | { label: string };
  expect: string;
  params?: Params | ((answer: string) => Params);
}

/** The reference code and the calendar link in a confirmation. */
export const codeIn = (answer: string) => answer.match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0] ?? '(no code)';
export const icsUrlIn = (answer: string) => answer.match(/https?:\/\/\S+\.ics/)?.[0] ?? '(no link)';

/** Who a level's audience is with, as the clerk names them (the city's data). */
const city = loadMunicipality('cluj-napoca');
export const officialTitle = (id: string): Localized => city.officials!.find((o) => o.id === id)!.title;
/** The parameters of the question offering an official's places: who, and the data's places a day and minutes. */
export const slotParams = (official: Localized) => ({
  official,
  max: city.audience!.maxPerDay,
  minutes: city.audience!.minutesEach,
});

/**
 * The head of department's first place once the clerk's clock is Monday 23 November 2026, 10:00
 * (helpers/clerk.ts MONDAY_10AM): Tuesday 24 November, 09:00 in Cluj-Napoca; the next one a quarter past.
 */
export const FIRST_PLACE = '2026-11-24T07:00:00.000Z';
export const SECOND_PLACE = '2026-11-24T07:15:00.000Z';

export const bookingWithHead: Record<
  Lang,
  { reasonVague: string; reasonClear: string; name: string; phone: string; e164: string }
> = {
  ro: {
    reasonVague: 'probleme personale',
    reasonClear: 'groapă mare în asfalt pe strada Horea nr. 10, semnalată din august',
    name: 'Ioana Pop',
    phone: '0722 123 456',
    e164: '+40722123456',
  },
  fa: {
    reasonVague: 'مشکلات شخصی',
    reasonClear: 'چاله بزرگ در آسفالت خیابان هوریا پلاک ۱۰',
    name: 'علی رضایی',
    phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
    e164: '+989123456789',
  },
  en: {
    reasonVague: 'personal problems',
    reasonClear: 'a big pothole on Horea street no. 10, reported since August',
    name: 'Jane Doe',
    phone: '+40 722 123 456',
    e164: '+40722123456',
  },
};

/** From the menu to the head of department's first evidence question, by the buttons. */
export const toPetitionNumber: Turn[] = [
  { say: { label: 'choice.audience' }, expect: 'audience.askLevel' },
  { say: { label: 'choice.levelHead' }, expect: 'audience.askHasPetition' },
  { say: { label: 'choice.yes' }, expect: 'audience.askPetitionNumber' },
];

/**
 * The whole audience with the head of department, by buttons and words. With `place` (the instant the first
 * place offered starts, e.g. FIRST_PLACE on a fresh database) the summary and the confirmation are compared
 * whole, the day and time, the official and the code included; without it, every fixed word of them.
 */
export function headTurns(lang: Lang, place?: string): Turn[] {
  const d = bookingWithHead[lang];
  const official = officialTitle('head-technical');
  const whole = (turn: Turn): Turn => (place ? turn : { say: turn.say, expect: turn.expect });
  return [
    { say: { label: 'choice.audience' }, expect: 'audience.askLevel' },
    { say: { label: 'choice.levelHead' }, expect: 'audience.askHasPetition' },
    { say: { label: 'choice.yes' }, expect: 'audience.askPetitionNumber' },
    { say: lang === 'fa' ? '۱۲۳۴۵۶/۲۰۲۶' : '123456/2026', expect: 'audience.askPetitionDate' },
    { say: lang === 'fa' ? '۱۴۰۵/۰۶/۱۰' : '01.09.2026', expect: 'audience.askPetitionOutcome' },
    { say: { label: 'choice.outcomeNegative' }, expect: 'audience.askReason' },
    { say: d.reasonVague, expect: 'audience.reasonTooVague' },
    { say: d.reasonClear, expect: 'audience.askMode' },
    { say: '1', expect: 'contact.askName' },
    { say: d.name, expect: 'contact.askPhone' },
    { say: d.phone, expect: 'audience.askAnswerBy' },
    { say: { label: 'answerBy.pickup' }, expect: 'contact.askConsent' },
    { say: { label: 'choice.yes' }, expect: 'audience.askSlot', params: slotParams(official) },
    whole({
      say: lang === 'fa' ? '۱' : '1',
      expect: 'audience.summary',
      params: {
        official,
        when: place ?? '',
        mode: { t: 'mode.site' },
        name: d.name,
        phone: d.e164,
        answerBy: { t: 'answerBy.pickup' },
        answerTo: '',
        reason: d.reasonClear,
      },
    }),
    whole({
      say: { label: 'choice.confirm' },
      expect: 'audience.booked',
      params: (answer) => ({
        code: codeIn(answer),
        official,
        when: place ?? '',
        mode: { t: 'mode.site' },
        icsUrl: icsUrlIn(answer),
      }),
    }),
  ];
}

/** A locale text as a pattern: every fixed word in order, anything in the places of its values. */
function templatePattern(lang: Lang, key: string): RegExp | undefined {
  let node: unknown = locales[lang];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'string') return undefined;
  const fixed = node.split(/\{\{[^}]*\}\}|\$t\([^)]*\)/);
  return new RegExp(fixed.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*?'));
}
const locales = Object.fromEntries(
  (['ro', 'fa', 'en'] as const).map((lang) => [
    lang,
    JSON.parse(readFileSync(localesPath(lang, 'clerk.json'), 'utf8')),
  ]),
) as Record<Lang, unknown>;

/** `play` and `fixedPart` bound to a test file's clerk and channel (see clerkPerTest). */
export function conversationTables(ctx: {
  app: RunningClerk;
  channel: Awaited<ReturnType<typeof startChannel>>;
}) {
  /** The fixed part of a locale text: what precedes its first interpolation. */
  function fixedPart(lang: Lang, key: string): string {
    const text = ctx.app.clerk.texts.t(lang, key, {
      official: '\u0000',
      when: new Date().toISOString(),
      code: '\u0000',
      days: 30,
    });
    return text.split('\u0000')[0].split('{{')[0].split('\n')[0].slice(0, 40);
  }

  /** What the answer to a turn must hold: the whole text with its values, or every fixed word of it. */
  function expected(lang: Lang, turn: Turn, answer: string) {
    if (turn.params) {
      const params = typeof turn.params === 'function' ? turn.params(answer) : turn.params;
      return expect.stringContaining(ctx.app.clerk.texts.t(lang, turn.expect, params));
    }
    const pattern = templatePattern(lang, turn.expect);
    return pattern ? expect.stringMatching(pattern) : expect.stringContaining(fixedPart(lang, turn.expect));
  }

  async function play(lang: Lang, turns: Turn[], who = citizen(ctx.app.baseUrl, ctx.channel, LOCALE[lang])) {
    const greeting = await who.start();
    expect(textOf(greeting)).toEqual(expected(lang, { say: '', expect: 'welcome.greeting' }, ''));
    let last: ChannelActivity[] = greeting;
    for (const turn of turns) {
      const text = typeof turn.say === 'string' ? turn.say : ctx.app.clerk.texts.t(lang, turn.say.label);
      last = await who.say(text);
      const got = textOf(last);
      expect({ said: text, got }).toEqual({ said: text, got: expected(lang, turn, got) });
    }
    return { who, last };
  }
  return { play, fixedPart };
}
