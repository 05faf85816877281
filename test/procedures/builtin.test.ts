import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateProcedure } from '../../src/domain/procedure/validate';
import { BUILTIN_PROCEDURES, ORGANISATION_IDS } from '../../src/procedures';
import { GROUP_004, LENTL_ONLY, allBuiltins, builtin, contacts, deliverable, seedText, walk } from './helpers';

describe('built-in procedures', () => {
  it('when the procedures folder is listed, then there is exactly one data file per organisation id', () => {
    const files = readdirSync(join(__dirname, '..', '..', 'src', 'procedures'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    expect(files).toEqual([...ORGANISATION_IDS].sort());
    expect(Object.keys(BUILTIN_PROCEDURES)).toEqual([...ORGANISATION_IDS]);
  });

  it.each(ORGANISATION_IDS)('when %s is validated, then it passes the schema under its own id', (id) => {
    const result = validateProcedure(BUILTIN_PROCEDURES[id], id);
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});

describe('mailboxes come from the seeds, exactly', () => {
  // The rungs the bot may e-mail, and the address, as the seeds give them.
  const EXPECTED: Record<string, Record<string, string>> = {
    jess: { manager: 'klachten@stichtingjess.nl', director: 'klachten@stichtingjess.nl', external_committee: 'klachtencommissie@xtra.nl', board: 'klachten@stichtingjess.nl' },
    jongleren: { manager: 'klachten@jonglerendenhaag.nl', director: 'klachten@jonglerendenhaag.nl', external_committee: 'klachtencommissie@xtra.nl', board: 'klachten@jonglerendenhaag.nl' },
    'mee-zhn': { manager: 'klachten@meezhn.nl', director: 'klachten@meezhn.nl', external_committee: 'klachtencommissie@xtra.nl', board: 'klachten@meezhn.nl' },
    wijkz: { manager: 'klachten@wijkz.nl', director: 'klachten@wijkz.nl', external_committee: 'klachtencommissie@xtra.nl', board: 'klachten@wijkz.nl' },
    xtra: { manager: 'klachten@xtra.nl', director: 'klachten@xtra.nl', external_committee: 'klachtencommissie@xtra.nl', board: 'klachten@xtra.nl' },
    'sociale-teams-helmond': { manager: 'klachten@sthelmond.nl' },
    'so-trainingsbureau': { complaints_officer: 'officemanager@sotrainingsbureau.nl', director: 'info@sotrainingsbureau.nl' },
    'ons-welzijn': {},
    sterker: {},
    'wel-kom': {},
    'vrijwilligerscentrale-nijmegen': {},
  };

  it.each(Object.entries(EXPECTED))('when the bot delivers for %s, then it uses exactly these rungs and mailboxes', (id, expected) => {
    expect(deliverable(builtin(id))).toEqual(expected);
  });

  it.each(LENTL_ONLY)('when %s (seed 002 only) is loaded, then no rung, referral or support has an invented address', (id) => {
    const p = builtin(id);
    const filled = contacts(p).filter((c) => Object.keys(c.value).length > 0);
    expect(filled.map((c) => c.path)).toEqual([]);
    expect([...p.ladder, ...p.offLadder].filter((r) => r.deliverByEmail)).toEqual([]);
    expect(p.gaps.join(' ')).toMatch(/no mailbox, phone or website/);
  });

  it('when SO! Trainingsbureau lists its mentors, then each has the address the seed gives', () => {
    const employee = builtin('so-trainingsbureau').ladder[0];
    expect(employee.people).toEqual([
      { name: 'Sebastiaan Klooster', contact: { email: 'sebastiaan@sotrainingsbureau.nl' } },
      { name: 'Marieke van Schaik', contact: { email: 'marieke@sotrainingsbureau.nl' } },
      { name: 'Eline Konijn', contact: { email: 'eline@sotrainingsbureau.nl' } },
    ]);
    expect(employee.deliverByEmail).toBe(false);
  });

  it('when any procedure gives an e-mail, phone, website or postbox, then it appears in the seed it cites', () => {
    const invented: string[] = [];
    for (const p of allBuiltins()) {
      for (const c of contacts(p)) {
        const seed = c.source?.seed ?? '(none)';
        const text = seed === '(none)' || seed === 'default' ? '' : seedText(seed);
        const squashed = text.replace(/\s+/g, '').toLowerCase();
        const check = (kind: string, needle: string | undefined) => {
          if (needle !== undefined && !squashed.includes(needle.replace(/\s+/g, '').toLowerCase())) {
            invented.push(`${p.id} ${c.path}.${kind} "${needle}" not in seed ${seed}`);
          }
        };
        const v = c.value as { email?: string; phone?: string; website?: string; post?: string };
        check('email', v.email);
        check('phone', v.phone);
        check('website', v.website?.replace(/^https?:\/\//, '').replace(/\/$/, ''));
        for (const part of v.post?.match(/Postbus \d+|\d{4} ?[A-Z]{2} [A-Z][a-z]+( [A-Z][a-z]+)?/g) ?? []) check('post', part);
      }
    }
    expect(invented).toEqual([]);
  });
});

describe('every fact names its source', () => {
  // Facts that are names or bookkeeping, not rules: they need no source of their own.
  const EXEMPT = new Set(['id', 'name', 'legalName', 'aliases', 'conflicts', 'gaps', 'sources']);

  it.each(ORGANISATION_IDS)('when %s is walked, then every object holding facts is covered by a source', (id) => {
    const p = builtin(id);
    const uncovered = walk(p)
      .filter((f) => f.path !== '' && !EXEMPT.has(f.path.split(/[.[]/)[0]))
      .filter((f) => Object.entries(f.value).some(([k, v]) => k !== 'source' && (typeof v !== 'object' || v === null)))
      .filter((f) => !/\.(title|name|when|how|retention|handler)$|\.notes\[\d+\]$/.test(f.path)) // texts: covered by their owner
      .filter((f) => !f.source)
      .map((f) => f.path);
    expect(uncovered).toEqual([]);
  });

  it.each(ORGANISATION_IDS)('when %s cites a seed, then that seed is one of its listed sources', (id) => {
    const p = builtin(id);
    const listed = new Set(p.sources.map((s) => s.slice(0, 3)));
    const cited = walk(p).flatMap((f) => (f.value.source && typeof f.value.source === 'object' ? [(f.value.source as { seed: string }).seed] : []));
    const conflictSeeds = p.conflicts.flatMap((c) => c.sources.map((s) => s.seed));
    // `default` marks Klachtwijzer's own rule, `domain` a rule of law from DOMAIN.md: neither is a seed.
    const unlisted = [...cited, ...conflictSeeds].filter((seed) => seed !== 'default' && seed !== 'domain' && !listed.has(seed));
    // SO! cites seed 004 for one national body (SKJ's website); that exception is in its gaps.
    const allowed = id === 'so-trainingsbureau' ? unlisted.filter((s) => s !== '004') : unlisted;
    expect(allowed).toEqual([]);
  });

  it.each(ORGANISATION_IDS)('when %s refers a complainant elsewhere because of an exclusion, then that referral is described', (id) => {
    const p = builtin(id);
    // Court and police are general routes with their own words; every other referral is described in the data.
    const general = ['court', 'police'];
    const missing = p.exclusions
      .filter((e) => e.referral && !general.includes(e.referral) && !p.referrals.some((r) => r.id === e.referral))
      .map((e) => `${e.id} -> ${e.referral}`);
    expect(missing).toEqual([]);
  });
});

describe('the rules each seed sets', () => {
  it.each(GROUP_004)('when %s gets a written complaint, then it acknowledges within 5 working days and decides within 6 weeks', (id) => {
    const manager = builtin(id).ladder.find((r) => r.id === 'manager')!;
    expect(manager.terms.map(({ kind, amount, unit }) => ({ kind, amount, unit }))).toEqual([
      { kind: 'acknowledgement', amount: 5, unit: 'working_days' },
      { kind: 'decision', amount: 6, unit: 'weeks' },
    ]);
    expect(manager.needs).toEqual(['description', 'how_it_arose', 'employee_name', 'desired_outcome', 'full_name_and_contact']);
    expect(manager.contact.post).toContain('Postbus 43197, 2504 AD Den Haag');
  });

  it.each(GROUP_004)('when a %s complaint is about a manager or the directie, then the directie or the Raad van Bestuur takes it', (id) => {
    const p = builtin(id);
    expect(p.specialRouting.map((s) => [s.about, s.rung])).toEqual([
      ['manager', 'director'],
      ['director', 'board'],
    ]);
    expect(p.offLadder.map((r) => r.id)).toEqual(['board']);
  });

  it('when only JongLeren runs pre-schools, then only JongLeren refers to the Geschillencommissie Kinderopvang and the Klachtenloket', () => {
    const withKinderopvang = GROUP_004.filter((id) => builtin(id).referrals.some((r) => r.id === 'geschillencommissie_kinderopvang'));
    expect(withKinderopvang).toEqual(['jongleren']);
    const support = builtin('jongleren').support.map((s) => [s.kind, s.contact.phone]);
    expect(support).toEqual(expect.arrayContaining([['klachtenloket_kinderopvang', '0900-1877'], ['writing_help', '070 205 2000']]));
  });

  const LADDERS: [string, string[]][] = [
    ['so-trainingsbureau', ['employee', 'complaints_officer', 'director', 'external_committee']],
    ...LENTL_ONLY.map((id): [string, string[]] => [id, ['employee', 'manager', 'external_committee']]),
    ['sociale-teams-helmond', ['employee', 'manager', 'external_committee']],
    ...GROUP_004.map((id): [string, string[]] => [id, ['employee', 'manager', 'director', 'external_committee']]),
  ];
  it.each(LADDERS)('when %s escalates, then the ladder runs %j, starting with a conversation', (id, rungs) => {
    const p = builtin(id);
    expect(p.ladder.map((r) => r.id)).toEqual(rungs);
    expect(p.ladder.map((r) => r.conversation)).toEqual(rungs.map((_, i) => i === 0));
  });

  const TIME_LIMITS: [string, [string, number | undefined, boolean, boolean][]][] = [
    ['so-trainingsbureau', [['default', 12, true, true]]],
    ['jess', [['default', 2, true, true]]],
    ['ons-welzijn', [['default', 12, false, true], ['youth_care', 36, false, true], ['sexual_harassment', undefined, true, true]]],
    [
      'sociale-teams-helmond',
      [
        ['default', 12, false, true],
        ['youth_care', 36, false, true],
        ['sexual_harassment', undefined, true, true],
        ['default', 6, false, false],
        ['sexual_harassment', 24, false, false],
      ],
    ],
  ];
  it.each(TIME_LIMITS)('when %s sets time limits, then they are (appliesTo, months, late with reason, applied) %j', (id, expected) => {
    expect(builtin(id).timeLimits.map((r) => [r.appliesTo, r.months, r.lateAllowedWithReason, r.applied])).toEqual(expected);
  });

  it('when SO! Trainingsbureau is asked about a child, then 12 is its own rule, not a default', () => {
    expect(builtin('so-trainingsbureau').eligibility.minAgeAlone).toMatchObject({ age: 12, source: { seed: '000' } });
    for (const id of ORGANISATION_IDS.filter((x) => x !== 'so-trainingsbureau')) {
      expect(builtin(id).eligibility.minAgeAlone).toMatchObject({ age: 12, source: { seed: 'default', assumes: { nl: expect.stringMatching(/^12 jaar/) } } });
    }
  });

  it('when the SO! director judges a complaint, then the ruling is due within 6 weeks and a refusal within 4', () => {
    const director = builtin('so-trainingsbureau').ladder.find((r) => r.id === 'director')!;
    expect(director.terms.map(({ kind, amount, unit }) => [kind, amount, unit])).toEqual([
      ['decision', 6, 'weeks'],
      ['non_handling_notice', 4, 'weeks'],
    ]);
  });

  it('when Sociale Teams Helmond has two regelingen, then each disagreement is recorded with both seeds', () => {
    const p = builtin('sociale-teams-helmond');
    const fields = p.conflicts.map((c) => c.field);
    expect(fields).toEqual(
      expect.arrayContaining(['timeLimits (default)', 'timeLimits (sexual_harassment)', 'writtenComplaintAtOnce', 'exclusions (already_handled, before_court)', 'eligibility.roles (next_of_kin)']),
    );
    for (const c of p.conflicts) expect(new Set(c.sources.map((s) => s.seed))).toEqual(new Set(['002', '003']));
    expect(p.writtenComplaintAtOnce.allowed).toBe(true);
    expect(p.eligibility.roles.map((r) => r.role)).toContain('next_of_kin');
    expect(p.regimes.map((r) => r.regime)).toEqual(['wmo', 'jeugdwet']);
  });

  it.each(ORGANISATION_IDS)('when %s counts working days, then Goede Vrijdag and 5 mei are days off by default', (id) => {
    expect(builtin(id).calendar).toEqual({ goodFridayOff: true, liberationDayOff: true, extraDaysOff: [], source: expect.objectContaining({ seed: 'default' }) });
  });
});
