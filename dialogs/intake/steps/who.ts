import { PersonName } from '../../../src/domain/complaint/complaint';
import { isDefault, ROLES, REPRESENTATIVE_KINDS } from '../../../src/domain/procedure/schema';
import { ageBandFromYears, representativeScope } from '../../../src/domain/rules';
import { AGE_BANDS } from '../../../src/domain/complaint/complaint';
import { readChoice } from '../../prompt';
import { supportText, text } from '../../texts/format';
import { choicesFor, paragraphs, procedureOf, skipChoice, yesNo, type StepCtx, type StepDef } from '../kit';

const FOR_SOMEONE_ELSE = ['parent_or_guardian', 'legal_representative', 'authorised', 'next_of_kin'];
const WHO_STEPS = ['role', 'representative_kind', 'representative_topic', 'group_representative', 'age', 'minor_help', 'authorisation', 'client_name'];

/** What the rules say about this complainant, once the questions about them are done. */
function complainantNote(c: StepCtx, next: string | undefined): string[] {
  if (next && WHO_STEPS.includes(next)) return [];
  const check = c.assessment.complainant;
  if (!check) return [];
  const support = supportText(check.support, c.locale, c.t, c.explained);
  switch (check.reasonKey) {
    case 'child_may_complain_alone':
      return [paragraphs(c.t('complainant.child_may_complain_alone'), support && `${c.t('complainant.vertrouwenspersoon')}\n\n${support}`)];
    case 'parent_for_minor':
      return support ? [paragraphs(c.t('complainant.parent_for_minor'), support)] : [];
    case 'role_not_named_in_procedure':
      return [c.t('complainant.role_not_named_in_procedure')];
    case 'next_of_kin':
      return [c.t('complainant.next_of_kin')];
    case 'group_with_representative':
      return [c.t('complainant.group_with_representative')];
    default:
      return [];
  }
}

export const organisation: StepDef = {
  id: 'organisation',
  expects: 'choice',
  owns: ['organisationId'],
  clears: ['ladder', 'ladderOutcome', 'ladderNone', 'priorConversations', 'whyInsufficient', 'youthCare', 'consent', 'noConsentChoice'],
  // Named by the page: not a question, so not a step in the progress either.
  needed: (c) => !c.organisationPreset,
  answered: (a) => a.organisationId !== undefined,
  choices: (c) => c.services.procedures.list().map((p) => ({ value: p.id, title: p.name, synonyms: [...(p.aliases ?? []), ...(p.legalName ? [p.legalName] : [])] })),
  prompt: (c) => c.t('steps.organisation.prompt'),
  read(input, c) {
    const id = readChoice(input, organisation.choices!(c));
    return id ? { ok: true, patch: { organisationId: id } } : { ok: false, retry: c.t('steps.organisation.retry') };
  },
};

export const role: StepDef = {
  id: 'role',
  expects: 'choice',
  owns: ['role'],
  clears: ['representativeKind', 'representativeTopic', 'groupRepresentative', 'ageBand', 'minorHelp', 'hasWrittenAuthorisation', 'clientName'],
  needed: () => true,
  answered: (a) => a.role !== undefined,
  choices: (c) => choicesFor(c, 'role', c.staffAllowed ? [...ROLES, 'staff_on_behalf'] : ROLES),
  prompt: (c) => c.t('steps.role.prompt'),
  read(input, c) {
    const v = readChoice(input, role.choices!(c));
    return v ? { ok: true, patch: { role: v as (typeof ROLES)[number] } } : { ok: false, retry: c.t('steps.role.retry') };
  },
  after: complainantNote,
};

export const representativeKind: StepDef = {
  id: 'representative_kind',
  expects: 'choice',
  owns: ['representativeKind'],
  clears: ['representativeTopic', 'hasWrittenAuthorisation'],
  needed: (c) => c.a.role === 'legal_representative',
  answered: (a) => a.representativeKind !== undefined,
  choices: (c) => choicesFor(c, 'representative_kind', REPRESENTATIVE_KINDS),
  prompt: (c) => c.t('steps.representative_kind.prompt'),
  read(input, c) {
    const v = readChoice(input, representativeKind.choices!(c));
    return v ? { ok: true, patch: { representativeKind: v as (typeof REPRESENTATIVE_KINDS)[number] } } : { ok: false, retry: c.t('steps.representative_kind.retry') };
  },
  after: complainantNote,
};

export const representativeTopic: StepDef = {
  id: 'representative_topic',
  expects: 'choice',
  owns: ['representativeTopic'],
  clears: ['hasWrittenAuthorisation'],
  needed: (c) =>
    c.a.role === 'legal_representative' && c.a.representativeKind !== undefined && representativeScope(procedureOf(c), c.a.representativeKind) !== 'all',
  answered: (a) => a.representativeTopic !== undefined,
  choices: (c) => choicesFor(c, 'representative_topic', ['care', 'money']),
  prompt: (c) => c.t('steps.representative_topic.prompt'),
  read(input, c) {
    const v = readChoice(input, representativeTopic.choices!(c));
    return v ? { ok: true, patch: { representativeTopic: v as 'care' | 'money' } } : { ok: false, retry: c.t('steps.representative_topic.retry') };
  },
  after: complainantNote,
};

export const groupRepresentative: StepDef = {
  id: 'group_representative',
  expects: 'text',
  owns: ['groupRepresentative'],
  needed: (c) => c.a.role === 'group',
  answered: (a) => a.groupRepresentative !== undefined,
  prompt: (c) => c.t('steps.group_representative.prompt'),
  read(input, c) {
    const name = PersonName.safeParse(input.text);
    return name.success ? { ok: true, patch: { groupRepresentative: name.data } } : { ok: false, retry: c.t('steps.group_representative.retry') };
  },
  after: complainantNote,
};

export const age: StepDef = {
  id: 'age',
  expects: 'number',
  owns: ['ageBand'],
  clears: ['minorHelp', 'hasWrittenAuthorisation'],
  needed: (c) => c.a.role === 'self' || c.a.role === 'parent_or_guardian',
  answered: (a) => a.ageBand !== undefined,
  choices: (c) => choicesFor(c, 'age', AGE_BANDS),
  prompt: (c) => (c.a.role === 'self' ? c.t('steps.age.prompt_self') : c.t('steps.age.prompt_child')),
  read(input, c) {
    const band = readChoice(input, age.choices!(c));
    if (band) return { ok: true, patch: { ageBand: band as (typeof AGE_BANDS)[number] } };
    // A number is turned into a band at once; the exact age is never stored.
    const years = /^(\d{1,3})(?:\s*(?:jaar|jr|years?|yrs?|y))?(?:\s*(?:oud|old))?$/i.exec(input.text.trim());
    if (years && Number(years[1]) <= 120) return { ok: true, patch: { ageBand: ageBandFromYears(Number(years[1])) } };
    return { ok: false, retry: c.t('steps.age.retry') };
  },
  after: complainantNote,
};

export const minorHelp: StepDef = {
  id: 'minor_help',
  expects: 'choice',
  owns: ['minorHelp'],
  needed: (c) => c.a.minorHelp !== undefined || (c.assessment.complainant?.status === 'needs_action' && c.assessment.complainant.requires === 'parent_or_guardian'),
  answered: (a) => a.minorHelp !== undefined,
  choices: (c) => choicesFor(c, 'minor_help', ['adult_helps', 'go_on', 'vertrouwenspersoon']),
  prompt(c) {
    const support = supportText(c.assessment.complainant?.support ?? [], c.locale, c.t, c.explained);
    return paragraphs(
      // 12 is the seed's rule at SO! (000), elsewhere Klachtwijzer's default: say which.
      c.t(isDefault(procedureOf(c).eligibility.minAgeAlone.source) ? 'steps.minor_help.intro_default' : 'steps.minor_help.intro', {
        age: procedureOf(c).eligibility.minAgeAlone.age,
      }),
      support ? `${c.t('steps.minor_help.vertrouwenspersoon')}\n\n${support}` : c.t('steps.minor_help.general_support'),
      c.t('steps.minor_help.prompt'),
    );
  },
  read(input, c) {
    const v = readChoice(input, minorHelp.choices!(c));
    if (v === 'adult_helps') return { ok: true, patch: { minorHelp: 'adult_helps', role: 'parent_or_guardian' } };
    if (v === 'go_on' || v === 'vertrouwenspersoon') return { ok: true, patch: { minorHelp: v } };
    return { ok: false, retry: c.t('steps.minor_help.retry') };
  },
  after(c, next) {
    if (c.a.minorHelp === 'adult_helps') return [c.t('steps.minor_help.adult_helps'), ...complainantNote(c, next)];
    if (c.a.minorHelp === 'go_on') return [c.t('steps.minor_help.go_on')];
    return [];
  },
  ends(c) {
    if (c.a.minorHelp !== 'vertrouwenspersoon') return undefined;
    const support = supportText(c.assessment.complainant?.support ?? [], c.locale, c.t, c.explained);
    return { outcome: 'advised', messages: [paragraphs(c.t('outcome.vertrouwenspersoon'), support ?? c.t('steps.minor_help.general_support'), c.t('outcome.come_back'))] };
  },
};

export const authorisation: StepDef = {
  id: 'authorisation',
  expects: 'choice',
  owns: ['hasWrittenAuthorisation'],
  needed: (c) => c.assessment.authorisationMatters,
  answered: (a) => a.hasWrittenAuthorisation !== undefined,
  choices: yesNo,
  prompt(c) {
    const a = c.a;
    if (a.role === 'parent_or_guardian') return c.t('steps.authorisation.prompt_parent_of_adult');
    if (a.role === 'legal_representative' && a.representativeKind === 'bewindvoerder') return c.t('steps.authorisation.prompt_bewindvoerder');
    if (a.role === 'legal_representative' && a.representativeKind === 'mentor') return c.t('steps.authorisation.prompt_mentor');
    return c.t('steps.authorisation.prompt');
  },
  read(input, c) {
    const v = readChoice(input, yesNo(c));
    return v ? { ok: true, patch: { hasWrittenAuthorisation: v === 'yes' } } : { ok: false, retry: c.t('steps.authorisation.retry') };
  },
  after: (c, next) => [c.a.hasWrittenAuthorisation ? c.t('steps.authorisation.yes') : c.t('steps.authorisation.no'), ...complainantNote(c, next)],
};

export const clientName: StepDef = {
  id: 'client_name',
  expects: 'text',
  owns: ['clientName'],
  needed: (c) => c.a.role !== undefined && FOR_SOMEONE_ELSE.includes(c.a.role),
  answered: (a) => a.clientName !== undefined,
  choices: (c) => [skipChoice(c)],
  prompt: (c) => c.t('steps.client_name.prompt'),
  read(input, c) {
    if (readChoice(input, [skipChoice(c)])) return { ok: true, patch: { clientName: null } };
    const name = PersonName.safeParse(input.text);
    return name.success ? { ok: true, patch: { clientName: name.data } } : { ok: false, retry: c.t('steps.client_name.retry') };
  },
  after: complainantNote,
};

export const rungTitle = (c: StepCtx, id: string): string => {
  const p = procedureOf(c);
  const rung = [...p.ladder, ...p.offLadder].find((r) => r.id === id);
  return rung ? text(rung.title, c.locale) : id;
};
