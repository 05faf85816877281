import { listMails } from '../../src/infra/delivery/outbox';
import { TestSmtp } from '../helpers/smtp';
import { draft, harness, type Harness, PERSON, TYPED } from './fixtures';

describe('submitting: idempotency, rate limits, bad input, logs', () => {
  let smtp: TestSmtp;
  let h: Harness;

  beforeEach(async () => {
    smtp = await TestSmtp.start();
    h = await harness({ smtp, env: { RATE_LIMIT_PER_ADDRESS: '2', RATE_LIMIT_WINDOW_MINUTES: '60' } });
  });
  afterEach(async () => {
    await h.dispose();
    await smtp.stop();
  });

  it('when the same conversation sends twice, then the second gets the same reference and nothing goes twice', async () => {
    const first = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-twice' });
    await h.delivery.worker.drain();
    const second = await h.delivery.sender.submit(draft('jess', 'manager', { desiredOutcome: 'Iets anders' }), { idempotencyKey: 'conv-twice' });
    await h.delivery.worker.drain();
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toMatchObject({ ok: true, duplicate: true, reference: first.ok && first.reference });
    expect(second.ok && second.complaint.desiredOutcome).toBe(PERSON.desired);
    expect(smtp.mails).toHaveLength(2);
  });

  it('when many requests of one conversation arrive at once, then one complaint is stored and its mails go once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => h.delivery.sender.submit(draft('wijkz', 'manager'), { idempotencyKey: 'conv-burst' })));
    await h.delivery.worker.drain();
    expect(new Set(results.map((r) => r.ok && r.reference)).size).toBe(1);
    expect(smtp.mails).toHaveLength(2);
  });

  it('when one client address sends more complaints than allowed, then the extra one is refused until the window has passed', async () => {
    const send = (i: number, clientAddress: string) => h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: `conv-rl-${i}`, clientAddress });
    expect(await send(1, '203.0.113.9')).toMatchObject({ ok: true });
    expect(await send(2, '203.0.113.9')).toMatchObject({ ok: true });
    expect(await send(3, '203.0.113.9')).toEqual({ ok: false, reason: 'rate_limited' });
    expect(await send(4, '198.51.100.4')).toMatchObject({ ok: true });
    await h.delivery.worker.drain();
    expect(smtp.mails).toHaveLength(6);
    expect(await h.db.query('SELECT reference FROM delivery_complaints')).toHaveLength(3);
    h.clock.advance(60 * 60_000);
    expect(await send(5, '203.0.113.9')).toMatchObject({ ok: true });
  });

  it('when one conversation retries its send, then the retries do not count against the address', async () => {
    const send = (key: string) => h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: key, clientAddress: '192.0.2.1' });
    await send('a');
    await send('a');
    await send('a');
    expect(await send('b')).toMatchObject({ ok: true, duplicate: false });
  });

  const BAD: Array<[string, unknown, unknown]> = [
    ['no draft at all', undefined, { idempotencyKey: 'k' }],
    ['a draft without consent', { ...draft('jess', 'manager'), consentToShare: false }, { idempotencyKey: 'k' }],
    ['an organisation the deployment does not have', draft('nope', 'manager'), { idempotencyKey: 'k' }],
    ['a step the organisation does not have', draft('sociale-teams-helmond', 'director'), { idempotencyKey: 'k' }],
    ['no idempotency key', draft('jess', 'manager'), {}],
    ['neither e-mail nor phone', draft('jess', 'manager', { complainant: { name: PERSON.name, role: 'self' } }), { idempotencyKey: 'k' }],
  ];

  it.each(BAD)('when the request has %s, then it is refused as invalid with the reasons and without the values', async (_what, input, meta) => {
    const result = await h.delivery.sender.submit(input as never, meta as never);
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(result.ok === false && result.issues?.length).toBeGreaterThan(0);
    for (const typed of TYPED) expect(JSON.stringify(result)).not.toContain(typed);
    expect(await listMails(h.db)).toEqual([]);
  });

  it('when the conversation names a mailbox, then the mail still goes to the one in the procedure', async () => {
    const result = await h.delivery.sender.submit(draft('jess', 'manager', { addressedTo: { rung: 'manager', email: 'attacker@evil.test' } }), { idempotencyKey: 'conv-box' });
    await h.delivery.worker.drain();
    expect(result.ok && result.complaint.addressedTo.email).toBe('klachten@stichtingjess.nl');
    expect(smtp.mails.flatMap((m) => m.envelope.to)).not.toContain('attacker@evil.test');
  });

  it('when a complaint is submitted and sent, then the logs carry events and ids but no personal data', async () => {
    const result = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-logs', clientAddress: '203.0.113.77' });
    await h.delivery.worker.drain();
    await h.delivery.sender.withdraw(result.ok ? result.reference : '', PERSON.email);
    await h.delivery.worker.drain();
    const logged = JSON.stringify(h.logs);
    expect(h.logs.map((l) => l.obj.event)).toEqual(expect.arrayContaining(['complaint.stored', 'outbox.sent', 'complaint.withdrawn']));
    expect(logged).toContain(result.ok && result.reference);
    for (const typed of [...TYPED, '203.0.113.77']) expect(logged).not.toContain(typed);
  });
});
