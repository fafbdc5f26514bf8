/// <reference lib="dom" />
/**
 * The website widget in a real browser: Debian's Chromium driven by playwright-core, Bot Framework Web Chat
 * served by the clerk, talking to the clerk's own Direct Line. Books an audience by clicking suggested
 * actions and typing, reloads the page mid-conversation and carries on, switches to Persian (right to left)
 * and books again, and takes the screenshots the README shows (saved to docs/screenshots/ with UPDATE_SCREENSHOTS=1).
 *
 * Uses the Chromium at CHROME_PATH or /usr/bin/chromium (.ci/run installs Debian's `chromium` where missing);
 * without one it says so loudly and skips. The clerk and the page share one fixed clock (Monday 23 November 2026,
 * 10:00 in Cluj-Napoca): the places offered, the dates shown and the screenshots are the same on every run.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Lang } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import { hasChrome, launchChromium, warnIfNoChrome } from '../helpers/browser';
import { closeAfterEach } from '../helpers/cleanup';
import { MONDAY_10AM, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { FIRST_PLACE, officialTitle, SECOND_PLACE } from '../helpers/conversation';

warnIfNoChrome('the web widget');
const README_SHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');

(hasChrome ? describe : describe.skip)('the web widget in Chromium', () => {
  let tmp: ReturnType<typeof tempDir>;
  let shots: string;
  let app: RunningClerk;
  let browser: Browser;
  let page: Page;
  const t = (lang: Lang, key: string, params?: Params) => app.clerk.texts.t(lang, key, params);
  const closeLater = closeAfterEach();

  /** A page whose clock is the clerk's: Date in the page is fixed at the same instant (timers still run). */
  async function newPage(context?: BrowserContext): Promise<Page> {
    const opened = context
      ? await context.newPage()
      : await browser.newPage({ viewport: { width: 900, height: 900 } });
    await opened.clock.setFixedTime(MONDAY_10AM);
    return opened;
  }

  beforeAll(async () => {
    tmp = tempDir();
    // A fixed clock, the page's too (newPage): Web Chat shows message times relative to the browser's.
    app = await startClerk({ dbPath: `${tmp.dir}/clerk.db`, now: () => MONDAY_10AM });
    browser = await launchChromium();
    page = await newPage();
    // The README's pictures are refreshed on request (UPDATE_SCREENSHOTS=1); otherwise the tree is left as it was.
    shots = process.env.UPDATE_SCREENSHOTS ? README_SHOTS : path.join(tmp.dir, 'screenshots');
    mkdirSync(shots, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      try {
        await app?.close();
      } finally {
        tmp?.remove();
      }
    }
  });

  const botTexts = () => page.locator('.webchat__bubble__content').allInnerTexts();

  /** Waits until the clerk's latest message contains the text. */
  async function expectClerk(text: string) {
    await page.waitForFunction(
      (expected) => {
        const bubbles = [
          ...document.querySelectorAll('.webchat__stacked-layout--from-user, .webchat__stacked-layout'),
        ]
          .filter((b) => !b.classList.contains('webchat__stacked-layout--from-user'))
          .map((b) => (b as HTMLElement).innerText);
        return bubbles.length > 0 && bubbles[bubbles.length - 1].includes(expected);
      },
      text,
      { timeout: 15_000 },
    );
  }

  async function click(label: string, next: string) {
    await page.locator('.webchat__suggested-action', { hasText: label }).first().click();
    await expectClerk(next);
  }

  async function type(text: string, next: string) {
    const box = page.locator('[data-id="webchat-sendbox-input"]');
    await box.fill(text);
    await box.press('Enter');
    await expectClerk(next);
  }

  /** The fixed opening of a locale text (before its first parameter). */
  const opening = (lang: Lang, key: string) => t(lang, key).split('{{')[0].split('\n')[0].slice(0, 30);

  async function bookWithHead(
    lang: Lang,
    d: { number: string; date: string; reason: string; name: string; phone: string },
  ) {
    const o = (key: string) => opening(lang, key);
    await click(t(lang, 'choice.audience'), o('audience.askLevel'));
    await click(t(lang, 'choice.levelHead'), o('audience.askHasPetition'));
    await click(t(lang, 'choice.yes'), o('audience.askPetitionNumber'));
    await type(d.number, o('audience.askPetitionDate'));
    return {
      async rest() {
        await type(d.date, o('audience.askPetitionOutcome'));
        await click(t(lang, 'choice.outcomeNegative'), o('audience.askReason'));
        await type(d.reason, o('audience.askMode'));
        await click(t(lang, 'mode.site'), o('contact.askName'));
        await type(d.name, o('contact.askPhone'));
        await type(d.phone, o('audience.askAnswerBy'));
        await click(t(lang, 'answerBy.none'), o('contact.askConsent'));
        await click(t(lang, 'choice.yes'), o('audience.askSlot'));
        await page.locator('.webchat__suggested-action').first().click();
        await expectClerk(o('audience.summary'));
        await click(t(lang, 'choice.confirm'), o('audience.booked'));
        // The calendar invite is a named button under the confirmation, not an address in its text.
        const calendar = page.getByRole('button', { name: t(lang, 'choice.calendar') }).last();
        await calendar.waitFor();
        const confirmation =
          (await botTexts())
            .filter((text) => text.includes(t(lang, 'audience.booked').slice(0, 12)))
            .at(-1) ?? '';
        expect(confirmation).not.toMatch(/\.ics/);
        return { code: confirmation.match(/[A-Z0-9]{4}-[A-Z0-9]{4}/)?.[0], confirmation };
      },
    };
  }

  it('books an audience in Romanian, across a reload of the page', async () => {
    await page.goto(`${app.baseUrl}/`);
    expect(await page.evaluate(() => new Date().toISOString())).toBe(MONDAY_10AM.toISOString());
    await expectClerk(opening('ro', 'menu.prompt'));
    expect(await page.getAttribute('html', 'dir')).toBe('ltr');
    const booking = await bookWithHead('ro', {
      number: '123456/2026',
      date: '01.09.2026',
      reason: 'groapă mare în asfalt pe strada Horea nr. 10',
      name: 'Ioana Pop',
      phone: '0722 123 456',
    });
    // Mid-conversation, the citizen reloads: the same conversation comes back, and goes on.
    await page.reload();
    await expectClerk(opening('ro', 'audience.askPetitionDate'));
    const { code, confirmation } = await booking.rest();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    // What matters in the confirmation: the code, the official, the day and time (the first place on the fixed clock).
    expect(confirmation).toContain(officialTitle('head-technical').ro);
    expect(confirmation).toContain(t('ro', 'choice.slot', { when: FIRST_PLACE }));
    expect(await app.clerk.bookings.find({ code: code!, phone: '+40722123456' })).toMatchObject({
      status: 'booked',
      resourceId: 'head-technical',
      start: FIRST_PLACE,
    });
    await page.screenshot({ path: path.join(shots, 'webchat-ro.png') });
  }, 120_000);

  it('switches to Persian: the whole widget right to left, Solar Hijri dates, and books again', async () => {
    await page.selectOption('#language', 'fa');
    await expectClerk(t('fa', 'language.switched'));
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    const direction = await page.evaluate(
      () => getComputedStyle(document.querySelector('.webchat__basic-transcript') ?? document.body).direction,
    );
    expect(direction).toBe('rtl');
    expect(await page.getAttribute('[data-id="webchat-sendbox-input"]', 'placeholder')).toBe(
      'پیام خود را بنویسید',
    );
    // What a screen reader announces is Persian too: the chat history and the message box.
    expect(await page.locator('[aria-label*="تاریخچه گفت‌وگو"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[aria-label="جعبه نوشتن پیام"]').count()).toBeGreaterThan(0);
    await page.locator('[data-id="webchat-sendbox-input"]').fill('منو');
    await page.locator('[data-id="webchat-sendbox-input"]').press('Enter');
    await expectClerk(opening('fa', 'menu.prompt'));
    const booking = await bookWithHead('fa', {
      number: '۱۲۳۴۵۶/۲۰۲۶',
      date: '۱۴۰۵/۰۶/۱۰',
      reason: 'چاله بزرگ در آسفالت خیابان هوریا پلاک ۱۰',
      name: 'سارا احمدی',
      phone: '0722 765 432',
    });
    const { code, confirmation } = await booking.rest();
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    // The next place (the first is taken above), its date in the Solar Hijri calendar: ۳ آذر ۱۴۰۵, ۰۹:۱۵.
    expect(confirmation).toContain(officialTitle('head-technical').fa);
    expect(confirmation).toContain(t('fa', 'choice.slot', { when: SECOND_PLACE }));
    expect(confirmation).toMatch(/۱۴۰۵/);
    expect(await app.clerk.bookings.find({ code: code!, phone: '+40722765432' })).toMatchObject({
      status: 'booked',
      start: SECOND_PLACE,
    });
    await page.screenshot({ path: path.join(shots, 'webchat-fa.png') });
  }, 120_000);

  it('works with the keyboard alone, and its controls have names for screen readers', async () => {
    const fresh = await newPage();
    closeLater(() => fresh.close());
    await fresh.goto(`${app.baseUrl}/?lang=en`);
    await fresh.waitForSelector('.webchat__suggested-action');
    // Tab from the top of the page to the message box, type, and send with Enter.
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await fresh.keyboard.press('Tab');
      reached = await fresh.evaluate(
        () => document.activeElement?.getAttribute('data-id') === 'webchat-sendbox-input',
      );
    }
    expect(reached).toBe(true);
    await fresh.keyboard.type('help');
    await fresh.keyboard.press('Enter');
    await fresh.waitForFunction(
      (expected) => document.body.innerText.includes(expected),
      app.clerk.texts.t('en', 'audience:help').slice(0, 40),
    );
    // The language picker has a label; the answers offered are buttons with their text as name.
    expect(await fresh.locator('label[for="language"]').count()).toBe(1);
    const actions = fresh.locator('.webchat__suggested-action');
    expect(await actions.first().evaluate((b) => b.tagName)).toBe('BUTTON');
    expect(
      await fresh.getByRole('button', { name: app.clerk.texts.t('en', 'choice.audience') }).count(),
    ).toBeGreaterThan(0);
  }, 60_000);

  it('past the limit of new conversations from one address, the page says to try again, in its language', async () => {
    const limited = await startClerk({
      dbPath: `${tmp.dir}/limited.db`,
      now: () => MONDAY_10AM,
      env: { WEBCHAT_TOKENS_PER_ADDRESS_PER_MINUTE: '1' },
    });
    closeLater(() => limited.close());
    // The first visit gets its conversation (the menu's buttons show); the second, the notice.
    for (const expected of [undefined, 'Prea multe conversații noi']) {
      // A new tab each time: nothing kept in session storage, so each visit asks for a new conversation.
      const context = await browser.newContext();
      closeLater(() => context.close());
      const tab = await newPage(context);
      await tab.goto(`${limited.baseUrl}/?lang=ro`);
      if (expected) {
        await tab.waitForFunction(
          (text) => document.getElementById('webchat')?.textContent?.includes(text),
          expected,
          {
            timeout: 15_000,
          },
        );
      } else {
        await tab.waitForSelector('.webchat__suggested-action', { timeout: 15_000 });
      }
      await context.close();
    }
  }, 60_000);

  it('serves the embed script, and Web Chat from the clerk itself', async () => {
    const embed = await fetch(`${app.baseUrl}/embed.js`);
    expect(embed.headers.get('content-type')).toContain('javascript');
    expect(await embed.text()).toContain("createElement('iframe')");
    const bundle = await fetch(`${app.baseUrl}/assets/webchat.js`);
    expect(bundle.status).toBe(200);
    const html = await (await fetch(`${app.baseUrl}/`)).text();
    expect(html).toContain('<script src="/assets/webchat.js">');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    const persian = await (await fetch(`${app.baseUrl}/?lang=fa`)).text();
    expect(persian).toContain('<html lang="fa" dir="rtl">');
  });
});
