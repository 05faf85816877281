import { recordCaseEvent } from '../../src/app/cases/cases';
import { Complaint } from '../../src/domain/complaint/complaint';
import { findCase } from '../../src/infra/cases/caseStore';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { BASE } from '../conversation/scenarios';
import { BOTH, type TestDb } from '../helpers/databases';
import { ScenarioDriver } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { draft, harness, type Harness, NOW } from '../delivery/fixtures';

const procedures = loadProcedures();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface StoredMail {
  kind: string;
  recipient: string;
  message: { subject: string; text: string; headers: Record<string, string>; attachments: { filename: string; content: string }[] };
}

describe.each(BOTH)('volgende stap in the chat, on %s', (_name, makeDb) => {
  let testDb: TestDb;
  let h: Harness;
  let app: TestApp;

  beforeEach(async () => {
    testDb = await makeDb();
    h = await harness({ testDb, env: { PUBLIC_URL: 'https://bot.example.org' } });
    app = await startTestApp({ sender: h.delivery.sender, now: NOW });
  });
  afterEach(async () => {
    await app.close();
    await h.dispose();
    await testDb.dispose();
  });

  const mails = async (reference: string): Promise<StoredMail[]> =>
    (await h.db.query<{ kind: string; recipient: string; message: string }>('SELECT kind, recipient, message FROM delivery_mails WHERE reference = ? ORDER BY created_at', [reference])).map(
      (r) => ({ kind: r.kind, recipient: r.recipient, message: JSON.parse(r.message) }),
    );

  async function sendFirst(): Promise<string> {
    const d = new ScenarioDriver(app.transport, { locale: 'nl-NL' });
    await d.start({ organisation: 'xtra' });
    const { outcome } = await d.run(BASE.nl);
    return outcome!.reference!;
  }

  it('when the ruling did not satisfy, then reference, e-mail and the mailed code reach confirm without the story, and the directie gets the follow-up with previousReference and history', async () => {
    const first = await sendFirst();
    h.clock.advance(9 * 86_400_000);
    app.clock.advance(9 * 86_400_000);
    await recordCaseEvent({ db: h.db, procedures, clock: h.clock, logger: quiet }, { reference: first, event: 'decided', judgement: 'unfounded', told: 'per brief' }, 'organisation');

    const d = new ScenarioDriver(app.transport, { locale: 'nl-NL' });
    await d.start({ organisation: 'xtra' });
    await d.send('volgende stap');
    expect(d.meta?.step).toBe('followup_reference');
    await d.send(first);
    const [sentCode] = await d.send('anna@example.nl');
    expect(sentCode.text).toContain('code van zes cijfers');
    expect(d.meta?.step).toBe('followup_code');

    const codeMail = (await mails(first)).find((m) => m.kind === 'followup_code')!;
    expect(codeMail.recipient).toBe('anna@example.nl');
    expect(codeMail.message.headers['X-Klachtwijzer-Kind']).toBe('followup_code');
    expect(codeMail.message.subject).toContain(first);
    expect(codeMail.message.text).not.toContain(BASE.nl.description);
    const code = /Uw code is: (\d{6})/.exec(codeMail.message.text)![1]!;
    await d.send(code === '123456' ? '654321' : '123456');
    expect(d.meta?.step).toBe('followup_code');
    const afterCode = await d.send(code);
    expect(afterCode.map((r) => r.text).join('\n')).toContain('De volgende stap is: De directie.');
    expect(d.meta?.step).toBe('why_insufficient');
    await d.send('Het oordeel klopt niet: niemand sprak met mij.');
    expect(d.meta?.step).toBe('confirm');
    expect(d.steps).not.toContain('description');
    const [done] = await d.send('Versturen');
    const second = /kenmerk is (KW-\d{4}-[0-9A-Z]{6})/.exec(done.text ?? '')![1]!;
    expect(second).not.toBe(first);

    const toDirectie = (await mails(second)).find((m) => m.kind === 'organisation')!;
    expect(toDirectie.recipient).toBe('klachten@xtra.nl');
    const json = Complaint.parse(JSON.parse(toDirectie.message.attachments.find((a) => a.filename === 'complaint.json')!.content));
    expect(json).toMatchObject({
      reference: second,
      addressedTo: { rung: 'director', email: 'klachten@xtra.nl' },
      previousReference: first,
      history: [{ rung: 'manager', reference: first, acknowledgedOn: null, decidedOn: '2026-04-29', judgement: 'unfounded', outcome: 'not_resolved' }],
      whyOutcomeInsufficient: 'Het oordeel klopt niet: niemand sprak met mij.',
      event: { description: BASE.nl.description },
      priorSteps: [{ rung: 'employee', outcome: 'not_resolved' }],
    });
    expect(toDirectie.message.text).toContain(`https://bot.example.org/organisatie/${second}?token=`);

    const stored = await findCase(h.db, first);
    expect(stored).toMatchObject({ caseId: first, latestReference: second, rung: 'director', stage: 'awaitingAnswer' });
    expect(stored!.events.map((e) => [e.event, e.reference])).toEqual([
      ['submitted', first],
      ['decided', first],
      ['not_resolved', first],
      ['submitted', second],
    ]);

    // status with the first reference now tells the new step and its dates.
    await d.send('status');
    await d.send(first);
    const [status] = await d.send('06 12345678');
    expect(status.text).toContain('De klacht is nu bij: De directie.');
    expect(status.text).toContain(`- woensdag 29 april 2026: klacht verstuurd (${second})`);
  });

  it('when no e-mail address is on file, then no code goes out, the story is asked again instead of shown, and the directie gets it with the rest prefilled', async () => {
    const d0 = new ScenarioDriver(app.transport, { locale: 'nl-NL' });
    await d0.start({ organisation: 'xtra' });
    const first = (await d0.run({ ...BASE.nl, email: 'skip' })).outcome!.reference!;
    h.clock.advance(9 * 86_400_000);
    app.clock.advance(9 * 86_400_000);
    await recordCaseEvent({ db: h.db, procedures, clock: h.clock, logger: quiet }, { reference: first, event: 'decided', judgement: 'unfounded', told: 'per brief' }, 'organisation');

    const d = new ScenarioDriver(app.transport, { locale: 'nl-NL' });
    await d.start({ organisation: 'xtra' });
    await d.send('volgende stap');
    await d.send(first);
    const asked = await d.send('06 12345678');
    expect(asked.map((r) => r.text).join('\n')).toContain('Bij deze klacht staat geen e-mailadres. Daarom laat ik uw verhaal hier niet zien. Vertel het nog één keer.');
    expect(d.meta?.step).toBe('description');
    expect((await mails(first)).some((m) => m.kind === 'followup_code')).toBe(false);
    const story = 'De begeleider kwam drie keer niet. Niemand belde mij terug.';
    await d.send(story);
    expect(d.meta?.step).toBe('why_insufficient');
    const [summary] = await d.send('Het oordeel klopt niet.');
    expect(d.meta?.step).toBe('confirm');
    expect(summary.text).toContain(`- wat er gebeurde: ${story}`);
    const [done] = await d.send('Versturen');
    expect(done.text).toContain('U krijgt geen e-mail.');
    const second = /kenmerk is (KW-\d{4}-[0-9A-Z]{6})/.exec(done.text ?? '')![1]!;
    expect(d.allText()).not.toContain(BASE.nl.description);

    const toDirectie = (await mails(second)).find((m) => m.kind === 'organisation')!;
    expect(toDirectie.recipient).toBe('klachten@xtra.nl');
    const json = Complaint.parse(JSON.parse(toDirectie.message.attachments.find((a) => a.filename === 'complaint.json')!.content));
    expect(json).toMatchObject({
      addressedTo: { rung: 'director' },
      previousReference: first,
      event: { description: story, date: '2026-03-03' },
      complainant: { phone: expect.stringContaining('12345678') },
      whyOutcomeInsufficient: 'Het oordeel klopt niet.',
    });
    expect(json.complainant.email).toBeUndefined();
  });

  it('when the ruling is still awaited, then the code is asked but the next step is not open yet; five wrong codes lock it', async () => {
    const first = await sendFirst();
    expect(await h.delivery.sender.requestFollowUpCode!(first, 'iemand@example.nl')).toBeUndefined();
    expect(await h.delivery.sender.requestFollowUpCode!(first, 'anna@example.nl')).toBe('sent');
    const code = /Uw code is: (\d{6})/.exec((await mails(first)).find((m) => m.kind === 'followup_code')!.message.text)![1]!;
    const wrong = code === '111111' ? '222222' : '111111';
    for (let i = 0; i < 4; i++) expect(await h.delivery.sender.verifyFollowUpCode!(first, wrong, 'nl')).toEqual({ ok: false, reason: 'wrong' });
    expect(await h.delivery.sender.verifyFollowUpCode!(first, wrong, 'nl')).toEqual({ ok: false, reason: 'locked' });
    expect(await h.delivery.sender.verifyFollowUpCode!(first, code, 'nl')).toEqual({ ok: false, reason: 'locked' });

    await h.delivery.sender.requestFollowUpCode!(first, 'anna@example.nl');
    const fresh = /Uw code is: (\d{6})/.exec((await mails(first)).filter((m) => m.kind === 'followup_code').at(-1)!.message.text)![1]!;
    h.clock.advance(16 * 60_000);
    expect(await h.delivery.sender.verifyFollowUpCode!(first, fresh, 'nl')).toEqual({ ok: false, reason: 'locked' });
    await h.delivery.sender.requestFollowUpCode!(first, 'anna@example.nl');
    const third = /Uw code is: (\d{6})/.exec((await mails(first)).filter((m) => m.kind === 'followup_code').at(-1)!.message.text)![1]!;
    expect(await h.delivery.sender.verifyFollowUpCode!(first, third, 'nl')).toEqual({ ok: true, plan: { open: false, exhausted: false } });
  });

  it('when the next rung takes no e-mail (Zorgbelang at Sociale Teams Helmond), then nothing goes to an organisation and the complainant gets the summary to take along', async () => {
    const r = await h.delivery.sender.submit(draft('sociale-teams-helmond', 'manager'), { idempotencyKey: 'conv-sth' });
    if (!r.ok) throw new Error('submit failed');
    h.clock.advance(86_400_000);
    await recordCaseEvent({ db: h.db, procedures, clock: h.clock, logger: quiet }, { reference: r.reference, event: 'not_handled', note: 'Buiten onze regeling.' }, 'organisation');
    const sent = await h.delivery.sender.submitFollowUp!(r.reference, { whyInsufficient: 'Ze behandelen mijn klacht niet.' }, { idempotencyKey: 'followup-sth' });
    expect(sent).toMatchObject({ ok: true, mailbox: false });
    const reference = (sent as { reference: string }).reference;
    const kinds = (await mails(reference)).map((m) => [m.kind, m.recipient]);
    expect(kinds.sort()).toEqual([
      ['receipt', 'anna.devries@example.nl'],
      ['summary', 'anna.devries@example.nl'],
    ]);
    const stored = await findCase(h.db, r.reference);
    expect(stored).toMatchObject({ latestReference: reference, rung: 'external_committee', stage: 'open' });
    const summary = (await mails(reference)).find((m) => m.kind === 'summary')!;
    const json = Complaint.parse(JSON.parse(summary.message.attachments.find((a) => a.filename === 'complaint.json')?.content ?? 'null') ?? undefined);
    expect(json).toMatchObject({ addressedTo: { rung: 'external_committee' }, previousReference: r.reference, history: [{ rung: 'manager', outcome: 'not_handled' }] });
    // Sent again (a retried request): the same reference, nothing new.
    expect(await h.delivery.sender.submitFollowUp!(r.reference, {}, { idempotencyKey: 'followup-sth' })).toMatchObject({ ok: true, reference });
  });
});
