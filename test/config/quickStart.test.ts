import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { formatPretty } from '../../src/infra/log/logger';

const root = join(__dirname, '..', '..');

describe('npm start and the commands build only when a source changed', () => {
  it('when run twice in a row, then the second run starts without the compiler', () => {
    const run = () => spawnSync(process.execPath, [join(root, 'scripts', 'run.js'), 'dist/src/cli/schema.js', '--check'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test' } });
    const first = run();
    expect(first.status).toBe(0);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stderr).not.toMatch(/Building/);
  });

  it('when a program exits with a code, then the runner exits with the same code', () => {
    const res = spawnSync(process.execPath, [join(root, 'scripts', 'run.js'), 'dist/src/cli/procedure.js', 'no-such-organisation'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test' } });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/no-such-organisation/);
  });
});

describe('readable logs in development', () => {
  it('when a JSON record is formatted, then it is one line with time, level, event, message and the ids', () => {
    const line = JSON.stringify({ level: 40, time: Date.UTC(2026, 11, 1, 9, 5, 7), app: 'klachtwijzer', event: 'outbox.retry', reference: 'KW-2026-7F3K9Q', attempt: 2, msg: 'will try again' });
    expect(formatPretty(line)).toBe('09:05:07 WARN  outbox.retry  will try again  reference=KW-2026-7F3K9Q attempt=2\n');
  });
});
