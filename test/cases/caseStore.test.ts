import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { loadCaseReport, recordCaseEvent } from '../../src/app/cases/cases';
import { findCase } from '../../src/infra/cases/caseStore';
import { sweepRetention } from '../../src/infra/delivery/register';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { BOTH, tempDir, type TestDb } from '../helpers/databases';
import { fileDb } from '../helpers/fileDb';
import { draft, harness, type Harness, MAIL_FROM, PERSON } from '../delivery/fixtures';

const procedures = loadProcedures();

describe.each(BOTH)('the case of a complaint on %s', (_name, makeDb) => {
  let testDb: TestDb;
  let h: Harness;
  const ctx = () => ({ db: h.db, procedures, clock: h.clock, logger: { info: () => undefined, warn: () => undefined, error: () => undefined } });

  beforeEach(async () => {
    testDb = await makeDb();
    h = await harness({ testDb });
  });
  afterEach(async () => {
    await h.dispose();
    await testDb.dispose();
  });

  async function submitXtra(key = 'conv-1') {
    const result = await h.delivery.sender.submit(draft('xtra', 'manager'), { idempotencyKey: key });
    if (!result.ok) throw new Error('submit failed');
    return result.reference;
  }

  it('when a complaint is sent to Xtra, then its case starts at the leidinggevende, awaiting an answer, with the dates of 004', async () => {
    const reference = await submitXtra();
    await submitXtra(); // the same conversation again: the same reference, no second case
    const stored = await findCase(h.db, reference);
    expect(stored).toMatchObject({ caseId: reference, organisationId: 'xtra', status: 'active', rung: 'manager', stage: 'awaitingAnswer', latestReference: reference });
    expect(stored!.submissions).toEqual([{ reference, seq: 1, rung: 'manager', submittedAt: expect.any(Number), receivedOn: '2026-04-20' }]);
    expect(stored!.events.map((e) => [e.event, e.on])).toEqual([['submitted', '2026-04-20']]);
    // Monday 20 April: five working days skip Koningsdag (27 April); six weeks end on 1 June.
    expect(stored!.snapshot.context.current).toEqual({
      deliveredOn: '2026-04-20',
      acknowledgeBy: '2026-04-28',
      decideBy: '2026-06-01',
      extensionCap: '2026-06-01',
    });
    const [{ n }] = await h.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM case_cases');
    expect(Number(n)).toBe(1);
  });

  it('when the rung has no mailbox, then the case waits at that rung, not delivered', async () => {
    const result = await h.delivery.sender.submit(draft('ons-welzijn', 'manager'), { idempotencyKey: 'conv-ons' });
    if (!result.ok) throw new Error('submit failed');
    expect(await findCase(h.db, result.reference)).toMatchObject({ rung: 'manager', stage: 'open', status: 'active' });
  });

  it('when the organisation records receipt and its ruling, then the case holds them, each with its date and details', async () => {
    const reference = await submitXtra();
    h.clock.advance(2 * 86_400_000);
    expect(await recordCaseEvent(ctx(), { reference, event: 'acknowledged' }, 'staff')).toMatchObject({ kind: 'recorded', stage: 'awaitingAnswer' });
    h.clock.advance(20 * 86_400_000);
    const decided = await recordCaseEvent(
      ctx(),
      { reference, event: 'decided', date: '2026-05-11', judgement: 'partly_well_founded', motivation: 'Het ophalen ging mis.', measures: 'Nieuwe afspraken.', told: 'per brief' },
      'organisation',
    );
    expect(decided).toMatchObject({ kind: 'recorded', status: 'active', rung: 'manager', stage: 'decided' });
    const report = await loadCaseReport(ctx(), reference);
    expect(report).toMatchObject({
      state: 'active',
      rung: 'manager',
      stage: 'decided',
      acknowledgedOn: '2026-04-22',
      decidedOn: '2026-05-11',
      judgement: 'partly_well_founded',
      nextRung: { rung: 'director', mailbox: 'klachten@xtra.nl', open: true },
    });
    expect(report!.history.map((e) => [e.event, e.date, e.by])).toEqual([
      ['submitted', '2026-04-20', 'system'],
      ['acknowledged', '2026-04-22', 'staff'],
      ['decided', '2026-05-11', 'organisation'],
    ]);
    expect(report!.history[2]).toMatchObject({ motivation: 'Het ophalen ging mis.', measures: 'Nieuwe afspraken.', told: 'per brief' });
  });

  it('when an event does not fit the state, then it is refused with its reason and nothing is written', async () => {
    const reference = await submitXtra();
    h.clock.advance(86_400_000);
    expect(await recordCaseEvent(ctx(), { reference, event: 'extended', extendTo: '2026-06-15' }, 'staff')).toEqual({
      kind: 'refused',
      refusal: { reason: 'extension_capped', cap: '2026-06-01' },
    });
    expect(await recordCaseEvent(ctx(), { reference, event: 'acknowledged', date: '2026-04-30' }, 'staff')).toMatchObject({
      kind: 'refused',
      refusal: { reason: 'date_out_of_range' },
    });
    await h.delivery.sender.withdraw(reference, PERSON.email);
    expect(await recordCaseEvent(ctx(), { reference, event: 'decided', judgement: 'unfounded' }, 'staff')).toEqual({
      kind: 'refused',
      refusal: { reason: 'ended', status: 'withdrawn' },
    });
    const stored = await findCase(h.db, reference);
    expect(stored!.status).toBe('withdrawn');
    expect(stored!.events.map((e) => [e.event, e.actor])).toEqual([
      ['submitted', 'system'],
      ['withdrawn', 'complainant'],
    ]);
    expect(await recordCaseEvent(ctx(), { reference: 'KW-2026-ZZZZZZ', event: 'resolved' }, 'staff')).toEqual({ kind: 'unknown_reference' });
    expect(await recordCaseEvent(ctx(), { reference, event: 'decided' }, 'staff')).toMatchObject({ kind: 'invalid', issues: ['judgement: decided needs --judgement'] });
  });

  it('when two recordings of the same event race, then exactly one is written', async () => {
    const reference = await submitXtra();
    h.clock.advance(86_400_000);
    const results = await Promise.all([
      recordCaseEvent(ctx(), { reference, event: 'acknowledged' }, 'staff'),
      recordCaseEvent(ctx(), { reference, event: 'acknowledged' }, 'organisation'),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(['recorded', 'refused']);
    expect((await findCase(h.db, reference))!.events.filter((e) => e.event === 'acknowledged')).toHaveLength(1);
  });

  it('when retention runs, then the free texts of the events go and the dated facts stay', async () => {
    const reference = await submitXtra();
    h.clock.advance(86_400_000);
    await recordCaseEvent(ctx(), { reference, event: 'decided', judgement: 'unfounded', motivation: 'Zie dossier van Anna.' }, 'staff');
    await sweepRetention(h.db, { now: new Date('2028-05-01T10:00:00+02:00'), retentionDays: 730, rateWindowMs: 3_600_000 });
    const stored = await findCase(h.db, reference);
    expect(stored!.anonymised).toBe(true);
    expect(stored!.events.at(-1)).toMatchObject({ event: 'decided', judgement: 'unfounded', motivation: null });
  });
});

const REGISTER = join(__dirname, '..', 'helpers', 'swcRegister.js');
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'complaint.ts');

function complaint(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', REGISTER, CLI, ...args], { env: { PATH: process.env.PATH ?? '', MAIL_FROM, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run complaint', () => {
  it('when staff record and show a case, then the exit codes say recorded, usage, unknown reference and not allowed', async () => {
    const dir = tempDir('kw-complaint-');
    const testDb = fileDb(join(dir, 'klachtwijzer.sqlite'));
    const h = await harness({ testDb, env: { DATA_DIR: dir } });
    try {
      const result = await h.delivery.sender.submit(draft('xtra', 'manager'), { idempotencyKey: 'conv-cli' });
      if (!result.ok) throw new Error('submit failed');
      const ref = result.reference;
      const env = { DATA_DIR: dir, KLACHTWIJZER_FIXED_NOW: '2026-04-23T09:00:00+02:00' };

      expect(await complaint(['record', ref.toLowerCase(), 'acknowledged', '--date', '2026-04-22'], env)).toMatchObject({ code: 0 });
      const capped = await complaint(['record', ref, 'extended', '--extend-to', '2026-06-20', '--note', 'Meer tijd nodig'], env);
      expect(capped.code).toBe(3);
      expect(capped.stderr).toContain('the procedure does not allow a ruling after 2026-06-01');
      const again = await complaint(['record', ref, 'acknowledged'], env);
      expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 3, stderr: 'Not recorded: receipt was already confirmed on 2026-04-22.\n' });
      expect((await complaint(['record', ref, 'decided', '--judgement', 'maybe'], env)).code).toBe(1);
      expect((await complaint(['record', ref, 'decided'], env)).code).toBe(1);
      expect((await complaint(['record', ref], env)).code).toBe(1);
      expect((await complaint(['record', 'KW-2026-ZZZZZZ', 'resolved'], env)).code).toBe(2);
      expect((await complaint(['show', 'KW-2026-ZZZZZZ', '--json'], env)).code).toBe(2);
      expect(
        await complaint(['record', ref, 'decided', '--judgement', 'well_founded', '--motivation', 'Klopt.', '--measures', 'Excuses.', '--told', 'telefonisch'], env),
      ).toMatchObject({ code: 0 });
      const withdrawnAfter = await complaint(['record', ref, 'withdrawn'], env);
      expect(withdrawnAfter.code).toBe(0);
      const late = await complaint(['record', ref, 'decided', '--judgement', 'unfounded'], env);
      expect(late).toMatchObject({ code: 3, stderr: 'Not recorded: the case has ended (withdrawn); nothing more can be recorded.\n' });

      const shown = await complaint(['show', ref, '--json'], env);
      expect(shown.code).toBe(0);
      const report = JSON.parse(shown.stdout);
      expect(report).toMatchObject({
        reference: ref,
        state: 'withdrawn',
        rung: null,
        history: [
          { event: 'submitted', date: '2026-04-20' },
          { event: 'acknowledged', date: '2026-04-22', by: 'staff' },
          { event: 'decided', date: '2026-04-23', judgement: 'well_founded', motivation: 'Klopt.', measures: 'Excuses.', told: 'telefonisch' },
          { event: 'withdrawn', date: '2026-04-23' },
        ],
      });
      const register = await h.db.query<{ outcome: string }>('SELECT outcome FROM delivery_complaints WHERE reference = ?', [ref]);
      expect(register[0].outcome).toBe('withdrawn');
    } finally {
      await h.dispose();
      await testDb.dispose();
    }
  });
});
