import { BASE } from '../conversation/scenarios';
import { postgresTestDb, tempDir, type TestDb } from '../helpers/databases';
import { httpTransport, ScenarioDriver } from '../helpers/scenarioDriver';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { type ReceivedMail, TestSmtp } from '../helpers/smtp';

/**
 * The ladder's dates, lived through by restarting the real server with the clock moved on
 * (KLACHTWIJZER_FIXED_NOW) on the same database. A complaint reaches Xtra on the Thursday before
 * Easter 2026 (2 April). Good Friday and Easter Monday are days off at Xtra, so the five working
 * days for the acknowledgement end on Monday 13 April and its reminders go on Tuesday 14 April.
 * Six weeks end on Thursday 14 May (Ascension Day): the ruling reminder goes on Friday 15 May.
 */

const kindOf = (m: ReceivedMail) => String(m.parsed.headers.get('x-klachtwijzer-kind') ?? '');

describe.each([
  ['SQLite, one instance', 1],
  ['PostgreSQL, two instances', 2],
] as const)('reminders at Xtra on %s', (store, instances) => {
  let smtp: TestSmtp;
  let pg: TestDb | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    const dataDir = tempDir('kw-reminders-');
    if (store.startsWith('PostgreSQL')) pg = await postgresTestDb();
    env = {
      DATA_DIR: dataDir,
      ...(pg ? { DATABASE_URL: pg.url! } : {}),
      SMTP_URL: smtp.url,
      OUTBOX_POLL_MS: '100',
      PUBLIC_URL: 'https://klachtwijzer.example.org',
    };
  });
  afterAll(async () => {
    await smtp?.stop();
    await pg?.dispose();
  });

  /** Starts the instances at `now`, waits until `expected` more mails arrived and a moment for any extra one, then stops them. */
  async function runAt(now: string, expected: number, during?: (server: ServerProcess) => Promise<void>): Promise<ReceivedMail[]> {
    const before = smtp.mails.length;
    const servers = await Promise.all(Array.from({ length: instances }, () => startServerProcess({ ...env, KLACHTWIJZER_FIXED_NOW: now }, undefined, 90_000)));
    try {
      if (during) await during(servers[0]);
      const deadline = Date.now() + 20_000;
      while (smtp.mails.length < before + expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // Room for a second copy to show up, if there were one: each instance's worker has looked several times.
      await new Promise((r) => setTimeout(r, 1500));
    } finally {
      for (const s of servers) s.child.kill('SIGTERM');
      await Promise.all(servers.map((s) => s.exited));
    }
    return smtp.mails.slice(before);
  }

  it('when no acknowledgement and no ruling come, then each reminder goes once, on the right working day, and never again', async () => {
    let reference = '';
    const first = await runAt('2026-04-02T10:00:00+02:00', 2, async (server) => {
      const driver = new ScenarioDriver(httpTransport(server.baseUrl), { locale: 'nl-NL' });
      await driver.start({ organisation: 'xtra' });
      const { outcome } = await driver.run(BASE.nl);
      reference = outcome?.reference ?? '';
    });
    expect(reference).toMatch(/^KW-2026-/);
    expect(first.map(kindOf).sort()).toEqual(['organisation', 'receipt']);

    // Monday 13 April is the last day for the acknowledgement: nothing yet.
    if (instances === 1) expect(await runAt('2026-04-13T16:00:00+02:00', 0)).toEqual([]);

    const ack = await runAt('2026-04-14T09:00:00+02:00', 2);
    expect(ack.map((m) => [kindOf(m), m.envelope.to.join(',')]).sort()).toEqual([
      ['reminder', 'anna@example.nl'],
      ['reminder_notice', 'klachten@xtra.nl'],
    ]);
    for (const m of ack) {
      expect(m.parsed.subject).toContain(reference);
      expect(m.parsed.text).toContain('maandag 13 april 2026');
      expect(m.parsed.text).not.toContain(BASE.nl.description);
      expect(m.parsed.text).not.toContain(BASE.nl.full_name);
    }
    // The complainant's reminder names the chat page with the organisation preset.
    const toComplainant = ack.find((m) => kindOf(m) === 'reminder')!.parsed.text ?? '';
    expect(toComplainant).toContain(`Open de chat op https://klachtwijzer.example.org/?org=xtra. Typ "status" en geef uw kenmerk ${reference}.`);
    expect(await runAt('2026-04-14T15:00:00+02:00', 0)).toEqual([]);

    // Six weeks end on Ascension Day: the reminder waits for the next working day.
    if (instances === 1) expect(await runAt('2026-05-14T12:00:00+02:00', 0)).toEqual([]);
    const ruling = await runAt('2026-05-15T09:00:00+02:00', 1);
    expect(ruling.map((m) => [kindOf(m), m.envelope.to.join(',')])).toEqual([['reminder', 'anna@example.nl']]);
    const text = ruling[0].parsed.text ?? '';
    expect(ruling[0].parsed.subject).toContain(reference);
    expect(text).toContain('donderdag 14 mei 2026');
    expect(text).toContain('De volgende stap is: De directie.');
    expect(text).toContain('https://klachtwijzer.example.org/?org=xtra');
    expect(text).toContain(`Typ "volgende stap" en geef uw kenmerk ${reference}`);
    expect(text).not.toContain(BASE.nl.description);

    expect(await runAt('2026-05-15T14:00:00+02:00', 0)).toEqual([]);
    if (instances === 1) expect(await runAt('2026-06-20T10:00:00+02:00', 0)).toEqual([]);
  }, 600_000);
});
