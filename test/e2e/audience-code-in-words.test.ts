/**
 * What the citizen already said is used: a reference code written in a sentence ("vreau să anulez programarea
 * XC7R-9HFJ") opens that booking — the phone checked, then the booking with its choices — without the code being
 * asked for again; before the first message or at the menu, in Romanian, Persian and English. The move it leads
 * to sends an SMS that says where the audience is held.
 */
import type { Lang } from '../../dialogs/municipality';
import { toPersianDigits } from '../../dialogs/text/normalize';
import { smsCost } from '../../bot/notify/sms-segments';
import { buttonsOf, citizen, clerkPerTest, textOf } from '../helpers/clerk';
import {
  bookingWithHead,
  conversationTables,
  FIRST_PLACE,
  headTurns,
  LOCALE,
  officialTitle,
  SECOND_PLACE,
} from '../helpers/conversation';

const ctx = clerkPerTest();
const { play } = conversationTables(ctx);

/** Sentences naming a booking by its code, as citizens write them. */
const sentences: Record<Lang, ((code: string) => string)[]> = {
  ro: [(code) => `vreau să anulez programarea ${code}`, (code) => `anulez ${code}`],
  fa: [
    (code) => `می‌خواهم نوبتم را لغو کنم ${code}`,
    (code) => `نوبت ${toPersianDigits(code)} را جابجا کنید`,
  ],
  en: [
    (code) => `cancel my booking ${code}`,
    (code) => `please move ${code.replace('-', ' ')} to another day`,
  ],
};

describe.each<Lang>(['ro', 'fa', 'en'])('a booking named by its code in a sentence, in %s', (lang) => {
  const t = (key: string, params?: Parameters<typeof ctx.app.clerk.texts.t>[2]) =>
    ctx.app.clerk.texts.t(lang, key, params);
  const official = officialTitle('head-technical');

  async function book(): Promise<string> {
    const { last } = await play(lang, headTurns(lang, FIRST_PLACE));
    return textOf(last).match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)![0];
  }

  it('at the menu and before the first message: the phone, then the booking, never the code again', async () => {
    const code = await book();
    for (const sentence of sentences[lang]) {
      const said = sentence(code);
      // At the menu (greeted first) …
      await play(lang, [
        { say: said, expect: 'booking.askPhone' },
        {
          say: bookingWithHead[lang].phone,
          expect: 'booking.show',
          params: {
            code,
            what: { t: 'audience:what', params: { official, mode: { t: 'mode.site' } } },
            when: FIRST_PLACE,
          },
        },
      ]);
      // … and as the very first message.
      const who = citizen(ctx.app.baseUrl, ctx.channel, LOCALE[lang]);
      const asked = await who.say(said);
      expect({ said, got: textOf(asked) }).toEqual({
        said,
        got: expect.stringContaining(t('booking.askPhone')),
      });
      expect(textOf(asked)).not.toContain(t('booking.askCode'));
      const shown = await who.say(bookingWithHead[lang].phone);
      expect(textOf(shown)).toContain(
        t('booking.show', {
          code,
          what: { t: 'audience:what', params: { official, mode: { t: 'mode.site' } } },
          when: FIRST_PLACE,
        }),
      );
      expect(buttonsOf(shown)).toEqual([
        t('choice.moveBooking'),
        t('choice.cancelBooking'),
        t('choice.menu'),
      ]);
    }
  });

  it('moved from there: the SMS says where the audience is held, in GSM-7 in Romanian', async () => {
    const code = await book();
    await play(lang, [
      { say: sentences[lang][0](code), expect: 'booking.askPhone' },
      { say: bookingWithHead[lang].phone, expect: 'booking.show' },
      {
        say: { label: 'choice.moveBooking' },
        expect: 'booking.askNewSlot',
        params: { official, when: FIRST_PLACE },
      },
      { say: '1', expect: 'booking.confirmMove', params: { from: FIRST_PLACE, to: SECOND_PLACE } },
      { say: { label: 'choice.yes' }, expect: 'booking.moved', params: { code, when: SECOND_PLACE } },
    ]);
    const moved = (await ctx.app.clerk.outbox.list()).find((m) => m.kind === 'booking.moved')!;
    const site = ctx.app.clerk.city.sites.find((s) => s.id === ctx.app.clerk.city.audience!.inPersonSite)!;
    const where = t('audience:where.site', { address: `${site.name}, ${site.address}` });
    const plain = where
      .normalize('NFD')
      .replace(/(?<=\p{Script=Latin})\p{Mn}+/gu, '')
      .normalize('NFC');
    expect(moved.body).toContain(plain);
    if (lang === 'ro') {
      expect(smsCost(moved.body).encoding).toBe('GSM-7');
      expect(moved.segments).toBeLessThanOrEqual(2);
    }
  });
});
