import type { Level, Localized } from './municipality';
import type { ReasonClassification } from './rules/reason-check';

/**
 * What dialogs say, as data: a locale key with parameters, and the closed answers offered.
 * The bot renders it in the citizen's language and in the channel's own form.
 */
/** A parameter: plain, in every language, or another text (with its own parameters) rendered in place. */
export type Param = string | number | Localized | { t: string; params?: Params };
export type Params = Record<string, Param>;

export interface Choice {
  /** What the dialog receives when this choice is picked. */
  value: string;
  /** Locale key of the label. */
  key: string;
  params?: Params;
}

export interface Reply {
  key: string;
  params?: Params;
  choices?: Choice[];
  /** A link that goes with the text, named by a locale key (the calendar invite): a button where the channel has them. */
  link?: { key: string; url: string };
  /** Said in each of the clerk's languages, one after the other (to a message in a language it does not speak). */
  inEveryLanguage?: boolean;
}

/** What the NLU made of a free-text message (intents domain). */
export interface IntentResult {
  intent: string;
  score: number;
  /** An official named in the text ("primar", "vice-mayor", "شهردار"). */
  official?: Level;
  /** A second reading nearly as likely as `intent`: the clerk asks which one was meant. */
  alternative?: string;
  /** The matter an audience request states ("… despre vecinii care au construit ilegal"), read as a reason. */
  matter?: { text: string; reason: ReasonClassification };
  /** The message speaks of a booking already made ("programarea mea", "cancel my appointment"). */
  booked?: boolean;
  /** What a message about a booking wants done with it, where it says so. */
  action?: 'cancel' | 'move';
  /** The moment an hours question asks about: now, a day of the week (1 = Monday), or a day from today. */
  when?: When;
}

export type When = { now: true } | { weekday: number } | { inDays: number };

/** Every event a dialog receives. `at` is the instant the bot received it (the injected clock). */
export type ClerkEvent =
  | { type: 'conversation.start'; at: string }
  | { type: 'conversation.reprompt'; at: string }
  /**
   * `text` and its `intent` when the choice was read inside a longer sentence, which may say more
   * ("vreau audiență la primar", "da, în 12 noiembrie").
   */
  | { type: 'user.choice'; value: string; at: string; text?: string; intent?: IntentResult }
  | {
      type: 'user.text';
      text: string;
      at: string;
      intent?: IntentResult;
      reason?: ReasonClassification;
      /** It names one of the answers offered, though it is none of them ("not by e-mail"): no other question. */
      namesAnswer?: boolean;
    }
  | { type: 'nav.menu'; at: string }
  | { type: 'nav.help'; at: string }
  | { type: 'nav.person'; at: string }
  /** The channel knows the citizen's number (SMS, WhatsApp): it is not asked for. */
  | { type: 'channel.identified'; phone: string; at: string };

/** A citizen's request to be contacted by a person, for the bot to record with the conversation so far. */
export interface StaffRequest {
  phone: string;
  name?: string;
  /** `citizen`: asked for a person; `stuck`: took the offer after answers the clerk could not use. */
  cause: 'citizen' | 'stuck';
  /** The question the clerk was on when the citizen asked (a locale key). */
  during?: string;
  /** Local date on which staff will call, as promised to the citizen. */
  contactDay?: string;
}

/** What a dialog emits for the bot: a reply to render, or a request for staff to record. */
export type ClerkEmitted = { type: 'reply'; reply: Reply } | { type: 'staff.request'; request: StaffRequest };
