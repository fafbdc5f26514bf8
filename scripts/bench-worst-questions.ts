/**
 * Every kind of question the clerk asks, with the answers that walk a fresh conversation to it, per language
 * (scripts/bench-worst.ts sends its hostile texts at each).
 */
import type { Lang } from '../dialogs/municipality';

/** What a citizen answers on the way to each question, per language. */
const ANSWERS: Record<Lang, { number: string; date: string; reason: string; name: string }> = {
  ro: {
    number: '123456/2026',
    date: '01.09.2026',
    reason: 'groapă mare în asfalt pe strada Horea nr. 10',
    name: 'Ioana Pop',
  },
  fa: {
    number: '۱۲۳۴۵۶/۲۰۲۶',
    date: '۱۴۰۵/۰۶/۱۰',
    reason: 'چاله بزرگ در آسفالت خیابان هوریا پلاک ۱۰',
    name: 'علی رضایی',
  },
  en: {
    number: '123456/2026',
    date: '01.09.2026',
    reason: 'a big pothole on Horea street no. 10, reported since August',
    name: 'Jane Doe',
  },
};

/**
 * A step on the way: a text typed, the label of a choice in the conversation's language, or a phone number of
 * the citizen's own (each conversation has another: no per-citizen limit is met on the way).
 */
export type Step = string | { label: string } | { phone: true };

export interface Question {
  name: string;
  /** The locale key of the question, to check the walk reached it. */
  expect: string;
  path(lang: Lang): Step[];
}

const toPetition: Step[] = [{ label: 'choice.audience' }, { label: 'choice.levelHead' }];
const toReason = (lang: Lang): Step[] => [
  ...toPetition,
  { label: 'choice.yes' },
  ANSWERS[lang].number,
  ANSWERS[lang].date,
  { label: 'choice.outcomeNegative' },
];
const toAnswerBy = (lang: Lang): Step[] => [
  ...toReason(lang),
  ANSWERS[lang].reason,
  '1',
  ANSWERS[lang].name,
  { phone: true },
];

export const QUESTIONS: Question[] = [
  { name: 'menu', expect: 'welcome.greeting', path: () => [] },
  { name: 'list (level)', expect: 'audience.askLevel', path: () => [{ label: 'choice.audience' }] },
  { name: 'yes/no (petition?)', expect: 'audience.askHasPetition', path: () => toPetition },
  {
    name: 'petition number',
    expect: 'audience.askPetitionNumber',
    path: () => [...toPetition, { label: 'choice.yes' }],
  },
  {
    name: 'date',
    expect: 'audience.askPetitionDate',
    path: (lang) => [...toPetition, { label: 'choice.yes' }, ANSWERS[lang].number],
  },
  { name: 'list (outcome)', expect: 'audience.askPetitionOutcome', path: (l) => toReason(l).slice(0, -1) },
  { name: 'reason', expect: 'audience.askReason', path: toReason },
  { name: 'list (mode)', expect: 'audience.askMode', path: (l) => [...toReason(l), ANSWERS[l].reason] },
  { name: 'name', expect: 'contact.askName', path: (l) => toAnswerBy(l).slice(0, -2) },
  { name: 'phone', expect: 'contact.askPhone', path: (l) => toAnswerBy(l).slice(0, -1) },
  { name: 'list (answer by)', expect: 'audience.askAnswerBy', path: toAnswerBy },
  {
    name: 'e-mail',
    expect: 'audience.askEmail',
    path: (l) => [...toAnswerBy(l), { label: 'answerBy.email' }],
  },
  {
    name: 'postal address',
    expect: 'audience.askPostalAddress',
    path: (l) => [...toAnswerBy(l), { label: 'answerBy.post' }],
  },
  {
    name: 'yes/no (consent)',
    expect: 'contact.askConsent',
    path: (l) => [...toAnswerBy(l), { label: 'answerBy.pickup' }],
  },
  {
    name: 'slots',
    expect: 'audience.askSlot',
    path: (l) => [...toAnswerBy(l), { label: 'answerBy.pickup' }, { label: 'choice.yes' }],
  },
  {
    name: 'confirmation',
    expect: 'audience.summary',
    path: (l) => [...toAnswerBy(l), { label: 'answerBy.pickup' }, { label: 'choice.yes' }, '1'],
  },
  { name: 'information', expect: 'info.prompt', path: () => [{ label: 'choice.info' }] },
  { name: 'booking code', expect: 'booking.askCode', path: () => [{ label: 'choice.myBooking' }] },
  {
    name: 'booking phone',
    expect: 'booking.askPhone',
    path: () => [{ label: 'choice.myBooking' }, 'ACDE-FGHJ'],
  },
];
