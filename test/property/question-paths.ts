/**
 * Every question of the clerk's dialogs, each reached by a scripted path of valid answers from the question
 * before it (the paths of test/helpers/conversation.ts and the end-to-end tests), and the states an answer to
 * it may legitimately lead to. `reachQuestions` walks the paths once per language on a channel, keeping a
 * conversation parked at each question for the properties to copy.
 */
import { LANGS, type Lang } from '../../dialogs/municipality';
import type { Reply } from '../../dialogs/reply';
import type { RunningClerk } from '../helpers/clerk';
import { bookingWithHead } from '../helpers/conversation';
import { dialogStates } from '../helpers/machine-paths';
import { savedDialogState } from '../helpers/saved-dialog';
import type { ChannelDriver, Conversation } from './channel-drivers';

/** What the citizen types: words, the label of a choice in the conversation's language, or a booking's code. */
type Say = string | { label: string } | { code: true };

export interface Question {
  /** Unique name of the question (a state may ask two: the prior audience with a head, or a vice-mayor). */
  id: string;
  /** The dialog's state while it waits for the answer. */
  state: string;
  /** The question it is reached from (none: the menu of a new conversation), and what is answered there. */
  from?: string;
  say: (lang: Lang, channel: ChannelDriver) => Say[];
  /** States an answer may lead to, besides staying, the menu and a person's phone question. */
  leadsTo: string[];
  /** A phone question: SMS does not ask it (the sender's number is the phone), nor what is reached through it. */
  asksPhone?: boolean;
  /** Reached once the conversation's phone holds a booking (made first, from a copy of the summary). */
  needsBooking?: boolean;
}

const fa = (lang: Lang, persian: string, other: string) => (lang === 'fa' ? persian : other);
const label = (key: string) => ({ label: key });
const d = bookingWithHead;
/** A phone per language, so that one language's bookings count against no other's limits. */
const PHONE: Record<Lang, string> = { ro: d.ro.phone, fa: d.fa.phone, en: '+40 744 555 666' };

/** A reason the reason model places under no department: the clerk asks which department. */
const UNPLACED_REASON: Record<Lang, string> = {
  ro: 'cineva a montat o poartă metalică pe pasajul dintre blocuri',
  fa: 'همسایه کوچه مشترک بین ساختمان‌ها را بدون اجازه بسته است',
  en: 'the neighbour closed the shared alley between the blocks without approval',
};
const PENSION: Record<Lang, string> = {
  ro: 'pensia mea nu a fost recalculată',
  fa: 'حقوق بازنشستگی من محاسبه نشده',
  en: 'my pension was not recalculated',
};

const ALL_QUESTIONS: Question[] = [
  {
    id: 'menu',
    state: 'menu',
    say: () => [],
    leadsTo: [
      'chooseLevel',
      'askHasPetition',
      'askPriorAudience',
      'info',
      'askBookingCode',
      'askBookingPhone',
      'bookingNotFound',
      'showBooking',
      'lookupThrottled',
    ],
  },
  {
    id: 'chooseLevel',
    state: 'chooseLevel',
    from: 'menu',
    say: () => [label('choice.audience')],
    leadsTo: ['askHasPetition', 'askPriorAudience'],
  },
  {
    id: 'askHasPetition',
    state: 'askHasPetition',
    from: 'chooseLevel',
    say: () => [label('choice.levelHead')],
    leadsTo: ['askPetitionNumber', 'askPetitionOutcome', 'notEligible'],
  },
  {
    id: 'askPetitionNumber',
    state: 'askPetitionNumber',
    from: 'askHasPetition',
    say: () => [label('choice.yes')],
    leadsTo: ['askPetitionDate', 'askPetitionOutcome'],
  },
  {
    id: 'askPetitionDate',
    state: 'askPetitionDate',
    from: 'askPetitionNumber',
    say: (lang) => [fa(lang, '۱۲۳۴۵۶/۲۰۲۶', '123456/2026')],
    leadsTo: ['askPetitionOutcome'],
  },
  {
    id: 'askPetitionOutcome',
    state: 'askPetitionOutcome',
    from: 'askPetitionDate',
    say: (lang) => [fa(lang, '۱۴۰۵/۰۶/۱۰', '01.09.2026')],
    leadsTo: ['askReason', 'notEligible'],
  },
  {
    id: 'askReason',
    state: 'askReason',
    from: 'askPetitionOutcome',
    say: () => [label('choice.outcomeNegative')],
    leadsTo: ['askMode', 'chooseDepartment', 'outOfCompetence'],
  },
  {
    id: 'outOfCompetence',
    state: 'outOfCompetence',
    from: 'askReason',
    say: (lang) => [PENSION[lang]],
    leadsTo: ['askReason'],
  },
  {
    id: 'chooseDepartment',
    state: 'chooseDepartment',
    from: 'askReason',
    say: (lang) => [UNPLACED_REASON[lang]],
    leadsTo: ['askMode'],
  },
  {
    id: 'askMode',
    state: 'askMode',
    from: 'askReason',
    say: (lang) => [d[lang].reasonClear],
    leadsTo: ['askName'],
  },
  {
    id: 'askName',
    state: 'askName',
    from: 'askMode',
    say: () => [label('mode.site')],
    leadsTo: ['askPhone', 'askAnswerBy'],
  },
  {
    id: 'askPhone',
    state: 'askPhone',
    from: 'askName',
    say: (lang) => [d[lang].name],
    leadsTo: ['askAnswerBy'],
    asksPhone: true,
  },
  {
    id: 'askAnswerBy',
    state: 'askAnswerBy',
    from: 'askName',
    // Over SMS the name is followed by the written answer's question; elsewhere by the phone's.
    say: (lang, channel) => (channel.knowsPhone ? [d[lang].name] : [d[lang].name, PHONE[lang]]),
    leadsTo: ['askEmail', 'askPostalAddress', 'askConsent'],
  },
  {
    id: 'askEmail',
    state: 'askEmail',
    from: 'askAnswerBy',
    say: () => [label('answerBy.email')],
    leadsTo: ['askConsent'],
  },
  {
    id: 'askPostalAddress',
    state: 'askPostalAddress',
    from: 'askAnswerBy',
    say: () => [label('answerBy.post')],
    leadsTo: ['askConsent'],
  },
  {
    id: 'askConsent',
    state: 'askConsent',
    from: 'askAnswerBy',
    say: () => [label('answerBy.pickup')],
    leadsTo: ['chooseSlot', 'citizenLimited'],
  },
  {
    id: 'chooseSlot',
    state: 'chooseSlot',
    from: 'askConsent',
    say: () => [label('choice.yes')],
    leadsTo: ['confirming'],
  },
  {
    id: 'confirming',
    state: 'confirming',
    from: 'chooseSlot',
    say: (lang) => [fa(lang, '۱', '1')],
    leadsTo: ['chooseSlot', 'citizenLimited'],
  },
  {
    // The phone already holds an audience with the official that day: a second is refused.
    id: 'citizenLimited',
    state: 'citizenLimited',
    from: 'confirming',
    say: () => [label('choice.confirm')],
    leadsTo: ['chooseSlot', 'askBookingCode'],
    needsBooking: true,
  },
  {
    id: 'askPriorHeadAudience',
    state: 'askPriorAudience',
    from: 'chooseLevel',
    say: () => [label('choice.levelDeputy')],
    leadsTo: ['askReason', 'askPriorAudienceDate', 'notEligible'],
  },
  {
    id: 'askPriorDeputyAudience',
    state: 'askPriorAudience',
    from: 'chooseLevel',
    say: () => [label('choice.levelMayor')],
    leadsTo: ['askReason', 'askPriorAudienceDate', 'notEligible'],
  },
  {
    id: 'askPriorAudienceDate',
    state: 'askPriorAudienceDate',
    from: 'askPriorHeadAudience',
    say: () => [label('choice.yes')],
    leadsTo: ['askReason'],
  },
  {
    id: 'askDeputyReason',
    state: 'askReason',
    from: 'askPriorAudienceDate',
    say: (lang) => [fa(lang, '۱۴۰۵/۰۶/۱۰', '01.09.2026')],
    leadsTo: ['chooseDeputy', 'outOfCompetence'],
  },
  {
    id: 'chooseDeputy',
    state: 'chooseDeputy',
    from: 'askDeputyReason',
    say: (lang) => [d[lang].reasonClear],
    leadsTo: ['askMode'],
  },
  {
    id: 'notEligible',
    state: 'notEligible',
    from: 'askPriorDeputyAudience',
    say: () => [label('choice.no')],
    leadsTo: ['askPriorAudience', 'askHasPetition'],
  },
  { id: 'info', state: 'info', from: 'menu', say: () => [label('choice.info')], leadsTo: [] },
  {
    id: 'askPersonPhone',
    state: 'askPersonPhone',
    from: 'menu',
    say: () => [label('choice.person')],
    leadsTo: [],
    asksPhone: true,
  },
  {
    id: 'askBookingCode',
    state: 'askBookingCode',
    from: 'menu',
    say: () => [label('choice.myBooking')],
    leadsTo: ['askBookingPhone', 'bookingNotFound', 'showBooking', 'lookupThrottled'],
  },
  {
    id: 'askBookingPhone',
    state: 'askBookingPhone',
    from: 'askBookingCode',
    say: () => [{ code: true }],
    leadsTo: ['bookingNotFound', 'showBooking', 'lookupThrottled'],
    asksPhone: true,
    needsBooking: true,
  },
  {
    id: 'bookingNotFound',
    state: 'bookingNotFound',
    from: 'askBookingPhone',
    say: () => ['0733 999 888'],
    leadsTo: ['askBookingCode'],
  },
  {
    id: 'showBooking',
    state: 'showBooking',
    from: 'askBookingPhone',
    say: (lang) => [PHONE[lang]],
    leadsTo: ['confirmCancelBooking', 'chooseNewSlot'],
  },
  {
    id: 'confirmCancelBooking',
    state: 'confirmCancelBooking',
    from: 'showBooking',
    say: () => [label('choice.cancelBooking')],
    leadsTo: ['showBooking'],
  },
  {
    id: 'chooseNewSlot',
    state: 'chooseNewSlot',
    from: 'showBooking',
    say: () => [label('choice.moveBooking')],
    leadsTo: ['confirmMove', 'showBooking'],
  },
  {
    id: 'confirmMove',
    state: 'confirmMove',
    from: 'chooseNewSlot',
    say: (lang) => [fa(lang, '۱', '1')],
    leadsTo: ['showBooking', 'chooseNewSlot'],
  },
  {
    // Wrong phones for one code, five times: the code is refused for a while, whatever the phone.
    id: 'lookupThrottled',
    state: 'lookupThrottled',
    from: 'bookingNotFound',
    say: () =>
      Array.from({ length: 5 }, () => [
        label('choice.tryAgain'),
        { code: true as const },
        '0733 999 888',
      ]).flat(),
    leadsTo: [],
  },
];

/** The questions of the dialogs as the machine has them (a question of a state it no longer has is left out). */
const STATES = dialogStates();
export const QUESTIONS = ALL_QUESTIONS.filter((q) => STATES.has(q.state));

/** Where any question may go: the menu ("meniu"), and a person (asked for a phone to call back). */
export const ALWAYS_ALLOWED = ['menu', 'askPersonPhone'];

const byId = new Map(QUESTIONS.map((q) => [q.id, q]));
export const question = (id: string) => byId.get(id)!;

/** The saved state of a conversation: the dialog's state, its language, and the question it waits on. */
export async function savedState(app: RunningClerk, id: string) {
  const record = await app.clerk.conversations.load(id);
  const snapshot = record?.snapshot as { context: { prompt?: Reply } } | undefined;
  return { lang: record?.lang, state: savedDialogState(snapshot), prompt: snapshot?.context.prompt };
}

/**
 * Conversations parked at each of `ids` (and the questions on their way), per language, reached on
 * `channel` by the scripted paths. A booking is made first for the "my booking" questions.
 */
export async function reachQuestions(
  app: RunningClerk,
  channel: ChannelDriver,
  ids: string[],
  langs: readonly Lang[] = LANGS,
): Promise<Record<Lang, Map<string, Conversation>>> {
  const wanted = new Set<string>();
  const want = (id: string) => {
    if (wanted.has(id)) return;
    const q = question(id);
    if (q.from) want(q.from);
    wanted.add(id);
  };
  for (const id of ids) want(id);
  // A booking is made from a copy of the summary for the questions that need one.
  if (QUESTIONS.some((q) => q.needsBooking && wanted.has(q.id))) want('confirming');
  const throughPhone = (q: Question): boolean =>
    !!q.asksPhone || (!!q.from && throughPhone(question(q.from)));
  const ordered = QUESTIONS.filter((q) => wanted.has(q.id) && !(channel.knowsPhone && throughPhone(q)));

  const parked = {} as Record<Lang, Map<string, Conversation>>;
  for (const lang of langs) {
    const here = new Map<string, Conversation>();
    parked[lang] = here;
    let code = '';
    for (const q of ordered) {
      if (q.needsBooking && !code) code = await book(app, channel, here.get('confirming')!, lang);
      const c = q.from ? await channel.fork(here.get(q.from)!) : await channel.open(lang);
      for (const say of q.say(lang, channel)) {
        const text =
          typeof say === 'string' ? say : 'label' in say ? app.clerk.texts.t(lang, say.label) : code;
        const seen = await c.say(text);
        if (seen.status !== 200)
          throw new Error(`${channel.name}, ${lang}: "${text}" answered ${seen.status}`);
      }
      const saved = await savedState(app, c.id);
      if (saved.state !== q.state)
        throw new Error(`${channel.name}, ${lang}: the path to ${q.id} ended at ${saved.state}`);
      here.set(q.id, c);
    }
  }
  return parked;
}

/** Confirms the audience of a copy of the conversation parked at its summary; the booking's code. */
async function book(app: RunningClerk, channel: ChannelDriver, confirming: Conversation, lang: Lang) {
  const c = await channel.fork(confirming);
  const seen = await c.say(app.clerk.texts.t(lang, 'choice.confirm'));
  const code = seen.texts.join('\n').match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0];
  if (!code) throw new Error(`${channel.name}, ${lang}: no booking code in ${seen.texts.join('\n')}`);
  return code;
}
