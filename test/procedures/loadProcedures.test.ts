import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcedureError } from '../../src/domain/procedure/validate';
import { routingTable } from '../../src/domain/rules/routing';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { ORGANISATION_IDS } from '../../src/procedures';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kw-overrides-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function overridesFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

function errorOf(fn: () => unknown): ProcedureError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProcedureError) return err;
    throw err;
  }
  throw new Error('expected a ProcedureError');
}

describe('loadProcedures', () => {
  it('when nothing is configured, then all eleven organisations are offered in order', () => {
    const repo = loadProcedures({});
    expect(repo.list().map((p) => p.id)).toEqual([...ORGANISATION_IDS]);
    expect(repo.get('xtra')?.name).toBe('Xtra');
    expect(repo.get('unknown')).toBeUndefined();
  });

  it('when the deployment offers some organisations, then only those are listed', () => {
    const repo = loadProcedures({ organisations: ['xtra', 'jess'] });
    expect(repo.list().map((p) => p.id)).toEqual(['jess', 'xtra']);
    expect(repo.get('wijkz')).toBeUndefined();
  });

  it('when the deployment names an unknown organisation, then the error names it', () => {
    const err = errorOf(() => loadProcedures({ organisations: ['xtra', 'ons-welzyn'] }));
    expect(err.problems).toEqual([expect.objectContaining({ organisation: 'ons-welzyn', field: 'ORGANISATIONS' })]);
    expect(err.message).toContain('organisation "ons-welzyn"');
  });

  it('when an override gives a Lentl organisation its mailbox, then its complaints become deliverable there', () => {
    const before = loadProcedures({}).get('ons-welzijn')!;
    expect(routingTable(before).find((r) => r.highestTried === 'employee' && r.about === 'employee')).toMatchObject({ target: 'manager', deliverable: false, email: null });

    const path = overridesFile('ons.json', {
      'ons-welzijn': { ladder: [{ id: 'manager', contact: { email: 'klachten@ons-welzijn.example' }, deliverByEmail: true }] },
    });
    const after = loadProcedures({ overridesPath: path }).get('ons-welzijn')!;
    const manager = after.ladder.find((r) => r.id === 'manager')!;
    expect(manager).toMatchObject({ deliverByEmail: true, contact: { email: 'klachten@ons-welzijn.example', source: { seed: 'override' } } });
    expect(routingTable(after).find((r) => r.highestTried === 'employee' && r.about === 'employee')).toMatchObject({
      target: 'manager',
      deliverable: true,
      email: 'klachten@ons-welzijn.example',
    });
    // The other organisations are untouched.
    expect(loadProcedures({ overridesPath: path }).get('sterker')!.ladder[1].deliverByEmail).toBe(false);
  });

  it('when an override turns a mailbox off, then the rung is no longer deliverable', () => {
    const path = overridesFile('off.json', { xtra: { ladder: [{ id: 'external_committee', deliverByEmail: false }] } });
    const xtra = loadProcedures({ overridesPath: path }).get('xtra')!;
    expect(xtra.ladder.find((r) => r.id === 'external_committee')).toMatchObject({ deliverByEmail: false, contact: { email: 'klachtencommissie@xtra.nl' } });
  });

  it('when an override file names an unknown organisation, then the error names that id', () => {
    const path = overridesFile('unknown.json', { 'ons-welzyn': { name: 'x' } });
    const err = errorOf(() => loadProcedures({ overridesPath: path }));
    expect(err.problems).toEqual([expect.objectContaining({ organisation: 'ons-welzyn', field: '(top level)' })]);
    expect(err.message).toMatch(/unknown organisation id/);
  });

  it('when an override breaks the schema, then the error names organisation, field and problem', () => {
    const path = overridesFile('bad.json', { 'wel-kom': { ladder: [{ id: 'manager', deliverByEmail: true }] }, jess: { contact: { email: 'not an address' } } });
    const err = errorOf(() => loadProcedures({ overridesPath: path }));
    expect(err.problems.map((p) => [p.organisation, p.field])).toEqual([
      ['wel-kom', 'ladder[manager].deliverByEmail'],
      ['jess', 'contact.email'],
    ]);
    expect(err.message).toContain('organisation "wel-kom", field ladder[manager].deliverByEmail: rung "manager" says it takes e-mail but has no contact.email');
  });

  it('when a broken override is for an organisation the deployment does not offer, then loading still fails', () => {
    const path = overridesFile('bad-other.json', { jess: { timeLimits: [{ appliesTo: 'always' }] } });
    const err = errorOf(() => loadProcedures({ overridesPath: path, organisations: ['xtra'] }));
    expect(err.problems.every((p) => p.organisation === 'jess' && p.field.startsWith('timeLimits[0]'))).toBe(true);
  });

  it('when an override changes the id, then the error says the id must stay', () => {
    const path = overridesFile('id.json', { xtra: { id: 'xtra-2' } });
    const err = errorOf(() => loadProcedures({ overridesPath: path }));
    expect(err.problems[0]).toMatchObject({ organisation: 'xtra', field: 'id' });
  });

  it('when the override file is not valid JSON, then the error gives the line', () => {
    const path = overridesFile('broken.json', '{\n  "xtra": {\n    "name": "Xtra",\n  }\n}\n');
    const err = errorOf(() => loadProcedures({ overridesPath: path }));
    expect(err.message).toContain(path);
    expect(err.problems[0].problem).toMatch(/not valid JSON: .*line 4/);
  });

  it('when the override file is missing, then the error says it cannot be read', () => {
    const err = errorOf(() => loadProcedures({ overridesPath: join(dir, 'missing.json') }));
    expect(err.problems[0].problem).toMatch(/cannot read it \(ENOENT\)/);
  });

  it('when the override file holds a list, then the error says it must map ids to procedures', () => {
    const err = errorOf(() => loadProcedures({ overridesPath: overridesFile('list.json', [{ id: 'xtra' }]) }));
    expect(err.problems[0]).toMatchObject({ field: '(top level)', problem: expect.stringMatching(/maps organisation ids/) });
  });

  it('when a caller tries to change a loaded procedure, then it cannot', () => {
    const xtra = loadProcedures({}).get('xtra')!;
    expect(() => {
      (xtra.ladder[1].contact as { email?: string }).email = 'other@example.org';
    }).toThrow(TypeError);
  });
});
