/**
 * Hostile text at every question, on every channel (property-based, fast-check): generated texts up to the
 * 2,000-character limit and just over it — repeated negations and choice words ("nu ", "no ", "نه ", "da ",
 * "1 ", the question's own option labels in ro, fa and en), mixed Latin, Arabic/Persian and Cyrillic
 * script, ASCII, Persian and Arabic-Indic digits, bidi and control characters (U+202E, U+2066, U+200F,
 * U+0000, U+001B), lone surrogates, emoji, long words without spaces, whitespace alone.
 *
 * For each turn: the channel's normal success (never a 5xx, never the calm technical error), an answer in
 * the conversation's language (the reply's locale, its script, and the question the dialog now waits on
 * asked in that language, no sentence of another language's pack) with no program text in it (JavaScript,
 * SQL, templates, stacks, locale keys, state names), the dialog at the question or at a state that
 * question legitimately leads to (the Emulator's `civic-clerk.turn` trace says the same), and nothing
 * sanitize() removes kept in the store.
 *
 * Channels: every question of the dialogs (the test below checks the list against the machine) on the
 * Emulator's protocol and on Direct Line; over Twilio SMS every question asked there (the sender's number is
 * the phone: the phone questions and "my booking" after the code are not asked). Each question is reached once per language by a
 * scripted path of valid answers on that channel; each generated text is sent to a new conversation of the
 * same channel holding a copy of that state (copied in the real store), so no run sees another's dialog
 * and a failure shrinks on the same state. The language of each run is generated too.
 *
 * Reproducible: a fixed seed per question (FC_SEED changes the base); a failure prints its seed, path and
 * shrunk counterexample (replay it with `{ seed, path }` in that fc.assert's options). Runs share one clerk:
 * "my booking" runs act on the same booking (one that cancels it ends it for the runs after). Twilio's REST
 * API is faked (the network); everything else is real. ≈ 300 turns, ≈ 15 s of hooks and tests here.
 */
import fc from 'fast-check';
import { LANGS, type Lang } from '../../dialogs/municipality';
import { MONDAY_10AM, startChannel, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { fakeTwilio } from '../helpers/fake-twilio';
import { waitingStates } from '../helpers/machine-paths';
import {
  directLineDriver,
  emulatorDriver,
  smsDriver,
  type ChannelDriver,
  type Conversation,
} from './channel-drivers';
import { hostileText } from './hostile-text';
import { QUESTIONS, question, reachQuestions, savedState } from './question-paths';
import { checkTurn } from './turn-checks';

const BASE_SEED = Number(process.env.FC_SEED ?? 20261123);
const TWILIO = { token: 'hostile-text-token', publicUrl: 'https://clerk.example.org' };
/** Limits that would refuse a test sending this many messages (set high: the tests are not about them). */
const NO_LIMITS = {
  ACTIVITIES_PER_CONVERSATION_PER_MINUTE: '100000',
  ACTIVITIES_PER_CONVERSATION: '100000',
  INBOUND_MAX_PER_NUMBER_PER_MINUTE: '100000',
  INBOUND_MAX_PER_MINUTE: '100000',
  WEBCHAT_TOKENS_PER_ADDRESS_PER_MINUTE: '100000',
  WEBCHAT_TOKENS_PER_MINUTE: '100000',
};
/** Generated texts a question gets (a turn is ≈ 25 ms here; the file's turns take ≈ 10 s of its time). */
const RUNS = { key: 16, other: 5, representative: 6 };
/** Questions where a misread answer costs most: generated texts are sent there more often. */
const KEY_QUESTIONS = new Set(['menu', 'askHasPetition', 'askName', 'askReason', 'chooseSlot']);
/**
 * Over SMS the sender's number is the phone: the phone questions are not asked, and "my booking" goes from
 * the code straight to the booking (its not-found and throttled answers, too, come without a phone asked).
 */
const NOT_OVER_SMS = new Set([
  'askPhone',
  'askPersonPhone',
  'askBookingPhone',
  'bookingNotFound',
  'showBooking',
  'confirmCancelBooking',
  'chooseNewSlot',
  'confirmMove',
  'lookupThrottled',
  'citizenLimited',
]);

let tmp: ReturnType<typeof tempDir>;
let app: RunningClerk;
let channel: Awaited<ReturnType<typeof startChannel>>;

beforeAll(async () => {
  tmp = tempDir();
  channel = await startChannel();
  app = await startClerk({
    dbPath: `${tmp.dir}/clerk.db`,
    now: () => MONDAY_10AM,
    twilioHttpClient: fakeTwilio(() => MONDAY_10AM).httpClient,
    env: {
      ...NO_LIMITS,
      PUBLIC_BASE_URL: TWILIO.publicUrl,
      TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: TWILIO.token,
      TWILIO_FROM: '+40700000001',
    },
  });
}, 60_000);
afterAll(async () => {
  try {
    await app?.close();
  } finally {
    await channel?.close();
    tmp?.remove();
  }
});

/** Sent at every question before the generated texts: texts that once took seconds of CPU or stored a lone surrogate. */
const EXAMPLES: [Lang, string][] = [
  ['ro', `${'nu '.repeat(665)}yes`],
  ['fa', `\u202E${'نه '.repeat(666)}`],
  // Over the limit, cut between the halves of an emoji: nothing unclean may be stored.
  ['ro', `${'x'.repeat(2000)}😀`],
];

/** A seed of its own for each channel and question, from the base. */
function seedFor(channelName: string, id: string): number {
  let hash = BASE_SEED;
  for (const c of `${channelName}/${id}`) hash = (Math.imul(hash, 31) + c.charCodeAt(0)) | 0;
  return hash;
}

/** The question's option labels in every language (what a citizen may type to choose one). */
async function optionLabels(parked: Record<Lang, Map<string, Conversation>>, id: string): Promise<string[]> {
  const labels = new Set<string>();
  for (const lang of LANGS) {
    const conversation = parked[lang].get(id);
    if (!conversation) continue;
    const { prompt } = await savedState(app, conversation.id);
    for (const choice of prompt?.choices ?? [])
      for (const l of LANGS) labels.add(app.clerk.texts.t(l, choice.key, choice.params));
  }
  return [...labels];
}

async function hostileTurns(
  driver: ChannelDriver,
  parked: Record<Lang, Map<string, Conversation>>,
  id: string,
  numRuns: number,
) {
  const q = question(id);
  const labels = await optionLabels(parked, id);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...LANGS), hostileText(labels), async (lang, text) => {
      const conversation = await driver.fork(parked[lang].get(id)!);
      const seen = await conversation.say(text);
      await checkTurn(app, driver, q, conversation, text, seen);
    }),
    { numRuns, seed: seedFor(driver.name, id), examples: EXAMPLES },
  );
}

describe('on the Emulator’s protocol, at every question', () => {
  const emulator = emulatorDriver(
    () => app,
    () => channel,
    MONDAY_10AM,
  );
  let parked: Record<Lang, Map<string, Conversation>>;
  beforeAll(async () => {
    parked = await reachQuestions(
      app,
      emulator,
      QUESTIONS.map((q) => q.id),
    );
  }, 60_000);

  it('the questions are every state where the dialog waits for an answer', () => {
    // Reached only when the search for places fails for a reason other than the store (a defect): no scripted
    // path of answers gets there; its question is a closed one, as the machine tests show.
    const waiting = waitingStates().filter((state) => state !== 'slotsFailed');
    expect([...new Set(QUESTIONS.map((q) => q.state))].sort()).toEqual(waiting.sort());
  });

  it.each(QUESTIONS.map((q) => q.id))(
    '%s',
    (id) => hostileTurns(emulator, parked, id, KEY_QUESTIONS.has(id) ? RUNS.key : RUNS.other),
    60_000,
  );
});

describe('on Direct Line, at every question', () => {
  const directLine = directLineDriver(() => app, MONDAY_10AM);
  const ids = QUESTIONS.map((q) => q.id);
  let parked: Record<Lang, Map<string, Conversation>>;
  beforeAll(async () => {
    parked = await reachQuestions(app, directLine, ids);
  }, 60_000);

  it.each(ids)('%s', (id) => hostileTurns(directLine, parked, id, RUNS.representative), 60_000);
});

describe('over SMS (Twilio’s signed webhook), at every question asked over SMS', () => {
  const sms = smsDriver(() => app, TWILIO, MONDAY_10AM);
  const ids = QUESTIONS.map((q) => q.id).filter((id) => !NOT_OVER_SMS.has(id));
  let parked: Record<Lang, Map<string, Conversation>>;
  beforeAll(async () => {
    parked = await reachQuestions(app, sms, ids);
  }, 60_000);

  it.each(ids)('%s', (id) => hostileTurns(sms, parked, id, RUNS.representative), 60_000);
});
