import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcedureError, validateProcedure } from '../../src/domain/procedure/validate';
import { BUILTIN_PROCEDURES } from '../../src/procedures';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'procedures', name), 'utf8'));

describe('validateProcedure', () => {
  it('when a broken procedure file is checked, then every mistake is named by organisation, field and problem', () => {
    const result = validateProcedure(fixture('broken-xtra.json'), 'xtra');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.organisation, p.field])).toEqual(
      expect.arrayContaining([
        ['xtra', 'ladder[manager].contact.email'],
        // `months` is optional (absent = no limit), so the typo alone must be caught, or the
        // two-month limit would silently vanish.
        ['xtra', 'timeLimits[0].month'],
        ['xtra', 'ladder[external_committee].deliverByEmail'],
      ]),
    );
    expect(result.problems).toHaveLength(3);
    const byField = Object.fromEntries(result.problems.map((p) => [p.field, p.problem]));
    expect(byField['ladder[manager].contact.email']).toMatch(/email/i);
    expect(byField['timeLimits[0].month']).toMatch(/unknown field/);
    expect(byField['ladder[external_committee].deliverByEmail']).toMatch(/no contact\.email/);
  });

  it('when a required field is missing, then the problem says it is required', () => {
    const { name: _name, ...withoutName } = BUILTIN_PROCEDURES.jess as Record<string, unknown>;
    const result = validateProcedure(withoutName, 'jess');
    expect(result).toEqual({ ok: false, problems: [{ organisation: 'jess', field: 'name', problem: 'required but missing (expected string)' }] });
  });

  it('when the data carries another organisation id, then the id is named as the problem', () => {
    const result = validateProcedure(BUILTIN_PROCEDURES.wijkz, 'xtra');
    expect(result.ok ? [] : result.problems).toEqual([{ organisation: 'xtra', field: 'id', problem: 'is "wijkz" but the procedure is registered as "xtra"' }]);
  });

  it('when the data is not an object at all, then the top level is named', () => {
    const result = validateProcedure('not a procedure', 'jess');
    expect(result.ok ? [] : result.problems.map((p) => p.field)).toEqual(['(top level)']);
  });

  it('when problems are thrown, then the message lists organisation, field and problem on one line each', () => {
    const result = validateProcedure(fixture('broken-xtra.json'), 'xtra');
    const err = new ProcedureError(result.ok ? [] : result.problems);
    expect(err.message).toContain('organisation "xtra", field ladder[manager].contact.email: ');
    expect(err.message.split('\n')).toHaveLength(4);
  });
});
