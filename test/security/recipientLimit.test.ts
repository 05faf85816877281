import { TestSmtp } from '../helpers/smtp';
import { draft, harness, type Harness, PERSON } from '../delivery/fixtures';

describe('receipts per recipient address', () => {
  let smtp: TestSmtp;
  let h: Harness;
  beforeEach(async () => {
    smtp = await TestSmtp.start();
    h = await harness({ smtp, env: { RATE_LIMIT_PER_RECIPIENT: '2' } });
  });
  afterEach(async () => {
    await h.dispose();
    await smtp.stop();
  });

  it('regression: when complaints keep naming one e-mail address, then after RATE_LIMIT_PER_RECIPIENT receipts that address gets no more, while every complaint still reaches the organisation', async () => {
    for (let i = 0; i < 4; i++) {
      expect(await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: `conv-recipient-${i}` })).toMatchObject({ ok: true });
    }
    await h.delivery.worker.drain();
    const receipts = smtp.mails.filter((m) => m.envelope.to.includes(PERSON.email));
    expect(receipts).toHaveLength(2);
    expect(smtp.mails.length - receipts.length).toBe(4);
  });
});
