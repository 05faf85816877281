import { z } from 'zod';
import { About, ROLES, RungId } from '../procedure/schema';

/**
 * The complaint as it leaves the conversation and as it is stored, mailed and exported
 * (`complaint.json`). Personal data: complainant, client, submittedBy and the free texts.
 * Never a BSN, a birth date or a diagnosis field: the procedures do not need them.
 */

/**
 * The version of the `complaint.json` format. 1: the first wave. 2: `schemaVersion`, `flags`,
 * `deadlines.notHandledNoticeBy`, `timeLimit.otherRegeling`. Bump it with every change to the
 * format, and note the change in the README's procedure section.
 */
export const COMPLAINT_SCHEMA_VERSION = 2;

/**
 * What the organisation must know beyond the answers (documented in the README):
 * - `time_limit_conflict`: two regelingen of this organisation disagree about whether the
 *   complaint is in time; the one that serves the complainant was applied (`timeLimit.otherRegeling`).
 * - `under_age_limit`: the child is younger than the procedure's age limit and complains alone;
 *   the procedure asks for a parent or guardian.
 * - `no_prior_conversation`: the procedure asks for a talk with the employee first; the person
 *   did not have it and chose to go on.
 * - `former_employee`: the complaint is about someone who no longer works there; the procedure
 *   lets it go on against the organisation instead.
 */
export const COMPLAINT_FLAGS = ['time_limit_conflict', 'under_age_limit', 'no_prior_conversation', 'former_employee'] as const;
export const ComplaintFlag = z.enum(COMPLAINT_FLAGS);
export type ComplaintFlag = z.infer<typeof ComplaintFlag>;

export const Locale = z.enum(['nl', 'en']);
export type Locale = z.infer<typeof Locale>;

export const AGE_BANDS = ['under_12', '12_to_15', '16_to_17', '18_plus'] as const;
export const AgeBand = z.enum(AGE_BANDS);
export type AgeBand = z.infer<typeof AgeBand>;

/** The procedure's roles, plus a staff member registering for a client (Teams only). */
export const COMPLAINANT_ROLES = [...ROLES, 'staff_on_behalf'] as const;
export const ComplainantRole = z.enum(COMPLAINANT_ROLES);
export type ComplainantRole = z.infer<typeof ComplainantRole>;

export const CATEGORIES = [
  'treatment',
  'communication',
  'support',
  'conduct',
  'procedure_or_decision',
  'sexual_harassment',
  'other',
] as const;
export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

/** No line breaks or control characters: these values may reach a mail header. */
const SingleLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(s), { message: 'must be one line without control characters' });

export const PersonName = SingleLine(200);
export const Email = z.email().max(254).refine((s) => !/[\r\n,;<>"]/.test(s), { message: 'not a single plain address' });
/** Dutch or international phone number: digits, spaces, dashes, parentheses, an optional leading +. */
export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{5,19}$/, { message: 'not a phone number' });

const LongText = z.string().trim().min(1).max(10_000);

export const PriorStep = z
  .object({
    rung: RungId,
    outcome: z.enum(['not_resolved', 'no_answer_in_time']),
  })
  .strict();
export type PriorStep = z.infer<typeof PriorStep>;

export const Complaint = z
  .object({
    schemaVersion: z.literal(COMPLAINT_SCHEMA_VERSION),
    reference: z.string().regex(/^KW-\d{4}-[0-9A-Z]{6}$/),
    organisation: z.object({ id: z.string().min(1), name: z.string().min(1) }).strict(),
    addressedTo: z
      .object({
        rung: RungId,
        /** Absent when the procedure data (and overrides) give no mailbox for that rung. */
        email: Email.optional(),
      })
      .strict(),
    submittedAt: z.iso.datetime({ offset: true }),
    locale: Locale,
    channel: z.string().min(1).max(50),
    complainant: z
      .object({
        name: PersonName,
        email: Email.optional(),
        phone: Phone.optional(),
        role: ComplainantRole,
        /** For `legal_representative`. */
        representativeKind: z.enum(['mentor', 'bewindvoerder', 'curator']).optional(),
        /** For `authorised`: the complainant says a written authorisation exists. */
        hasWrittenAuthorisation: z.boolean().optional(),
        /** For `group`: the name of the person who speaks for the group. */
        groupRepresentative: PersonName.optional(),
      })
      .strict()
      .refine((c) => c.email || c.phone, { message: 'an e-mail address or a phone number is needed' }),
    /** The person the complaint is for, when someone complains for another. */
    client: z
      .object({
        name: PersonName.optional(),
        ageBand: AgeBand.optional(),
      })
      .strict()
      .optional(),
    /** The staff member who registered it (role `staff_on_behalf`, Teams). */
    submittedBy: z.object({ name: PersonName, email: Email.optional() }).strict().optional(),
    about: About,
    event: z
      .object({
        date: z.iso.date(),
        description: LongText,
        category: Category,
        location: SingleLine(300).optional(),
        employeeName: PersonName.optional(),
      })
      .strict(),
    desiredOutcome: LongText,
    priorSteps: z.array(PriorStep),
    /** For an external committee: the conversations already held, and why their outcome fell short. */
    priorConversations: LongText.optional(),
    whyOutcomeInsufficient: LongText.optional(),
    timeLimit: z
      .object({
        status: z.enum(['in_time', 'late', 'no_limit']),
        expiredOn: z.iso.date().optional(),
        lateReason: LongText.optional(),
        /**
         * With flag `time_limit_conflict`: what the organisation's other regeling says (the one
         * not applied), so the organisation sees both.
         */
        otherRegeling: z
          .object({
            seed: z.string().min(1),
            section: z.string().min(1),
            status: z.enum(['in_time', 'late', 'no_limit']),
            expiredOn: z.iso.date().optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    deadlines: z
      .object({
        acknowledgeBy: z.iso.date().optional(),
        decideBy: z.iso.date().optional(),
        /** The last day the organisation tells the complainant that it will not handle the complaint. */
        notHandledNoticeBy: z.iso.date().optional(),
      })
      .strict(),
    /** Facts the organisation must know (see `COMPLAINT_FLAGS`); empty when none applies. */
    flags: z.array(ComplaintFlag).default([]),
    consentToShare: z.literal(true),
  })
  .strict();
export type Complaint = z.infer<typeof Complaint>;

/** What the conversation hands to the send port: everything but what delivery assigns. */
export const ComplaintDraft = Complaint.omit({ schemaVersion: true, reference: true, submittedAt: true, deadlines: true });
/** The input form: `flags` may be left out (none). */
export type ComplaintDraft = z.input<typeof ComplaintDraft>;

/**
 * A complaint stored by an earlier version (format 1: no `schemaVersion`, no `flags`) read as
 * the current format: format 1 had no flags, so none are known.
 */
export function upgradeStoredComplaint(stored: unknown): Complaint {
  const o = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  if (o.schemaVersion === undefined) return Complaint.parse({ ...o, schemaVersion: COMPLAINT_SCHEMA_VERSION, flags: [] });
  return Complaint.parse(o);
}
