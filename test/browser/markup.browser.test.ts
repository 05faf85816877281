import type { BrowserContext, Page } from 'playwright-core';
import { BASE } from '../conversation/scenarios';
import { directLineTransport } from '../channel/webChatHarness';
import { ScenarioDriver } from '../helpers/scenarioDriver';
import { describeInBrowser, launchBrowser, startBot, type RunningBot } from './browserHarness';

// Code passed to page.evaluate runs in the browser; its globals are declared here only.
declare const document: any;
declare const sessionStorage: any;

const MARKUP = {
  description: '**vet** <b>html</b> [klik hier](https://evil.example/link) ![plaatje](https://evil.example/x.png) <img src="https://evil.example/y.png">',
  location: '<a href="https://evil.example/a">locatie</a> _schuin_',
  full_name: '[Anna](https://evil.example/naam) www.evil.example',
};

describeInBrowser('typed markup in a real browser', () => {
  jest.setTimeout(120_000);
  let bot: RunningBot;
  let browser: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    bot = await startBot({ KLACHTWIJZER_FIXED_NOW: '2026-03-10T10:00:00+01:00' });
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('regression: when a person types markdown and HTML, then the summary card and text show it literally: no element, link or remote image comes from it, and the CSP allows images only from the bot', async () => {
    // The conversation is made over the page's own Direct Line up to the summary, then the page resumes it.
    const own = await directLineTransport(bot.url, { organisation: 'xtra', locale: 'nl' });
    const d = new ScenarioDriver(own.transport, { locale: 'nl-NL' });
    await d.start();
    await d.run({ ...BASE.nl, ...MARKUP }, { until: 'confirm' });

    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const saved = JSON.stringify({ token: own.token, conversationId: own.conversationId, expires_in: 3600 });
    await page.addInitScript((s: string) => sessionStorage.setItem('klachtwijzer.conversation.xtra', s), saved);
    const response = await page.goto(`${bot.url}/?org=xtra&lang=nl`);
    expect(response?.headers()['content-security-policy']).toMatch(/img-src 'self' data:;/);
    // The whole transcript comes back; the summary card is its last message.
    await page.waitForFunction(() => document.querySelectorAll('.ac-adaptiveCard').length > 0, undefined, { timeout: 60_000 });

    const found = await page.evaluate(() => {
      const log = document.body;
      return {
        evilLinks: [...log.querySelectorAll('a')].filter((a: any) => String(a.href).includes('evil')).length,
        evilImages: [...log.querySelectorAll('img')].filter((i: any) => String(i.src).includes('evil')).length,
        boldFromAnswer: [...log.querySelectorAll('b, strong')].filter((b: any) => /^(vet|html)$/.test(b.textContent.trim())).length,
        italicFromAnswer: [...log.querySelectorAll('em, i')].filter((e: any) => e.textContent.trim() === 'schuin').length,
        text: log.innerText as string,
        card: [...log.querySelectorAll('.ac-adaptiveCard')].map((c: any) => c.innerText as string).join('\n'),
      };
    });
    expect(found).toMatchObject({ evilLinks: 0, evilImages: 0, boldFromAnswer: 0, italicFromAnswer: 0 });
    // The summary card shows the answers as typed.
    expect(found.card).toContain('**vet**');
    expect(found.card).toContain('[klik hier]');
    expect(found.text).toContain('**vet**');
    expect(found.text).toContain('<b>html</b>');
    expect(requests.filter((u) => u.includes('evil.example'))).toEqual([]);
  });
});

