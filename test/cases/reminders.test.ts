import { recordCaseEvent } from '../../src/app/cases/cases';
import { remindersOf } from '../../src/infra/cases/caseStore';
import { listMails } from '../../src/infra/delivery/outbox';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { BOTH, type TestDb } from '../helpers/databases';
import { draft, harness, type Harness, PERSON } from '../delivery/fixtures';

const procedures = loadProcedures();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const at = (iso: string) => new Date(iso);

describe.each(BOTH)('reminders on %s', (_name, makeDb) => {
  let testDb: TestDb;
  let a: Harness;
  let b: Harness;

  beforeEach(async () => {
    testDb = await makeDb();
    // Two instances on one database (sent on Monday 20 April: acknowledge by 28 April, rule by 1 June).
    a = await harness({ testDb, instanceId: 'a' });
    b = await harness({ testDb, instanceId: 'b' });
  });
  afterEach(async () => {
    await a.dispose();
    await b.dispose();
    await testDb.dispose();
  });

  async function submit(patch = {}) {
    const r = await a.delivery.sender.submit(draft('xtra', 'manager', patch), { idempotencyKey: `conv-${Math.random()}` });
    if (!r.ok) throw new Error('submit failed');
    return r.reference;
  }
  const reminderMails = async (reference: string) =>
    (await listMails(a.db, { reference })).filter((m) => m.kind === 'reminder' || m.kind === 'reminder_notice').map((m) => m.kind).sort();

  it('when both instances look at the same moment, then each reminder is queued once', async () => {
    const reference = await submit();
    expect(await a.delivery.runReminders(at('2026-04-28T18:00:00+02:00'))).toEqual({ sent: 0, skipped: 0 });
    await Promise.all([a.delivery.runReminders(at('2026-04-29T08:00:00+02:00')), b.delivery.runReminders(at('2026-04-29T08:00:00+02:00'))]);
    await Promise.all([a.delivery.runReminders(at('2026-04-29T09:00:00+02:00')), b.delivery.runReminders(at('2026-04-29T09:00:00+02:00'))]);
    expect(await reminderMails(reference)).toEqual(['reminder', 'reminder_notice']);
    expect(await remindersOf(a.db, reference)).toEqual([{ kind: 'acknowledgement', dueOn: '2026-04-28', status: 'sent' }]);
  });

  it('when the bot was down past both dates, then only the latest reminder goes and the earlier is marked skipped', async () => {
    const reference = await submit();
    await a.delivery.runReminders(at('2026-06-03T10:00:00+02:00'));
    await b.delivery.runReminders(at('2026-06-04T10:00:00+02:00'));
    expect(await reminderMails(reference)).toEqual(['reminder']);
    expect(await remindersOf(a.db, reference)).toEqual([
      { kind: 'acknowledgement', dueOn: '2026-04-28', status: 'skipped' },
      { kind: 'ruling', dueOn: '2026-06-01', status: 'sent' },
    ]);
  });

  it('when the case is withdrawn, or acknowledged and then decided, then no reminder goes for what was answered', async () => {
    const withdrawn = await submit();
    await a.delivery.sender.withdraw(withdrawn, PERSON.email);
    const answered = await submit();
    a.clock.advance(86_400_000);
    await recordCaseEvent({ db: a.db, procedures, clock: a.clock, logger: quiet }, { reference: answered, event: 'acknowledged' }, 'organisation');
    await a.delivery.runReminders(at('2026-05-01T10:00:00+02:00'));
    expect(await reminderMails(withdrawn)).toEqual([]);
    expect(await reminderMails(answered)).toEqual([]);
    await recordCaseEvent({ db: a.db, procedures, clock: a.clock, logger: quiet }, { reference: answered, event: 'decided', judgement: 'unfounded' }, 'organisation');
    await a.delivery.runReminders(at('2026-06-03T10:00:00+02:00'));
    expect(await reminderMails(answered)).toEqual([]);
  });

  it('when one case cannot be read, then the other cases still get their reminders, and the unreadable one is logged by its reference alone', async () => {
    const damaged = await submit();
    const sound = await submit();
    await a.db.execute('UPDATE case_cases SET snapshot = ? WHERE case_id = ?', ['{"value":42}', damaged]);
    await a.delivery.runReminders(at('2026-04-29T10:00:00+02:00'));
    expect(await reminderMails(sound)).toEqual(['reminder', 'reminder_notice']);
    expect(await reminderMails(damaged)).toEqual([]);
    expect(a.logs.filter((l) => l.obj.event === 'case.unreadable')).toEqual([{ level: 'error', obj: expect.objectContaining({ reference: damaged }), msg: undefined }]);
    expect(JSON.stringify(a.logs)).not.toContain(PERSON.email);
  });

  it('when the complainant gave no e-mail address, then the organisation is still reminded', async () => {
    const reference = await submit({ complainant: { name: PERSON.name, phone: PERSON.phone, role: 'self' } });
    await a.delivery.runReminders(at('2026-04-29T10:00:00+02:00'));
    expect(await reminderMails(reference)).toEqual(['reminder_notice']);
  });
});

describe('the chat page link in reminders', () => {
  const messageOf = async (h: Harness, reference: string) =>
    (await h.db.query<{ message: string }>(`SELECT message FROM delivery_mails WHERE reference = ? AND kind = 'reminder'`, [reference])).map((r) => JSON.parse(r.message).text as string);

  it.each([
    ['with PUBLIC_URL', { PUBLIC_URL: 'https://bot.example.org' }, 'Open de chat op https://bot.example.org/?org=xtra.'],
    ['in production without PUBLIC_URL', { NODE_ENV: 'production' }, undefined],
  ])('when the acknowledgement reminder goes %s, then it names the chat page with the organisation preset, or no link at all', async (_how, env, line) => {
    const h = await harness({ env });
    try {
      const r = await h.delivery.sender.submit(draft('xtra', 'manager'), { idempotencyKey: 'conv-link' });
      if (!r.ok) throw new Error('submit failed');
      await h.delivery.runReminders(at('2026-04-29T10:00:00+02:00'));
      const [text] = await messageOf(h, r.reference);
      expect(text).toContain('Wilt u weten hoe het staat?');
      if (line) expect(text).toContain(line);
      else {
        expect(text).not.toMatch(/https?:\/\//);
        expect(text).toContain('Typ "status" in de chat.');
      }
    } finally {
      await h.dispose();
    }
  });
});
