import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { createTransport, SMTP_TIMEOUTS, timeoutsFor } from '../../src/infra/mail/transport';
import { complaintValidator } from '../helpers/complaintSchema';
import { TestSmtp } from '../helpers/smtp';
import { captureLogger, draft, harness, type LogLine, MAIL_FROM } from './fixtures';

describe('the mail transport', () => {
  it('when SMTP_URL is not set, then every mail becomes an .eml file under DATA_DIR/mail and its path is logged', async () => {
    const h = await harness();
    const result = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-eml' });
    await h.delivery.worker.drain();
    const dir = join(h.dataDir, 'mail');
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(2);
    const parsed = await Promise.all(files.map((f) => simpleParser(readFileSync(join(dir, f)))));
    const org = parsed.find((m) => m.headers.get('x-klachtwijzer-kind') === 'organisation')!;
    expect(org.to).toMatchObject({ value: [{ address: 'klachten@stichtingjess.nl' }] });
    expect(org.subject).toBe(`Klacht ${result.ok && result.reference} – JESS`);
    expect(complaintValidator()(JSON.parse(org.attachments[0].content.toString('utf8')))).toEqual([]);
    const written = h.logs.filter((l) => l.obj.event === 'mail.written').map((l) => l.obj.path);
    expect(written.sort()).toEqual(files.map((f) => join(dir, f)).sort());
    await h.dispose();
  });

  it('when the mail folder is removed while the bot runs, then the next mail makes it again and is written', async () => {
    const h = await harness();
    await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-eml-1' });
    await h.delivery.worker.drain();
    const dir = join(h.dataDir, 'mail');
    rmSync(dir, { recursive: true });
    await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-eml-2' });
    expect(await h.delivery.worker.drain()).toMatchObject({ sent: 2, retry: 0, failed: 0 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    await h.dispose();
  });

  it('when the SMTP server cannot be reached at start, then verify warns clearly and complaints are still accepted', async () => {
    const smtp = await TestSmtp.start();
    const url = smtp.url;
    await smtp.stop();
    const h = await harness({ env: { SMTP_URL: url } });
    await expect(h.delivery.verifyTransport()).resolves.toBeUndefined();
    const warning = h.logs.find((l) => l.obj.event === 'mail.transport_unreachable');
    expect(warning?.level).toBe('warn');
    expect(warning?.msg).toMatch(/cannot be reached.*still accepted/);
    expect(await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-down' })).toMatchObject({ ok: true });
    await h.dispose();
  });

  it('when the SMTP server answers at start, then verify says it is ready', async () => {
    const smtp = await TestSmtp.start();
    const lines: LogLine[] = [];
    const transport = createTransport({ smtpUrl: smtp.url, mailFrom: MAIL_FROM, dataDir: '', logger: captureLogger(lines) });
    expect(await transport.verify()).toBe(true);
    expect(lines.map((l) => l.obj.event)).toEqual(['mail.transport_ready']);
    transport.close();
    await smtp.stop();
  });

  it('when the outbox lease is short, then no SMTP timeout can outlast a third of it', () => {
    expect(timeoutsFor(5_000)).toEqual({ connectionTimeout: 1666, greetingTimeout: 1666, socketTimeout: 1666 });
    expect(timeoutsFor(300_000)).toEqual(SMTP_TIMEOUTS);
  });
});
