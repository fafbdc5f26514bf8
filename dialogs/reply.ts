import type { Level, Localized } from './municipality';
import type { ReasonClassification } from './rules/reason-check';

/**
 * What dialogs say, as data: a locale key with parameters, and the closed answers offered.
 * The bot renders it in the citizen's language and in the channel's own form.
 */
export type Param = string | number | Localized | { t: string };
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
}

/** What the NLU made of a free-text message (intents domain). */
export interface IntentResult {
  intent: string;
  score: number;
  /** An official named in the text ("primar", "vice-mayor", "شهردار"). */
  official?: Level;
}

/** Every event a dialog receives. `at` is the instant the bot received it (the injected clock). */
export type ClerkEvent =
  | { type: 'conversation.start'; at: string }
  | { type: 'conversation.reprompt'; at: string }
  | { type: 'user.choice'; value: string; at: string }
  | { type: 'user.text'; text: string; at: string; intent?: IntentResult; reason?: ReasonClassification }
  | { type: 'nav.menu'; at: string }
  | { type: 'nav.help'; at: string };

/** What a dialog emits for the bot to render. */
export type ClerkEmitted = { type: 'reply'; reply: Reply };
