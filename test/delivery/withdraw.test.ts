import { findByReference } from '../../src/infra/delivery/store';
import { TestSmtp } from '../helpers/smtp';
import { draft, harness, type Harness, PERSON, TYPED } from './fixtures';

const kindOf = (m: TestSmtp['mails'][number]) => m.parsed.headers.get('x-klachtwijzer-kind');

describe('withdrawing a complaint', () => {
  let smtp: TestSmtp;
  let h: Harness;
  let n = 0;

  beforeEach(async () => {
    smtp = await TestSmtp.start();
    h = await harness({ smtp });
  });
  afterEach(async () => {
    await h.dispose();
    await smtp.stop();
  });

  async function submitted(org = 'jess') {
    const result = await h.delivery.sender.submit(draft(org, 'manager'), { idempotencyKey: `conv-w-${++n}` });
    if (!result.ok) throw new Error('submit failed');
    await h.delivery.worker.drain();
    return result;
  }

  const RIGHT: Array<[string, (ref: string) => [string, string]]> = [
    ['the e-mail address', (ref) => [ref, PERSON.email]],
    ['the e-mail address in capitals and a lower-case reference', (ref) => [ref.toLowerCase(), PERSON.email.toUpperCase()]],
    ['the phone number written another way', (ref) => [ref, '+31 6-1234 5678']],
  ];

  it.each(RIGHT)('when the reference comes with %s, then the mailbox gets a notice naming it and the complainant a confirmation', async (_how, args) => {
    const c = await submitted();
    const original = smtp.mails.find((m) => kindOf(m) === 'organisation')!;
    const before = smtp.mails.length;
    await expect(h.delivery.sender.withdraw(...args(c.reference))).resolves.toBeUndefined();
    await h.delivery.worker.drain();

    const sent = smtp.mails.slice(before);
    expect(sent.map(kindOf).sort()).toEqual(['withdrawal_confirmation', 'withdrawal_notice']);
    const notice = sent.find((m) => kindOf(m) === 'withdrawal_notice')!;
    expect(notice.envelope.to).toEqual(['klachten@stichtingjess.nl']);
    expect(notice.parsed.subject).toBe(`Klacht ${c.reference} is ingetrokken – JESS`);
    expect(notice.parsed.inReplyTo).toBe(original.parsed.messageId);
    expect(notice.parsed.text).toContain('maandag 20 april 2026');
    const confirmation = sent.find((m) => kindOf(m) === 'withdrawal_confirmation')!;
    expect(confirmation.envelope.to).toEqual([PERSON.email]);
    expect(confirmation.parsed.text).toContain('Wij hebben JESS dit laten weten.');
    const body = `${confirmation.parsed.subject}${confirmation.parsed.text}${confirmation.parsed.html}`;
    for (const typed of TYPED) expect(body).not.toContain(typed);
    expect((await findByReference(h.db, c.reference))?.outcome).toBe('withdrawn');
  });

  const WRONG: Array<[string, (ref: string) => [string, string]]> = [
    ['another e-mail address', (ref) => [ref, 'someone.else@example.nl']],
    ['another phone number', (ref) => [ref, '06 87654321']],
    ['a reference that does not exist', () => ['KW-2026-ZZZZZZ', PERSON.email]],
    ['no reference at all', () => ['hallo', PERSON.email]],
    ['an empty contact', (ref) => [ref, '']],
  ];

  it.each(WRONG)('when the reference comes with %s, then the answer is the same and nothing is withdrawn or sent', async (_how, args) => {
    const c = await submitted();
    const before = smtp.mails.length;
    await expect(h.delivery.sender.withdraw(...args(c.reference))).resolves.toBeUndefined();
    await h.delivery.worker.drain();
    expect(smtp.mails.length).toBe(before);
    expect((await findByReference(h.db, c.reference))?.outcome).toBe('open');
  });

  it('when a complaint is withdrawn twice, then the second time sends nothing', async () => {
    const c = await submitted();
    await h.delivery.sender.withdraw(c.reference, PERSON.email);
    await h.delivery.worker.drain();
    const before = smtp.mails.length;
    await h.delivery.sender.withdraw(c.reference, PERSON.email);
    await h.delivery.worker.drain();
    expect(smtp.mails.length).toBe(before);
  });

  it('when the complaint had not reached the organisation yet, then it is stopped and the organisation never gets it', async () => {
    await smtp.stop();
    const result = await h.delivery.sender.submit(draft('xtra', 'manager'), { idempotencyKey: 'conv-w-early' });
    if (!result.ok) throw new Error('submit failed');
    await h.delivery.worker.drain();
    await h.delivery.sender.withdraw(result.reference, PERSON.email);
    await smtp.restart();
    h.clock.advance(3_600_000);
    await h.delivery.worker.drain();
    expect(smtp.to('klachten@xtra.nl')).toEqual([]);
    const confirmation = smtp.mails.find((m) => kindOf(m) === 'withdrawal_confirmation');
    expect(confirmation?.parsed.text).toContain('Xtra had uw klacht nog niet gekregen. Wij sturen de klacht niet meer.');
  });

  it('when someone tries many contact details for one reference, then after ten tries even the right one does nothing for an hour', async () => {
    const c = await submitted();
    for (let i = 0; i < 10; i++) await h.delivery.sender.withdraw(c.reference, `06 000000${String(i).padStart(2, '0')}`);
    await h.delivery.sender.withdraw(c.reference, PERSON.email);
    expect((await findByReference(h.db, c.reference))?.outcome).toBe('open');
    h.clock.advance(3_600_000);
    await h.delivery.sender.withdraw(c.reference, PERSON.email);
    expect((await findByReference(h.db, c.reference))?.outcome).toBe('withdrawn');
  });
});
