import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import {
  describeInBrowser, launchBrowser,
  SCREENSHOTS,
  seriousViolations,
  startBot,
  startHostSite,
  waitForMail,
  type RunningBot,
} from './browserHarness';

// Code passed to page.evaluate runs in the browser. Its globals are declared here, in this module
// only, so that the DOM library stays out of the type check of the server code.
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;
declare const MutationObserver: any;

type Answer = { choose: string } | { type: string };

/** One complaint to Xtra, answered by step id: a choice by its value, or typed text. */
const ANSWERS: Record<string, Answer> = {
  role: { choose: 'self' },
  age: { choose: '18_plus' },
  about: { choose: 'employee' },
  ladder: { choose: 'employee' },
  ladder_outcome: { choose: 'not_resolved' },
  scope: { choose: 'conduct_or_service' },
  category: { choose: 'communication' },
  // Typed in full in Dutch order: not asked to be confirmed.
  event_date: { type: '3-3-2026' },
  description: { type: 'Mijn begeleider kwam drie keer niet op de afspraak en belde niet af.' },
  location: { type: 'Den Haag, Laakkwartier' },
  employee_name: { choose: 'skip' },
  desired_outcome: { type: 'Excuses en een vaste afspraak per week.' },
  full_name: { type: 'Ana Jansen' },
  email: { type: 'ana.jansen@example.org' },
  phone: { type: '06 12345678' },
  consent: { choose: 'yes' },
  confirm: { choose: 'send' },
};
/** Reload the page after this step is answered: halfway through the intake. */
const RELOAD_AFTER = 'description';
/** Switch to a 320 px wide window from this step until the next one on the list. */
const NARROW_FROM = 'location';
const WIDE_AGAIN_AT = 'desired_outcome';

interface Composer {
  step: string;
  expects: string;
  prompts: number;
  progress: string;
}

const composer = (page: Page): Promise<Composer> =>
  page.evaluate(() => {
    const c = document.getElementById('kw-composer')!;
    return {
      step: c.getAttribute('data-step') ?? '',
      expects: c.getAttribute('data-expects') ?? '',
      prompts: Number(c.getAttribute('data-prompts') ?? '0'),
      progress: document.getElementById('kw-progress-text')!.textContent ?? '',
    };
  });

async function nextPrompt(page: Page, seen: number): Promise<Composer> {
  await page.waitForFunction((n) => Number(document.getElementById('kw-composer')?.getAttribute('data-prompts') ?? '0') > n, seen, { timeout: 20_000 });
  // Activities of one turn arrive together; let the page settle on the last one.
  await page.waitForTimeout(150);
  return composer(page);
}

/** The answer area's keyboard stops in order (choices, the answer field, Send) and which one has focus. */
const focusInfo = (page: Page) =>
  page.evaluate(() => {
    const stops = [...document.querySelectorAll('#kw-choices button, #kw-answer:not([hidden]), #kw-answer-long:not([hidden]), #kw-composer .kw-send')];
    const active = document.activeElement;
    return {
      stops: stops.map((el) => el.getAttribute('data-value') ?? el.id ?? el.className),
      index: active ? stops.indexOf(active) : -1,
      active: active ? `${active.tagName.toLowerCase()}#${active.id}.${active.className}` : '(none)',
      outline: active ? getComputedStyle(active).outlineStyle : 'none',
    };
  });

/**
 * Into the answer area as a keyboard user does from the top: Tab to the skip link, Enter, Tab.
 * After a reload the address still ends in the skip link's #kw-composer, so the browser starts
 * the Tab order there and the first Tab lands in the answer area at once.
 */
async function enterAnswerArea(page: Page): Promise<void> {
  await page.keyboard.press('Tab');
  if ((await page.evaluate(() => document.activeElement?.className)) === 'kw-skip') {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
  }
  expect((await focusInfo(page)).index).toBe(0);
}

async function answerByKeyboard(page: Page, answer: Answer): Promise<void> {
  const info = await focusInfo(page);
  const target = 'choose' in answer ? info.stops.indexOf(answer.choose) : info.stops.findIndex((s) => s === 'kw-answer' || s === 'kw-answer-long');
  expect(target).toBeGreaterThanOrEqual(0);
  const key = target > info.index ? 'Tab' : 'Shift+Tab';
  for (let i = 0; i < Math.abs(target - info.index); i++) await page.keyboard.press(key);
  const now = await focusInfo(page);
  expect(now.index).toBe(target);
  expect(now.outline).not.toBe('none');
  if ('type' in answer) await page.keyboard.type(answer.type);
  await page.keyboard.press('Enter');
}

/** Everything Web Chat's live region (role="log", aria-live="polite") announced since this call. */
const recordAnnouncements = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { announced: string[] };
    w.announced = [];
    const region = document.querySelector('.webchat__live-region-transcript[role="log"][aria-live="polite"]');
    if (!region) throw new Error('Web Chat has no polite live region');
    new MutationObserver(() => w.announced.push(region.textContent ?? '')).observe(region, { childList: true, subtree: true, characterData: true });
  });

const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describeInBrowser('web chat in a real browser', () => {
  jest.setTimeout(180_000);
  let host: Awaited<ReturnType<typeof startHostSite>>;
  let bot: RunningBot;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    host = await startHostSite(
      (botUrl) => `<div id="klachtwijzer" data-organisation="xtra"></div>\n<script src="${botUrl}/embed.js" async></script>`,
    );
    bot = await startBot({ ALLOWED_ORIGINS: host.url, KLACHTWIJZER_FIXED_NOW: '2026-03-10T10:00:00+01:00' });
    host.setBot(bot.url);
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    await host?.close();
  });

  it('when a visitor makes a whole complaint by keyboard alone, with a reload halfway and a narrow window, then it is sent and mailed to the organisation', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${bot.url}/?org=xtra&lang=nl`);
    expect(await page.locator('#kw-person-route').innerText()).toContain('klachten@xtra.nl');

    let state = await nextPrompt(page, 0);
    expect(await seriousViolations(page)).toEqual([]);
    await recordAnnouncements(page);
    await enterAnswerArea(page);

    const progress: string[] = [];
    const steps: string[] = [];
    for (let turn = 0; turn < 40; turn++) {
      const answer = ANSWERS[state.step];
      if (!answer) throw new Error(`no answer for step "${state.step}" (asked: ${steps.join(' > ')})`);
      steps.push(state.step);
      progress.push(state.progress);

      if (state.step === NARROW_FROM) {
        await page.setViewportSize({ width: 320, height: 720 });
        expect(await fitsWidth(page)).toBe(true);
        expect(await seriousViolations(page)).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, 'webchat-320.png'), fullPage: true });
      }
      if (state.step === WIDE_AGAIN_AT) {
        expect(await fitsWidth(page)).toBe(true);
        await page.setViewportSize({ width: 1280, height: 900 });
      }
      if (state.step === 'confirm') {
        await page.locator('.ac-adaptiveCard').last().waitFor({ state: 'visible', timeout: 20_000 });
        expect(await seriousViolations(page)).toEqual([]);
        await page.setViewportSize({ width: 1280, height: 1000 });
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(SCREENSHOTS, 'webchat-desktop.png') });
        await page.setViewportSize({ width: 1280, height: 900 });
      }

      await answerByKeyboard(page, answer);

      if (state.step === RELOAD_AFTER) {
        const before = await nextPrompt(page, state.prompts);
        const requests: string[] = [];
        const onRequest = (req: { method(): string; url(): string }) => requests.push(`${req.method()} ${new URL(req.url()).pathname}${new URL(req.url()).search}`);
        page.on('request', onRequest);
        await page.reload();
        await page.waitForFunction(
          ([n, step]) => {
            const c = document.getElementById('kw-composer');
            return Number(c?.getAttribute('data-prompts') ?? '0') >= Number(n) && c?.getAttribute('data-step') === step;
          },
          [before.prompts, before.step] as const,
          { timeout: 20_000 },
        );
        // The history is back, and the page asks the same question at the same point.
        await page.waitForFunction((text) => document.getElementById('kw-webchat')!.innerText.includes(text), 'Mijn begeleider kwam drie keer niet op de afspraak', { timeout: 20_000 });
        page.off('request', onRequest);
        // The same conversation: its token refreshed and the conversation resumed, no new token.
        expect(requests).toEqual(expect.arrayContaining(['POST /v3/directline/tokens/refresh', expect.stringMatching(/^GET \/v3\/directline\/conversations\/[\w-]+\?watermark=$/)]));
        expect(requests.filter((r) => r.startsWith('POST /api/directline/token') || r === 'POST /v3/directline/conversations')).toEqual([]);
        state = await composer(page);
        expect(state.step).toBe(before.step);
        expect(state.progress).toBe(before.progress);
        await recordAnnouncements(page);
        await enterAnswerArea(page);
        continue;
      }
      if (state.step === 'confirm') break;

      state = await nextPrompt(page, state.prompts);
      // Focus went where the next answer is given: the first choice, or the answer field.
      const focus = await focusInfo(page);
      expect({ step: state.step, focus: focus.stops[focus.index] }).toEqual({
        step: state.step,
        focus: state.expects === 'choice' ? focus.stops[0] : expect.stringMatching(/^kw-answer/),
      });
    }

    await page.locator('#kw-ended').waitFor({ state: 'visible', timeout: 20_000 });
    const transcript = await page.locator('#kw-webchat').innerText();
    const reference = /KW-\d{4}-[A-Z0-9]+/.exec(transcript)?.[0];
    expect(reference).toBeDefined();

    expect(steps).toEqual(Object.keys(ANSWERS));
    const numbers = progress.map((p) => /^Stap (\d+) van (\d+)$/.exec(p)).map((m) => (m ? [Number(m[1]), Number(m[2])] : [NaN, NaN]));
    for (const [current, total] of numbers) expect(current).toBeLessThanOrEqual(total!);
    expect(numbers.map(([current]) => current)).toEqual([...numbers.map(([current]) => current)].sort((a, b) => a! - b!));
    expect(numbers.at(-1)![0]).toBe(numbers.at(-1)![1]);

    const announced = await page.evaluate(() => (window as unknown as { announced: string[] }).announced.join('\n'));
    expect(announced).toContain(reference!);

    const mail = await simpleParser(await readFile(await waitForMail(join(bot.dataDir, 'mail'), /-organisation-.*\.eml$/)));
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('klachten@xtra.nl');
    expect(mail.subject).toContain(reference!);
    expect(mail.text).toContain('Mijn begeleider kwam drie keer niet op de afspraak en belde niet af.');
    expect(errors).toEqual([]);
  });

  it('when an organisation pastes the snippet into its site, then the chat appears in it with a title, and another site may not frame it', async () => {
    // A new tab: its own sessionStorage, so a new conversation rather than the one above.
    const tab = await browser.newPage();
    await tab.setViewportSize({ width: 1280, height: 900 });
    await tab.goto(host.url);

    const frame = tab.frameLocator('#klachtwijzer iframe');
    await frame.locator('#kw-composer[data-prompts]').waitFor({ state: 'visible', timeout: 20_000 });
    await frame.locator('#kw-choices button').first().waitFor({ state: 'visible', timeout: 20_000 });
    expect(await frame.locator('h1').innerText()).toBe('Een klacht indienen bij Xtra');
    expect(await tab.locator('#klachtwijzer iframe').getAttribute('title')).toBe('Klachtwijzer: een klacht indienen');
    await tab.screenshot({ path: join(SCREENSHOTS, 'embed.png') });
    await tab.close();

    const stranger = await startHostSite((botUrl) => `<div id="klachtwijzer" data-organisation="xtra"></div><script src="${botUrl}/embed.js" async></script>`);
    try {
      stranger.setBot(bot.url);
      const other = await browser.newPage();
      const framed = other.waitForEvent('framenavigated', { predicate: (f) => f !== other.mainFrame(), timeout: 20_000 });
      await other.goto(stranger.url);
      const frame2 = await framed;
      await frame2.waitForLoadState('load');
      // Chromium replaces a frame that CSP frame-ancestors forbids with its own error page.
      expect(await frame2.$('#kw-composer')).toBeNull();
      await other.close();
    } finally {
      await stranger.close();
    }
  });

  it('when the visitor switches the page to English halfway, then the open question comes again at once in English and the conversation goes on', async () => {
    const tab = await browser.newPage();
    await tab.goto(`${bot.url}/?org=mee-zhn&lang=nl`);
    let state = await nextPrompt(tab, 0);
    await enterAnswerArea(tab);
    await answerByKeyboard(tab, ANSWERS[state.step]!);
    state = await nextPrompt(tab, state.prompts);
    expect(state.step).toBe('age');

    await tab.locator('a.kw-lang').press('Enter');
    await tab.waitForFunction(() => document.documentElement.lang === 'en' && document.getElementById('kw-composer')?.getAttribute('data-step') === 'age', undefined, { timeout: 20_000 });
    // At once, before any answer: the open question and its buttons in English.
    await tab.waitForFunction(() => document.getElementById('kw-question')?.textContent?.startsWith('How old are you?'), undefined, { timeout: 20_000 });
    expect(await tab.locator('#kw-choices button').allInnerTexts()).toContain('18 or older');
    const resumed = await composer(tab);
    await enterAnswerArea(tab);
    await answerByKeyboard(tab, ANSWERS.age!);
    state = await nextPrompt(tab, resumed.prompts);

    expect(state.step).toBe('about');
    expect(state.progress).toMatch(/^Step \d+ of \d+$/);
    const transcript = await tab.locator('#kw-webchat').innerText();
    expect(transcript).toContain('Hoe oud bent u?');
    expect(transcript).toContain('Who or what is your complaint about?');
    await tab.close();
  });

  it('when the privacy and terms pages are opened, then axe finds nothing serious, also at 320 px', async () => {
    for (const path of ['/privacy?lang=nl', '/terms?lang=en']) {
      for (const width of [1280, 320]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${bot.url}${path}`);
        expect({ path, width, violations: await seriousViolations(page), fits: await fitsWidth(page) }).toEqual({ path, width, violations: [], fits: true });
      }
    }
  });
});

