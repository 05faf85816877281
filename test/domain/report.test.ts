import { matchLocation } from '../../src/domain/report/locations';
import { annualReportDueBy, buildReport, median, workingDaysBetween, type RegisterEntry } from '../../src/domain/report/report';
import type { Procedure } from '../../src/domain/procedure/schema';
import { calendarFor } from '../../src/domain/deadlines/calendar';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';

const base = loadProcedures().get('jongleren')!;
const LOCATIONS = [
  { id: 'regenboog', name: 'Kinderopvang De Regenboog', aliases: ['Regenboog', 'KDV Regenboog'] },
  { id: 'zonnebloem', name: 'BSO De Zonnebloem' },
  { id: 'vlinder', name: 'Peuterspeelzaal Vlinder' },
];
const withLocations: Procedure = { ...base, locations: LOCATIONS };

let n = 0;
function entry(patch: Partial<RegisterEntry> = {}): RegisterEntry {
  n += 1;
  return {
    id: `e${n}`,
    caseId: `c${n}`,
    rung: 'manager',
    receivedOn: '2026-03-02',
    category: 'communication',
    about: 'employee',
    location: 'Kinderopvang De Regenboog',
    externalCommittee: false,
    withdrawnOn: null,
    acknowledgedOn: null,
    acknowledgeBy: null,
    decidedOn: null,
    decideBy: null,
    judgement: null,
    measures: null,
    resolvedOn: null,
    notHandledOn: null,
    ...patch,
  };
}

const report = (entries: RegisterEntry[], procedure: Procedure = withLocations, asOf = '2027-01-15') =>
  buildReport({ procedure, year: 2026, entries, notSent: [], asOf });

describe('matching a typed place to a listed location', () => {
  it('when the name or an alias is typed in another case or with other spaces, then it is that location', () => {
    expect(matchLocation('kinderopvang  de regenboog', LOCATIONS)?.id).toBe('regenboog');
    expect(matchLocation('KDVRegenboog', LOCATIONS)?.id).toBe('regenboog');
    expect(matchLocation(' bso de ZONNEBLOEM ', LOCATIONS)?.id).toBe('zonnebloem');
  });

  it('when the place matches nothing or is skipped, then no location is matched', () => {
    expect(matchLocation('Thuis bij Jan Jansen, Dorpsstraat 4', LOCATIONS)).toBeUndefined();
    expect(matchLocation(null, LOCATIONS)).toBeUndefined();
    expect(matchLocation('Regenboog', undefined)).toBeUndefined();
  });
});

describe('the yearly report', () => {
  it('when a case climbs two rungs, then it counts once, in the year of its first receipt, with its last judgement', () => {
    const r = report([
      entry({ caseId: 'x', receivedOn: '2026-02-02', decidedOn: '2026-03-01', judgement: 'unfounded' }),
      entry({ caseId: 'x', rung: 'director', receivedOn: '2026-03-05', decidedOn: '2026-04-01', judgement: 'partly_well_founded', measures: 'Nieuwe afspraken over ophalen' }),
      entry({ caseId: 'y', receivedOn: '2026-04-01' }),
      entry({ caseId: 'z', receivedOn: '2026-05-01', judgement: 'well_founded', decidedOn: '2026-06-01' }),
      entry({ caseId: 'old', receivedOn: '2025-12-30' }),
      entry({ caseId: 'old', receivedOn: '2026-01-10', rung: 'director' }),
    ]);
    expect(r.total).toBe(3);
    expect(r.judgements).toEqual({ well_founded: 1, partly_well_founded: 1, unfounded: 0, none: 1 });
    expect(r.byLocation).toEqual([
      {
        location: 'Kinderopvang De Regenboog',
        total: 3,
        byCategory: expect.objectContaining({ communication: 3, conduct: 0 }),
        judgements: { well_founded: 1, partly_well_founded: 1, unfounded: 0, none: 1 },
        measures: ['Nieuwe afspraken over ophalen'],
      },
    ]);
  });

  it('when a typed place matches no listed location, then it is counted as other and never appears as typed', () => {
    const typed = 'Thuis bij Jan Jansen, Dorpsstraat 4';
    const r = report([entry({ location: typed }), entry({ location: 'regenboog' }), entry({ location: null }), entry({ location: 'de gang' }), entry({ location: 'Regenboog ' }), entry({ location: 'KDV regenboog' })]);
    expect(r.byLocation.map((g) => [g.location, g.total])).toEqual([
      ['Kinderopvang De Regenboog', 3],
      ['other', 3],
    ]);
    expect(JSON.stringify(r)).not.toContain('Jansen');
  });

  it('when withdrawn and sent on to the external committee, then both are counted per case', () => {
    const r = report([
      entry({ withdrawnOn: '2026-03-04' }),
      entry({ caseId: 'e', category: 'conduct' }),
      entry({ caseId: 'e', rung: 'external_committee', externalCommittee: true, receivedOn: '2026-05-01' }),
      entry({ caseId: 'f', category: 'conduct', rung: 'external_committee', externalCommittee: true }),
      entry({ caseId: 'g', category: 'treatment', rung: 'external_committee', externalCommittee: true }),
    ]);
    expect(r.withdrawn).toBe(1);
    expect(r.externalCommittee).toEqual({ total: 3, byCategory: expect.objectContaining({ conduct: 2, treatment: 1, communication: 0 }) });
  });

  it('when dates are missed or met, then lateness and median working days are counted per submission', () => {
    const r = report(
      [
        // Received Thursday 2 April 2026; Good Friday 3 April and Easter Monday 6 April are days off.
        entry({ receivedOn: '2026-04-02', acknowledgeBy: '2026-04-10', acknowledgedOn: '2026-04-07', decideBy: '2026-05-14', decidedOn: '2026-05-20', judgement: 'unfounded' }),
        entry({ receivedOn: '2026-04-02', acknowledgeBy: '2026-04-10', acknowledgedOn: '2026-04-13', decideBy: '2026-05-14', decidedOn: '2026-05-12', judgement: 'unfounded' }),
        // No answer at all, dates passed.
        entry({ receivedOn: '2026-04-02', acknowledgeBy: '2026-04-10', decideBy: '2026-05-14' }),
        // Withdrawn before its dates: nothing missed.
        entry({ receivedOn: '2026-04-02', acknowledgeBy: '2026-04-10', decideBy: '2026-05-14', withdrawnOn: '2026-04-03' }),
        // Dates not yet passed on the day of the report.
        entry({ receivedOn: '2026-04-02', acknowledgeBy: '2027-02-10', decideBy: '2027-03-14' }),
      ],
      withLocations,
      '2027-01-15',
    );
    expect(r.deadlines).toEqual({ acknowledgedLate: 2, decidedLate: 2, medianDaysToAcknowledge: 3, medianDaysToDecide: expect.any(Number) });
    const cal = calendarFor(withLocations.calendar);
    expect(workingDaysBetween('2026-04-02', '2026-04-07', cal)).toBe(1);
    expect(workingDaysBetween('2026-04-02', '2026-04-13', cal)).toBe(5);
    expect(r.deadlines.medianDaysToDecide).toBe((workingDaysBetween('2026-04-02', '2026-05-20', cal) + workingDaysBetween('2026-04-02', '2026-05-12', cal)) / 2);
    expect(median([])).toBeNull();
  });

  it('when conversations ended without sending, then they are summed by reason for the year only', () => {
    const r = buildReport({
      procedure: withLocations,
      year: 2026,
      entries: [],
      notSent: [
        { month: '2026-01', reason: 'municipal_decision', count: 2 },
        { month: '2026-07', reason: 'municipal_decision', count: 1 },
        { month: '2026-07', reason: 'anonymous', count: 1 },
        { month: '2025-12', reason: 'anonymous', count: 9 },
      ],
      asOf: '2027-01-15',
    });
    expect(r.notSent).toEqual({ anonymous: 1, municipal_decision: 3 });
  });

  it('under the Wet kinderopvang, then the report is due by 31 May of the next year; others have no legal date', () => {
    expect(annualReportDueBy(base, 2026)).toBe('2027-05-31');
    expect(annualReportDueBy(loadProcedures().get('xtra')!, 2026)).toBeUndefined();
  });
});

describe('small numbers', () => {
  const at = (location: string, k: number, patch: Partial<RegisterEntry> = {}) => Array.from({ length: k }, () => entry({ location, ...patch }));

  it('when a listed location has fewer than 3 complaints, then it is counted under other and other shows no breakdown while it is small', () => {
    const r = report([...at('Kinderopvang De Regenboog', 4, { judgement: 'well_founded', decidedOn: '2026-04-01' }), ...at('BSO De Zonnebloem', 3), ...at('Peuterspeelzaal Vlinder', 1, { judgement: 'well_founded', decidedOn: '2026-04-01' })]);
    // Vlinder (1) goes to other; other (1) is still small, so the smallest shown (Zonnebloem, 3) joins it.
    expect(r.byLocation.map((g) => [g.location, g.total])).toEqual([
      ['Kinderopvang De Regenboog', 4],
      ['other', 4],
    ]);
    expect(r.smallNumbers).toEqual({ threshold: 3, folded: 2 });
    expect(r.byLocation[1].judgements).toEqual({ well_founded: 1, partly_well_founded: 0, unfounded: 0, none: 3 });
    expect(JSON.stringify(r)).not.toContain('Vlinder');
  });

  it('when the whole organisation has 1 or 2 complaints, then only the numbers are shown, never a judgement or a measure', () => {
    const r = report(at('Kinderopvang De Regenboog', 2, { judgement: 'well_founded', decidedOn: '2026-04-01', measures: 'Gesprek met medewerker' }));
    expect(r.total).toBe(2);
    expect(r.judgements).toBeNull();
    expect(r.byCategory).toBeNull();
    expect(r.byLocation).toEqual([{ location: 'other', total: 2, byCategory: null, judgements: null, measures: null }]);
    expect(JSON.stringify(r)).not.toContain('Gesprek met medewerker');
  });

  it('when every shown group has 3 or more, then no location breakdown can be worked out by subtraction', () => {
    const r = report([...at('Kinderopvang De Regenboog', 3), ...at('BSO De Zonnebloem', 3), ...at('Peuterspeelzaal Vlinder', 5), ...at('ergens anders', 1)]);
    for (const g of r.byLocation) expect(g.total).toBeGreaterThanOrEqual(3);
    expect(r.byLocation.reduce((s, g) => s + g.total, 0)).toBe(r.total);
  });
});
