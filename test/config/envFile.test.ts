import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvError } from '../../src/config/env';
import { loadEnvFile, readEnvironment } from '../../src/config/envFile';

const root = join(__dirname, '..', '..');

function folderWithEnvFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kw-envfile-'));
  writeFileSync(join(dir, '.env'), text);
  return dir;
}

describe('.env', () => {
  it('when a .env sits in the working folder, then its settings are read and checked like the environment', () => {
    const dir = folderWithEnvFile('# a comment\nPORT=4100\nORGANISATIONS=xtra,jess\nDATA_DIR="./mine"\n');
    const env: NodeJS.ProcessEnv = {};
    expect(loadEnvFile(env, dir)).toBe(join(dir, '.env'));
    expect(readEnvironment({ ...env })).toMatchObject({ PORT: 4100, ORGANISATIONS: ['xtra', 'jess'], DATA_DIR: './mine' });
  });

  it('when the same variable is set in the environment, then the environment wins, even when empty', () => {
    const dir = folderWithEnvFile('PORT=4100\nLOG_LEVEL=debug\n');
    const env: NodeJS.ProcessEnv = { PORT: '4200', LOG_LEVEL: '' };
    loadEnvFile(env, dir);
    expect(env).toEqual({ PORT: '4200', LOG_LEVEL: '' });
  });

  it('when NODE_ENV=test, then a developer\'s .env is never read; ENV_FILE=none reads none either', () => {
    const dir = folderWithEnvFile('PORT=4100\n');
    const testEnv: NodeJS.ProcessEnv = { NODE_ENV: 'test' };
    expect(loadEnvFile(testEnv, dir)).toBeUndefined();
    expect(testEnv.PORT).toBeUndefined();
    const none: NodeJS.ProcessEnv = { ENV_FILE: 'none' };
    expect(loadEnvFile(none, dir)).toBeUndefined();
    expect(none.PORT).toBeUndefined();
  });

  it('when ENV_FILE names a file, then that file is read; when it is missing, the error names it', () => {
    const dir = folderWithEnvFile('PORT=4100\n');
    writeFileSync(join(dir, 'other.env'), 'PORT=4300\n');
    const env: NodeJS.ProcessEnv = { ENV_FILE: 'other.env', NODE_ENV: 'test' };
    loadEnvFile(env, dir);
    expect(env.PORT).toBe('4300');
    expect(() => loadEnvFile({ ENV_FILE: 'missing.env' }, dir)).toThrow(EnvError);
    expect(() => loadEnvFile({ ENV_FILE: 'missing.env' }, dir)).toThrow(/ENV_FILE: cannot read .*missing\.env: ENOENT/);
  });

  it('when a value in .env is wrong, then the start stops with the key and the reason', () => {
    const dir = folderWithEnvFile('PORT=not-a-port\n');
    const res = spawnSync(process.execPath, [join(root, 'dist', 'src', 'index.js')], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/Invalid environment:\n\s+PORT:/);
  });

  it('when TEAMS_TENANT_ORGANISATIONS names an organisation this deployment does not offer, then the start stops and names it', () => {
    const tenant = '11111111-2222-3333-4444-555555555555';
    const dir = folderWithEnvFile(`ORGANISATIONS=xtra\nDATA_DIR=./data\nLOG_FORMAT=json\nTEAMS_TENANT_IDS=${tenant}\nTEAMS_TENANT_ORGANISATIONS=${tenant}:xtra,jess\n`);
    const res = spawnSync(process.execPath, [join(root, 'dist', 'src', 'index.js')], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, timeout: 30_000 });
    expect(res.status).toBe(1);
    expect(res.stdout + res.stderr).toMatch(/TEAMS_TENANT_ORGANISATIONS names organisations this deployment does not offer/);
    expect(res.stdout + res.stderr).toContain('"jess"');
  });

  it('when the bot starts in a folder with .env, then the setting changes the bot, and the environment still wins', async () => {
    const dir = folderWithEnvFile('ORGANISATIONS=xtra\nDATA_DIR=./data\nLOG_FORMAT=json\n');
    const contactStatus = async (env: Record<string, string>, org: string) => {
      const child = spawn(process.execPath, [join(root, 'dist', 'src', 'index.js')], {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const port = await new Promise<number>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (c: Buffer) => {
            out += String(c);
            const m = /"port":(\d+)[^\n]*"msg":"listening"/.exec(out);
            if (m) resolve(Number(m[1]));
          });
          child.once('exit', (code) => reject(new Error(`stopped with ${code}: ${out}`)));
        });
        return (await fetch(`http://127.0.0.1:${port}/api/organisations/${org}/contact`)).status;
      } finally {
        child.kill('SIGTERM');
      }
    };
    // From .env: only xtra is offered.
    expect(await contactStatus({}, 'xtra')).toBe(200);
    expect(await contactStatus({}, 'jess')).toBe(404);
    // The environment wins over .env.
    expect(await contactStatus({ ORGANISATIONS: 'jess' }, 'jess')).toBe(200);
  }, 120_000); // three real starts of the bot, one after the other
});

describe('every command reads the same settings', () => {
  it('when a program under src/cli or the bot reads the environment, then it goes through readEnvironment (.env first)', () => {
    const { readdirSync, readFileSync } = jest.requireActual<typeof import('node:fs')>('node:fs');
    const entries = [join(root, 'src', 'index.ts'), ...readdirSync(join(root, 'src', 'cli')).filter((f) => f.endsWith('.ts')).map((f) => join(root, 'src', 'cli', f))];
    const offenders = entries.filter((file) => /\bparseEnv\(/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
