import { BASE } from '../conversation/scenarios';
import { postgresTestDb, type TestDb } from '../helpers/databases';
import { ScenarioDriver, httpTransport, type Transport } from '../helpers/scenarioDriver';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { TestSmtp } from '../helpers/smtp';

/**
 * Two bot processes behind one PostgreSQL, as a load balancer without sticky sessions would use
 * them: every conversation's turns alternate between the instances, one instance is killed in
 * the middle (SIGKILL, no goodbye), and every complaint must still reach its organisation
 * exactly once, with exactly one receipt.
 */

const ORGS = ['jess', 'jongleren', 'mee-zhn', 'wijkz', 'xtra', 'sociale-teams-helmond', 'so-trainingsbureau', 'xtra'];
const EXPECTED_BOX: Record<string, string> = {
  jess: 'klachten@stichtingjess.nl',
  jongleren: 'klachten@jonglerendenhaag.nl',
  'mee-zhn': 'klachten@meezhn.nl',
  wijkz: 'klachten@wijkz.nl',
  xtra: 'klachten@xtra.nl',
  'sociale-teams-helmond': 'klachten@sthelmond.nl',
  'so-trainingsbureau': 'officemanager@sotrainingsbureau.nl',
};

describe('two instances on one PostgreSQL', () => {
  let pg: TestDb;
  let smtp: TestSmtp;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    pg = await postgresTestDb();
    smtp = await TestSmtp.start();
    const env = {
      DATABASE_URL: pg.url!,
      SMTP_URL: smtp.url,
      KLACHTWIJZER_FIXED_NOW: '2026-03-10T10:00:00+01:00',
      OUTBOX_POLL_MS: '200',
      OUTBOX_LEASE_SECONDS: '5',
      OUTBOX_RETRY_SCHEDULE: '1,1,2',
      RATE_LIMIT_PER_ADDRESS: '1000',
    };
    // Started one after the other would hide a migration race; both start at once.
    servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
  }, 60_000);

  afterAll(async () => {
    for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await smtp?.stop();
    await pg?.dispose();
  });

  it('when turns alternate between instances and one is killed halfway, then every complaint arrives exactly once', async () => {
    const [a, b] = servers;
    let bAlive = true;
    let turns = 0;
    let inFlightAtB = 0;
    const viaA = httpTransport(a.baseUrl);
    const viaB = httpTransport(b.baseUrl);
    // Odd turns to B while it lives, the rest to A: no instance sees a whole conversation.
    const alternating: Transport = async (activity) => {
      turns += 1;
      if (!bAlive || turns % 2 === 0) return viaA(activity);
      inFlightAtB += 1;
      try {
        return await viaB(activity);
      } finally {
        inFlightAtB -= 1;
      }
    };

    const drivers = ORGS.map((org) => new ScenarioDriver(alternating, { locale: 'nl-NL' }));
    // All conversations run at once. When about half of all turns have been taken, the balancer
    // stops sending to B; B is killed as soon as its last answer is out, with its outbox worker,
    // its claims on mails and its database connections still open.
    const killer = (async () => {
      while (turns < ORGS.length * 12) await new Promise((r) => setTimeout(r, 10));
      bAlive = false;
      while (inFlightAtB > 0) await new Promise((r) => setTimeout(r, 1));
      b.child.kill('SIGKILL');
    })();
    const results = await Promise.all(
      drivers.map(async (d, i) => {
        await d.start({ organisation: ORGS[i] });
        return d.run({ ...BASE.nl, email: `klager${i}@example.nl` });
      }),
    );
    await killer;
    expect(await b.exited).toBe('SIGKILL');

    const references = results.map((r) => r.outcome?.reference);
    expect(references.every((r) => /^KW-\d{4}-[0-9A-Z]{6}$/.test(r ?? ''))).toBe(true);
    expect(new Set(references).size).toBe(ORGS.length);

    // The outbox on the surviving instance sends what the dead one had claimed once its lease ran out.
    const deadline = Date.now() + 40_000;
    const byReference = (ref: string) => smtp.mails.filter((m) => (m.parsed.subject ?? '').includes(ref));
    while (Date.now() < deadline && !references.every((ref) => byReference(ref!).length >= 2)) {
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1500)); // room for a duplicate to show up, if there were one

    references.forEach((ref, i) => {
      const mails = byReference(ref!);
      const toOrganisation = mails.filter((m) => m.envelope.to.includes(EXPECTED_BOX[ORGS[i]]));
      const receipts = mails.filter((m) => m.envelope.to.includes(`klager${i}@example.nl`));
      expect({ ref, toOrganisation: toOrganisation.length, receipts: receipts.length }).toEqual({ ref, toOrganisation: 1, receipts: 1 });
    });
  }, 120_000);
});
