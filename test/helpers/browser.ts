/// <reference lib="dom" />
/**
 * Debian's Chromium driven by playwright-core, for the browser tests: where it is, how it is started, and the
 * web widget as a citizen uses it (typing in the send box, reading the clerk's bubbles).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const hasChrome = existsSync(CHROME);

/** Says loudly that a browser test is skipped (CI installs Chromium; a developer's machine may not have it). */
export function warnIfNoChrome(what: string): void {
  if (!hasChrome)
    console.warn(
      `\n*** NO CHROMIUM at ${CHROME}: the browser test of ${what} is SKIPPED. ` +
        'Install it with `apt-get install -y chromium` or set CHROME_PATH. ***\n',
    );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROME,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Waits until one of the clerk's bubbles in the web widget contains the text. */
export async function widgetShows(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      [...document.querySelectorAll('.webchat__stacked-layout')]
        .filter((b) => !b.classList.contains('webchat__stacked-layout--from-user'))
        .some((b) => (b as HTMLElement).innerText.includes(expected)),
    text,
    { timeout },
  );
}

/** Types a message in the web widget's send box and sends it. */
export async function typeInWidget(page: Page, text: string): Promise<void> {
  const box = page.locator('[data-id="webchat-sendbox-input"]');
  await box.fill(text);
  await box.press('Enter');
}
