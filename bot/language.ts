import { LANGS, type Lang } from '../dialogs/municipality';
import type { IntentResult } from '../dialogs/reply';
import { fold, isArabicScript } from '../dialogs/text/normalize';

/** The language a channel's locale names (ro-RO → ro, fa-IR → fa, en-US → en), if the clerk speaks it. */
export function languageFromLocale(locale: string | undefined): Lang | undefined {
  const prefix = locale?.toLowerCase().split(/[-_]/)[0];
  return prefix === 'ro' || prefix === 'fa' || prefix === 'en' ? prefix : undefined;
}

/**
 * The activity's locale first, else the script of the first message (Arabic script → Persian),
 * else the municipality's default.
 */
export function detectLanguage(locale: string | undefined, text: string | undefined, fallback: Lang): Lang {
  return languageFromLocale(locale) ?? (text && isArabicScript(text) ? 'fa' : undefined) ?? fallback;
}

const SWITCH: Record<string, Lang> = {
  romana: 'ro',
  romaneste: 'ro',
  romanian: 'ro',
  'limba romana': 'ro',
  رومانیایی: 'ro',
  english: 'en',
  engleza: 'en',
  'in engleza': 'en',
  انگلیسی: 'en',
  فارسی: 'fa',
  farsi: 'fa',
  persian: 'fa',
  persana: 'fa',
  'in persana': 'fa',
};

/** A message that only names a language ("English", "Română", "فارسی") asks to switch to it. */
export function languageSwitch(text: string): Lang | undefined {
  return SWITCH[fold(text)];
}

/** How sure another language's model must be of a message to switch the conversation to that language. */
const SWITCH_SCORE = 0.9;

/**
 * What a message asks, and in which of the clerk's languages it is written, where that is clear: Arabic
 * script is Persian; otherwise a message the conversation's language does not understand (its model says
 * None) is in the one other language whose model is sure of it. The Emulator's locale defaults to en-US,
 * so a Romanian citizen's "vreau audiență la primar" must not be read as English.
 */
export async function readLanguage(
  text: string,
  current: Lang,
  intentIn: (lang: Lang) => Promise<IntentResult>,
): Promise<{ lang: Lang; intent: IntentResult }> {
  if (isArabicScript(text)) return { lang: 'fa', intent: await intentIn('fa') };
  const intent = await intentIn(current);
  if (intent.intent !== 'None') return { lang: current, intent };
  const sure: { lang: Lang; intent: IntentResult }[] = [];
  for (const other of LANGS.filter((l) => l !== current && l !== 'fa')) {
    const theirs = await intentIn(other);
    if (theirs.intent !== 'None' && theirs.score >= SWITCH_SCORE) sure.push({ lang: other, intent: theirs });
  }
  return sure.length === 1 ? sure[0] : { lang: current, intent };
}
