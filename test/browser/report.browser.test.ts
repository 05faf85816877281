import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { addDays } from '../../src/domain/dates/isoDate';
import { buildReport, type RegisterEntry } from '../../src/domain/report/report';
import { tFor } from '../../src/infra/i18n/i18n';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { renderHtml } from '../../src/infra/report/render';
import { describeInBrowser, launchBrowser, SCREENSHOTS, seriousViolations } from './browserHarness';

// Code passed to page.evaluate runs in the browser.
declare const document: any;

/**
 * The html report in real Chromium: it loads nothing from outside, its bar charts are drawn, axe
 * finds no serious problem, and it prints. Its screenshot is the README's sample
 * (docs/screenshots/report-jongleren.png, refreshed with UPDATE_SCREENSHOTS=1).
 */

const procedure = {
  ...loadProcedures().get('jongleren')!,
  locations: [
    { id: 'regenboog', name: 'Kinderopvang De Regenboog' },
    { id: 'zonnebloem', name: 'BSO De Zonnebloem' },
    { id: 'vlinder', name: 'Peuterspeelzaal De Vlinder' },
  ],
  report: {
    ...loadProcedures().get('jongleren')!.report,
    howMadeKnown: { nl: 'Op de website, in het welkomstpakket voor nieuwe ouders en op het prikbord bij elke locatie.', en: 'On the website, in the welcome pack for new parents and on the notice board at every location.' },
  },
};

/** Fictitious register of 2026: 20 cases over three locations and one typed place. */
function demoEntries(): RegisterEntry[] {
  const spec: Array<[string, string, RegisterEntry['judgement'], string | null, string]> = [
    ['Kinderopvang De Regenboog', 'communication', 'well_founded', 'Vaste tijden voor het overdrachtsgesprek', '2026-01-12'],
    ['Kinderopvang De Regenboog', 'communication', 'partly_well_founded', 'Nieuwsbrief over wijzigingen in de groep', '2026-02-03'],
    ['Kinderopvang De Regenboog', 'conduct', 'unfounded', null, '2026-02-20'],
    ['Kinderopvang De Regenboog', 'treatment', null, null, '2026-04-07'],
    ['Kinderopvang De Regenboog', 'procedure_or_decision', 'unfounded', null, '2026-06-15'],
    ['Kinderopvang De Regenboog', 'communication', 'well_founded', 'Ouderavond over de nieuwe opvangtijden', '2026-09-01'],
    ['Kinderopvang De Regenboog', 'support', null, null, '2026-10-19'],
    ['BSO De Zonnebloem', 'conduct', 'partly_well_founded', 'Extra begeleider bij het buitenspelen', '2026-01-26'],
    ['BSO De Zonnebloem', 'support', 'unfounded', null, '2026-03-09'],
    ['BSO De Zonnebloem', 'communication', null, null, '2026-05-11'],
    ['BSO De Zonnebloem', 'communication', 'well_founded', 'Ophaallijst wordt dagelijks gecontroleerd', '2026-08-24'],
    ['BSO De Zonnebloem', 'treatment', 'unfounded', null, '2026-11-02'],
    ['Peuterspeelzaal De Vlinder', 'procedure_or_decision', 'partly_well_founded', 'Wachtlijstregels op de website uitgelegd', '2026-02-16'],
    ['Peuterspeelzaal De Vlinder', 'communication', null, null, '2026-04-20'],
    ['Peuterspeelzaal De Vlinder', 'conduct', 'unfounded', null, '2026-07-06'],
    ['Peuterspeelzaal De Vlinder', 'communication', 'well_founded', 'Vaste contactpersoon per groep', '2026-09-28'],
    ['op straat bij de school', 'other', null, null, '2026-03-23'],
    ['Kinderopvang De Regenboog', 'communication', null, null, '2026-12-07'],
    ['BSO De Zonnebloem', 'conduct', null, null, '2026-12-14'],
    ['Peuterspeelzaal De Vlinder', 'treatment', 'unfounded', null, '2026-05-25'],
  ];
  return spec.map(([location, category, judgement, measures, receivedOn], i) => ({
    id: `e${i}`,
    caseId: `c${i}`,
    rung: i === 4 || i === 12 ? 'external_committee' : 'manager',
    receivedOn,
    category,
    about: 'employee',
    location,
    externalCommittee: i === 4 || i === 12,
    withdrawnOn: i === 6 ? receivedOn : null,
    acknowledgedOn: addDays(receivedOn, 2 + (i % 5)),
    acknowledgeBy: addDays(receivedOn, 7),
    decidedOn: judgement ? addDays(receivedOn, 30 + 4 * i) : null,
    decideBy: addDays(receivedOn, 42),
    judgement,
    measures,
    resolvedOn: null,
    notHandledOn: null,
  }));
}

describeInBrowser('the html report in a real browser', () => {
  jest.setTimeout(120_000);
  let browser: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('when a board opens the JongLeren report, then it loads nothing from outside, draws its bars, passes axe and prints', async () => {
    const report = buildReport({
      procedure,
      year: 2026,
      entries: demoEntries(),
      notSent: [
        { month: '2026-03', reason: 'municipal_decision', count: 2 },
        { month: '2026-05', reason: 'talk_first', count: 3 },
        { month: '2026-09', reason: 'anonymous', count: 1 },
      ],
      asOf: '2027-01-15',
    });
    const html = renderHtml({ report, procedure, t: tFor('nl', 'report'), lang: 'nl', today: '2027-01-15' });
    const file = join(tmpdir(), `kw-report-${process.pid}.html`);
    writeFileSync(file, html);

    const page = browser.pages()[0] ?? (await browser.newPage());
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) outside.push(r.url());
    });
    await page.setViewportSize({ width: 900, height: 900 });
    await page.goto(pathToFileURL(file).href);
    expect(outside).toEqual([]);
    const bars = await page.evaluate(() => [...document.querySelectorAll('svg rect')].map((r: any) => r.getBoundingClientRect().width));
    expect(bars.length).toBeGreaterThan(10);
    expect(Math.max(...bars)).toBeGreaterThan(100);
    expect(await page.locator('h2').allInnerTexts()).toEqual([
      '1. De klachtenregeling',
      '2. Hoe klanten de klachtenregeling kennen',
      '3. Aantal en aard van de klachten per locatie',
      '4. Strekking van de oordelen en maatregelen per locatie',
      '5. Klachten behandeld door een externe commissie',
      '6. Ingetrokken',
      '7. Termijnen',
      '8. Gesprekken zonder verstuurde klacht',
      '9. Kleine aantallen',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'report-jongleren.png'), fullPage: true });
  });
});
