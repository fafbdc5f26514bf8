import type { Lang } from '../dialogs/municipality';
import { fold, isArabicScript } from '../dialogs/text/normalize';

/** The language a channel's locale names (ro-RO → ro, fa-IR → fa, en-US → en), if the clerk speaks it. */
export function languageFromLocale(locale: string | undefined): Lang | undefined {
  const prefix = locale?.toLowerCase().split(/[-_]/)[0];
  return prefix === 'ro' || prefix === 'fa' || prefix === 'en' ? prefix : undefined;
}

/**
 * DESIGN.md 4: the activity's locale first, else the script of the first message (Arabic script → Persian),
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
