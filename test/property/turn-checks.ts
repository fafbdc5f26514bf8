/**
 * What must hold after any text at any question: the channel's normal success, an answer in the
 * conversation's language that asks the question the dialog now waits on, no internal text, the dialog at
 * the question or where the question legitimately leads, and nothing unclean kept in the store.
 */
import { readFileSync } from 'node:fs';
import { LANGS, type Lang } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import { languageSwitch } from '../../bot/language';
import { localesPath } from '../../bot/paths';
import { isArabicScript, sanitize } from '../../dialogs/text/normalize';
import type { RunningClerk } from '../helpers/clerk';
import { dialogStates } from '../helpers/machine-paths';
import type { ChannelDriver, Conversation, TurnSeen } from './channel-drivers';
import { asUtf8 } from './hostile-text';
import { ALWAYS_ALLOWED, savedState, type Question } from './question-paths';

/** The dialog's own state names (camelCase ones: "menu" or "info" are words a reply may use). */
const STATE_NAMES = [...dialogStates().keys()].filter((name) => /[A-Z]/.test(name));
/** Text that is the program's, never the clerk's: JavaScript, SQL, templates, stacks, locale keys. */
const LEAKS: RegExp[] = [
  /\bundefined\b/,
  /\bnull\b/,
  /\bNaN\b/,
  /\[object \w+\]/,
  /\{\{|\}\}/,
  /\b[A-Z]\w*Error\b|\bError:/,
  /\n\s*at \S+ \(|\.(?:ts|js):\d+/,
  /SQLITE_|\bSELECT\b|\bINSERT INTO\b|\bconstraint\b/i,
  /\bxstate\./,
  /\b(?:audience|errors|choice|booking|person|retry|hints|welcome|dialog|rules|language|synonyms|answerBy|sms|plain)\.[a-z][A-Za-z]+\b/,
  new RegExp(`\\b(?:${STATE_NAMES.join('|')})\\b`),
];
/** What sanitize() removes: it must never reach the store. */
const UNCLEAN =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The sentences of a locale pack (what the clerk says, not the synonyms it reads). */
function sentences(lang: Lang): string[] {
  const pack = JSON.parse(readFileSync(localesPath(lang, 'clerk.json'), 'utf8')) as Record<string, unknown>;
  delete pack.synonyms;
  return strings(pack);
}
const SENTENCES = Object.fromEntries(LANGS.map((l) => [l, sentences(l)])) as Record<Lang, string[]>;
/**
 * What only another language's pack says: the fixed start of each of its sentences (up to its first
 * interpolation or line end), long enough to be a sentence and found nowhere in this language's pack.
 */
const FOREIGN = Object.fromEntries(
  LANGS.map((lang) => {
    const starts = LANGS.filter((other) => other !== lang)
      .flatMap((other) => SENTENCES[other])
      .map((s) => s.split('{{')[0].split('\n')[0].trim())
      .filter((start) => start.length >= 15 && !SENTENCES[lang].some((own) => own.includes(start)));
    return [lang, [...new Set(starts)]];
  }),
) as Record<Lang, string[]>;

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
/** A text shown in a failure message with its invisible characters visible. */
export const visible = (s: string) =>
  JSON.stringify(s.length > 300 ? `${s.slice(0, 150)}…(${s.length} chars)…${s.slice(-150)}` : s).replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/**
 * Throws, saying what broke, unless the turn `seen` (the answer to `text` at `question`, in a copy of a
 * conversation parked there) is as it should be.
 */
export async function checkTurn(
  app: RunningClerk,
  channel: ChannelDriver,
  question: Question,
  conversation: Conversation,
  text: string,
  seen: TurnSeen,
): Promise<void> {
  const problems: string[] = [...seen.problems];
  const t = (lang: Lang, key: string, params?: Params) => app.clerk.texts.t(lang, key, params);
  const reply = seen.texts.join('\n');
  const after = await savedState(app, conversation.id);
  if (seen.status !== 200) problems.push(`HTTP ${seen.status}`);

  // Where the dialog went: the question itself, or where it leads; the trace agrees with what was saved.
  const allowed = [question.state, ...ALWAYS_ALLOWED, ...question.leadsTo];
  if (!after.state || !allowed.includes(after.state))
    problems.push(`the dialog went to ${after.state}, not one of ${allowed.join(', ')}`);
  if (seen.trace && (seen.trace.from !== question.state || seen.trace.to !== after.state))
    problems.push(`trace ${seen.trace.from} → ${seen.trace.to}, saved state ${after.state}`);

  // The language: the conversation's, unless the menu read the message as written in another of the
  // clerk's languages (or it named one), which the answer then says.
  const lang = after.lang ?? conversation.lang;
  if (lang !== conversation.lang) {
    const mayRead = question.state === 'menu' || !!languageSwitch(sanitize(text));
    if (!mayRead) problems.push(`the conversation switched from ${conversation.lang} to ${lang}`);
    if (!reply.includes(t(lang, 'language.switched'))) problems.push(`switched to ${lang} without saying so`);
  }
  // Over SMS a message of whitespace alone is not a turn: Twilio gets an empty answer, nothing changes.
  const silentAllowed = channel.knowsPhone && asUtf8(text).trim() === '';
  if (silentAllowed && seen.texts.length === 0) {
    if (after.state !== question.state) problems.push(`an empty SMS moved the dialog to ${after.state}`);
  } else {
    if (seen.texts.length === 0 || reply.trim() === '') problems.push('no answer');
    if (seen.locale !== undefined && seen.locale !== lang)
      problems.push(`reply locale ${seen.locale}, not ${lang}`);
    if (channel.name !== 'SMS' && seen.locale === undefined) problems.push('reply without a locale');
    // Each paragraph opens in the language's script; the city's data it quotes may be in Romanian (the
    // neighbourhood town halls' addresses, "int." in a phone number), in a Persian answer too.
    const inScript = (line: string) =>
      lang === 'fa' ? /\p{Script=Arabic}/u.test(line) : !isArabicScript(line);
    // Told that the message is in a language the clerk does not speak, a citizen is told so in each of its
    // languages: those paragraphs, and only those, are in the others'.
    const everyLanguage = new Set(LANGS.map((l) => t(l, 'language.foreign')));
    const own = reply
      .split(/\n\s*\n/)
      .filter((p) => !everyLanguage.has(p.trim()))
      .join('\n\n');
    for (const paragraph of own.split(/\n\s*\n/)) {
      const opening = paragraph.split('\n').find((line) => /\p{L}/u.test(line));
      if (opening && !inScript(opening))
        problems.push(`a paragraph not in ${lang}'s script: ${visible(opening)}`);
    }
    const foreign = FOREIGN[lang].find((start) => own.includes(start));
    if (foreign) problems.push(`a sentence in another language: ${visible(foreign)}`);
    // It asks the question the dialog now waits on, in the conversation's language.
    const prompt = after.prompt ? t(lang, after.prompt.key, after.prompt.params) : undefined;
    if (!prompt || !flat(reply).includes(flat(prompt)))
      problems.push(`the answer does not ask ${after.prompt?.key} in ${lang}`);
    for (const l of LANGS)
      if (reply.includes(t(l, 'errors.technical'))) problems.push('the technical error answer');
    for (const leak of LEAKS)
      if (leak.test(reply)) problems.push(`internal text ${leak}: ${visible(reply.match(leak)![0])}`);
  }

  // Nothing that sanitize() removes is kept: not in the dialog's state, not in the transcript.
  const record = await app.clerk.conversations.load(conversation.id);
  const said = (await app.clerk.conversations.transcript(conversation.id)).filter(
    (l) => l.direction === 'in',
  );
  const kept = [...strings(record?.snapshot), ...said.map((l) => l.text)];
  const dirty = kept.find((s) => UNCLEAN.test(s));
  if (dirty) problems.push(`kept unclean text ${visible(dirty)}`);

  if (problems.length > 0)
    throw new Error(
      `${channel.name}, ${question.id} in ${conversation.lang}: ${problems.join('; ')}\n` +
        `  sent ${visible(text)}\n  answered ${visible(reply)}`,
    );
}
