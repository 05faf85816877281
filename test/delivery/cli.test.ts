import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { listMails } from '../../src/infra/delivery/outbox';
import { postgresTestDb, tempDir, type TestDb } from '../helpers/databases';
import { fileDb } from '../helpers/fileDb';
import { TestSmtp } from '../helpers/smtp';
import { draft, harness, type Harness, MAIL_FROM, PERSON, TYPED } from './fixtures';

const REGISTER = join(__dirname, '..', 'helpers', 'swcRegister.js');
const CLI = join(__dirname, '..', '..', 'src', 'cli', 'outbox.ts');

function outbox(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', REGISTER, CLI, ...args], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', MAIL_FROM, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run outbox', () => {
  let smtp: TestSmtp;
  let dir: string;
  let testDb: TestDb;
  let h: Harness;

  beforeEach(async () => {
    smtp = await TestSmtp.start();
    dir = tempDir('kw-cli-');
    testDb = fileDb(join(dir, 'klachtwijzer.sqlite'));
    h = await harness({ smtp, testDb, env: { DATA_DIR: dir, OUTBOX_RETRY_SCHEDULE: '60' } });
  });
  afterEach(async () => {
    await h.dispose();
    await testDb.dispose();
    await smtp.stop();
  });

  /** One complaint sent, one whose mails failed for good, one still waiting. */
  async function mixedOutbox() {
    const sent = await h.delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-sent' });
    await h.delivery.worker.drain();
    smtp.refuseNext = 4;
    const failed = await h.delivery.sender.submit(draft('xtra', 'manager'), { idempotencyKey: 'conv-failed' });
    await h.delivery.worker.drain();
    h.clock.advance(60_000);
    await h.delivery.worker.drain();
    await smtp.stop();
    const pending = await h.delivery.sender.submit(draft('wijkz', 'manager'), { idempotencyKey: 'conv-pending' });
    if (!sent.ok || !failed.ok || !pending.ok) throw new Error('submit failed');
    return { sent: sent.reference, failed: failed.reference, pending: pending.reference };
  }

  it('when the outbox is listed, then it shows reference, recipient, status, attempts and error, and no content or personal data', async () => {
    const refs = await mixedOutbox();
    const { code, stdout } = await outbox(['list'], { DATA_DIR: dir });
    expect(code).toBe(0);
    const line = (ref: string, kind: string) => stdout.split('\n').find((l) => l.includes(ref) && l.includes(` ${kind} `)) ?? '';
    expect(line(refs.sent, 'organisation')).toMatch(/klachten@stichtingjess\.nl\s+sent\s+1\s/);
    expect(line(refs.sent, 'receipt')).toMatch(/complainant\s+sent\s+1\s/);
    expect(line(refs.failed, 'organisation')).toMatch(/klachten@xtra\.nl\s+failed\s+2\s+-\s+.*451 Try again later/);
    expect(line(refs.pending, 'organisation')).toMatch(/klachten@wijkz\.nl\s+pending\s+0\s/);
    expect(stdout).toContain('alert');
    for (const typed of TYPED) expect(stdout).not.toContain(typed);
    expect(stdout).not.toContain('Klacht ');

    const failedOnly = await outbox(['list', '--status', 'failed'], { DATA_DIR: dir });
    expect(failedOnly.stdout).not.toContain(refs.sent);
    expect(failedOnly.stdout).toContain(refs.failed);
  });

  it('when a failed complaint is resent, then the organisation gets it with its own Message-ID and the list says sent', async () => {
    const refs = await mixedOutbox();
    await smtp.restart();
    const before = smtp.mails.length;
    const { code, stdout, stderr } = await outbox(['resend', refs.failed.toLowerCase()], { DATA_DIR: dir, SMTP_URL: smtp.url });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const arrived = smtp.mails.slice(before);
    expect(arrived.map((m) => m.envelope.to)).toEqual([['klachten@xtra.nl']]);
    const row = (await listMails(h.db, { reference: refs.failed })).find((m) => m.kind === 'organisation')!;
    expect(arrived[0].parsed.messageId).toBe(row.messageId);
    expect(row).toMatchObject({ status: 'sent' });
    expect(stdout).toMatch(/klachten@xtra\.nl\s+sent/);
  });

  it('when a sent complaint is resent, then it goes again as a copy that refers to the first', async () => {
    const refs = await mixedOutbox();
    await smtp.restart();
    const first = smtp.mails.find((m) => m.parsed.headers.get('x-klachtwijzer-reference') === refs.sent && m.envelope.to.includes('klachten@stichtingjess.nl'))!;
    const { code } = await outbox(['resend', refs.sent, '--receipt'], { DATA_DIR: dir, SMTP_URL: smtp.url });
    expect(code).toBe(0);
    const again = smtp.mails.filter((m) => m.parsed.headers.get('x-klachtwijzer-reference') === refs.sent && m !== first && m.parsed.date && m.envelope.to.includes('klachten@stichtingjess.nl'));
    expect(again).toHaveLength(1);
    expect(again[0].parsed.messageId).not.toBe(first.parsed.messageId);
    expect(again[0].parsed.references).toBe(first.parsed.messageId);
    expect(smtp.to(PERSON.email).filter((m) => m.parsed.headers.get('x-klachtwijzer-reference') === refs.sent)).toHaveLength(2);
  });

  const USAGE: Array<[string, number, string[], RegExp]> = [
    ['no command', 1, [], /a command is needed[\s\S]*Usage/],
    ['an unknown command', 1, ['purge'], /unknown command: purge/],
    ['resend without a reference', 1, ['resend'], /exactly one reference/],
    ['resend of something that is no reference', 1, ['resend', 'abc'], /not a reference: abc/],
    ['resend of an unknown reference', 2, ['resend', 'KW-2026-ZZZZZZ'], /No mail to resend for KW-2026-ZZZZZZ/],
    ['a status that does not exist', 1, ['list', '--status', 'lost'], /--status must be one of/],
  ];

  it.each(USAGE)('when it is called with %s, then it says what is wrong and exits with code %i', async (_what, exit, args, message) => {
    const { code, stderr } = await outbox(args, { DATA_DIR: dir });
    expect(code).toBe(exit);
    expect(stderr).toMatch(message);
  });
});

describe('npm run outbox on PostgreSQL', () => {
  it('when DATABASE_URL is set, then the list comes from that database', async () => {
    const pg = await postgresTestDb();
    const h = await harness({ testDb: pg });
    const result = await h.delivery.sender.submit(draft('mee-zhn', 'manager'), { idempotencyKey: 'conv-pg' });
    const { code, stdout } = await outbox(['list'], { DATA_DIR: tempDir(), DATABASE_URL: pg.url! });
    expect(code).toBe(0);
    expect(stdout).toContain(result.ok && result.reference);
    expect(stdout).toMatch(/klachten@meezhn\.nl\s+pending/);
    await h.delivery.close();
    await pg.dispose();
  });
});
