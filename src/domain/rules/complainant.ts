import type { AgeBand, ComplainantRole } from '../complaint/complaint';
import type { Procedure, RepresentationScope, RepresentativeKind, Support } from '../procedure/schema';
import { helpersFor } from './helpers';

export interface ComplainantFacts {
  role: ComplainantRole;
  representativeKind?: RepresentativeKind;
  /** Age band of the person the complaint is for (the complainant themself for `self`). */
  ageBand?: AgeBand;
  hasWrittenAuthorisation?: boolean;
  /** What the complaint concerns, for a representative whose task covers only part. */
  topic?: 'care' | 'money';
  hasGroupRepresentative?: boolean;
}

export type ComplainantReason =
  | 'self'
  | 'child_may_complain_alone'
  | 'child_under_age_limit'
  | 'parent_for_minor'
  | 'parent_of_adult_needs_authorisation'
  | 'representative_kind_missing'
  | 'representative_within_task'
  | 'bewindvoerder_money_only'
  | 'mentor_care_only'
  | 'authorised_with_authorisation'
  | 'authorisation_needed'
  | 'next_of_kin'
  | 'affected_party'
  | 'group_with_representative'
  | 'group_needs_representative'
  | 'staff_registers_for_client'
  | 'role_not_named_in_procedure';

/**
 * `allowed`: go on. `uncertain`: the procedure does not clearly cover this; say so and let the
 * person go on (the organisation decides; we never refuse what it might accept).
 * `needs_action`: something must happen first (a parent files for a young child, a group names
 * its representative); the bot helps with that, and never simply turns a child away.
 */
export interface ComplainantCheck {
  status: 'allowed' | 'uncertain' | 'needs_action';
  reasonKey: ComplainantReason;
  requires?: 'parent_or_guardian' | 'written_authorisation' | 'group_representative' | 'representative_kind';
  /** Independent help to point to (the vertrouwenspersoon for a child). */
  support: Support[];
}

/** Lowest age in each band, to compare with the procedure's age limit. */
const BAND_MIN_AGE: Record<AgeBand, number> = { under_12: 0, '12_to_15': 12, '16_to_17': 16, '18_plus': 18 };

/** DOMAIN R3: used where a procedure names the representatives but not their scope. */
const DEFAULT_SCOPES: Record<RepresentativeKind, RepresentationScope> = { mentor: 'care', bewindvoerder: 'money', curator: 'all' };

export function ageBandFromYears(years: number): AgeBand {
  if (years < 12) return 'under_12';
  if (years < 16) return '12_to_15';
  if (years < 18) return '16_to_17';
  return '18_plus';
}

export function isMinor(band: AgeBand | undefined): boolean {
  return band !== undefined && band !== '18_plus';
}

/** May a child of this age band complain alone under this procedure? */
export function mayComplainAlone(procedure: Procedure, band: AgeBand): boolean {
  return BAND_MIN_AGE[band] >= procedure.eligibility.minAgeAlone.age;
}

export function representativeScope(procedure: Procedure, kind: RepresentativeKind): RepresentationScope {
  return procedure.eligibility.representativeScopes?.find((s) => s.kind === kind)?.scope ?? DEFAULT_SCOPES[kind];
}

/** The vertrouwenspersoon for this child, chosen as everywhere else (`helpersFor`). */
function childSupport(procedure: Procedure, facts: ComplainantFacts): Support[] {
  return helpersFor(procedure, { role: facts.role, ageBand: facts.ageBand }).filter((s) => s.kind === 'vertrouwenspersoon');
}

/** May this person complain, in this role, for this client? */
export function checkComplainant(procedure: Procedure, facts: ComplainantFacts): ComplainantCheck {
  const named = procedure.eligibility.roles.find((r) => r.role === facts.role);
  const ok = (reasonKey: ComplainantReason, support: Support[] = []): ComplainantCheck => ({
    status: named || facts.role === 'staff_on_behalf' ? 'allowed' : 'uncertain',
    reasonKey: named || facts.role === 'staff_on_behalf' ? reasonKey : 'role_not_named_in_procedure',
    support,
  });

  switch (facts.role) {
    case 'self': {
      if (facts.ageBand && !mayComplainAlone(procedure, facts.ageBand)) {
        return { status: 'needs_action', reasonKey: 'child_under_age_limit', requires: 'parent_or_guardian', support: childSupport(procedure, facts) };
      }
      if (isMinor(facts.ageBand)) return { status: 'allowed', reasonKey: 'child_may_complain_alone', support: childSupport(procedure, facts) };
      return { status: 'allowed', reasonKey: 'self', support: [] };
    }
    case 'parent_or_guardian': {
      if (facts.ageBand === '18_plus') {
        return { status: 'uncertain', reasonKey: 'parent_of_adult_needs_authorisation', requires: 'written_authorisation', support: [] };
      }
      return ok('parent_for_minor', isMinor(facts.ageBand) ? childSupport(procedure, facts) : []);
    }
    case 'legal_representative': {
      if (!facts.representativeKind) {
        return { status: 'needs_action', reasonKey: 'representative_kind_missing', requires: 'representative_kind', support: [] };
      }
      const scope = representativeScope(procedure, facts.representativeKind);
      if (scope === 'money' && facts.topic !== 'money') {
        return { status: 'uncertain', reasonKey: 'bewindvoerder_money_only', requires: 'written_authorisation', support: [] };
      }
      if (scope === 'care' && facts.topic === 'money') {
        return { status: 'uncertain', reasonKey: 'mentor_care_only', requires: 'written_authorisation', support: [] };
      }
      return ok('representative_within_task');
    }
    case 'authorised':
      if (!facts.hasWrittenAuthorisation) {
        return { status: 'uncertain', reasonKey: 'authorisation_needed', requires: 'written_authorisation', support: [] };
      }
      return ok('authorised_with_authorisation');
    case 'next_of_kin':
      return ok('next_of_kin');
    case 'affected_party':
      return ok('affected_party');
    case 'group':
      if (!facts.hasGroupRepresentative) {
        return { status: 'needs_action', reasonKey: 'group_needs_representative', requires: 'group_representative', support: [] };
      }
      return ok('group_with_representative');
    case 'staff_on_behalf':
      return ok('staff_registers_for_client');
  }
}
