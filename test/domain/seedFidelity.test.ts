import { Procedure, type ExclusionId } from '../../src/domain/procedure/schema';
import {
  aboutAnswersFor,
  checkAbout,
  checkScope,
  deadlinesFor,
  findRung,
  helperIsReachable,
  helpersFor,
  route,
  SCOPE_ANSWERS,
  scopeAnswersFor,
  timeLimitConflict,
  type HelperFacts,
} from '../../src/domain/rules';
import { BUILTIN_PROCEDURES, ORGANISATION_IDS } from '../../src/procedures';

/**
 * The audit of the eleven procedures against the seeds, as tables. Each describe names the seed
 * section it holds the data to; the conversation and mail side is in
 * test/conversation/seedFidelity.transcript.test.ts.
 */
const P = Object.fromEntries(ORGANISATION_IDS.map((id) => [id, Procedure.parse(BUILTIN_PROCEDURES[id])])) as Record<string, Procedure>;
const GROUP_004 = ['jess', 'jongleren', 'mee-zhn', 'wijkz', 'xtra'];
const LENTL_ONLY = ['ons-welzijn', 'sterker', 'wel-kom', 'vrijwilligerscentrale-nijmegen'];
const RECEIVED = '2026-04-20'; // Monday: five working days skip Koningsdag (27 April); six weeks end on 1 June

describe('004 §4b-4d: terms for a complaint about a leidinggevende', () => {
  const cases = GROUP_004.flatMap((id) =>
    (['none', 'employee'] as const).map((highestTried): [string, 'none' | 'employee'] => [id, highestTried]),
  );

  it.each(cases)('%s: when a complaint about a manager goes to the directie (highest step tried: %s), then 5 working days and 6 weeks apply', (id, highestTried) => {
    const r = route(P[id], { highestTried, about: 'manager', goOnWithoutConversation: true });
    expect(r.rung?.id).toBe('director');
    expect(r.reasonKey).toBe('special_routing');
    expect(deadlinesFor(P[id], r.rung!, RECEIVED, [], { about: 'manager', highestTried })).toEqual({ acknowledgeBy: '2026-04-28', decideBy: '2026-06-01' });
  });

  it.each(GROUP_004)('%s: when the person asks the directie for a talk after the ruling (004 §5), then the seed sets no term', (id) => {
    const director = findRung(P[id], 'director')!;
    expect(deadlinesFor(P[id], director, RECEIVED, [], { about: 'manager', highestTried: 'manager' })).toEqual({});
  });

  it.each(ORGANISATION_IDS)('%s: when a special routing sends a complaint to a rung, then the terms of that handling come with it', (id) => {
    for (const s of P[id].specialRouting.filter((x) => x.rung)) {
      const r = route(P[id], { highestTried: 'none', about: s.about, goOnWithoutConversation: true });
      const seedTerms = r.rung?.source.seed === '004' || s.source.seed === '004';
      if (seedTerms) expect(r.terms.map((t) => t.kind)).toEqual(['acknowledgement', 'decision']);
    }
  });
});

describe('000, 002 §3.1, 003 §2, 004 §7, DOMAIN L6: every scope answer at every organisation goes on or stops by its own data', () => {
  const cases = ORGANISATION_IDS.flatMap((id) => SCOPE_ANSWERS.map((scope): [string, (typeof SCOPE_ANSWERS)[number]] => [id, scope]));

  it.each(cases)('%s: when the answer is %s, then it goes on, or stops with an exclusion of its own data that names its source', (id, scope) => {
    const check = checkScope(P[id], { scope }, '2026-11-22');
    if (check.inScope) {
      expect(P[id].exclusions.map((e) => e.id)).not.toContain(scope);
      return;
    }
    expect(P[id].exclusions).toContainEqual(check.procedureExclusion);
    const { seed, section } = check.procedureExclusion.source;
    if (seed === 'domain') expect(section).toMatch(/^L\d$/);
    else expect(P[id].sources.some((s) => s.startsWith(`${seed}:`))).toBe(true);
  });

  it.each(ORGANISATION_IDS)('%s: when the scope question is asked, then it offers exactly the answers that matter there', (id) => {
    const offered = scopeAnswersFor(P[id]);
    const held = new Set<string>(P[id].exclusions.map((e) => e.id));
    expect(offered).toEqual(SCOPE_ANSWERS.filter((a) => ['conduct_or_service', 'compensation', 'prosecution'].includes(a) || held.has(a)));
    expect(offered.length).toBeLessThanOrEqual(8);
  });

  const money: Array<[string, boolean, string[]]> = [
    ...GROUP_004.filter((id) => id !== 'jongleren').map((id): [string, boolean, string[]] => [id, true, []]),
    ['jongleren', true, ['geschillencommissie_kinderopvang']],
    ['so-trainingsbureau', true, ['geschillencommissie_zorg']],
    ...[...LENTL_ONLY, 'sociale-teams-helmond'].map((id): [string, boolean, string[]] => [id, false, []]),
  ];
  it.each(money)('%s: when someone wants compensation, then the complaint goes on: %s (routes that can award money: %j)', (id, goesOn, routes) => {
    const check = checkScope(P[id], { scope: 'compensation' }, '2026-11-22');
    expect(check.inScope).toBe(goesOn);
    if (check.inScope) expect((check.routes ?? []).map((r) => r.id)).toEqual(routes);
    else expect(check.procedureExclusion.source.seed).toMatch(/^00[23]$/);
  });

  const punishment: Array<[string, 'prosecution' | 'criminal_investigation', boolean | 'may_decline']> = [
    // 000 means conduct under a running criminal investigation, not wanting someone punished.
    ['so-trainingsbureau', 'prosecution', true],
    ['so-trainingsbureau', 'criminal_investigation', 'may_decline'],
    ...GROUP_004.map((id): [string, 'prosecution', boolean] => [id, 'prosecution', true]),
    ...[...LENTL_ONLY, 'sociale-teams-helmond'].map((id): [string, 'prosecution', boolean] => [id, 'prosecution', false]),
  ];
  it.each(punishment)('%s: when the answer is %s, then it goes on: %s', (id, scope, expected) => {
    const check = checkScope(P[id], { scope }, '2026-11-22');
    if (expected === 'may_decline') expect(!check.inScope && check.mayGoOn).toBe(true);
    else expect(check.inScope).toBe(expected);
  });
});

describe('002 §3.1 fn 1, 002 §3.1, 003 §2: the excluded persons are values of the about step', () => {
  const cases: Array<[string, 'former_employee' | 'partner_organisation', 'redirect' | 'not_handled' | undefined]> = [
    ...[...LENTL_ONLY, 'sociale-teams-helmond'].flatMap((id): Array<[string, 'former_employee' | 'partner_organisation', 'redirect' | 'not_handled']> => [
      [id, 'former_employee', 'redirect'],
      [id, 'partner_organisation', 'not_handled'],
    ]),
    ...[...GROUP_004, 'so-trainingsbureau'].map((id): [string, 'former_employee', undefined] => [id, 'former_employee', undefined]),
  ];
  it.each(cases)('%s: when the complaint is about %s, then the effect is %s', (id, answer, effect) => {
    expect(aboutAnswersFor(P[id]).includes(answer)).toBe(effect !== undefined);
    expect(checkAbout(P[id], answer)?.effect).toBe(effect);
  });

  it('when a complaint at Sociale Teams Helmond is about seconded staff, then the note says they are STH staff (003 §2 a)', () => {
    const note = checkAbout(P['sociale-teams-helmond'], 'partner_organisation')?.exclusion.note?.nl;
    expect(note).toMatch(/Vincent van Gogh, Savant of Bijzonder Jeugdwerk/);
  });
});

describe('003 §5.7 against 002 §3.1: Sociale Teams Helmond has two regelingen', () => {
  const TODAY = '2026-03-10';
  const cases: Array<[string, { eventDate: string; youthCare?: boolean; category?: 'sexual_harassment' }, false | { applied: string; other: string }]> = [
    ['three months ago', { eventDate: '2025-12-10' }, false],
    ['eight months ago: 002 in time, 003 late', { eventDate: '2025-07-10' }, { applied: 'in_time', other: 'late' }],
    ['fourteen months ago: late under both', { eventDate: '2025-01-10' }, false],
    ['youth care, twenty months ago: 002 36 months, 003 6 months', { eventDate: '2024-07-10', youthCare: true }, { applied: 'in_time', other: 'late' }],
    ['sexual harassment, thirty months ago: 002 no limit, 003 2 years', { eventDate: '2023-09-10', category: 'sexual_harassment' }, { applied: 'no_limit', other: 'late' }],
    ['sexual harassment, ten months ago', { eventDate: '2025-05-10', category: 'sexual_harassment' }, false],
  ];
  it.each(cases)('when the event was %s, then the conflict is %j', (_what, facts, expected) => {
    const conflict = timeLimitConflict(P['sociale-teams-helmond'], facts, TODAY);
    if (!expected) return expect(conflict).toBeUndefined();
    expect(conflict?.applied.status).toBe(expected.applied);
    expect(conflict?.other.status).toBe(expected.other);
    expect(conflict?.applied.rule?.source.seed).toBe('002');
    expect(conflict?.other.source).toMatchObject({ seed: '003', section: '§5.7' });
  });

  it.each(ORGANISATION_IDS.filter((id) => id !== 'sociale-teams-helmond'))('%s: when it has one regeling, then there is never a conflict', (id) => {
    expect(timeLimitConflict(P[id], { eventDate: '2025-07-10' }, TODAY)).toBeUndefined();
  });
});

describe('000 Klacht wel/niet in behandeling nemen: four weeks to say a complaint is not handled', () => {
  it.each(['complaints_officer', 'director'] as const)('when SO! Trainingsbureau gets a complaint at the %s, then the notice is due four weeks after receipt', (rung) => {
    expect(deadlinesFor(P['so-trainingsbureau'], findRung(P['so-trainingsbureau'], rung)!, RECEIVED).nonHandlingNoticeBy).toBe('2026-05-18');
  });
});

describe('002 §1.2 and §2.3: going to the leidinggevende without the talk', () => {
  it.each(LENTL_ONLY)('%s: when the person has not talked to the employee and goes on, then the leidinggevende takes it, and the conflict is recorded', (id) => {
    expect(route(P[id], { highestTried: 'none', about: 'employee' })).toMatchObject({ reasonKey: 'conversation_first', afterConversation: { id: 'manager' } });
    expect(route(P[id], { highestTried: 'none', about: 'employee', goOnWithoutConversation: true })).toMatchObject({ rung: { id: 'manager' }, skippedConversation: true });
    const conflict = P[id].conflicts.find((c) => c.sources.some((s) => s.section.startsWith('§1.2')) && c.sources.some((s) => s.section.startsWith('§2.3')));
    expect(conflict?.chosen).toMatch(/no_prior_conversation/);
  });
});

describe('one marker for defaults (000, 002, 003, 004 are silent; DOMAIN R1, R3, W1)', () => {
  const defaults = (p: Procedure) => {
    const found: string[] = [];
    const visit = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => visit(x, `${path}[${i}]`));
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if ('default' in o) found.push(`${path}.default (a second marker)`);
        if (o.seed === 'default') found.push(path);
        for (const [k, x] of Object.entries(o)) visit(x, path ? `${path}.${k}` : k);
      }
    };
    visit(p, '');
    return found;
  };
  const expected: Array<[string, string]> = [
    ...ORGANISATION_IDS.filter((id) => id !== 'so-trainingsbureau').map((id): [string, string] => [id, 'eligibility.minAgeAlone.source']),
    ['so-trainingsbureau', 'timeLimits[0].lateSource'],
    ...ORGANISATION_IDS.filter((id) => !['ons-welzijn', 'sociale-teams-helmond', 'sterker', 'wel-kom', 'vrijwilligerscentrale-nijmegen'].includes(id)).map(
      (id): [string, string] => [id, 'eligibility.representativeScopes[1].source'],
    ),
    ...GROUP_004.map((id): [string, string] => [id, 'eligibility.roles[0].source']),
    ...ORGANISATION_IDS.map((id): [string, string] => [id, 'calendar.source']),
  ];
  it.each(expected)('%s: when the data is read, then %s is marked as a default with what Klachtwijzer assumes', (id, path) => {
    const found = defaults(P[id]);
    expect(found).toContain(path);
    expect(found.filter((f) => f.includes('(a second marker)'))).toEqual([]);
  });
});

describe('004 §3b, §6, 000 Ondersteuning, 002 §2.2, 003 §4.13: helpers by organisation, regime, age and role', () => {
  const facts: Array<[string, HelperFacts]> = [
    ['adult', { role: 'self', ageBand: '18_plus' }],
    ['child of 13', { role: 'self', ageBand: '12_to_15' }],
    ['parent of a child of 8', { role: 'parent_or_guardian', ageBand: 'under_12' }],
    ['representative', { role: 'legal_representative' }],
  ];
  const cases = ORGANISATION_IDS.flatMap((id) => facts.map(([who, f]): [string, string, HelperFacts] => [id, who, f]));

  it.each(cases)('%s, %s: when helpers are shown, then each has a way to reach them and applies to this person', (id, _who, f) => {
    const list = helpersFor(P[id], f);
    for (const s of list) {
      expect(helperIsReachable(s)).toBe(true);
      // Jeugdstem is for youth care: never to an adult in welfare work.
      if (s.audience === 'youth_care' && P[id].regimes.some((r) => r.regime === 'wmo')) expect(f.ageBand && f.ageBand !== '18_plus').toBeTruthy();
      if (s.audience === 'childcare') expect(f.role === 'self' && f.ageBand !== '18_plus' && f.ageBand !== undefined).toBe(false);
    }
    expect(list.map((s) => s.kind)).not.toContain('bring_someone');
  });

  const expected: Array<[string, HelperFacts, string[]]> = [
    ['jongleren', { role: 'parent_or_guardian', ageBand: 'under_12' }, ['vertrouwenspersoon', 'writing_help', 'klachtenloket_kinderopvang']],
    ['jongleren', { role: 'self', ageBand: '12_to_15' }, ['vertrouwenspersoon', 'writing_help']],
    ['xtra', { role: 'self', ageBand: '18_plus' }, ['vertrouwenspersoon']],
    ['so-trainingsbureau', { role: 'self', ageBand: '18_plus' }, ['vertrouwenspersoon']],
    ['wel-kom', { role: 'self', ageBand: '18_plus' }, ['vertrouwenspersoon', 'clientondersteuning']],
  ];
  it.each(expected)('%s: when the person is %j, then the helpers are %j', (id, f, kinds) => {
    expect(helpersFor(P[id], f).map((s) => s.kind)).toEqual(kinds);
  });

  it.each(ORGANISATION_IDS)('%s: when a helper has no phone, mail or website, then the data says how to find them (never a bare name)', (id) => {
    for (const s of P[id].support.filter((x) => x.kind !== 'bring_someone')) expect(helperIsReachable(s)).toBe(true);
  });
});

describe('every exclusion in every file has an answer that reaches it', () => {
  const reachable = (p: Procedure, id: ExclusionId): boolean =>
    id === 'anonymous' || (scopeAnswersFor(p) as string[]).includes(id) || (aboutAnswersFor(p) as string[]).includes(id);
  const cases = ORGANISATION_IDS.flatMap((org) => P[org].exclusions.map((e): [string, ExclusionId] => [org, e.id]));
  it.each(cases)('%s: when exclusion %s is in the data, then the conversation can reach it', (org, id) => {
    expect(reachable(P[org], id)).toBe(true);
  });
});

describe('000 B, 004 §6: the routes named once the ladder is done', () => {
  const cases: Array<[string, string[]]> = [
    ['so-trainingsbureau', ['skj', 'geschillencommissie_zorg']],
    ['jongleren', ['geschillencommissie_kinderopvang', 'skj']],
    ['xtra', ['skj']],
    ['ons-welzijn', []],
  ];
  it.each(cases)('%s: when every step was tried, then the routes beside the ladder are %j, never bezwaar or another exclusion\'s referral', (id, ids) => {
    const last = P[id].ladder[P[id].ladder.length - 1].id;
    const r = route(P[id], { highestTried: last, about: 'employee' });
    expect(r.reasonKey).toBe('ladder_exhausted');
    expect(r.referrals.map((x) => x.id)).toEqual(ids);
  });
});

describe('002 §3.1, 003 §2: the already-handled answer never shows another exclusion\'s text', () => {
  it.each([...LENTL_ONLY, 'sociale-teams-helmond', 'so-trainingsbureau'])('%s: when the complaint was handled before, then no referral (such as the former-employee one) is attached', (id) => {
    const check = checkScope(P[id], { scope: 'already_handled' }, '2026-11-22');
    expect(check.inScope).toBe(false);
    if (check.inScope) return;
    expect(check.referral).toBeUndefined();
    expect(check.referralDetails).toBeUndefined();
  });
});
