import type { ProcedureDialog } from '../dialog-protocol';
import { infoTopics, topicOfIntent } from '../info/answers';
import type { Municipality } from '../municipality';
import type { Choice, ClerkEvent, Reply } from '../reply';
import { OPEN_SCORE } from './interruptions';

/**
 * What a desk clerk answers whatever the question on the table: thanks, goodbye, "are you a robot", rudeness,
 * "what can you do"; a matter of another institution (the competent one from the city's data, and what the city
 * hall can do instead); and, where a message reads two ways, which one was meant. Pure: events in, replies out.
 */

/**
 * The small-talk intents (data/nlu/<lang>/clerk.json) and what each is answered. Not a greeting: the first
 * message and the menu greet back in full, and in the middle of a question a "greeting" is more often a word the
 * model has seen in one (a name) than a citizen saying hello again.
 */
const SMALL_TALK: Record<string, string> = {
  'smalltalk.thanks': 'smalltalk.thanks',
  'smalltalk.goodbye': 'smalltalk.goodbye',
  'smalltalk.bot': 'smalltalk.bot',
  'smalltalk.abuse': 'smalltalk.abuse',
  /** A language the clerk does not speak (bot/language.ts): answered in each of its languages. */
  'language.foreign': 'language.foreign',
};

/** After these the question is not asked again: the citizen is leaving, or was answered in full. */
const CLOSING = new Set(['smalltalk.goodbye']);

/** The reply to a small-talk intent, if it is one. */
export function smallTalkReply(intent: string | undefined): Reply | undefined {
  const key = intent ? SMALL_TALK[intent] : undefined;
  if (!key) return undefined;
  return intent === 'language.foreign' ? { key, inEveryLanguage: true } : { key };
}

export const isClosing = (intent: string | undefined) => !!intent && CLOSING.has(intent);

/** The institution an `outside.<referral>` intent names, from the city's referrals, with what the city hall does. */
export function outsideReply(intent: string | undefined, city: Municipality): Reply | undefined {
  if (!intent?.startsWith('outside.')) return undefined;
  const key = intent.slice('outside.'.length);
  const institution = city.referrals?.[key];
  const instead = city.referralsInstead?.[key];
  return {
    key: 'outside.referral',
    params: {
      institution: institution ?? { t: 'outside.competentInstitution' },
      instead: instead ? { t: 'outside.instead', params: { what: instead } } : '',
    },
  };
}

/**
 * The choice that leads where an intent asks, in this city: a procedure's menu choice, an information topic,
 * my booking, a person, help. Undefined for what has no place to go (small talk, another institution).
 */
function choiceFor(
  intent: string,
  city: Municipality,
  dialogs: readonly ProcedureDialog[],
): Choice | undefined {
  const dialog = dialogs.find((d) => d.intent === intent);
  if (dialog) return dialog.menuChoice;
  const topic = topicOfIntent(intent);
  if (topic && infoTopics(city).includes(topic))
    return { value: `info.${topic}`, key: `choice.infoTopic.${topic}` };
  if (intent === 'booking.manage') return { value: 'myBooking', key: 'choice.myBooking' };
  if (intent === 'person.request') return { value: 'person', key: 'choice.person' };
  if (intent === 'nav.help') return { value: 'help', key: 'choice.help' };
  return undefined;
}

/** A reading below OPEN_SCORE but at least this sure is offered as a guess (a button) rather than dropped. */
export const GUESS_SCORE = 0.3;

/**
 * Where a message reads two ways nearly as well (the NLU's `alternative`), the two places it may mean, as
 * choices; where it reads one way, but not surely enough to go there, that one as a guess — or undefined when
 * it reads one way surely, or a reading leads nowhere a button could.
 */
export function whichOne(
  event: ClerkEvent,
  city: Municipality,
  dialogs: readonly ProcedureDialog[],
): Choice[] | undefined {
  if (event.type !== 'user.text' || !event.intent) return undefined;
  const first = choiceFor(event.intent.intent, city, dialogs);
  if (!first) return undefined;
  // A guess is not needed where the message names an official: that settles it (see the audience's `opens`).
  if (!event.intent.alternative)
    return event.intent.score < OPEN_SCORE && event.intent.score >= GUESS_SCORE && !event.intent.official
      ? [first]
      : undefined;
  const second = choiceFor(event.intent.alternative, city, dialogs);
  if (!second || first.value === second.value) return undefined;
  return [first, second];
}
