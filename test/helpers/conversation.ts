/** Conversations as tables of turns, shared by the end-to-end tests. */
import type { Lang } from '../../dialogs/municipality';
import { citizen, textOf, type ChannelActivity, type RunningClerk, type startChannel } from './clerk';

export const LOCALE: Record<Lang, string> = { ro: 'ro-RO', fa: 'fa-IR', en: 'en-US' };

/** What a citizen types at each step, per language. `{label: key}` types the label of that choice. */
export interface Turn {
  say: string | { label: string };
  expect: string;
}

export const bookingWithHead: Record<
  Lang,
  { reasonVague: string; reasonClear: string; name: string; phone: string }
> = {
  ro: {
    reasonVague: 'probleme personale',
    reasonClear: 'groapă mare în asfalt pe strada Horea nr. 10, semnalată din august',
    name: 'Ioana Pop',
    phone: '0722 123 456',
  },
  fa: {
    reasonVague: 'مشکلات شخصی',
    reasonClear: 'چاله بزرگ در آسفالت خیابان هوریا پلاک ۱۰',
    name: 'علی رضایی',
    phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹',
  },
  en: {
    reasonVague: 'personal problems',
    reasonClear: 'a big pothole on Horea street no. 10, reported since August',
    name: 'Jane Doe',
    phone: '+40 722 123 456',
  },
};

/** From the menu to the head of department's first evidence question, by the buttons. */
export const toPetitionNumber: Turn[] = [
  { say: { label: 'choice.audience' }, expect: 'audience.askLevel' },
  { say: { label: 'choice.levelHead' }, expect: 'audience.askHasPetition' },
  { say: { label: 'choice.yes' }, expect: 'audience.askPetitionNumber' },
];

export function headTurns(lang: Lang): Turn[] {
  const d = bookingWithHead[lang];
  return [
    { say: { label: 'choice.audience' }, expect: 'audience.askLevel' },
    { say: { label: 'choice.levelHead' }, expect: 'audience.askHasPetition' },
    { say: { label: 'choice.yes' }, expect: 'audience.askPetitionNumber' },
    { say: lang === 'fa' ? '۱۲۳۴۵۶/۲۰۲۶' : '123456/2026', expect: 'audience.askPetitionDate' },
    { say: lang === 'fa' ? '۱۴۰۵/۰۶/۱۰' : '01.09.2026', expect: 'audience.askPetitionOutcome' },
    { say: { label: 'choice.outcomeNegative' }, expect: 'audience.askReason' },
    { say: d.reasonVague, expect: 'audience.reasonTooVague' },
    { say: d.reasonClear, expect: 'audience.askMode' },
    { say: '1', expect: 'audience.askName' },
    { say: d.name, expect: 'audience.askPhone' },
    { say: d.phone, expect: 'audience.askAnswerBy' },
    { say: { label: 'answerBy.pickup' }, expect: 'audience.askConsent' },
    { say: { label: 'choice.yes' }, expect: 'audience.askSlot' },
    { say: lang === 'fa' ? '۱' : '1', expect: 'audience.summary' },
    { say: { label: 'choice.confirm' }, expect: 'audience.booked' },
  ];
}

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

  async function play(lang: Lang, turns: Turn[], who = citizen(ctx.app.baseUrl, ctx.channel, LOCALE[lang])) {
    const greeting = await who.start();
    expect(textOf(greeting)).toContain(fixedPart(lang, 'welcome.greeting'));
    let last: ChannelActivity[] = greeting;
    for (const turn of turns) {
      const text = typeof turn.say === 'string' ? turn.say : ctx.app.clerk.texts.t(lang, turn.say.label);
      last = await who.say(text);
      expect({ said: text, got: textOf(last) }).toEqual({
        said: text,
        got: expect.stringContaining(fixedPart(lang, turn.expect)),
      });
    }
    return { who, last };
  }
  return { play, fixedPart };
}
