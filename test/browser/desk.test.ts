/// <reference lib="dom" />
/**
 * The staff desk in a real browser: Debian's Chromium driven by playwright-core against the clerk's own server
 * and database (a fixed clock: Monday 23 November 2026, 10:00 in Cluj-Napoca). Signs in with the keyboard alone,
 * then walks what the desk is for: the day's audiences, a resolution in the register and its export, a written
 * answer marked sent (its SMS in the outbox), a conversation taken over while the citizen writes in the web widget
 * in a second page and handed back, and, at Bucharest Sector 1's Citizen Office, the next walk-in called.
 *
 * Uses the Chromium at CHROME_PATH or /usr/bin/chromium (.ci/run installs Debian's `chromium` where missing);
 * without one it says so loudly and skips.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Lang } from '../../dialogs/municipality';
import type { Params } from '../../dialogs/reply';
import { runOutbox } from '../../scripts/outbox';
import { hasChrome, launchChromium, typeInWidget, warnIfNoChrome, widgetShows } from '../helpers/browser';
import { SECTOR_1, serviceOf } from '../helpers/citizen-office';
import { closeAfterEach } from '../helpers/cleanup';
import { MONDAY_10AM, startClerk, tempDir, type RunningClerk } from '../helpers/clerk';
import { addStaff, bookAudience, PASSWORD } from '../helpers/desk';

warnIfNoChrome('the staff desk');

(hasChrome ? describe : describe.skip)('the staff desk in Chromium', () => {
  let tmp: ReturnType<typeof tempDir>;
  let app: RunningClerk;
  let browser: Browser;
  const closeLater = closeAfterEach();

  beforeAll(async () => {
    tmp = tempDir();
    app = await startClerk({ dbPath: `${tmp.dir}/clerk.db`, now: () => MONDAY_10AM });
    browser = await launchChromium();
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

  const t = (lang: Lang, key: string, params?: Params) => app.clerk.texts.t(lang, key, params);

  /** A phone-sized page (or a desktop one), its clock the clerk's. */
  async function phonePage(viewport = { width: 390, height: 844 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    closeLater(() => context.close());
    const page = await context.newPage();
    await page.clock.setFixedTime(MONDAY_10AM);
    return page;
  }

  /** Signs in with the keyboard alone: the e-mail field has the focus, Tab to the password, Enter. */
  async function signInByKeyboard(page: Page, email: string, lang = 'en', baseUrl = app.baseUrl) {
    await page.goto(`${baseUrl}/staff?lang=${lang}`);
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
  /** Follows the desk's navigation to one of its pages. */
  async function open(page: Page, path: string) {
    await Promise.all([
      page.waitForURL((url) => url.pathname === path),
      page.locator(`nav a[href="${path}"]`).click(),
    ]);
  }

  it("shows today's audiences, records a resolution, exports the register and marks a written answer sent", async () => {
    await addStaff(app, 'info@cluj.ro', 'desk', { firstName: 'Ioana' });
    const booked = await bookAudience(app, {
      resourceId: 'head-technical',
      day: '2026-11-23',
      seq: 4,
      name: 'Maria <b>Pop</b>',
      phone: '+40722000111',
      details: {
        reason: 'groapă în asfalt pe strada Horea',
        answerBy: 'email',
        email: 'maria@example.org',
      },
    });
    const page = await phonePage({ width: 1100, height: 900 });
    await signInByKeyboard(page, 'info@cluj.ro');

    // Today's audiences: the citizen's name shown as text, never as markup.
    await open(page, '/staff/agenda');
    const row = page.locator(`#b${booked.id}`);
    await expect(row.innerText()).resolves.toContain(booked.code);
    await expect(row.innerText()).resolves.toContain('Maria <b>Pop</b>');
    await expect(row.innerText()).resolves.toContain('groapă în asfalt pe strada Horea');

    // The resolution, typed and saved: in the register, and on the page after it reloads.
    await page.fill(`#resolution-${booked.id}`, 'Strada Horea se repară până la 15 decembrie');
    await page.fill(`#decided-by-${booked.id}`, 'Director Ionescu');
    await Promise.all([
      page.waitForURL(/\/staff\/agenda/),
      page.locator(`form[action="/staff/agenda/resolution"]:has(#resolution-${booked.id}) button`).click(),
    ]);
    await expect(page.inputValue(`#resolution-${booked.id}`)).resolves.toBe(
      'Strada Horea se repară până la 15 decembrie',
    );
    expect(
      app.clerk.db
        .prepare('SELECT resolution, decided_by AS decidedBy FROM booking_outcomes WHERE booking_id = ?')
        .get(booked.id),
    ).toEqual({ resolution: 'Strada Horea se repară până la 15 decembrie', decidedBy: 'Director Ionescu' });

    // The register for the month so far, downloaded as CSV.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('form[action="/staff/register.csv"] button').click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toContain(booked.code);
    expect(csv).toContain('Strada Horea se repară până la 15 decembrie');
    expect(csv).toContain('Director Ionescu');

    // The written answer: due the next working day, marked sent by e-mail; the citizen's SMS is in the outbox.
    await open(page, '/staff/answers');
    const answer = page.locator(`#a${booked.id}`);
    await expect(answer.innerText()).resolves.toContain(booked.code);
    await page.selectOption(`#method-${booked.id}`, 'email');
    await page.fill(`#note-${booked.id}`, 'trimis de la registratură');
    await Promise.all([
      page.waitForURL(/\/staff\/answers/),
      answer.locator('form[action="/staff/answers/sent"] button').click(),
    ]);
    await expect(answer.locator('form[action="/staff/answers/sent"]').count()).resolves.toBe(0);
    const outbox: { kind: string; to: string; body: string }[] = [];
    await runOutbox(app.clerk.db, ['--json'], (line) => outbox.push(JSON.parse(line)));
    const sms = outbox.filter((m) => m.kind === 'answer.sent');
    expect(sms).toHaveLength(1);
    expect(sms[0].to).toBe('+40722000111');
    expect(sms[0].body).toContain(booked.code);
  }, 60_000);

  it('takes a conversation while the citizen writes in the web widget, answers live, and hands back to the clerk', async () => {
    await addStaff(app, 'dan@cluj.ro', 'desk', { firstName: 'Dan' });
    const widget = await phonePage({ width: 900, height: 900 });
    await widget.goto(`${app.baseUrl}/?lang=en`);
    await widgetShows(widget, t('en', 'menu.prompt').slice(0, 20));
    await typeInWidget(widget, 'talk to a person');
    await widgetShows(widget, t('en', 'person.askPhone').slice(0, 20));
    await typeInWidget(widget, '0722 123 456');
    await widgetShows(widget, 'I have passed your request to a colleague');
    const [request] = await app.clerk.staff.open();
    expect(request.channel).toBe('webchat');

    // The desk, in a page of its own: the request with the transcript, taken.
    const desk = await phonePage({ width: 1100, height: 900 });
    await signInByKeyboard(desk, 'dan@cluj.ro');
    await open(desk, '/staff/people');
    await expect(desk.locator('main').textContent()).resolves.toContain('talk to a person');
    await Promise.all([
      desk.waitForURL(`${app.baseUrl}/staff/people/${request.id}`),
      desk.locator(`form[action="/staff/people/${request.id}/take"] button`).click(),
    ]);

    // Dan writes; the citizen sees his first name and that a person writes, live in the widget.
    await desk.fill('#message', 'Good morning, I am looking at your request now.');
    await Promise.all([
      desk.waitForURL(`${app.baseUrl}/staff/people/${request.id}`),
      desk.locator(`form[action="/staff/people/${request.id}/write"] button`).click(),
    ]);
    await widgetShows(
      widget,
      t('en', 'staff.says', {
        name: 'Dan',
        city: app.clerk.city.name.en,
        text: 'Good morning, I am looking at your request now.',
      }),
    );

    // The citizen answers: the clerk stays quiet, and the desk's transcript shows it without a reload.
    await typeInWidget(widget, 'Thank you, it is about my audience on Tuesday');
    await desk.waitForFunction(
      () => document.getElementById('transcript')?.innerText.includes('it is about my audience on Tuesday'),
      undefined,
      { timeout: 15_000 },
    );
    const bubbles = await widget.locator('.webchat__stacked-layout').allInnerTexts();
    expect(bubbles.at(-1)).toContain('it is about my audience on Tuesday');

    // Handed back: the clerk says so and goes on.
    await Promise.all([
      desk.waitForURL(`${app.baseUrl}/staff/people`),
      desk.locator(`form[action="/staff/people/${request.id}/release"] button`).click(),
    ]);
    await widgetShows(widget, t('en', 'staff.back').slice(0, 30));
    await typeInWidget(widget, t('en', 'choice.audience'));
    await widgetShows(widget, t('en', 'audience.askLevel').split('{{')[0].slice(0, 30));
    expect(await app.clerk.staff.open()).toEqual([]);
  }, 90_000);

  it("calls the next walk-in at Bucharest Sector 1's Citizen Office; the citizen is told in the widget", async () => {
    const sector1 = await startClerk({
      dbPath: `${tmp.dir}/sector-1.db`,
      env: SECTOR_1,
      now: () => MONDAY_10AM,
    });
    closeLater(() => sector1.close());
    const s1 = (key: string, params?: Params) => sector1.clerk.texts.t('ro', key, params);
    const taxes = serviceOf('local-taxes');

    const widget = await phonePage({ width: 900, height: 900 });
    await widget.goto(`${sector1.baseUrl}/?lang=ro`);
    await widgetShows(widget, s1('menu.prompt').slice(0, 20));
    await typeInWidget(widget, 'am venit fără programare pentru impozitul pe casă, vreau un bon');
    await widgetShows(widget, s1('counter:ticket.issued', { service: taxes.name, number: 1 }));

    await addStaff(sector1, 'ghiseu@sector1.ro', 'desk', { firstName: 'Elena' });
    const desk = await phonePage();
    await signInByKeyboard(desk, 'ghiseu@sector1.ro', 'ro', sector1.baseUrl);
    await open(desk, '/staff/queue');
    const queue = desk.locator('#queue-local-taxes');
    await expect(queue.innerText()).resolves.toContain(
      sector1.clerk.texts.t('ro', 'desk-queue:tickets.title', { count: 1 }),
    );
    await desk.selectOption('#counter-local-taxes', '3');
    await Promise.all([
      desk.waitForURL(/\/staff\/queue/),
      desk.locator('form[action="/staff/queue/next"]:has(#counter-local-taxes) button').click(),
    ]);
    await expect(desk.locator('[role="status"]').innerText()).resolves.toContain(
      sector1.clerk.texts.t('ro', 'desk-queue:called.ticket', { number: 1, counter: 3 }),
    );
    await widgetShows(
      widget,
      s1('counter:queue.calledTicket', { office: sector1.clerk.city.counter!.office, number: 1, counter: 3 }),
    );
  }, 90_000);
});
