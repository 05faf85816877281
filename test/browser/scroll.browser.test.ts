import { join } from 'node:path';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { describeInBrowser, launchBrowser, SCREENSHOTS, startBot, type RunningBot } from './browserHarness';

// Code passed to page.evaluate runs in the browser; its globals are declared for this module only.
declare const document: any;
declare const getComputedStyle: any;
declare const window: any;

const SCROLLER = '.webchat__basic-transcript__scrollable';
const NEW_MESSAGES = '#kw-webchat .webchat__scroll-to-end-button';

const prompts = (page: Page): Promise<number> => page.evaluate(() => Number(document.getElementById('kw-composer')?.getAttribute('data-prompts') ?? '0'));
async function nextPrompt(page: Page, seen: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.getElementById('kw-composer')?.getAttribute('data-prompts') ?? '0') > n, seen, { timeout: 20_000 });
  await page.waitForTimeout(200);
}
const place = (page: Page) =>
  page.evaluate((sel) => {
    const s = document.querySelector(sel);
    return { top: Math.round(s.scrollTop), bottom: Math.round(s.scrollHeight - s.clientHeight) };
  }, SCROLLER);

/**
 * Holds the page's polls for new activities (the bot's reply is on its way but not shown) until
 * released: so the test can scroll up while the reply comes, without depending on timing.
 */
async function holdReplies(page: Page): Promise<{ first: Promise<void>; release(): Promise<void> }> {
  const held: Route[] = [];
  let holding = true;
  let arrived!: () => void;
  const first = new Promise<void>((resolve) => (arrived = resolve));
  await page.route(/\/v3\/directline\/conversations\/[^/]+\/activities/, async (route) => {
    if (route.request().method() !== 'GET' || !holding) return route.continue();
    held.push(route);
    arrived();
  });
  return {
    first,
    async release() {
      holding = false;
      for (const r of held.splice(0)) await r.continue();
    },
  };
}

describeInBrowser('reading further up in a real browser', () => {
  jest.setTimeout(120_000);
  let bot: RunningBot;
  let browser: BrowserContext;
  beforeAll(async () => {
    bot = await startBot({ KLACHTWIJZER_FIXED_NOW: '2026-03-10T10:00:00+01:00' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('when someone sends an empty answer, then the page speaks of buttons only where buttons are shown', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 320, height: 720 });
    await page.goto(`${bot.url}/?org=xtra&lang=nl`);
    await nextPrompt(page, 0);
    const field = page.locator('#kw-answer:not([hidden]), #kw-answer-long:not([hidden])');
    await field.click();
    await field.press('Enter');
    expect(await page.locator('#kw-composer-error').innerText()).toBe('Typ eerst uw antwoord. Of kies een knop.');
    const n = await prompts(page);
    await page.locator('#kw-choices button[data-value="group"]').click();
    await nextPrompt(page, n);
    expect(await page.locator('#kw-choices').isHidden()).toBe(true);
    await field.click();
    await field.press('Enter');
    expect(await page.locator('#kw-composer-error').innerText()).toBe('Typ eerst uw antwoord.');
    await page.close();
  });

  it('when someone at 320 px scrolls up to read while the reply comes, then they keep their place, and a visible, named "new messages" button takes them down by keyboard', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 320, height: 720 });
    await page.goto(`${bot.url}/?org=xtra&lang=nl`);
    await nextPrompt(page, 0);
    for (const value of ['self', '18_plus']) {
      const n = await prompts(page);
      await page.locator(`#kw-choices button[data-value="${value}"]`).click();
      await nextPrompt(page, n);
    }
    // After an answer the page follows: the newest message is in view.
    let at = await place(page);
    expect(at.bottom).toBeGreaterThan(200);
    expect(at.bottom - at.top).toBeLessThanOrEqual(2);

    const replies = await holdReplies(page);
    const n = await prompts(page);
    await page.locator('#kw-choices button[data-value="employee"]').click();
    await replies.first;
    // The person scrolls up with the mouse wheel to read the welcome again.
    const box = (await page.locator(SCROLLER).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -20_000);
    await page.waitForFunction((sel) => document.querySelector(sel).scrollTop === 0, SCROLLER);
    await replies.release();
    await nextPrompt(page, n);

    const button = page.locator(NEW_MESSAGES);
    await button.waitFor({ state: 'visible', timeout: 20_000 });
    at = await place(page);
    expect(at.top).toBe(0);
    expect(at.bottom).toBeGreaterThan(0);

    // Visible: inside the transcript and the window, large enough to press, in the page's own colours.
    expect(await button.getAttribute('aria-label')).toBe('Nieuwe berichten');
    expect(await button.innerText()).toContain('Nieuwe berichten');
    const look = await page.evaluate((sel) => {
      const b = document.querySelector(sel);
      const r = b.getBoundingClientRect();
      const t = document.getElementById('kw-webchat').getBoundingClientRect();
      const style = getComputedStyle(b);
      return {
        inTranscript: r.top >= t.top && r.bottom <= t.bottom && r.left >= t.left && r.right <= t.right,
        inWindow: r.right <= window.innerWidth && r.bottom <= window.innerHeight,
        height: r.height,
        background: style.backgroundColor,
        color: style.color,
        opacity: style.opacity,
        fontSize: parseFloat(style.fontSize),
      };
    }, NEW_MESSAGES);
    expect(look).toMatchObject({ inTranscript: true, inWindow: true, background: 'rgb(11, 92, 173)', color: 'rgb(255, 255, 255)', opacity: '1' });
    expect(look.height).toBeGreaterThanOrEqual(44);
    expect(look.fontSize).toBeGreaterThanOrEqual(16);
    await page.screenshot({ path: join(SCREENSHOTS, 'webchat-new-messages-320.png') });

    // Keyboard: the button is in the tab order and Enter takes the person to the newest message.
    expect(await button.getAttribute('tabindex')).not.toBe('-1');
    await button.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((sel) => {
      const s = document.querySelector(sel);
      return s.scrollHeight - s.clientHeight - s.scrollTop <= 2;
    }, SCROLLER, { timeout: 20_000 });
    await button.waitFor({ state: 'detached', timeout: 20_000 });
    await page.close();
  });
});
