/// <reference lib="dom" />
/**
 * The staff desk in a real browser: Debian's Chromium driven by playwright-core against the clerk's own server
 * and database (a fixed clock: Monday 23 November 2026, 10:00 in Cluj-Napoca). Signs in with the keyboard alone,
 * then walks what the desk is for.
 *
 * Uses the Chromium at CHROME_PATH or /usr/bin/chromium (.ci/run installs Debian's `chromium` where missing);
 * without one it says so loudly and skips.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { closeAfterEach } from '../helpers/cleanup';
import { MONDAY_10AM, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { addStaff, PASSWORD } from '../helpers/desk';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const hasChrome = existsSync(CHROME);
if (!hasChrome)
  console.warn(
    `\n*** NO CHROMIUM at ${CHROME}: the browser test of the staff desk is SKIPPED. ` +
      'Install it with `apt-get install -y chromium` or set CHROME_PATH. ***\n',
  );

(hasChrome ? describe : describe.skip)('the staff desk in Chromium', () => {
  let tmp: ReturnType<typeof tempDir>;
  let app: RunningClerk;
  let browser: Browser;
  const closeLater = closeAfterEach();

  beforeAll(async () => {
    tmp = tempDir();
    app = await startClerk({ dbPath: `${tmp.dir}/clerk.db`, now: () => MONDAY_10AM });
    browser = await chromium.launch({
      executablePath: CHROME,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
      ],
    });
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

  /** A phone-sized page, its clock the clerk's. */
  async function phonePage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    closeLater(() => context.close());
    const page = await context.newPage();
    await page.clock.setFixedTime(MONDAY_10AM);
    return page;
  }

  /** Signs in with the keyboard alone: the e-mail field has the focus, Tab to the password, Enter. */
  async function signInByKeyboard(page: Page, email: string, lang = 'en') {
    await page.goto(`${app.baseUrl}/staff?lang=${lang}`);
    await page.keyboard.type(email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForSelector('form[action="/staff/sign-out"]');
  }

  it('signs in with the keyboard alone on a phone-sized screen; the Persian desk is right to left', async () => {
    await addStaff(app, 'ana@cluj.ro', 'desk', { firstName: 'Ana' });
    const page = await phonePage();
    await signInByKeyboard(page, 'ana@cluj.ro');
    expect(await page.locator('h1').innerText()).toBe(app.clerk.texts.t('en', 'desk:start.title'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );

    await page.selectOption('#desk-lang', 'fa');
    await page.locator('form[action="/staff/language"] button').click();
    await page.waitForSelector('html[dir="rtl"]');
    expect(await page.locator('h1').innerText()).toBe(app.clerk.texts.t('fa', 'desk:start.title'));
    expect(await page.evaluate(() => getComputedStyle(document.body).direction)).toBe('rtl');

    await page.locator('form[action="/staff/sign-out"] button').click();
    await page.waitForSelector('input[type="password"]');
    await page.goto(`${app.baseUrl}/staff`);
    expect(await page.locator('input[type="password"]').count()).toBe(1);
  });
});
