import { mergeProcedure } from '../../src/domain/procedure/merge';

const base = {
  id: 'org',
  name: 'Org',
  contact: { email: 'info@org.example', source: { seed: '004', section: '§2' } },
  ladder: [
    { id: 'employee', contact: {}, deliverByEmail: false, terms: [], source: { seed: '004', section: '§3a' } },
    { id: 'manager', contact: {}, deliverByEmail: false, terms: [{ kind: 'decision', amount: 6 }], source: { seed: '004', section: '§4c' } },
  ],
  offLadder: [],
  gaps: ['no phone'],
};

describe('mergeProcedure', () => {
  it('when an override names one rung by id, then only that rung changes and the ladder keeps its order', () => {
    const merged = mergeProcedure(base, { ladder: [{ id: 'manager', contact: { email: 'klachten@org.example' }, deliverByEmail: true }] }) as typeof base;
    expect(merged.ladder.map((r) => r.id)).toEqual(['employee', 'manager']);
    expect(merged.ladder[0]).toEqual(base.ladder[0]);
    expect(merged.ladder[1]).toMatchObject({ deliverByEmail: true, terms: [{ kind: 'decision', amount: 6 }], contact: { email: 'klachten@org.example' } });
  });

  it('when an override supplies a mailbox without a source, then the mailbox is marked as coming from the override', () => {
    const merged = mergeProcedure(base, { ladder: [{ id: 'manager', contact: { email: 'klachten@org.example' } }] }) as typeof base;
    expect(merged.ladder[1].contact).toEqual({
      email: 'klachten@org.example',
      source: { seed: 'override', section: 'PROCEDURE_OVERRIDES ladder[manager].contact' },
    });
  });

  it('when an override changes a contact that came from a seed, then the new source says what it replaced', () => {
    const merged = mergeProcedure(base, { contact: { phone: '070 000 0000' } }) as typeof base;
    expect(merged.contact).toEqual({
      email: 'info@org.example',
      phone: '070 000 0000',
      source: { seed: 'override', section: 'PROCEDURE_OVERRIDES contact (over seed 004, §2)' },
    });
  });

  it('when an override names its own source, then that source is kept', () => {
    const own = { seed: 'override', section: 'mail from the organisation, 3 March 2026' };
    const merged = mergeProcedure(base, { contact: { email: 'new@org.example', source: own } }) as typeof base;
    expect(merged.contact.source).toEqual(own);
  });

  it('when an override gives another array (gaps, terms), then it replaces the built-in one', () => {
    const merged = mergeProcedure(base, { gaps: [], ladder: [{ id: 'manager', terms: [] }] }) as typeof base;
    expect(merged.gaps).toEqual([]);
    expect(merged.ladder[1].terms).toEqual([]);
  });

  it('when an override sets a field to null, then the field is removed', () => {
    const merged = mergeProcedure(base, { contact: { email: null } }) as typeof base;
    expect(merged.contact).toEqual({ source: base.contact.source });
  });

  it('when an override adds a rung id the ladder lacks, then the rung is appended', () => {
    const merged = mergeProcedure(base, { ladder: [{ id: 'director', contact: { email: 'dir@org.example' } }] }) as typeof base;
    expect(merged.ladder.map((r) => r.id)).toEqual(['employee', 'manager', 'director']);
    expect(merged.ladder[2].contact).toMatchObject({ source: { seed: 'override', section: 'PROCEDURE_OVERRIDES ladder[director].contact' } });
  });

  it('when merging, then neither the built-in data nor the override is changed', () => {
    const before = JSON.stringify(base);
    const partial = { ladder: [{ id: 'manager', contact: { email: 'klachten@org.example' } }] };
    const partialBefore = JSON.stringify(partial);
    const merged = mergeProcedure(base, partial) as typeof base;
    merged.ladder[0].terms.push('x' as never);
    expect(JSON.stringify(base)).toBe(before);
    expect(JSON.stringify(partial)).toBe(partialBefore);
  });

  it('when an override file carries a "__proto__" key, then it stays a plain key and no prototype changes', () => {
    const partial = JSON.parse('{"__proto__": {"polluted": true}, "name": "Org 2"}');
    const merged = mergeProcedure(base, partial) as Record<string, unknown>;
    expect(Object.keys(merged)).toContain('__proto__');
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
