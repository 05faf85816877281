import type { RungId } from '../../src/domain/procedure/schema';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { complaintValidator } from '../helpers/complaintSchema';
import { TestSmtp } from '../helpers/smtp';
import { draft, harness, type Harness, PERSON, TYPED } from './fixtures';

/**
 * Every mailbox a seed names, with the deadlines the seed sets for that step. Submitted on
 * Monday 20 April 2026: five working days skip Koningsdag (27 April); six weeks end on 1 June.
 */
const MAILBOXES: Array<[org: string, rung: RungId, mailbox: string, acknowledgeBy: string | null, decideBy: string | null, notHandledNoticeBy: string | null]> = [
  ['jess', 'manager', 'klachten@stichtingjess.nl', 'dinsdag 28 april 2026', 'maandag 1 juni 2026', null],
  ['jongleren', 'manager', 'klachten@jonglerendenhaag.nl', 'dinsdag 28 april 2026', 'maandag 1 juni 2026', null],
  ['mee-zhn', 'manager', 'klachten@meezhn.nl', 'dinsdag 28 april 2026', 'maandag 1 juni 2026', null],
  ['wijkz', 'manager', 'klachten@wijkz.nl', 'dinsdag 28 april 2026', 'maandag 1 juni 2026', null],
  ['xtra', 'manager', 'klachten@xtra.nl', 'dinsdag 28 april 2026', 'maandag 1 juni 2026', null],
  ['xtra', 'external_committee', 'klachtencommissie@xtra.nl', null, null, null],
  ['sociale-teams-helmond', 'manager', 'klachten@sthelmond.nl', null, null, null],
  // 000 "Klacht wel/niet in behandeling nemen": a refusal is told within four weeks of receipt.
  ['so-trainingsbureau', 'complaints_officer', 'officemanager@sotrainingsbureau.nl', null, null, 'maandag 18 mei 2026'],
  ['so-trainingsbureau', 'director', 'info@sotrainingsbureau.nl', null, 'maandag 1 juni 2026', 'maandag 18 mei 2026'],
];

const ISO: Record<string, string> = { 'dinsdag 28 april 2026': '2026-04-28', 'maandag 1 juni 2026': '2026-06-01', 'maandag 18 mei 2026': '2026-05-18' };

describe('a full complaint reaches the mailbox the seed names', () => {
  let smtp: TestSmtp;
  let h: Harness;
  const validate = complaintValidator();
  const procedures = loadProcedures();

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    h = await harness({ smtp });
  });
  afterAll(async () => {
    await h.dispose();
    await smtp.stop();
  });

  it.each(MAILBOXES)('when a complaint for %s (%s) is submitted, then exactly %s gets it with text, HTML and a valid complaint.json', async (org, rung, mailbox, ack, decide, notHandled) => {
    const before = smtp.mails.length;
    const result = await h.delivery.sender.submit(draft(org, rung), { idempotencyKey: `conv-${org}-${rung}`, clientAddress: '203.0.113.7' });
    if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result)}`);
    expect(result.delivery?.organisation).toBe('queued');
    await h.delivery.worker.drain();

    const arrived = smtp.mails.slice(before);
    const toOrganisation = arrived.filter((m) => m.parsed.headers.get('x-klachtwijzer-kind') === 'organisation');
    expect(toOrganisation).toHaveLength(1);
    const mail = toOrganisation[0];
    expect(mail.envelope.to).toEqual([mailbox]);
    expect(mail.envelope.from).toBe('klachtwijzer@klachtwijzer.test');

    const name = procedures.get(org)!.name;
    expect(mail.parsed.subject).toBe(`Klacht ${result.reference} – ${name}`);
    expect(mail.parsed.replyTo?.value).toEqual([{ name: PERSON.name, address: PERSON.email }]);

    const text = mail.parsed.text ?? '';
    for (const typed of TYPED) expect(text).toContain(typed);
    expect(text).toContain('Datum van ontvangst: maandag 20 april 2026');
    expect(text).toContain(`Ontvangstbevestiging uiterlijk: ${ack ?? 'geen termijn vastgesteld in de klachtenregeling'}`);
    expect(text).toContain(`Oordeel uiterlijk: ${decide ?? 'geen termijn vastgesteld in de klachtenregeling'}`);
    if (notHandled) expect(text).toContain(`Bericht als u de klacht niet behandelt, uiterlijk: ${notHandled}`);
    else expect(text).not.toContain('niet behandelt, uiterlijk');
    expect(text).toContain('Rol: ouder of voogd');
    const html = String(mail.parsed.html);
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(PERSON.description);
    expect(html).toContain('maandag 20 april 2026');

    const attachment = mail.parsed.attachments.find((a) => a.filename === 'complaint.json');
    expect(attachment?.contentType).toBe('application/json');
    const json = JSON.parse(attachment!.content.toString('utf8'));
    expect(validate(json)).toEqual([]);
    expect(json).toEqual(result.complaint);
    expect(json).toMatchObject({
      reference: result.reference,
      organisation: { id: org, name },
      addressedTo: { rung, email: mailbox },
      submittedAt: '2026-04-20T10:15:00+02:00',
      locale: 'nl',
      complainant: { name: PERSON.name, email: PERSON.email, phone: PERSON.phone, role: 'parent_or_guardian' },
      client: { name: PERSON.client, ageBand: '12_to_15' },
      event: { date: '2026-03-30', description: PERSON.description, category: 'communication', location: PERSON.location, employeeName: PERSON.employee },
      priorSteps: [{ rung: 'employee', outcome: 'not_resolved' }],
      timeLimit: { status: 'in_time', expiredOn: '2026-05-30' },
    });
    expect(json.deadlines).toEqual({
      ...(ack ? { acknowledgeBy: ISO[ack] } : {}),
      ...(decide ? { decideBy: ISO[decide] } : {}),
      ...(notHandled ? { notHandledNoticeBy: ISO[notHandled] } : {}),
    });
    expect(json.schemaVersion).toBe(2);
    expect(json.flags).toEqual([]);

    const receipts = arrived.filter((m) => m.parsed.headers.get('x-klachtwijzer-kind') === 'receipt');
    expect(receipts).toHaveLength(1);
    expect(receipts[0].envelope.to).toEqual([PERSON.email]);
    expect(receipts[0].parsed.text).toContain(result.reference);
    expect(arrived).toHaveLength(2);
  });

  it('when the receipt is written, then it names the dates and repeats nothing the person typed', async () => {
    const result = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-receipt' });
    if (!result.ok) throw new Error('submit failed');
    await h.delivery.worker.drain();
    const [receipt] = smtp.to(PERSON.email).filter((m) => m.parsed.text?.includes(result.reference));
    const body = `${receipt.parsed.subject}\n${receipt.parsed.text}\n${receipt.parsed.html}`;
    for (const typed of TYPED) expect(body).not.toContain(typed);
    expect(receipt.parsed.to).toMatchObject({ value: [{ address: PERSON.email, name: '' }] });
    expect(receipt.parsed.subject).toBe(`Uw klacht is verstuurd – kenmerk ${result.reference}`);
    expect(receipt.parsed.text).toContain('JESS laat u uiterlijk dinsdag 28 april 2026 weten');
    expect(receipt.parsed.text).toContain('U krijgt uiterlijk maandag 1 juni 2026 een oordeel');
    expect(receipt.parsed.text).toContain('klachten@stichtingjess.nl');
    expect(receipt.parsed.text).toContain('Vertrouwenspersoon van Jeugdstem');
    expect(receipt.parsed.text).toContain('Klacht intrekken');
  });

  it('when the complainant chose English, then the receipt is in English and the organisation mail stays Dutch', async () => {
    const result = await h.delivery.sender.submit(draft('so-trainingsbureau', 'director', { locale: 'en' }), { idempotencyKey: 'conv-en' });
    if (!result.ok) throw new Error('submit failed');
    await h.delivery.worker.drain();
    const mails = smtp.mails.filter((m) => m.parsed.headers.get('x-klachtwijzer-reference') === result.reference);
    const receipt = mails.find((m) => m.parsed.headers.get('x-klachtwijzer-kind') === 'receipt')!;
    const org = mails.find((m) => m.parsed.headers.get('x-klachtwijzer-kind') === 'organisation')!;
    expect(receipt.parsed.subject).toBe(`Your complaint has been sent – reference ${result.reference}`);
    expect(receipt.parsed.text).toContain('You will get a decision on your complaint by Monday 1 June 2026.');
    expect(receipt.parsed.text).toContain('info@akj.nl');
    expect(org.parsed.text).toContain('Taal van de klager: Engels');
  });
});
