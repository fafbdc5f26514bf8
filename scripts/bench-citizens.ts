/** The benchmark's simulated citizens: what each says, turn by turn (scripts/bench.ts and the engine run). */
import { createTexts } from '../bot/i18n';
import { benchCity } from './bench-server';

/** What one simulated citizen says, turn by turn; `next(reply)` returns undefined when the conversation is over. */
export type Script = () => { next(lastReply: string): { text?: string; start?: boolean } | undefined };

export function clerkScript(full: boolean): Script {
  const texts = createTexts(benchCity());
  const t = (key: string) => texts.t('ro', key);
  const reasons = [
    'groapă mare în asfalt pe strada Horea nr. 10',
    'iluminatul public nu funcționează pe strada mea',
    'autorizație de construire pentru extinderea casei',
    'impozitul pe clădire calculat greșit',
    'tăierea copacilor din parcul din cartier',
    'locuință socială pentru familia mea',
    'ajutor social pentru o persoană vârstnică',
    'zgomot de la barul din colț noaptea',
  ];
  const slotTaken = t('slots.taken');
  let n = 0;
  return () => {
    const reason = reasons[n % reasons.length];
    // A phone of their own: one phone may hold few audiences (municipality `audience.perCitizen`).
    const phone = `0722 ${String(n++ % 1_000_000).padStart(6, '0')}`;
    const turns: { text?: string; start?: boolean }[] = [
      { start: true },
      { text: t('choice.audience') },
      { text: t('choice.levelHead') },
      { text: t('choice.yes') },
      { text: '123456/2026' },
      ...(full
        ? [
            { text: '01.09.2026' },
            { text: t('choice.outcomeNegative') },
            { text: reason },
            { text: '1' },
            { text: 'Ioana Pop' },
            { text: phone },
            { text: '4' },
            { text: t('choice.yes') },
            { text: '1' },
            { text: t('choice.confirm') },
          ]
        : []),
    ];
    let i = 0;
    let retries = 0;
    return {
      next(lastReply) {
        // Another citizen took the place first: choose again from what is offered now, and confirm.
        if (i === turns.length && lastReply.includes(slotTaken) && retries++ < 5) i -= 2;
        return turns[i++];
      },
    };
  };
}

export const echoScript: Script = () => {
  let i = 0;
  return { next: () => (i++ < 15 ? { text: `hello ${i}` } : undefined) };
};
