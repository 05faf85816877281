import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser, SCREENSHOTS, seriousViolations, startBot, type RunningBot } from './browserHarness';

// Code passed to page.evaluate runs in the browser; its globals are declared for this module only.
declare const document: any;
declare const window: any;
declare const getComputedStyle: any;
declare const MutationObserver: any;

type Answer = { choose: string } | { type: string };

/** A complaint to Xtra, answered by step id: a choice by its value, or typed text. */
const ANSWERS: Record<string, Answer> = {
  role: { choose: 'self' },
  age: { choose: '18_plus' },
  about: { choose: 'employee' },
  ladder: { choose: 'employee' },
  ladder_outcome: { choose: 'not_resolved' },
  scope: { choose: 'conduct_or_service' },
  category: { choose: 'communication' },
  event_date: { type: '3-3-2026' },
  description: { type: 'Mijn begeleider kwam drie keer niet op de afspraak en belde niet af.' },
  location: { type: 'Den Haag, Laakkwartier' },
  employee_name: { choose: 'skip' },
  desired_outcome: { type: 'Excuses en een vaste afspraak per week.' },
  full_name: { type: 'Ana Jansen' },
  email: { type: 'ana.jansen@example.org' },
  phone: { type: '06 12345678' },
  consent: { choose: 'yes' },
};

const prompts = (page: Page): Promise<number> => page.evaluate(() => Number(document.getElementById('kw-composer')?.getAttribute('data-prompts') ?? '0'));
const step = (page: Page): Promise<string> => page.evaluate(() => document.getElementById('kw-composer')?.getAttribute('data-step') ?? '');

async function nextPrompt(page: Page, seen: number): Promise<string> {
  await page.waitForFunction((n) => Number(document.getElementById('kw-composer')?.getAttribute('data-prompts') ?? '0') > n, seen, { timeout: 20_000 });
  await page.waitForTimeout(200);
  return step(page);
}

/** Types into the answer box (which has the focus after an answer) and sends with Enter. */
async function type(page: Page, text: string): Promise<void> {
  const field = page.locator('#kw-answer:not([hidden]), #kw-answer-long:not([hidden])');
  await field.click();
  await field.fill(text);
  await field.press('Enter');
}

async function answer(page: Page, a: Answer): Promise<void> {
  if ('choose' in a) await page.locator(`#kw-choices button[data-value="${a.choose}"]`).click();
  else await type(page, a.type);
}

/** Records every node Web Chat adds to its polite live region (role="log"): what a screen reader says. */
const recordAnnouncements = (page: Page) =>
  page.evaluate(() => {
    const w = window as { said: string[] };
    w.said = [];
    const region = document.querySelector('.webchat__live-region-transcript[role="log"][aria-live="polite"]');
    if (!region) throw new Error('Web Chat has no polite live region');
    new MutationObserver((records: any[]) => {
      for (const r of records) for (const n of r.addedNodes) w.said.push(n.textContent ?? '');
    }).observe(region, { childList: true, subtree: true });
  });
const announced = (page: Page): Promise<string[]> => page.evaluate(() => (window as { said: string[] }).said);
const activeId = (page: Page): Promise<string> => page.evaluate(() => `${document.activeElement?.tagName.toLowerCase()}#${document.activeElement?.id}[${document.activeElement?.getAttribute('data-value') ?? ''}]`);
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** Words split over two lines inside the summary card's facts (the "Organi satie" of a narrow table). */
const splitWords = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const split: string[] = [];
    for (const td of document.querySelectorAll('.ac-factset td')) {
      const walker = document.createTreeWalker(td, 4);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const m of (node.textContent as string).matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].map((r: any) => Math.round(r.top)));
          if (tops.size > 1) split.push(m[0]);
        }
      }
    }
    return split;
  });

describeInBrowser('the experience in a real browser', () => {
  jest.setTimeout(180_000);
  let bot: RunningBot;
  let browser: BrowserContext;

  beforeAll(async () => {
    bot = await startBot({ KLACHTWIJZER_FIXED_NOW: '2026-03-10T10:00:00+01:00' });
    browser = await launchBrowser();
    await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bot.url });
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  describe.each([
    ['desktop', 1280, 900],
    ['320', 320, 720],
  ] as const)('at %s px', (name, width, height) => {
    let page: Page;
    beforeEach(async () => {
      page = await browser.newPage();
      await page.setViewportSize({ width, height });
    });
    afterEach(async () => page.close());

    it('when a person asks for someone in their own words, or says they are afraid, then the answer comes at once with phone links, the question once, and focus and screen reader follow', async () => {
      await page.goto(`${bot.url}/?org=so-trainingsbureau&lang=nl`);
      let seen = 0;
      expect(await nextPrompt(page, seen)).toBe('role');
      // The answer box and the choices are named by the question, not by "Uw antwoord".
      await page.getByRole('textbox', { name: 'Voor wie is de klacht?' }).waitFor();
      await page.getByRole('group', { name: 'Voor wie is de klacht?' }).waitFor();
      await recordAnnouncements(page);

      seen = await prompts(page);
      await type(page, 'kan ik iemand bellen?');
      expect(await nextPrompt(page, seen)).toBe('role');
      expect(await prompts(page)).toBe(seen + 1);
      await page.locator('#kw-webchat a[href="tel:0610138150"]').first().waitFor();
      expect(await page.locator('#kw-webchat').innerText()).not.toMatch(/Kies een van/);
      // Focus went to the first answer control; the question was announced once.
      expect(await activeId(page)).toBe('button#[self]');
      await page.waitForTimeout(300);
      expect((await announced(page)).filter((s) => s.includes('Voor wie is de klacht?'))).toHaveLength(1);

      seen = await prompts(page);
      await type(page, 'ik ben bang');
      expect(await nextPrompt(page, seen)).toBe('role');
      for (const href of ['tel:112', 'tel:08002000', 'tel:08000113', 'tel:08000432']) await page.locator(`#kw-webchat a[href="${href}"]`).first().waitFor();
      expect(await page.locator('#kw-webchat').innerText()).not.toMatch(/Kies een van/);
      expect(await fitsWidth(page)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('when a person sends the complaint, then the page follows each answer, the summary card reads in one column, the chosen button shows as their message, and the reference stays in a final panel to print or copy', async () => {
      await page.goto(`${bot.url}/?org=xtra&lang=nl`);
      let current = await nextPrompt(page, 0);
      for (let turn = 0; turn < 30 && current !== 'confirm'; turn++) {
        const a = ANSWERS[current];
        if (!a) throw new Error(`no answer for step "${current}"`);
        if (current === 'location') {
          await page.getByRole('textbox', { name: /^Waar gebeurde het\?/ }).waitFor();
          // Someone scrolled up to read: after they answer, the newest messages and the question are in view.
          await page.evaluate(() => {
            document.querySelector('.webchat__basic-transcript__scrollable').scrollTop = 0;
            window.scrollTo(0, 0);
          });
        }
        const seen = await prompts(page);
        const wasAt = current;
        await answer(page, a);
        current = await nextPrompt(page, seen);
        if (wasAt === 'location') {
          await page.waitForTimeout(300);
          const view = await page.evaluate(() => {
            const s = document.querySelector('.webchat__basic-transcript__scrollable');
            const box = document.getElementById('kw-composer').getBoundingClientRect();
            return { atEnd: s.scrollHeight - s.scrollTop - s.clientHeight < 8, composerInView: box.top >= 0 && box.top < window.innerHeight };
          });
          expect(view).toEqual({ atEnd: true, composerInView: true });
        }
      }
      expect(current).toBe('confirm');

      const card = page.locator('.ac-adaptiveCard').last();
      await card.waitFor({ state: 'visible', timeout: 20_000 });
      if (width < 480) {
        const display = await page.evaluate(() => getComputedStyle(document.querySelector('.ac-factset td')).display);
        expect(display).toBe('block');
      }
      expect(await splitWords(page)).toEqual([]);
      expect(await fitsWidth(page)).toBe(true);
      await card.getByRole('button', { name: 'Versturen', exact: true }).click();

      const final = page.locator('#kw-final');
      await final.waitFor({ state: 'visible', timeout: 20_000 });
      // The chosen card button shows as the person's own message.
      await page.locator('#kw-webchat .webchat__bubble--from-user', { hasText: 'Versturen' }).first().waitFor();
      const reference = (await page.locator('#kw-final-ref').innerText()).trim();
      expect(reference).toMatch(/^KW-2026-[A-Z0-9]{6}$/);
      expect(await final.innerText()).toMatch(/uiterlijk \w+ \d+ \w+ 2026/);
      await page.waitForFunction(() => document.activeElement?.id === 'kw-final-heading', undefined, { timeout: 5_000 });
      await page.waitForTimeout(200);
      const box = await final.boundingBox();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y).toBeLessThan(height);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, `webchat-final-${name}.png`) });

      await page.locator('#kw-copy').click();
      await page.locator('#kw-copy-status', { hasText: 'Het kenmerk is gekopieerd.' }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(reference);

      // Printed or saved as PDF: the final panel, without the chat around it.
      await page.emulateMedia({ media: 'print' });
      expect(await final.isVisible()).toBe(true);
      expect(await page.locator('.kw-transcript').isVisible()).toBe(false);
      expect(await page.locator('#kw-print').isVisible()).toBe(false);
      await page.emulateMedia({ media: 'screen' });
    });
  });
});

declare const navigator: any;
