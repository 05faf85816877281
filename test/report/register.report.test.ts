import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDelivery, deliveryMigrations, type Delivery } from '../../src/app/delivery';
import { parseEnv } from '../../src/config/env';
import { createApp, type App } from '../../src/createApp';
import { main as report } from '../../src/cli/report';
import type { SqlDb } from '../../src/infra/db/db';
import { migrate } from '../../src/infra/db/migrate';
import { openDb } from '../../src/infra/db/openDb';
import { createLogger } from '../../src/infra/log/logger';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { reportMigrations, SqlNotSentCounter } from '../../src/infra/report/registerStore';
import { stateMigrations } from '../../src/infra/state/sqlStorage';
import { BASE } from '../conversation/scenarios';
import { TestClock } from '../helpers/clock';
import { BOTH, tempDir, type TestDb } from '../helpers/databases';
import { httpTransport, ScenarioDriver, type Answers } from '../helpers/scenarioDriver';

/**
 * The register filled through real conversations (the bot over HTTP, real delivery into SQLite
 * and PostgreSQL), then `npm run report` in every format, checked against counts made by hand.
 * Every conversation plants a unique name, e-mail address, description and employee name; none
 * of them, and no reference, may appear in any format.
 */

const REGISTER = join(__dirname, '..', 'helpers', 'swcRegister.js');
const COMPLAINT_CLI = join(__dirname, '..', '..', 'src', 'cli', 'complaint.ts');

const OVERRIDES = {
  jongleren: {
    locations: [
      { id: 'regenboog', name: 'Kinderopvang De Regenboog', aliases: ['KDV Regenboog'] },
      { id: 'zonnebloem', name: 'BSO De Zonnebloem', aliases: ['Zonnebloem'] },
      { id: 'vlinder', name: 'Peuterspeelzaal De Vlinder' },
    ],
    report: { howMadeKnown: { nl: 'Op de website, in de intake-map en op het prikbord bij elke locatie.', en: 'On the website, in the intake folder and on the notice board at every location.' } },
  },
  xtra: {
    locations: [
      { id: 'centrum', name: 'Xtra Centrum' },
      { id: 'noord', name: 'Xtra Noord', aliases: ['Noord'] },
    ],
  },
};

interface Plan {
  org: 'jongleren' | 'xtra';
  location: string | { choice: string } | 'skip';
  category: string;
  /** Days after 10 March 2026 (negative: the year before). */
  day?: number;
  withdraw?: boolean;
}

const PLANS: Plan[] = [
  { org: 'jongleren', location: { choice: 'regenboog' }, category: 'conduct' },
  { org: 'jongleren', location: 'kdv  REGENBOOG', category: 'communication', withdraw: true },
  { org: 'jongleren', location: 'Kinderopvang De Regenboog', category: 'conduct' },
  { org: 'jongleren', location: 'BSO De Zonnebloem', category: 'treatment', day: 30 },
  { org: 'jongleren', location: 'zonnebloem', category: 'treatment', day: 60 },
  { org: 'jongleren', location: 'bso de zonnebloem', category: 'support', day: 90 },
  { org: 'jongleren', location: 'Thuis bij PLANTED-ADDRESS Dorpsstraat 4', category: 'other', day: 120 },
  { org: 'jongleren', location: 'skip', category: 'communication', day: 150 },
  { org: 'jongleren', location: 'Vlinder', category: 'conduct', day: 180 },
  // Received in 2025: not in the 2026 report.
  { org: 'jongleren', location: 'Kinderopvang De Regenboog', category: 'conduct', day: -90 },
  { org: 'xtra', location: { choice: 'centrum' }, category: 'conduct' },
  { org: 'xtra', location: 'xtra centrum', category: 'conduct', day: 10 },
  { org: 'xtra', location: 'XTRA CENTRUM', category: 'treatment', day: 20 },
  { org: 'xtra', location: 'noord', category: 'communication', day: 30 },
  { org: 'xtra', location: 'Wijkcentrum Oost', category: 'communication', day: 40 },
];

const START = Date.parse('2026-03-10T10:00:00+01:00');
const DAY = 86_400_000;
const planted = (i: number) => ({
  name: `Plantnaam Ysolde${i}`,
  email: `plant${i}.ysolde@example.nl`,
  description: `Plantomschrijving-${i}: de begeleider Quirijn${i} vergat mijn kind op te halen.`,
  employee: `Medewerker Quirijn${i} Plantinga`,
  desired: `Plantwens-${i} een gesprek`,
});

describe.each(BOTH)('the complaints register and its yearly report on %s', (_name, makeDb) => {
  let testDb: TestDb;
  let db: SqlDb;
  let app: App;
  let delivery: Delivery;
  let clock: TestClock;
  let dataDir: string;
  let overridesPath: string;
  const references: string[] = [];

  beforeAll(async () => {
    testDb = await makeDb();
    dataDir = tempDir('kw-report-');
    // The report command reads the same store: DATA_DIR's SQLite file, or DATABASE_URL.
    db = testDb.url ? await testDb.open() : openDb({ dataDir });
    await migrate(db, [...stateMigrations, ...deliveryMigrations, ...reportMigrations]);
    overridesPath = join(dataDir, 'overrides.json');
    writeFileSync(overridesPath, JSON.stringify(OVERRIDES));
    const procedures = loadProcedures({ overridesPath });
    clock = new TestClock('2026-03-10T10:00:00+01:00');
    const env = parseEnv({ DATA_DIR: dataDir, PROCEDURE_OVERRIDES: overridesPath });
    delivery = createDelivery({ env, db, procedures, clock });
    app = createApp({
      auth: { MicrosoftAppType: 'MultiTenant' },
      db,
      procedures,
      sender: delivery.sender,
      clock,
      log: createLogger('silent'),
      conversationRetentionDays: 30,
      notSent: new SqlNotSentCounter(db),
    });
    const transport = httpTransport(`http://127.0.0.1:${await app.listen(0)}`);
    const moveTo = (ms: number) => clock.advance(ms - clock.now().getTime());
    const talk = async (org: string, answers: Answers) => {
      const d = new ScenarioDriver(transport);
      await d.start({ organisation: org });
      try {
        return { d, ...(await d.run({ ...BASE.nl, ...answers })) };
      } catch (e) {
        throw new Error(`${(e as Error).message.slice(0, 300)}\n${d.lastReplies.map((r) => r.text).join('\n')}`);
      }
    };

    for (const [i, plan] of PLANS.entries()) {
      moveTo(START + (plan.day ?? 0) * DAY + i * 60_000);
      const p = planted(i);
      const { d, outcome } = await talk(plan.org, {
        location: plan.location === 'skip' ? 'Overslaan' : typeof plan.location === 'string' ? plan.location : { text: '', value: plan.location },
        category: plan.category,
        event_date: 'gisteren',
        full_name: p.name,
        email: p.email,
        description: p.description,
        employee_name: p.employee,
        desired_outcome: p.desired,
      });
      expect(outcome?.outcome).toBe('submitted');
      references.push(outcome!.reference!);
      if (plan.withdraw) {
        await d.send('intrekken');
        await d.send(outcome!.reference!);
        await d.send(p.email);
      }
    }
    // Conversations that end without a complaint: counted by reason, nothing else kept.
    moveTo(START + 5 * DAY);
    expect((await talk('jongleren', { scope: 'with_external_body' })).outcome?.outcome).toBe('referred');
    expect((await talk('jongleren', { full_name: 'anonymous', anonymous: 'end' })).outcome?.outcome).toBe('stopped');
    expect((await talk('jongleren', { confirm: 'Niet versturen' })).outcome?.outcome).toBe('cancelled');
    expect((await talk('xtra', { scope: 'municipal_decision', decision_date: '2-3-2026' })).outcome?.outcome).toBe('referred');

    // Staff record what the organisation did, with the command (PLANS index, event, options).
    const records: Array<[number, string, string[]]> = [
      [0, 'acknowledged', ['--date', '2026-03-12']],
      [0, 'decided', ['--date', '2026-04-10', '--judgement', 'well_founded', '--motivation', 'Plantmotivatie-0 over Quirijn0', '--measures', 'Vaste ophaaltijden afgesproken']],
      [2, 'acknowledged', ['--date', '2026-03-20']],
      [2, 'decided', ['--date', '2026-05-01', '--judgement', 'partly_well_founded', '--measures', 'Extra overleg met het team', '--told', 'per brief']],
      [3, 'acknowledged', ['--date', '2026-04-14']],
      [3, 'decided', ['--date', '2026-05-15', '--judgement', 'unfounded']],
      [4, 'resolved', ['--date', '2026-05-20']],
      [10, 'decided', ['--date', '2026-03-30', '--judgement', 'well_founded', '--measures', 'Nieuwe werkinstructie']],
    ];
    for (const [i, event, opts] of records) {
      const r = await complaintCommand(['record', references[i], event, ...opts]);
      expect({ i, event, code: r.code, stderr: r.stderr }).toEqual({ i, event, code: 0, stderr: '' });
    }
  }, 300_000);

  const complaintCommand = (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['-r', REGISTER, COMPLAINT_CLI, ...args], {
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'test',
          ENV_FILE: 'none',
          DATA_DIR: dataDir,
          PROCEDURE_OVERRIDES: overridesPath,
          KLACHTWIJZER_FIXED_NOW: '2027-01-10T10:00:00+01:00',
          ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });

  afterAll(async () => {
    await app?.close();
    await delivery?.close();
    await db?.close();
    await testDb?.dispose();
  });

  const run = async (org: string, format: string, extra: string[] = []): Promise<{ code: number; out: string }> => {
    const out = join(dataDir, `${org}.${format}`);
    const code = await report([org, '--year', '2026', '--format', format, '--out', out, ...extra], {
      ENV_FILE: 'none',
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PROCEDURE_OVERRIDES: overridesPath,
      KLACHTWIJZER_FIXED_NOW: '2027-01-15T10:00:00+01:00',
      ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
    });
    return { code, out: code === 0 ? readFileSync(out, 'utf8') : '' };
  };

  const zero = { treatment: 0, communication: 0, support: 0, conduct: 0, procedure_or_decision: 0, sexual_harassment: 0, other: 0 };
  const none = (n: number) => ({ well_founded: 0, partly_well_founded: 0, unfounded: 0, none: n });

  /** JongLeren's 2026, counted by hand from PLANS, the records and the four conversations without a complaint. */
  const JONGLEREN = {
    organisation: { id: 'jongleren', name: 'JongLeren' },
    year: 2026,
    total: 9,
    byLocation: [
      {
        location: 'Kinderopvang De Regenboog',
        total: 3,
        byCategory: { ...zero, conduct: 2, communication: 1 },
        judgements: { well_founded: 1, partly_well_founded: 1, unfounded: 0, none: 1 },
        measures: ['Vaste ophaaltijden afgesproken', 'Extra overleg met het team'],
      },
      { location: 'BSO De Zonnebloem', total: 3, byCategory: { ...zero, treatment: 2, support: 1 }, judgements: { well_founded: 0, partly_well_founded: 0, unfounded: 1, none: 2 }, measures: [] },
      { location: 'other', total: 3, byCategory: { ...zero, other: 1, communication: 1, conduct: 1 }, judgements: none(3), measures: [] },
    ],
    byCategory: { ...zero, conduct: 3, communication: 2, treatment: 2, support: 1, other: 1 },
    judgements: { well_founded: 1, partly_well_founded: 1, unfounded: 1, none: 6 },
    withdrawn: 1,
    externalCommittee: { total: 0, byCategory: zero },
    // Acknowledged after 2, 8 and 3 working days; decided after 21, 35 and 23 (Good Friday, Easter
    // Monday, Koningsdag, 5 May and Ascension Day are days off). Late: receipt of #2, #4 (resolved
    // after its date) and the four never answered; ruling of #2 and the four never answered. The
    // withdrawn one was withdrawn before its dates.
    deadlines: { acknowledgedLate: 6, decidedLate: 5, medianDaysToAcknowledge: 3, medianDaysToDecide: 23 },
    notSent: { anonymous: 1, cancelled: 1, with_external_body: 1 },
    // 'Vlinder' (the listed location's id, typed) had 1 complaint: counted under other, never named.
    smallNumbers: { threshold: 3, folded: 1 },
  };

  it('when JongLeren’s report is made as JSON, then every count is the one counted by hand', async () => {
    const { code, out } = await run('jongleren', 'json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(JONGLEREN);
  });

  it('when Xtra’s locations are too small, then they are counted under other and the numbers still add up', async () => {
    const { out } = await run('xtra', 'json');
    const r = JSON.parse(out);
    // Noord (1) goes to other with Oost (typed, 1); other (2) is still small, so Centrum (3) joins it.
    expect(r).toMatchObject({
      total: 5,
      byLocation: [
        {
          location: 'other',
          total: 5,
          byCategory: { ...zero, conduct: 2, treatment: 1, communication: 2 },
          judgements: { well_founded: 1, partly_well_founded: 0, unfounded: 0, none: 4 },
          measures: ['Nieuwe werkinstructie'],
        },
      ],
      judgements: { well_founded: 1, partly_well_founded: 0, unfounded: 0, none: 4 },
      notSent: { municipal_decision: 1 },
      smallNumbers: { threshold: 3, folded: 2 },
      withdrawn: 0,
    });
  });

  it('when the report is made as CSV, then it opens in Dutch Excel (BOM, semicolons) with the same counts', async () => {
    const { out } = await run('jongleren', 'csv');
    expect(out.startsWith('\uFEFF')).toBe(true);
    const rows = out.slice(1).trimEnd().split('\r\n').map((l) => l.split(';'));
    expect(rows[0]).toEqual(['Deel', 'Locatie', 'Sleutel', 'Onderdeel', 'Aantal']);
    // Every count of the CSV, read back into the JSON shape, is the hand count.
    const num = (v: string) => (v === '' ? null : Number(v.replace(',', '.')));
    const pick = (section: string, location = '') => Object.fromEntries(rows.filter((r) => r[0] === section && r[1] === location).map((r) => [r[2], num(r[4])]));
    const locations = [...new Set(rows.filter((r) => r[0] === 'locatie, totaal').map((r) => r[1]))];
    expect({
      total: pick('totaal').total,
      byCategory: pick('aard'),
      judgements: pick('oordeel'),
      withdrawn: pick('ingetrokken').withdrawn,
      externalCommittee: { total: pick('externe commissie').total, byCategory: pick('externe commissie, aard') },
      deadlines: pick('termijnen'),
      notSent: pick('niet verstuurd'),
      byLocation: locations.map((l) => ({
        location: l === 'Overige locaties' ? 'other' : l,
        total: pick('locatie, totaal', l).total,
        byCategory: pick('locatie, aard', l),
        judgements: pick('locatie, oordeel', l),
        measures: rows.filter((r) => r[0] === 'maatregel' && r[1] === l).map((r) => r[3]),
      })),
    }).toEqual({ ...JONGLEREN, organisation: undefined, year: undefined, smallNumbers: undefined });
    const cell = (section: string, location: string, key: string) => rows.find((r) => r[0] === section && r[1] === location && r[2] === key)?.[4];
    expect(cell('totaal', '', 'total')).toBe('9');
    expect(cell('aard', '', 'conduct')).toBe('3');
    expect(cell('ingetrokken', '', 'withdrawn')).toBe('1');
    expect(cell('oordeel', '', 'none')).toBe('6');
    expect(cell('oordeel', '', 'partly_well_founded')).toBe('1');
    expect(cell('locatie, oordeel', 'BSO De Zonnebloem', 'unfounded')).toBe('1');
    expect(rows.filter((r) => r[0] === 'maatregel').map((r) => [r[1], r[3]])).toEqual([
      ['Kinderopvang De Regenboog', 'Vaste ophaaltijden afgesproken'],
      ['Kinderopvang De Regenboog', 'Extra overleg met het team'],
    ]);
    expect(cell('termijnen', '', 'medianDaysToDecide')).toBe('23');
    expect(cell('locatie, totaal', 'Kinderopvang De Regenboog', 'total')).toBe('3');
    expect(cell('locatie, aard', 'BSO De Zonnebloem', 'treatment')).toBe('2');
    expect(cell('locatie, totaal', 'Overige locaties', 'total')).toBe('3');
    expect(cell('niet verstuurd', '', 'with_external_body')).toBe('1');
    expect(cell('termijnen', '', 'acknowledgedLate')).toBe('6');
    expect(rows.every((r) => r.length === 5)).toBe(true);
  });

  it('when the report is made as Markdown, then it has the Wet kinderopvang sections in order with the counts', async () => {
    const { out } = await run('jongleren', 'md');
    const order = [
      'Wettelijk klachtenverslag (Wet kinderopvang)',
      'uiterlijk maandag 31 mei 2027',
      '## 1. De klachtenregeling',
      'Klachtenregeling JESS, JongLeren, MEE ZHN, Wijkz en Xtra, vastgesteld op woensdag 21 mei 2025',
      '## 2. Hoe klanten de klachtenregeling kennen',
      'Op de website, in de intake-map en op het prikbord bij elke locatie.',
      '## 3. Aantal en aard van de klachten per locatie',
      'Klachten in 2026: 9.',
      '| Kinderopvang De Regenboog | 3 | 0 | 1 | 0 | 2 | 0 | 0 | 0 |',
      '| BSO De Zonnebloem | 3 | 2 | 0 | 1 | 0 | 0 | 0 | 0 |',
      '| Overige locaties | 3 | 0 | 1 | 0 | 1 | 0 | 0 | 1 |',
      '## 4. Strekking van de oordelen en maatregelen per locatie',
      '| Kinderopvang De Regenboog | 1 | 1 | 0 | 1 |',
      '| BSO De Zonnebloem | 0 | 0 | 1 | 2 |',
      '| Overige locaties | 0 | 0 | 0 | 3 |',
      'Maatregelen (zoals medewerkers ze vastlegden), Kinderopvang De Regenboog:',
      '- Vaste ophaaltijden afgesproken',
      '- Extra overleg met het team',
      'Maatregelen (zoals medewerkers ze vastlegden), BSO De Zonnebloem:',
      'Geen maatregelen vastgelegd.',
      '## 5. Klachten behandeld door een externe commissie',
      'Naar een externe klachtencommissie gegaan: 0.',
      'Ingetrokken klachten: 1.',
      'Ontvangst te laat of niet bevestigd: 6',
      'Oordeel te laat of niet gegeven: 5',
      'Mediaan werkdagen tot ontvangstbevestiging: 3',
      'Mediaan werkdagen tot oordeel: 23',
      'Wilde anoniem blijven: 1',
      'Afgebroken bij de samenvatting: 1',
      'Al bij een andere instantie: 1',
    ];
    let at = -1;
    for (const s of order) {
      const i = out.indexOf(s, at + 1);
      expect({ s, found: i > at }).toEqual({ s, found: true });
      at = i;
    }
  });

  it('when the report is made as HTML, then it is one printable page with bar charts and no outside resources', async () => {
    const { out } = await run('jongleren', 'html');
    expect(out).toMatch(/^<!doctype html>/);
    expect(out).not.toMatch(/\b(?:src|href)=/);
    expect(out).not.toMatch(/https?:\/\//);
    expect(out).toContain('@media print');
    expect((out.match(/<svg /g) ?? []).length).toBe(3);
    // The two tables and the charts, read back, are the hand count.
    const tables = [...out.matchAll(/<tbody>(.*?)<\/tbody>/g)].map((m) => [...m[1].matchAll(/<tr>(.*?)<\/tr>/g)].map((r) => [...r[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1])));
    const name = (l: string) => (l === 'other' ? 'Overige locaties' : l);
    const CATS = ['treatment', 'communication', 'support', 'conduct', 'procedure_or_decision', 'sexual_harassment', 'other'] as const;
    const JUDGED = ['well_founded', 'partly_well_founded', 'unfounded', 'none'] as const;
    expect(tables[0]).toEqual(JONGLEREN.byLocation.map((g) => [name(g.location), String(g.total), ...CATS.map((c) => String(g.byCategory[c]))]));
    expect(tables[1]).toEqual(JONGLEREN.byLocation.map((g) => [name(g.location), ...JUDGED.map((j) => String(g.judgements[j]))]));
    const charts = [...out.matchAll(/<figure><figcaption>(.*?)<\/figcaption>(.*?)<\/figure>/g)].map((m) => [m[1], [...m[2].matchAll(/class="v">(\d+)</g)].map((v) => Number(v[1]))]);
    expect(charts).toEqual([
      ['Klachten per locatie', JONGLEREN.byLocation.map((g) => g.total)],
      ['Klachten naar aard', CATS.map((c) => JONGLEREN.byCategory[c])],
      ['Oordelen', JUDGED.map((j) => JONGLEREN.judgements[j])],
    ]);
    for (const m of JONGLEREN.byLocation.flatMap((g) => g.measures)) expect(out).toContain(`<li>${m}</li>`);
    for (const line of ['Ingetrokken klachten: 1.', 'Naar een externe klachtencommissie gegaan: 0.', 'Ontvangst te laat of niet bevestigd: 6', 'Oordeel te laat of niet gegeven: 5', 'Mediaan werkdagen tot ontvangstbevestiging: 3', 'Mediaan werkdagen tot oordeel: 23', 'Wilde anoniem blijven: 1', 'Afgebroken bij de samenvatting: 1', 'Al bij een andere instantie: 1']) {
      expect(out).toContain(line);
    }
    expect(out).toMatch(/<text [^>]*class="l">Hoe iemand zich gedroeg<\/text><rect [^>]*><\/rect><text [^>]*class="v">3<\/text>/);
  });

  it('when a deployment has not said how clients are told about the regeling, then the report says it is missing', async () => {
    writeFileSync(overridesPath, JSON.stringify({ ...OVERRIDES, jongleren: { ...OVERRIDES.jongleren, report: undefined } }));
    try {
      const { out } = await run('jongleren', 'md');
      expect(out).toContain('Ontbreekt: deze installatie heeft niet opgegeven hoe klanten de klachtenregeling kennen');
    } finally {
      writeFileSync(overridesPath, JSON.stringify(OVERRIDES));
    }
  });

  it('when names, e-mail addresses, descriptions and employee names were planted, then no format holds any of them or a reference', async () => {
    const secrets = [...PLANS.keys()].flatMap((i) => Object.values(planted(i))).concat(references, ['PLANTED-ADDRESS', 'Dorpsstraat', 'Plantmotivatie', 'per brief', 'Wijkcentrum Oost', 'Vlinder', 'Ysolde', 'Quirijn', '06 12345678']);
    for (const org of ['jongleren', 'xtra']) {
      for (const format of ['md', 'csv', 'json', 'html', 'md --lang en']) {
        const [f, ...extra] = format.split(' ');
        const { code, out } = await run(org, f, extra);
        expect(code).toBe(0);
        expect(out.length).toBeGreaterThan(200);
        for (const s of secrets) expect({ org, format, leaked: out.includes(s) ? s : null }).toEqual({ org, format, leaked: null });
        expect(out).not.toMatch(/KW-\d{4}-[A-Z0-9]{6}/);
        expect(out).not.toMatch(/@example\.nl/);
      }
    }
  });

  it('when the organisation is unknown, then the command exits 1 and names it', async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true));
    try {
      expect((await run('bestaat-niet', 'md')).code).toBe(1);
      expect((await run('jongleren', 'pdf')).code).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('')).toContain('organisation "bestaat-niet"');
    expect(errors.join('')).toContain('--format');
  });
});
