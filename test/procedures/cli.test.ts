import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ORGANISATION_IDS } from '../../src/procedures';

// The compiled command, built once by test/globalSetup.js: the same file `npm run procedure` runs.
const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'procedure.js');

let dir: string;
beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: the build in test/globalSetup.js did not produce it`);
  dir = mkdtempSync(join(tmpdir(), 'kw-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A clean environment: nothing from the developer's shell leaks into the run. */
function run(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('npm run procedure', () => {
  it.each(ORGANISATION_IDS)('when %s is asked for with --json, then stdout is only the procedure as JSON with its routing table', (id) => {
    const { status, stdout, stderr } = run([id, '--json']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const data = JSON.parse(stdout);
    expect(data.id).toBe(id);
    expect(data.ladder.length).toBeGreaterThan(0);
    // One row per (ladder answer, about): the first answer is "none", the employee's complaint.
    expect(data.routing.length).toBe((data.ladder.length + 1) * 5);
    expect(data.routing[0]).toMatchObject({ highestTried: 'none', about: 'employee' });
  });

  it('when Xtra is asked for with --json, then the routing sends a first complaint to its own mailbox', () => {
    const data = JSON.parse(run(['xtra', '--json']).stdout);
    expect(data.routing[0]).toMatchObject({ target: 'manager', email: 'klachten@xtra.nl', deliverable: true });
  });

  it('when a procedure is asked for without --json, then it is explained in plain Dutch with terms and sources', () => {
    const { status, stdout } = run(['jess']);
    expect(status).toBe(0);
    expect(stdout).toContain('# De klachtenregeling van JESS');
    expect(stdout).toContain('Stap 1. De medewerker die u helpt');
    expect(stdout).toContain('Klachtwijzer kan uw klacht naar klachten@stichtingjess.nl sturen.');
    expect(stdout).toContain('U krijgt binnen 5 werkdagen een bevestiging dat uw klacht binnen is.');
    expect(stdout).toContain('In het algemeen: klaag binnen 2 maanden na wat er gebeurde.');
    expect(stdout).toContain('Bron: regeling 004, §4b Ontvangstbevestiging');
    expect(stdout).not.toMatch(/\{\{|\bterm\.|\bunit\./); // no raw i18n keys or placeholders
  });

  it('when a procedure is asked for with --lang en, then it is explained in English', () => {
    const { status, stdout } = run(['wel-kom', '--lang', 'en']);
    expect(status).toBe(0);
    expect(stdout).toContain('# The complaints procedure of Wel.kom');
    expect(stdout).toContain('No e-mail address is known for this step');
    expect(stdout).toContain('For sexual harassment: there is no time limit.');
  });

  it('when the organisation id is unknown, then stderr names it and the command fails', () => {
    const { status, stdout, stderr } = run(['ons-welzyn', '--json']);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('organisation "ons-welzyn", field <organisation-id>: unknown organisation');
  });

  it('when the override file breaks a procedure, then stderr names organisation, field and problem and the command fails', () => {
    const path = join(dir, 'overrides.json');
    writeFileSync(path, JSON.stringify({ jongleren: { ladder: [{ id: 'manager', contact: { email: 'klachten at jongleren' } }] } }));
    const { status, stdout, stderr } = run(['xtra', '--json'], { PROCEDURE_OVERRIDES: path });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('organisation "jongleren", field ladder[manager].contact.email: Invalid email address');
  });

  it('when the override file is not JSON, then stderr says so and the command fails', () => {
    const path = join(dir, 'not-json.json');
    writeFileSync(path, '{ "xtra": ');
    const { status, stderr } = run(['xtra'], { PROCEDURE_OVERRIDES: path });
    expect(status).toBe(1);
    expect(stderr).toMatch(/not valid JSON/);
  });

  it('when an override supplies a Lentl mailbox, then --json shows the mailbox and the routing delivers there', () => {
    const path = join(dir, 'sterker.json');
    writeFileSync(path, JSON.stringify({ sterker: { ladder: [{ id: 'manager', contact: { email: 'klachten@sterker.example' }, deliverByEmail: true }] } }));
    const { status, stdout } = run(['sterker', '--json'], { PROCEDURE_OVERRIDES: path });
    expect(status).toBe(0);
    const data = JSON.parse(stdout);
    expect(data.ladder[1].contact).toMatchObject({ email: 'klachten@sterker.example', source: { seed: 'override' } });
    expect(data.routing.find((r: { highestTried: string; about: string }) => r.highestTried === 'employee' && r.about === 'employee')).toMatchObject({
      target: 'manager',
      email: 'klachten@sterker.example',
      deliverable: true,
    });
  });

  it('when the arguments are wrong, then stderr shows the usage and the command fails', () => {
    for (const args of [[], ['xtra', '--lang', 'de'], ['xtra', '--colour']]) {
      const { status, stderr } = run(args);
      expect(status).toBe(1);
      expect(stderr).toContain('Usage: npm run procedure -- <organisation-id>');
    }
  });
});
