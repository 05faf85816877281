import { createDelivery } from '../../src/app/delivery';
import { registerFacts } from '../../src/infra/delivery/register';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { complaintValidator } from '../helpers/complaintSchema';
import { TestSmtp } from '../helpers/smtp';
import { draft, harness, type Harness, PERSON, TYPED } from './fixtures';

const kindOf = (m: TestSmtp['mails'][number]) => m.parsed.headers.get('x-klachtwijzer-kind');

/** Seed 002 names no mailbox for the leidinggevende of ONS welzijn; seed 004 gives JESS a postal address. */
describe('no mailbox known for the step', () => {
  let smtp: TestSmtp;
  let h: Harness;

  beforeEach(async () => {
    smtp = await TestSmtp.start();
    h = await harness({ smtp, env: { RATE_LIMIT_PER_CONVERSATION: '2' } });
  });
  afterEach(async () => {
    await h.dispose();
    await smtp.stop();
  });

  it('when a complaint goes to a step without a mailbox, then it is kept in the register, nothing goes to an organisation, and the bot learns why', async () => {
    const result = await h.delivery.sender.submit(draft('ons-welzijn', 'manager'), { idempotencyKey: 'conv-nobox' });
    if (!result.ok) throw new Error('submit failed');
    expect(result.delivery).toEqual({ organisation: 'no_mailbox', receipt: true, otherRoutes: {} });
    expect(result.complaint.addressedTo).toEqual({ rung: 'manager' });
    expect(result.complaint.deadlines).toEqual({});
    await h.delivery.worker.drain();

    expect(smtp.mails.map(kindOf)).toEqual(['receipt']);
    const receipt = smtp.mails[0];
    expect(receipt.envelope.to).toEqual([PERSON.email]);
    expect(receipt.parsed.subject).toBe(`Uw klacht is bewaard – kenmerk ${result.reference}`);
    expect(receipt.parsed.text).toContain('Wij konden uw klacht niet zelf versturen.');
    expect(receipt.parsed.text).toContain('Vraag de medewerker of de leidinggevende hoe u uw klacht op papier kunt indienen.');
    for (const typed of TYPED) expect(`${receipt.parsed.text}${receipt.parsed.html}`).not.toContain(typed);
    expect(await registerFacts(h.db, { organisationId: 'ons-welzijn' })).toEqual([
      expect.objectContaining({ reference: result.reference, mailboxKnown: false, outcome: 'open' }),
    ]);
  });

  it('when the organisation has other routes, then the bot gets them to pass on', async () => {
    const procedures = loadProcedures();
    const jess = procedures.get('jess')!;
    // A deployment whose override took the mailbox away from the step.
    const manager = jess.ladder.find((r) => r.id === 'manager')!;
    const withoutBox = { ...jess, ladder: jess.ladder.map((r) => (r === manager ? { ...r, deliverByEmail: false, contact: { post: jess.contact.post } } : r)) };
    const d = createDelivery({ env: h.env, db: h.db, clock: h.clock, procedures: { get: (id) => (id === 'jess' ? withoutBox : procedures.get(id)), list: () => [] } });
    const result = await d.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-routes' });
    expect(result.ok && result.delivery).toEqual({
      organisation: 'no_mailbox',
      receipt: true,
      otherRoutes: { email: 'klachten@stichtingjess.nl', post: 'Stichting JESS, t.a.v. Klachtenadministratie, Postbus 43197, 2504 AD Den Haag' },
    });
    await d.close();
  });

  it('when the complainant asks for the summary, then they get their complaint to send on, and no more often than the limit', async () => {
    const validate = complaintValidator();
    const d = draft('ons-welzijn', 'manager');
    const result = await h.delivery.sender.submit(d, { idempotencyKey: 'conv-summary' });
    for (let i = 0; i < 3; i++) await h.delivery.sender.mailSummaryToComplainant!(d, { idempotencyKey: 'conv-summary' });
    await h.delivery.worker.drain();

    const summaries = smtp.mails.filter((m) => kindOf(m) === 'summary');
    expect(summaries).toHaveLength(2);
    const summary = summaries[0];
    expect(summary.envelope.to).toEqual([PERSON.email]);
    expect(summary.parsed.subject).toBe('Uw klacht over ONS welzijn – om zelf te versturen');
    for (const typed of TYPED) expect(summary.parsed.text).toContain(typed);
    expect(summary.parsed.text).toContain(result.ok && result.reference);
    expect(summary.parsed.text).toContain('Vroeg u hier niet om?');
    const json = JSON.parse(summary.parsed.attachments[0].content.toString('utf8'));
    expect(validate(json)).toEqual([]);
    expect(await h.db.query('SELECT reference FROM delivery_complaints')).toHaveLength(1);
  });
});
