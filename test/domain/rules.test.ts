import { advanceEscalation, readEscalation, startEscalation } from '../../src/domain/escalation/machine';
import { Procedure, type About, type RungId } from '../../src/domain/procedure/schema';
import {
  checkComplainant,
  checkScope,
  checkTimeLimit,
  deadlinesFor,
  findRung,
  route,
  routingTable,
  type ComplainantFacts,
  type LadderAnswer,
  type ScopeAnswer,
} from '../../src/domain/rules';
import { BUILTIN_PROCEDURES, ORGANISATION_IDS } from '../../src/procedures';

const P = Object.fromEntries(ORGANISATION_IDS.map((id) => [id, Procedure.parse(BUILTIN_PROCEDURES[id])])) as Record<string, Procedure>;
const LENTL = ['ons-welzijn', 'sociale-teams-helmond', 'sterker', 'wel-kom', 'vrijwilligerscentrale-nijmegen'];
const XTRA_GROUP = ['jess', 'jongleren', 'mee-zhn', 'wijkz', 'xtra'];
const TODAY = '2026-11-22';

describe('who may complain (seeds 000 §Wie dient in, 002 §3.2, 003 §4.6, 004 §8; DOMAIN R1–R5)', () => {
  const cases: Array<[string, ComplainantFacts, string, string]> = [
    ...ORGANISATION_IDS.map((id): [string, ComplainantFacts, string, string] => [id, { role: 'self', ageBand: 'under_12' }, 'needs_action', 'child_under_age_limit']),
    ...ORGANISATION_IDS.map((id): [string, ComplainantFacts, string, string] => [id, { role: 'self', ageBand: '12_to_15' }, 'allowed', 'child_may_complain_alone']),
    ...ORGANISATION_IDS.map((id): [string, ComplainantFacts, string, string] => [id, { role: 'parent_or_guardian', ageBand: 'under_12' }, 'allowed', 'parent_for_minor']),
    ['so-trainingsbureau', { role: 'self', ageBand: '18_plus' }, 'allowed', 'self'],
    ['so-trainingsbureau', { role: 'next_of_kin' }, 'allowed', 'next_of_kin'],
    ['so-trainingsbureau', { role: 'affected_party' }, 'uncertain', 'role_not_named_in_procedure'],
    ['so-trainingsbureau', { role: 'authorised', hasWrittenAuthorisation: true }, 'allowed', 'authorised_with_authorisation'],
    ['so-trainingsbureau', { role: 'authorised', hasWrittenAuthorisation: false }, 'uncertain', 'authorisation_needed'],
    ['ons-welzijn', { role: 'legal_representative', representativeKind: 'bewindvoerder', topic: 'care' }, 'uncertain', 'bewindvoerder_money_only'],
    ['ons-welzijn', { role: 'legal_representative', representativeKind: 'bewindvoerder', topic: 'money' }, 'allowed', 'representative_within_task'],
    ['ons-welzijn', { role: 'legal_representative', representativeKind: 'mentor', topic: 'money' }, 'uncertain', 'mentor_care_only'],
    ['ons-welzijn', { role: 'legal_representative', representativeKind: 'mentor', topic: 'care' }, 'allowed', 'representative_within_task'],
    ['ons-welzijn', { role: 'legal_representative', representativeKind: 'curator', topic: 'money' }, 'allowed', 'representative_within_task'],
    ['ons-welzijn', { role: 'legal_representative', representativeKind: 'curator', topic: 'care' }, 'allowed', 'representative_within_task'],
    ['sterker', { role: 'legal_representative' }, 'needs_action', 'representative_kind_missing'],
    ['wel-kom', { role: 'group', hasGroupRepresentative: false }, 'needs_action', 'group_needs_representative'],
    ['wel-kom', { role: 'group', hasGroupRepresentative: true }, 'allowed', 'group_with_representative'],
    ['vrijwilligerscentrale-nijmegen', { role: 'affected_party' }, 'allowed', 'affected_party'],
    ['sociale-teams-helmond', { role: 'next_of_kin' }, 'allowed', 'next_of_kin'],
    ['sterker', { role: 'next_of_kin' }, 'uncertain', 'role_not_named_in_procedure'],
    ['xtra', { role: 'parent_or_guardian', ageBand: '18_plus' }, 'uncertain', 'parent_of_adult_needs_authorisation'],
    ['jess', { role: 'staff_on_behalf' }, 'allowed', 'staff_registers_for_client'],
    ['jongleren', { role: 'self', ageBand: '16_to_17' }, 'allowed', 'child_may_complain_alone'],
  ];

  it.each(cases)('%s: when %j, then %s (%s)', (id, facts, status, reasonKey) => {
    const check = checkComplainant(P[id], facts);
    expect(check.status).toBe(status);
    expect(check.reasonKey).toBe(reasonKey);
  });

  it.each(ORGANISATION_IDS)('%s: when a child under the age limit asks, then the child is pointed to a vertrouwenspersoon, never just turned away', (id) => {
    const check = checkComplainant(P[id], { role: 'self', ageBand: 'under_12' });
    expect(check.requires).toBe('parent_or_guardian');
    expect(check.support.map((s) => s.kind)).toContain('vertrouwenspersoon');
  });
});

describe('time limits (000 §wel/niet in behandeling, 002 §3.1, 003 §5.7, 004 §3c)', () => {
  const cases: Array<[string, string, Partial<{ category: 'sexual_harassment'; youthCare: boolean }>, string, string | undefined, string]> = [
    ['jess', '2026-10-01', {}, 'in_time', '2026-12-01', 'within_limit'],
    ['jess', '2026-09-22', {}, 'in_time', '2026-11-22', 'within_limit'],
    ['jess', '2026-09-21', {}, 'late', '2026-11-21', 'past_limit_may_explain'],
    ['xtra', '2026-01-15', { youthCare: true }, 'late', '2026-03-15', 'past_limit_may_explain'],
    ['jongleren', '2026-11-21', {}, 'in_time', '2027-01-21', 'within_limit'],
    ['ons-welzijn', '2025-11-22', {}, 'in_time', '2026-11-22', 'within_limit'],
    ['ons-welzijn', '2025-11-21', {}, 'late', '2026-11-21', 'past_limit_may_decline'],
    ['sterker', '2024-01-10', { youthCare: true }, 'in_time', '2027-01-10', 'within_limit'],
    ['wel-kom', '2023-11-21', { youthCare: true }, 'late', '2026-11-21', 'past_limit_may_decline'],
    ['vrijwilligerscentrale-nijmegen', '2012-05-01', { category: 'sexual_harassment' }, 'no_limit', undefined, 'no_limit_for_category'],
    // Seed 003 says 6 months; seed 002 says 12: the complainant's best (12) applies.
    ['sociale-teams-helmond', '2026-01-05', {}, 'in_time', '2027-01-05', 'within_limit'],
    // Seed 003 says 2 years for sexual harassment; seed 002 says no limit: no limit applies.
    ['sociale-teams-helmond', '2019-03-01', { category: 'sexual_harassment' }, 'no_limit', undefined, 'no_limit_for_category'],
    ['so-trainingsbureau', '2025-10-01', {}, 'late', '2026-10-01', 'past_limit_may_explain'],
    ['so-trainingsbureau', '2026-01-01', {}, 'in_time', '2027-01-01', 'within_limit'],
  ];

  it.each(cases)('%s: when it happened on %s %j, then %s until %s', (id, eventDate, extra, status, expiredOn, reasonKey) => {
    const check = checkTimeLimit(P[id], { eventDate, ...extra }, TODAY);
    expect(check.status).toBe(status);
    expect(check.expiredOn).toBe(expiredOn);
    expect(check.reasonKey).toBe(reasonKey);
  });

  it('when a two-month limit starts on 31 December, then it ends on the last day of February', () => {
    expect(checkTimeLimit(P.wijkz, { eventDate: '2025-12-31' }, '2026-02-28')).toMatchObject({ status: 'in_time', expiredOn: '2026-02-28' });
    expect(checkTimeLimit(P.wijkz, { eventDate: '2025-12-31' }, '2026-03-01')).toMatchObject({ status: 'late' });
  });
});

describe('scope and referrals (000 Klacht wel/niet, 002 §3.1, 003 §2, 004 §7, DOMAIN L6)', () => {
  // Only an exclusion in the organisation's own data stops a complaint; the seed (or DOMAIN rule) it cites is checked.
  const cases: Array<[string, ScopeAnswer, string | undefined, string]> = [
    ['ons-welzijn', 'municipal_decision', 'bezwaar_municipality', '002'],
    ['sociale-teams-helmond', 'municipal_decision', 'bezwaar_municipality', '003'],
    // 004 names no municipal exclusion: the Awb applies anyway (DOMAIN L6), recorded in the data.
    ['jess', 'municipal_decision', 'bezwaar_municipality', 'domain'],
    ['sterker', 'prosecution', 'police', '002'],
    // A police investigation already runs: no referral to the police, only the choice to go on.
    ['so-trainingsbureau', 'criminal_investigation', undefined, '000'],
    ['wel-kom', 'compensation', 'court', '002'],
    ['vrijwilligerscentrale-nijmegen', 'already_handled', undefined, '002'],
    ['so-trainingsbureau', 'already_handled', undefined, '000'],
  ];

  it.each(cases)('%s: when it is about %s, then it is out of scope with referral %s (source %s)', (id, scope, referral, seed) => {
    const check = checkScope(P[id], { scope }, TODAY);
    expect(check.inScope).toBe(false);
    if (check.inScope) return;
    expect(check.referral).toBe(referral);
    expect(check.procedureExclusion.source.seed).toBe(seed);
    expect(check.reasonKey).toBe(`out_of_scope.${check.exclusion}`);
  });

  it.each(ORGANISATION_IDS)('%s: when it is about conduct or the service, then it is in scope', (id) => {
    expect(checkScope(P[id], { scope: 'conduct_or_service' }, TODAY)).toEqual({ inScope: true });
  });

  const bezwaar: Array<[string, string, string, boolean]> = [
    ['2026-03-31', '2026-04-15', '2026-05-12', false],
    ['2026-04-02', '2026-04-15', '2026-05-15', false], // 14 May is Hemelvaart: Atw art. 1
    ['2026-10-01', TODAY, '2026-11-12', true],
    ['2026-10-20', TODAY, '2026-12-01', false],
  ];
  it.each(bezwaar)('when the municipality made its decision known on %s (today %s), then bezwaar runs to %s (passed: %s)', (decisionDate, today, lastDay, passed) => {
    const check = checkScope(P['ons-welzijn'], { scope: 'municipal_decision', decisionDate }, today);
    expect(check.inScope === false && check.bezwaar).toEqual({ lastDay, passed });
  });
});

describe('routing: where the complaint goes (the ladder as data)', () => {
  const cases: Array<[string, LadderAnswer, About, RungId | null, string | null]> = [
    ...XTRA_GROUP.flatMap((id): Array<[string, LadderAnswer, About, RungId | null, string | null]> => {
      const box = P[id].ladder.find((r) => r.id === 'manager')!.contact.email!;
      return [
        [id, 'none', 'employee', 'manager', box],
        [id, 'employee', 'employee', 'manager', box],
        [id, 'manager', 'employee', 'director', box],
        [id, 'director', 'employee', 'external_committee', 'klachtencommissie@xtra.nl'],
        [id, 'external_committee', 'employee', null, null],
        [id, 'none', 'manager', 'director', box],
        [id, 'none', 'director', 'board', box],
        [id, 'board', 'director', 'external_committee', 'klachtencommissie@xtra.nl'],
      ];
    }),
    ['so-trainingsbureau', 'none', 'employee', 'complaints_officer', 'officemanager@sotrainingsbureau.nl'],
    ['so-trainingsbureau', 'employee', 'employee', 'complaints_officer', 'officemanager@sotrainingsbureau.nl'],
    // SO! has no separate leidinggevende rung: "the manager" counts by its usual place.
    ['so-trainingsbureau', 'manager', 'employee', 'complaints_officer', 'officemanager@sotrainingsbureau.nl'],
    ['so-trainingsbureau', 'complaints_officer', 'employee', 'director', 'info@sotrainingsbureau.nl'],
    ['so-trainingsbureau', 'director', 'employee', 'external_committee', null],
    ['sociale-teams-helmond', 'none', 'employee', 'manager', 'klachten@sthelmond.nl'],
    ['sociale-teams-helmond', 'employee', 'employee', 'manager', 'klachten@sthelmond.nl'],
    ['sociale-teams-helmond', 'manager', 'employee', 'external_committee', null],
    ...LENTL.filter((id) => id !== 'sociale-teams-helmond').flatMap((id): Array<[string, LadderAnswer, About, RungId | null, string | null]> => [
      [id, 'none', 'employee', 'employee', null],
      [id, 'employee', 'employee', 'manager', null],
      [id, 'manager', 'employee', 'external_committee', null],
      [id, 'director', 'employee', 'external_committee', null],
    ]),
  ];

  it.each(cases)('%s: when the highest rung tried is %s and it is about the %s, then it goes to %s at %s', (id, highestTried, about, target, email) => {
    const r = route(P[id], { highestTried, about });
    expect(r.rung?.id ?? null).toBe(target);
    expect(r.email ?? null).toBe(email);
    expect(r.deliverable).toBe(email !== null);
  });

  it.each(LENTL.filter((id) => id !== 'sociale-teams-helmond'))('%s: when nothing was tried yet, then the talk comes first and the leidinggevende is the way on', (id) => {
    const r = route(P[id], { highestTried: 'none', about: 'employee' });
    expect(r.reasonKey).toBe('conversation_first');
    expect(r.afterConversation?.id).toBe('manager');
  });

  it.each(LENTL)('%s: when it is about a volunteer or intern, then their coordinator or supervisor handles it', (id) => {
    const r = route(P[id], { highestTried: 'employee', about: 'volunteer_or_intern' });
    expect(r.handler?.nl).toMatch(/coördinator|stagebegeleider/);
  });

  it.each(['jess', 'jongleren'])('%s: when every rung has been tried, then the referrals beside the ladder remain', (id) => {
    const r = route(P[id], { highestTried: 'external_committee', about: 'employee' });
    expect(r.reasonKey).toBe('ladder_exhausted');
    expect(r.referrals.map((x) => x.id)).toContain('skj');
  });

  it('jongleren: when the ladder is done, then the Geschillencommissie Kinderopvang is offered', () => {
    expect(route(P.jongleren, { highestTried: 'external_committee', about: 'employee' }).referrals.map((x) => x.id)).toContain(
      'geschillencommissie_kinderopvang',
    );
  });

  it.each(ORGANISATION_IDS)('%s: when the routing table is built, then every deliverable row names a mailbox of the procedure', (id) => {
    const rows = routingTable(P[id]);
    expect(rows.length).toBe((P[id].ladder.length + 1) * 5);
    for (const row of rows) {
      if (row.deliverable) expect(row.email).toBe(findRung(P[id], row.target!)!.contact.email);
      else expect(row.email).toBeNull();
    }
  });
});

describe('the machine agrees with routing', () => {
  it.each(ORGANISATION_IDS)('%s: when each tried rung is not resolved, then the machine stands where routing sends the complaint', (id) => {
    const p = P[id];
    for (const tried of p.ladder.slice(0, -1)) {
      let snap = startEscalation(p);
      for (const r of p.ladder.slice(0, p.ladder.indexOf(tried) + 1)) snap = advanceEscalation(p, snap, { type: 'NOT_RESOLVED' }).snapshot;
      expect(readEscalation(p, snap).rung).toBe(route(p, { highestTried: tried.id, about: 'organisation' }).rung!.id);
    }
  });

  it('xtra: when a complaint about the directie starts at the board and is not resolved, then the external committee comes next', () => {
    const snap = startEscalation(P.xtra, 'board');
    expect(readEscalation(P.xtra, snap).rung).toBe('board');
    const after = advanceEscalation(P.xtra, advanceEscalation(P.xtra, snap, { type: 'DELIVERED' }).snapshot, { type: 'NO_ANSWER_IN_TIME' });
    expect(after.rung).toBe('external_committee');
  });
});

describe('deadlines owed by the rung (004 §4b/§4d, 000 §B)', () => {
  const cases: Array<[string, RungId, string, string | undefined, string | undefined]> = [
    ['xtra', 'manager', '2026-04-02', '2026-04-13', '2026-05-14'],
    ['jess', 'manager', '2026-12-23', '2026-12-31', '2027-02-03'],
    ['so-trainingsbureau', 'director', '2026-04-08', undefined, '2026-05-20'],
    ['ons-welzijn', 'manager', '2026-04-08', undefined, undefined],
  ];
  it.each(cases)('%s %s: when received on %s, then acknowledge by %s and decide by %s', (id, rung, receivedOn, ack, decide) => {
    const d = deadlinesFor(P[id], findRung(P[id], rung)!, receivedOn);
    expect(d.acknowledgeBy).toBe(ack);
    expect(d.decideBy).toBe(decide);
  });
});
