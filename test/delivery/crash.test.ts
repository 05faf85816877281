import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { once } from 'node:events';
import { join } from 'node:path';
import { DEFAULT_LEASE_MS } from '../../src/infra/delivery/outboxWorker';
import { tempDir } from '../helpers/databases';
import { fileDb } from '../helpers/fileDb';
import { TestSmtp } from '../helpers/smtp';
import { harness, NOW } from './fixtures';

const REGISTER = join(__dirname, '..', 'helpers', 'swcRegister.js');
const CHILD = join(__dirname, 'child', 'submitAndHold.ts');
const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();

async function storedReference(child: ChildProcessByStdio<null, Readable, Readable>): Promise<string> {
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /stored (KW-\d{4}-[A-Z0-9]{6})\n/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`child ended (${code}) before storing: ${out}${err}`)));
  });
}

describe('a process killed between storing and sending', () => {
  let smtp: TestSmtp;
  beforeEach(async () => (smtp = await TestSmtp.start()));
  afterEach(async () => smtp.stop());

  const CASES: Array<[string, 'no-worker' | 'worker', number]> = [
    ['before its worker took the mails', 'no-worker', 0],
    ['while its worker was sending them', 'worker', DEFAULT_LEASE_MS + 60_000],
  ];

  it.each(CASES)('when it is killed with SIGKILL right after the store, %s, then after a restart every mail goes exactly once', async (_when, mode, sendsAfter) => {
    smtp.hang = mode === 'worker';
    const dir = tempDir('kw-crash-');
    const dbFile = join(dir, 'klachtwijzer.sqlite');
    const child = spawn(process.execPath, ['-r', REGISTER, CHILD, dbFile, dir, smtp.url, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reference = await storedReference(child);
    if (mode === 'worker') await smtp.waitUntil(() => smtp.hungSessions > 0);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(smtp.mails).toHaveLength(0);
    smtp.hang = false;

    const testDb = fileDb(dbFile);
    if (sendsAfter > 0) {
      // Until the dead process's claim runs out, nobody else sends what it may have been sending.
      const early = await harness({ smtp, testDb, now: at(60_000) });
      await early.delivery.worker.drain();
      expect(smtp.mails).toHaveLength(0);
      await early.delivery.close();
    }
    const restarted = await harness({ smtp, testDb, now: at(sendsAfter) });
    await restarted.delivery.worker.drain();
    const kinds = smtp.mails.filter((m) => m.parsed.headers.get('x-klachtwijzer-reference') === reference).map((m) => m.parsed.headers.get('x-klachtwijzer-kind'));
    expect(kinds.sort()).toEqual(['organisation', 'receipt']);
    expect(smtp.mails).toHaveLength(2);
    await restarted.dispose();
    await testDb.dispose();
  });
});
