import { createActor, waitFor, type Actor, type AnyStateMachine, type Snapshot } from 'xstate';
import type { ConversationMachine } from '../dialogs/conversation/conversation.machine';
import { dialogDecision, dialogState, dialogTags } from '../dialogs/conversation/dialog-state';
import type { Decision } from '../dialogs/dialog-protocol';
import { LANGS, type Lang, type Municipality } from '../dialogs/municipality';
import type { ProcedureBookings } from '../dialogs/procedure';
import type { Choice, ClerkEvent, Reply, StaffRequest } from '../dialogs/reply';
import {
  choiceWords,
  foldLabels,
  namesAnswer,
  readChoice,
  type ChoiceOption,
} from '../dialogs/text/choice-match';
import { fold, sanitize } from '../dialogs/text/normalize';
import { createDialogEffects } from './dialog-effects';
import { everyLanguage, type Texts } from './i18n';
import { detectLanguage, foreignLanguage, languageNames, languageSwitch, readLanguage } from './language';
import type { Logger } from './logger';
import { createSerialQueue } from './serial-queue';
import type { Understanding } from './nlu';
import type { BookingStore } from './store/booking-store';
import type { HoldStore } from './store/hold-store';
import type { ConversationRecord, ConversationStore, TranscriptLine } from './store/conversation-store';
import type { KeyedHash } from './store/keyed-hash';
import type { LookupStore } from './store/lookup-store';
import type { StaffStore } from './store/staff-store';

/** One message as every channel hands it to the clerk. */
export interface IncomingMessage {
  /** Unique per channel conversation (the channel adapter prefixes it with the channel). */
  conversationId: string;
  channel: string;
  kind: 'start' | 'message';
  text?: string;
  locale?: string;
  hasAttachments?: boolean;
  /** The citizen's number when the channel gives it (SMS, WhatsApp): the clerk does not ask for it. */
  senderPhone?: string;
}

/** What the clerk answers, rendered in the citizen's language, before the channel gives it its own form. */
export interface OutgoingReply {
  text: string;
  choices: { value: string; label: string }[];
  /** A named link (the calendar invite): a button on rich channels, "label: url" on text-only ones. */
  link?: { label: string; url: string };
}

export interface TurnResult {
  lang: Lang;
  replies: OutgoingReply[];
  /** The dialog state after the turn (for staff traces and tests). */
  state: string;
  /** For staff trying flows (the Emulator's inspector): where the dialog was, what it received, what decided. */
  trace: TurnTrace;
}

export interface TurnTrace {
  from: string;
  to: string;
  /** The event the dialog received, without the citizen's words (type, choice value, NLU verdicts). */
  event: Record<string, unknown>;
  /** The rule that decided this turn, if one did. */
  decided?: Decision;
  /** What the clerk said, as locale keys (the words are in the transcript). */
  said: string[];
  /** The procedure running after the turn, if one runs. */
  procedure?: string;
}

export interface TurnEngineDeps {
  city: Municipality;
  machine: ConversationMachine;
  /** The version of the dialog `machine` is (dialogs/dialog-version.ts): saved with each conversation's state. */
  dialogVersion: number;
  /** The city's procedures' bookings: their resources and how a booking is described. */
  procedures: ProcedureBookings[];
  texts: Texts;
  nlu: Understanding;
  conversations: ConversationStore;
  bookings: BookingStore;
  /** "My booking" look-ups counted per conversation and per code (dialogs/rules/lookup-limits.ts). */
  lookups: LookupStore;
  /** Log lines name a booking or a conversation by a keyed hash, never by its code or id (an SMS one is a phone). */
  hash: KeyedHash;
  staff: StaffStore;
  /** Conversations a person holds: the clerk stays quiet in them. */
  holds: Pick<HoldStore, 'isHeld'>;
  isHoliday: (isoDate: string) => boolean;
  now: () => Date;
  publicBaseUrl: string;
  /** Local time of the reminder the day before an audience (HH:mm). */
  reminderLocalTime: string;
  log: Logger;
}

export interface TurnEngine {
  handle(message: IncomingMessage): Promise<TurnResult>;
  /**
   * Appends lines to a conversation's transcript without a turn (what a person wrote from the desk), in order with
   * its turns and keeping its state; false if the conversation does not exist.
   */
  append(conversationId: string, lines: TranscriptLine[]): Promise<boolean>;
  /** Resolves when every turn in flight has finished (graceful shutdown). */
  drain(): Promise<void>;
}

/**
 * A message guessed to be in another language is taken as one unless the conversation's model is this sure of it
 * (nlp.js is sure of a few Romanian-looking words in a Hungarian sentence at about 0.8).
 */
const FOREIGN_UNLESS_SCORE = 0.9;

/** Longer messages are not read: the citizen is asked to shorten them. */
export const MAX_TEXT_LENGTH = 2000;
const BUSY_TIMEOUT_MS = 15_000;
/** The dialog has settled: it waits for no effect (or it stopped). */
const isSettled = (s: { hasTag(tag: string): boolean; status: string }) =>
  !s.hasTag('busy') || s.status !== 'active';

/** A conversation's dialog during one of its turns. */
interface Dialog {
  actor: Actor<ConversationMachine>;
  /** The conversation as last saved. */
  record: ConversationRecord;
  /** Where the actor's replies and staff requests go: the current turn's lists. */
  out: { replies: Reply[]; requests: StaffRequest[] };
  /** The saved state was set aside (saved by a dialog this version cannot restore): the citizen is told. */
  outdated?: boolean;
}

export function createTurnEngine(deps: TurnEngineDeps): TurnEngine {
  const { city, texts, nlu, conversations, staff, log } = deps;
  const tag = deps.hash.short;

  /** Every turn of one conversation runs after the previous one: state is read and written in order. */
  const queue = createSerialQueue();

  const navWords = (key: string) => new Set(LANGS.flatMap((lang) => texts.list(lang, key)).map(fold));
  const MENU_WORDS = navWords('synonyms.menu');
  const HELP_WORDS = navWords('synonyms.help');
  const PERSON_WORDS = navWords('synonyms.person');
  const CHOICE_WORDS = choiceWords((key) => everyLanguage(texts, key));
  const LANGUAGE_NAMES = languageNames(texts);

  /**
   * Every way of saying a choice (its label in each language, the synonyms of its value and those of its label
   * alone, as "da" for the offer "Audiență la un viceprimar"), cached: labels are stable. In a list of three or
   * more, its place too: "primul", "a doua variantă", "the third one", "اولی" (its number is read anyway).
   */
  const labelCache = new Map<string, ChoiceOption>();
  function choiceOption(c: Choice): ChoiceOption {
    const id = c.params
      ? `${c.value}\u0000${c.key}\u0000${JSON.stringify(c.params)}`
      : `${c.value}\u0000${c.key}`;
    let option = labelCache.get(id);
    if (!option) {
      // Built when first read: an answer that is the option's number needs no labels (a slot's, in three
      // languages and calendars, are the dearest).
      let labels: string[] | undefined;
      let folded: string[] | undefined;
      const all = () =>
        (labels ??= LANGS.flatMap((lang) => [
          texts.t(lang, c.key, c.params),
          ...texts.list(lang, `synonyms.${c.value}`),
          ...texts.list(lang, `synonyms.${c.key}`),
        ]));
      option = {
        value: c.value,
        get labels() {
          return all();
        },
        get folded() {
          return (folded ??= foldLabels(all()));
        },
      };
      if (labelCache.size > 2_000) labelCache.clear();
      labelCache.set(id, option);
    }
    return option;
  }
  /** The ways of saying a place in a list ("primul", "the second one", "سومی"), in every language, folded. */
  const placeWords = new Map<number, string[]>();
  function wordsForPlace(place: number): string[] {
    let words = placeWords.get(place);
    if (!words) {
      words = foldLabels(LANGS.flatMap((lang) => texts.list(lang, `synonyms.position.${place}`)));
      placeWords.set(place, words);
    }
    return words;
  }
  function choiceOptions(choices: Choice[]): ChoiceOption[] {
    const options = choices.map(choiceOption);
    if (choices.length < 3) return options;
    return options.map((o, i) => {
      const words = wordsForPlace(i + 1);
      if (!words.length) return o;
      return {
        value: o.value,
        get labels() {
          return [...o.labels, ...words];
        },
        get folded() {
          return [...o.folded!, ...words];
        },
      };
    });
  }

  /**
   * What the citizen's text means where the dialog is: a global command, one of the offered choices, or free
   * text with what the NLU makes of it (the reason model only where the state is tagged `understands.reason`).
   * Where the dialog is tagged `reads.language` (the menu, before the first message), a message clearly in
   * another of the clerk's languages also says to speak that language (`lang`).
   */
  async function toEvent(
    record: ConversationRecord,
    text: string,
    at: string,
    tags: Set<string>,
    offered: Choice[],
  ): Promise<{ event: ClerkEvent; lang?: Lang }> {
    const folded = fold(text);
    if (MENU_WORDS.has(folded)) return { event: { type: 'nav.menu', at } };
    if (HELP_WORDS.has(folded)) return { event: { type: 'nav.help', at } };
    if (PERSON_WORDS.has(folded)) return { event: { type: 'nav.person', at } };
    const chosen = readChoice(text, choiceOptions(offered), CHOICE_WORDS);
    if (chosen && !chosen.inSentence) return { event: { type: 'user.choice', value: chosen.value, at } };
    // Written in a language the clerk does not speak, which the conversation's model does not understand: said
    // so, in each of the clerk's languages (before another of its models reads a few words of it as its own).
    if (!chosen && foreignLanguage(text)) {
      const own = await nlu.intent(record.lang, text);
      if (own.intent === 'None' || own.score < FOREIGN_UNLESS_SCORE)
        return { event: { type: 'user.text', text, at, intent: { intent: 'language.foreign', score: 1 } } };
    }
    // What the text asks is read everywhere (a question can come in the middle of any other question);
    // a reason only where one is expected.
    const [read, reason] = await Promise.all([
      tags.has('reads.language')
        ? readLanguage(text, record.lang, (lang) => nlu.intent(lang, text))
        : nlu.intent(record.lang, text).then((intent) => ({ lang: record.lang, intent })),
      tags.has('understands.reason') ? nlu.reason(record.lang, text) : undefined,
    ]);
    const lang = read.lang !== record.lang ? read.lang : undefined;
    // A choice said inside a sentence goes with what the sentence asks ("vreau audiență la primar" is the
    // menu's "Audiență" and names the mayor): the dialog decides which says more. The official it names counts
    // whatever the intent model makes of the rest ("la un șef de serviciu" reads to it like asking for a person).
    if (chosen) {
      const intent = read.intent.official
        ? read.intent
        : { ...read.intent, official: await nlu.official(read.lang, text) };
      return { event: { type: 'user.choice', value: chosen.value, at, text, intent }, lang };
    }
    // At a question (not the menu, where anything may be asked), a text naming one of its answers answers it.
    const namesOffered =
      !tags.has('reads.language') &&
      offered.length > 0 &&
      namesAnswer(text, choiceOptions(offered), CHOICE_WORDS);
    return {
      event: {
        type: 'user.text',
        text,
        at,
        intent: read.intent,
        reason,
        ...(namesOffered ? { namesAnswer: true } : {}),
      },
      lang,
    };
  }

  const effects = createDialogEffects(deps);
  const machine = deps.machine.provide({ actors: effects.actors });

  function render(lang: Lang, reply: Reply): OutgoingReply {
    return {
      text: reply.inEveryLanguage
        ? [lang, ...LANGS.filter((l) => l !== lang)]
            .map((l) => texts.t(l, reply.key, reply.params))
            .join('\n\n')
        : texts.t(lang, reply.key, reply.params),
      choices: (reply.choices ?? []).map((c) => ({ value: c.value, label: texts.t(lang, c.key, c.params) })),
      ...(reply.link ? { link: { label: texts.t(lang, reply.link.key), url: reply.link.url } } : {}),
    };
  }

  async function dialogFor(message: IncomingMessage, text: string | undefined): Promise<Dialog> {
    const id = message.conversationId;
    const record: ConversationRecord = (await conversations.load(id)) ?? {
      id,
      channel: message.channel,
      lang: detectLanguage(message.locale, text, city.defaultLanguage),
    };
    // A state this dialog cannot restore (saved by another version, or naming a state that no longer exists)
    // is set aside rather than restored: restoring it would fail this turn and every next one.
    const outdated = record.snapshot !== undefined && !restorable(record);
    if (outdated) {
      log.warn('conversation.outdated', { conversation: tag(id), savedBy: record.dialogVersion });
      record.snapshot = undefined;
    }
    record.dialogVersion = deps.dialogVersion;
    const out: Dialog['out'] = { replies: [], requests: [] };
    const actor = createActor(machine, { snapshot: record.snapshot as Snapshot<unknown> | undefined });
    actor.on('reply', (e) => out.replies.push(e.reply));
    actor.on('staff.request', (e) => out.requests.push(e.request));
    effects.serve(actor.system, record);
    return { actor, record, out, outdated };
  }

  /** The saved state names states this dialog has: the conversation's, and its running procedure's. */
  function restorable(record: ConversationRecord): boolean {
    if (record.dialogVersion !== deps.dialogVersion) return false;
    type Saved = { value?: unknown; context?: unknown };
    const saved = record.snapshot as Saved & {
      children?: Record<string, { src?: unknown; snapshot?: Saved }>;
    };
    try {
      machine.resolveState({ value: saved.value as string, context: saved.context as never });
      for (const child of Object.values(saved.children ?? {})) {
        const logic = typeof child.src === 'string' ? machine.implementations.actors[child.src] : undefined;
        if (!logic || !('resolveState' in logic)) return false;
        const state = child.snapshot ?? {};
        (logic as AnyStateMachine).resolveState({
          value: state.value as string,
          context: state.context as never,
        });
      }
      return true;
    } catch {
      return false;
    }
  }

  async function turn(message: IncomingMessage): Promise<TurnResult> {
    const now = deps.now();
    const text = message.text === undefined ? undefined : sanitize(message.text, MAX_TEXT_LENGTH + 1);
    const dialog = await dialogFor(message, text);
    try {
      return await run(dialog, message, text, now);
    } finally {
      dialog.actor.stop();
    }
  }

  async function run(
    dialog: Dialog,
    message: IncomingMessage,
    text: string | undefined,
    now: Date,
  ): Promise<TurnResult> {
    const at = now.toISOString();
    const { actor, record } = dialog;
    const replies: Reply[] = (dialog.out.replies = []);
    const requests: StaffRequest[] = (dialog.out.requests = []);
    // Where the dialog is: what it reads free text for, and the closed answers it offered last.
    const before = actor.getSnapshot();
    const tags = dialogTags(before);
    const offered = before.context.prompt?.choices ?? [];
    const stateBefore = dialogState(before);
    const decidedBefore = dialogDecision(before);
    let event: ClerkEvent;
    let switchTo: Lang | undefined;

    if (dialog.outdated) {
      // Whatever came, the citizen hears why the clerk starts over, and gets the menu; nothing else was lost.
      dialog.outdated = false;
      replies.push({ key: 'dialog.updated' });
      event = { type: 'nav.menu', at };
    } else if (message.kind === 'start') {
      event = record.snapshot ? { type: 'conversation.reprompt', at } : { type: 'conversation.start', at };
    } else if (!text) {
      replies.push({ key: message.hasAttachments ? 'errors.textOnly' : 'errors.empty' });
      event = { type: record.snapshot ? 'conversation.reprompt' : 'conversation.start', at };
    } else if (text.length > MAX_TEXT_LENGTH) {
      replies.push({ key: 'errors.tooLong', params: { max: MAX_TEXT_LENGTH } });
      event = { type: record.snapshot ? 'conversation.reprompt' : 'conversation.start', at };
    } else if ((switchTo = languageSwitch(text, LANGUAGE_NAMES))) {
      record.lang = switchTo;
      replies.push({ key: 'language.switched' });
      event = { type: record.snapshot ? 'conversation.reprompt' : 'conversation.start', at };
    } else {
      const read = await toEvent(record, text, at, tags, offered);
      event = read.event;
      if (read.lang) {
        // Written in another of the clerk's languages: the conversation goes on in it, and says so.
        record.lang = read.lang;
        replies.push({ key: 'language.switched' });
      }
    }

    actor.start();
    if (message.senderPhone && before.context.channelPhone !== message.senderPhone)
      actor.send({ type: 'channel.identified', phone: message.senderPhone, at });
    actor.send(event);
    // Most turns settle at once; only a turn that waits for an effect (slots, a booking) needs waitFor.
    const afterSend = actor.getSnapshot();
    const settled = isSettled(afterSend)
      ? afterSend
      : await waitFor(actor, isSettled, { timeout: BUSY_TIMEOUT_MS });
    const unavailable = effects.unavailable(actor.system);
    if (unavailable) throw unavailable;
    const persisted = actor.getPersistedSnapshot();
    const decided = dialogDecision(settled);
    const trace: TurnTrace = {
      from: stateBefore,
      to: dialogState(settled),
      event: traceOf(event),
      decided: decided && decided !== decidedBefore ? decided : undefined,
      said: replies.map((r) => r.key),
      procedure: settled.context.procedure,
    };
    if (settled.status === 'error') {
      // The dialog failed: keep the state it had before this turn, and say so calmly.
      log.error('turn.failed', { conversation: tag(message.conversationId), error: String(settled.error) });
      return {
        lang: record.lang,
        replies: [render(record.lang, { key: 'errors.technical' })],
        state: 'error',
        trace: { ...trace, to: 'error' },
      };
    }
    const rendered = replies.map((r) => render(record.lang, r));
    const said: TranscriptLine[] = [];
    if (message.kind === 'message') said.push({ direction: 'in', text: text ?? '', at });
    for (const r of rendered) said.push({ direction: 'out', text: r.text, at });
    await conversations.save({ ...record, snapshot: persisted }, now, said);
    for (const request of requests) {
      const transcript = await conversations.transcript(record.id);
      await staff.record(
        { ...request, conversationId: record.id, channel: record.channel, lang: record.lang, transcript },
        now,
      );
      log.info('staff.request', {
        cause: request.cause,
        during: request.during,
        contactDay: request.contactDay,
      });
    }
    return { lang: record.lang, replies: rendered, state: trace.to, trace };
  }

  /**
   * A turn while a person holds the conversation: the citizen's words go to the transcript the desk reads, the
   * clerk says nothing, and the dialog stays where it was, to go on from there when the person hands back.
   */
  async function quiet(message: IncomingMessage): Promise<TurnResult> {
    const now = deps.now();
    const record = await conversations.load(message.conversationId);
    const text = message.text === undefined ? '' : sanitize(message.text, MAX_TEXT_LENGTH);
    if (record && message.kind === 'message' && text)
      await conversations.save(record, now, [{ direction: 'in', text, at: now.toISOString() }]);
    log.info('turn.held', { conversation: tag(message.conversationId) });
    return {
      lang: record?.lang ?? city.defaultLanguage,
      replies: [],
      state: 'held',
      trace: { from: 'held', to: 'held', event: { type: message.kind }, said: [] },
    };
  }

  /** The event as staff may see it: its kind, the choice, what the NLU concluded — never the citizen's words. */
  function traceOf(event: ClerkEvent): Record<string, unknown> {
    if (event.type === 'user.choice') return { type: event.type, value: event.value };
    if (event.type === 'user.text')
      return { type: event.type, length: event.text.length, intent: event.intent, reason: event.reason };
    return { type: event.type };
  }

  return {
    handle(message) {
      return queue.run(message.conversationId, () =>
        deps.holds.isHeld(message.conversationId) ? quiet(message) : turn(message),
      );
    },
    append(conversationId, lines) {
      return queue.run(conversationId, async () => {
        const record = await conversations.load(conversationId);
        if (!record) return false;
        await conversations.save(record, deps.now(), lines);
        return true;
      });
    },
    drain: () => queue.drain(),
  };
}
