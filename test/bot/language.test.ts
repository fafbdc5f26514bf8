import { detectLanguage, languageSwitch, readLanguage } from '../../bot/language';
import type { Lang } from '../../dialogs/municipality';
import type { IntentResult } from '../../dialogs/reply';

/** Each language's model as a table: what it makes of the one message of a test. */
const models =
  (answers: Partial<Record<Lang, IntentResult>>) =>
  async (lang: Lang): Promise<IntentResult> =>
    answers[lang] ?? { intent: 'None', score: 1 };
const sure = (intent: string): IntentResult => ({ intent, score: 1 });

describe('the language of a conversation', () => {
  it('starts from the locale, else the script of the first message, else the city’s default', () => {
    expect(detectLanguage('fa-IR', 'hello', 'ro')).toBe('fa');
    expect(detectLanguage(undefined, 'سلام', 'ro')).toBe('fa');
    expect(detectLanguage(undefined, 'buna ziua', 'ro')).toBe('ro');
    expect(detectLanguage('de-DE', 'hallo', 'ro')).toBe('ro');
  });

  it('switches when a message only names a language', () => {
    expect(languageSwitch('Română')).toBe('ro');
    expect(languageSwitch('فارسی')).toBe('fa');
    expect(languageSwitch('english please')).toBeUndefined();
  });
});

describe('the language a message is written in', () => {
  it('Arabic script is Persian, read by the Persian model', async () => {
    expect(await readLanguage('سلام', 'en', models({ fa: sure('greeting') }))).toEqual({
      lang: 'fa',
      intent: sure('greeting'),
    });
  });

  it('a message the conversation’s model understands stays in the conversation’s language', async () => {
    const read = await readLanguage('hello', 'en', models({ en: sure('greeting'), ro: sure('greeting') }));
    expect(read).toEqual({ lang: 'en', intent: sure('greeting') });
  });

  it('a message only another language’s model is sure of is in that language', async () => {
    const read = await readLanguage('vreau audiență', 'en', models({ ro: sure('audience.request') }));
    expect(read).toEqual({ lang: 'ro', intent: sure('audience.request') });
  });

  it('no switch when the other model is unsure, or when none understands it', async () => {
    const unsure = { intent: 'audience.request', score: 0.6 };
    expect((await readLanguage('audienta', 'en', models({ ro: unsure }))).lang).toBe('en');
    expect((await readLanguage('ok', 'ro', models({}))).lang).toBe('ro');
  });

  it('a Latin-script message in a Persian conversation may be Romanian or English, never assumed Persian', async () => {
    const read = await readLanguage(
      'I want to see the mayor',
      'fa',
      models({ en: sure('audience.request') }),
    );
    expect(read.lang).toBe('en');
  });
});
