import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import type { BrowserContext, Page } from 'playwright-core';
import { BASE } from '../conversation/scenarios';
import { tempDir } from '../helpers/databases';
import { httpTransport, ScenarioDriver } from '../helpers/scenarioDriver';
import { describeInBrowser, launchBrowser, type RunningBot, seriousViolations, startBot } from './browserHarness';

// Runs in the browser (see browserHarness.ts).
declare const document: any;

/**
 * The organisation's page, as a complaints officer meets it from the link in the mail: every
 * event recorded by keyboard alone, axe on each state, and a forged token that records nothing.
 * Xtra gets an extension term of 4 weeks by override, so that `extended` has a form too.
 */

describeInBrowser('the organisation page in a real browser', () => {
  jest.setTimeout(240_000);
  let bot: RunningBot;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const dir = tempDir('kw-orgpage-');
    const overrides = join(dir, 'overrides.json');
    const source = { seed: 'override', section: 'test: an extension term' };
    writeFileSync(
      overrides,
      JSON.stringify({
        xtra: {
          ladder: [
            {
              id: 'manager',
              terms: [
                { kind: 'acknowledgement', amount: 5, unit: 'working_days', source },
                { kind: 'decision', amount: 6, unit: 'weeks', source },
                { kind: 'extension', amount: 4, unit: 'weeks', source },
              ],
            },
          ],
        },
      }),
    );
    bot = await startBot({ KLACHTWIJZER_FIXED_NOW: '2026-03-10T10:00:00+01:00', PROCEDURE_OVERRIDES: overrides });
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  /** A complaint to Xtra's manager through the bot; returns its reference and the page path from the organisation mail. */
  async function complaint(email: string): Promise<{ reference: string; path: string }> {
    const driver = new ScenarioDriver(httpTransport(bot.url), { locale: 'nl-NL' });
    await driver.start({ organisation: 'xtra' });
    const { outcome } = await driver.run({ ...BASE.nl, email });
    const reference = outcome!.reference!;
    const dir = join(bot.dataDir, 'mail');
    for (let i = 0; i < 150; i++) {
      for (const f of existsSync(dir) ? readdirSync(dir) : []) {
        if (!f.includes('-organisation-')) continue;
        const mail = await simpleParser(readFileSync(join(dir, f)));
        if (!(mail.subject ?? '').includes(reference)) continue;
        const m = /https?:\/\/[^\s]+(\/organisatie\/[A-Z0-9-]+\?token=[A-Za-z0-9._-]+)/.exec(mail.text ?? '');
        if (!m) throw new Error('the organisation mail has no page link');
        return { reference, path: m[1]! };
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no organisation mail for ${reference}`);
  }

  /** Tab (only Tab) until the element matching `selector` has focus. */
  async function tabTo(selector: string): Promise<void> {
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s: string) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`could not reach ${selector} with Tab`);
  }

  async function submitForm(event: string, fill: () => Promise<void> = async () => undefined): Promise<void> {
    await page.evaluate(() => document.activeElement?.blur());
    await tabTo(`form input[name=date][id="${event}-date"]`);
    await fill();
    await tabTo(`form:has(input[name=event][value="${event}"]) button[type=submit]`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }

  const statusText = () => page.locator('[role=status]').innerText();
  const history = () => page.locator('ol li').allInnerTexts();

  it('when the officer records each step by keyboard, then the page shows it, axe finds nothing serious, and a forged token records nothing', async () => {
    const first = await complaint('een@example.nl');
    const response = await page.goto(`${bot.url}${first.path}`);
    expect(response!.status()).toBe(200);
    const headers = response!.headers();
    expect(headers['content-security-policy']).toContain("form-action 'self'");
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(await page.locator('h1').innerText()).toBe(`Klacht ${first.reference} – Xtra`);
    expect(await page.locator('main').innerText()).not.toContain(BASE.nl.description);
    expect(await seriousViolations(page)).toEqual([]);

    await submitForm('acknowledged');
    expect(await statusText()).toBe('Genoteerd: Ontvangst bevestigd.');
    expect(await seriousViolations(page)).toEqual([]);

    // Six weeks from 10 March end on 21 April; the extension term allows up to 19 May.
    await submitForm('extended', async () => {
      await tabTo('#extended-extendTo');
      await page.keyboard.type('05052026');
      await tabTo('#extended-note');
      await page.keyboard.type('Wij horen nog een collega.');
    });
    expect(await statusText()).toBe('Genoteerd: Nieuwe datum voor het oordeel.');
    expect(await page.locator('dl').innerText()).toContain('dinsdag 5 mei 2026');
    // Where measures are typed, the page says they go into the yearly report as typed (the field's description).
    const measuresHint = await page.locator('#decided-measures').getAttribute('aria-describedby');
    expect(await page.locator(`[id="${measuresHint}"]`).innerText()).toBe('De maatregelen komen in het jaarverslag, precies zoals u ze typt. Schrijf dus geen namen.');

    await submitForm('decided', async () => {
      await tabTo('#decided-well_founded');
      await page.keyboard.press('ArrowDown'); // to "deels gegrond", which the arrow also selects
      await tabTo('#decided-motivation');
      await page.keyboard.type('Het gesprek ging niet goed.');
      await tabTo('#decided-measures');
      await page.keyboard.type('Een nieuw gesprek voor 1 april.');
      await tabTo('#decided-told');
      await page.keyboard.type('per brief');
    });
    expect(await statusText()).toBe('Genoteerd: Oordeel gegeven.');
    expect(await page.locator('dl').innerText()).toContain('deels gegrond');
    expect(await seriousViolations(page)).toEqual([]);

    await submitForm('resolved');
    expect(await page.locator('main').innerText()).toContain('Er valt bij deze stap niets meer te noteren.');
    expect(await history()).toEqual([
      `dinsdag 10 maart 2026: Klacht verstuurd – ${first.reference}`,
      `dinsdag 10 maart 2026: Ontvangst bevestigd – ${first.reference}`,
      `dinsdag 10 maart 2026: Nieuwe datum voor het oordeel: dinsdag 5 mei 2026 – ${first.reference}`,
      `dinsdag 10 maart 2026: Oordeel gegeven (deels gegrond) – ${first.reference}`,
      `dinsdag 10 maart 2026: Opgelost – ${first.reference}`,
    ]);

    // not handled, then the complainant's withdrawal, on a second complaint.
    const second = await complaint('twee@example.nl');
    await page.goto(`${bot.url}${second.path}`);
    await submitForm('not_handled', async () => {
      await tabTo('#not_handled-note');
      await page.keyboard.type('Dit hoort bij de gemeente.');
    });
    expect(await statusText()).toBe('Genoteerd: Niet in behandeling genomen.');
    await submitForm('withdrawn');
    expect(await statusText()).toBe('Genoteerd: Ingetrokken.');
    expect(await seriousViolations(page)).toEqual([]);

    // A forged token: 403, and nothing recorded.
    const third = await complaint('drie@example.nl');
    const [, token] = third.path.split('token=');
    const forgedToken = `${token!.slice(0, -2)}${token!.endsWith('AA') ? 'BB' : 'AA'}`;
    const forged = await page.goto(`${bot.url}/organisatie/${third.reference}?token=${forgedToken}`);
    expect(forged!.status()).toBe(403);
    expect(await page.locator('main').innerText()).toContain('Er is niets genoteerd.');
    const otherToken = await fetch(`${bot.url}/organisatie/${third.reference}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: first.path.split('token=')[1]!, event: 'acknowledged', date: '2026-03-10' }).toString(),
      redirect: 'manual',
    });
    expect(otherToken.status).toBe(403);
    await page.goto(`${bot.url}${third.path}`);
    expect(await history()).toEqual([`dinsdag 10 maart 2026: Klacht verstuurd – ${third.reference}`]);
  });
});
