import { ComplaintDraft, type ComplaintFlag, type Locale, type PriorStep } from '../../domain/complaint/complaint';
import { aboutOf, mayComplainAlone } from '../../domain/rules';
import type { Procedure } from '../../domain/procedure/schema';
import type { Answers } from './answers';
import type { Assessment } from './assess';

export interface DraftContext {
  locale: Locale;
  channel: string;
  /** The staff member's display name, for `staff_on_behalf` (Teams). */
  staffName?: string;
}

export type DraftResult = { ok: true; draft: ComplaintDraft } | { ok: false; issues: string[] };

const present = <T>(v: T | null | undefined): T | undefined => (v === null || v === undefined || v === '' ? undefined : v);

/**
 * The complaint as the organisation will get it, from the answers. The result is checked with
 * the same zod schema delivery uses; issues name fields only (never values), so they may be logged.
 */
export function buildDraft(procedure: Procedure, a: Answers, assessment: Assessment, ctx: DraftContext): DraftResult {
  const rung = assessment.route?.rung;
  const limit = assessment.timeLimit;
  const priorSteps: PriorStep[] =
    a.ladder && a.ladder !== 'none' ? [{ rung: a.ladder, outcome: a.ladderOutcome ?? 'not_resolved' }] : [];
  const forOther = a.role !== undefined && !['self', 'group', 'staff_on_behalf', 'affected_party'].includes(a.role);
  const client =
    forOther || (a.role === 'self' && a.ageBand && a.ageBand !== '18_plus')
      ? { name: forOther ? present(a.clientName) : undefined, ageBand: a.ageBand }
      : undefined;

  const conflict = assessment.timeLimitConflict;
  const flags: ComplaintFlag[] = [];
  if (conflict) flags.push('time_limit_conflict');
  if (a.role === 'self' && a.ageBand && !mayComplainAlone(procedure, a.ageBand) && a.minorHelp === 'go_on') flags.push('under_age_limit');
  // Only where the procedure asks for the talk first (002 §1.2) and the person went on anyway (§2.3).
  if (!procedure.writtenComplaintAtOnce.allowed && a.ladder === 'none' && a.ladderNone === 'go_on') flags.push('no_prior_conversation');
  if (a.about === 'former_employee') flags.push('former_employee');

  const candidate = {
    organisation: { id: procedure.id, name: procedure.name },
    addressedTo: { rung: rung?.id, email: assessment.route?.email },
    locale: ctx.locale,
    channel: ctx.channel,
    complainant: {
      name: a.fullName,
      email: present(a.email),
      phone: present(a.phone),
      role: a.role,
      representativeKind: a.role === 'legal_representative' ? a.representativeKind : undefined,
      hasWrittenAuthorisation: a.hasWrittenAuthorisation,
      groupRepresentative: a.role === 'group' ? a.groupRepresentative : undefined,
    },
    client: client && (client.name || client.ageBand) ? client : undefined,
    submittedBy: a.role === 'staff_on_behalf' ? { name: ctx.staffName ?? 'Teams' } : undefined,
    about: a.about && aboutOf(a.about),
    event: {
      date: a.eventDate,
      description: a.description,
      category: a.category,
      location: present(a.location),
      employeeName: present(a.employeeName),
    },
    desiredOutcome: a.desiredOutcome,
    priorSteps,
    priorConversations: present(a.priorConversations),
    whyOutcomeInsufficient: present(a.whyInsufficient),
    timeLimit: {
      status: limit?.status ?? 'no_limit',
      expiredOn: limit?.status === 'late' ? limit.expiredOn : undefined,
      lateReason: limit?.status === 'late' ? present(a.lateReason) : undefined,
      otherRegeling: conflict
        ? {
            seed: conflict.other.source.seed,
            section: conflict.other.source.section,
            status: conflict.other.status,
            expiredOn: conflict.other.expiredOn,
          }
        : undefined,
    },
    flags,
    consentToShare: a.consent,
  };
  const parsed = ComplaintDraft.safeParse(stripUndefined(candidate));
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.code}`) };
  return { ok: true, draft: parsed.data };
}

function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUndefined);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, stripUndefined(v)]),
    );
  }
  return value;
}
