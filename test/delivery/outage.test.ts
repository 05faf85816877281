import { listMails } from '../../src/infra/delivery/outbox';
import { TestSmtp } from '../helpers/smtp';
import { ALERT_EMAIL, draft, harness, type Harness, PERSON, TYPED, failEveryTry } from './fixtures';

const kindOf = (m: TestSmtp['mails'][number]) => m.parsed.headers.get('x-klachtwijzer-kind');
const referenceOf = (m: TestSmtp['mails'][number]) => m.parsed.headers.get('x-klachtwijzer-reference');

describe('the outbox when the mail server fails', () => {
  let smtp: TestSmtp;
  let h: Harness;

  beforeEach(async () => {
    smtp = await TestSmtp.start();
    h = await harness({ smtp, env: { OUTBOX_RETRY_SCHEDULE: '60,300' } });
  });
  afterEach(async () => {
    await h.dispose();
    await smtp.stop();
  });

  it('when the SMTP server is down while complaints are submitted, then every complaint arrives exactly once after it is back', async () => {
    await smtp.stop();
    h.delivery.worker.start();
    const orgs = ['jess', 'xtra', 'wijkz'] as const;
    const results = [];
    for (const org of orgs) results.push(await h.delivery.sender.submit(draft(org, 'manager'), { idempotencyKey: `conv-outage-${org}` }));
    const references = results.map((r) => (r.ok ? r.reference : 'failed'));
    expect(references).not.toContain('failed');

    // The worker tries at once and fails: the mails wait, with the error, for the next try.
    await waitFor(async () => (await listMails(h.db)).every((m) => m.attempts === 1));
    const waiting = await listMails(h.db);
    expect(waiting).toHaveLength(6);
    expect(waiting.every((m) => m.status === 'pending' && /ECONNREFUSED/.test(m.lastError ?? ''))).toBe(true);

    await smtp.restart();
    h.clock.advance(60_000);
    await smtp.waitUntil(() => smtp.mails.length >= 6);
    await h.delivery.worker.stop();

    // Later tries find nothing left to send.
    h.clock.advance(3_600_000);
    await h.delivery.worker.drain();
    for (const reference of references) {
      const mine = smtp.mails.filter((m) => referenceOf(m) === reference);
      expect(mine.map(kindOf).sort()).toEqual(['organisation', 'receipt']);
    }
    expect(smtp.mails).toHaveLength(6);
  });

  it('when the server refuses a mail once, then the retry carries the same Message-ID', async () => {
    smtp.refuseNext = 1;
    const result = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-451' });
    await h.delivery.worker.drain();
    h.clock.advance(60_000);
    await h.delivery.worker.drain();
    expect(smtp.refused).toHaveLength(1);
    const retried = smtp.mails.find((m) => m.parsed.messageId === smtp.refused[0].parsed.messageId);
    expect(retried?.parsed.headers.get('x-klachtwijzer-reference')).toBe(result.ok && result.reference);
    expect(smtp.mails).toHaveLength(2);
  });

  it('when every try fails, then the mail is marked failed and the operator gets an alert without personal data', async () => {
    await smtp.stop();
    const result = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-fail' });
    if (!result.ok) throw new Error('submit failed');
    // The third try is the last: refuse both mails so they fail for good, the alerts go through.
    await failEveryTry(h, smtp, 2);

    const rows = await listMails(h.db, { reference: result.reference });
    expect(rows.filter((r) => r.kind !== 'alert').map((r) => [r.kind, r.status, r.attempts]).sort()).toEqual([
      ['organisation', 'failed', 3],
      ['receipt', 'failed', 3],
    ]);
    const alerts = smtp.to(ALERT_EMAIL);
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) {
      expect(alert.parsed.subject).toBe(`Klachtwijzer: mail niet verstuurd (${result.reference})`);
      expect(alert.parsed.text).toContain(`npm run outbox -- resend ${result.reference}`);
      expect(alert.parsed.text).toContain('Organisatie: jess');
      const all = `${alert.parsed.subject}${alert.parsed.text}${alert.parsed.html}`;
      for (const typed of TYPED) expect(all).not.toContain(typed);
    }
    expect(alerts.map((a) => a.parsed.text).join()).toContain('klachten@stichtingjess.nl');
    expect(smtp.to(PERSON.email)).toEqual([]);
    expect(h.logs.filter((l) => l.obj.event === 'outbox.failed')).toHaveLength(2);
  });
});

async function waitFor(done: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
