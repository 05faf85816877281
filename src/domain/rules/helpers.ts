import type { AgeBand, ComplainantRole } from '../complaint/complaint';
import type { Procedure, Support } from '../procedure/schema';

export interface HelperFacts {
  role?: ComplainantRole;
  /** The age band of the person the complaint is for (the complainant themself for `self`). */
  ageBand?: AgeBand;
}

const ORDER: readonly Support['kind'][] = ['vertrouwenspersoon', 'writing_help', 'clientondersteuning', 'klachtenloket_kinderopvang', 'bring_someone'];

const minor = (band: AgeBand | undefined) => band !== undefined && band !== '18_plus';

/**
 * The helpers to show this person, from the organisation's own data: chosen by regime (Jeugdstem
 * is for youth care: at an organisation that also does welfare work only when the complaint is
 * about a minor), by age and by role (the Klachtenloket Kinderopvang is for parents, not for a
 * child complaining alone). The chat and the receipt call this with the same facts, so they
 * show the same helpers. `bring_someone` is only for the talk with the employee (`ladder_none`).
 */
export function helpersFor(procedure: Procedure, facts: HelperFacts, opts: { withBringSomeone?: boolean } = {}): Support[] {
  const welfare = procedure.regimes.some((r) => r.regime === 'wmo');
  const childAlone = facts.role === 'self' && minor(facts.ageBand);
  const list = procedure.support.filter((s) => {
    if (s.kind === 'bring_someone') return Boolean(opts.withBringSomeone);
    switch (s.audience ?? 'everyone') {
      case 'youth_care':
        return !welfare || minor(facts.ageBand);
      case 'childcare':
        return !childAlone;
      case 'everyone':
        return true;
    }
  });
  return list.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/** A helper has a way to reach them: a phone, mail, website or address, or the seed's word on how to find them. */
export function helperIsReachable(s: Support): boolean {
  return Boolean(s.contact.phone || s.contact.email || s.contact.website || s.contact.post || s.howToFind);
}
