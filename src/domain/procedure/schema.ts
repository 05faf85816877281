import { z } from 'zod';

/**
 * The complaint procedure (klachtenregeling) of one organisation, as data.
 *
 * Every object that states a fact carries `source`: the seed file and the section it was read
 * from. A fact the seed does not give is left out (never invented). One marker for a rule
 * Klachtwijzer adds where the seed is silent: `source.seed` is `default`, and `source.assumes`
 * says what Klachtwijzer assumes (and why), in both languages. A rule of law from DOMAIN.md has
 * `seed: "domain"` and the rule id as section (`{ "seed": "domain", "section": "L6" }`).
 */

/** A text in the two supported languages; Dutch is the source. */
export const Text = z.object({ nl: z.string().min(1), en: z.string().min(1) }).strict();
export type Text = z.infer<typeof Text>;

/** The marker of a default: a rule the seeds do not give. */
export const DEFAULT_SEED = 'default';

export const SourceRef = z
  .object({
    /** Seed file id, for example `004` (file `004_17a0bf4c85693944.txt`), or `default`/`domain`/`override`. */
    seed: z.string().min(1),
    /** Section or heading in that file, for example `§3b` or `Klacht wel/niet in behandeling nemen`; for a default, its reason. */
    section: z.string().min(1),
    /** For `seed: "default"` only, and then required: what Klachtwijzer assumes, as the end of "Klachtwijzer gaat uit van ...". */
    assumes: Text.optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.seed === DEFAULT_SEED && !s.assumes) ctx.addIssue({ code: 'custom', path: ['assumes'], message: 'a default says what Klachtwijzer assumes' });
    if (s.seed !== DEFAULT_SEED && s.assumes) ctx.addIssue({ code: 'custom', path: ['assumes'], message: 'only a default (seed "default") has "assumes"' });
  });
export type SourceRef = z.infer<typeof SourceRef>;

export const isDefault = (s: SourceRef | undefined): boolean => s?.seed === DEFAULT_SEED;

export const RUNG_IDS = [
  'employee',
  'manager',
  'complaints_officer',
  'director',
  'board',
  'external_committee',
  'disciplinary_board',
] as const;
export const RungId = z.enum(RUNG_IDS);
export type RungId = z.infer<typeof RungId>;

export const REGIMES = ['jeugdwet', 'wmo', 'wkkgz', 'wet_kinderopvang'] as const;
export const Regime = z.enum(REGIMES);
export type Regime = z.infer<typeof Regime>;

export const Contact = z
  .object({
    email: z.email().optional(),
    phone: z.string().min(6).optional(),
    website: z.url().optional(),
    post: z.string().min(1).optional(),
    /**
     * Where these details come from, when that differs from the owning object's source: a rung of
     * one seed section whose mailbox is in another section or seed, or a deployment override.
     */
    source: SourceRef.optional(),
  })
  .strict();
export type Contact = z.infer<typeof Contact>;

export const TERM_KINDS = ['acknowledgement', 'decision', 'non_handling_notice', 'extension'] as const;
export const TermKind = z.enum(TERM_KINDS);
export type TermKind = z.infer<typeof TermKind>;

export const Term = z
  .object({
    kind: TermKind,
    amount: z.number().int().positive(),
    unit: z.enum(['working_days', 'days', 'weeks', 'months']),
    source: SourceRef,
  })
  .strict();
export type Term = z.infer<typeof Term>;

/** What a rung needs to know, beyond the basics every complaint has. */
export const INFO_NEEDS = [
  'description',
  'how_it_arose',
  'employee_name',
  'desired_outcome',
  'full_name_and_contact',
  'people_spoken_to',
  'prior_conversations',
  'why_outcome_insufficient',
] as const;
export const InfoNeed = z.enum(INFO_NEEDS);
export type InfoNeed = z.infer<typeof InfoNeed>;

export const Rung = z
  .object({
    id: RungId,
    /** Who that is, for example "mentor of regiebehandelaar". */
    title: Text,
    /** Names of the people, where the seed gives them. */
    names: z.array(z.string().min(1)).optional(),
    /** Personal contact details where the seed gives them per person (several mentors, each a mailbox). */
    people: z.array(z.object({ name: z.string().min(1), contact: Contact }).strict()).optional(),
    contact: Contact,
    /** True when this rung takes a written complaint that the bot may e-mail to `contact.email`. */
    deliverByEmail: z.boolean(),
    /** True when this rung is a conversation (onvrede bespreken), not a written complaint. */
    conversation: z.boolean(),
    terms: z.array(Term),
    needs: z.array(InfoNeed),
    /** Short plain-language notes on how this rung works. */
    notes: z.array(Text).optional(),
    source: SourceRef,
  })
  .strict();
export type Rung = z.infer<typeof Rung>;

export const ROLES = [
  'self',
  'parent_or_guardian',
  'legal_representative',
  'authorised',
  'next_of_kin',
  'affected_party',
  'group',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const REPRESENTATIVE_KINDS = ['mentor', 'bewindvoerder', 'curator'] as const;
export const RepresentativeKind = z.enum(REPRESENTATIVE_KINDS);
export type RepresentativeKind = z.infer<typeof RepresentativeKind>;

/** What a representative may complain about: care and support, money matters, or both. */
export const RepresentationScope = z.enum(['care', 'money', 'all']);
export type RepresentationScope = z.infer<typeof RepresentationScope>;

export const Eligibility = z
  .object({
    minAgeAlone: z
      .object({
        age: z.number().int().min(0).max(18),
        /** `seed: "default"` when the seed is silent and Klachtwijzer's rule (12) is used. */
        source: SourceRef,
      })
      .strict(),
    roles: z
      .array(
        z
          .object({
            role: Role,
            /** Written authorisation (schriftelijke machtiging) required. */
            needsWrittenAuthorisation: z.boolean().optional(),
            /** A group communicates through one representative. */
            needsGroupRepresentative: z.boolean().optional(),
            source: SourceRef,
          })
          .strict(),
      )
      .min(1),
    representativeScopes: z
      .array(z.object({ kind: RepresentativeKind, scope: RepresentationScope, source: SourceRef }).strict())
      .optional(),
  })
  .strict();
export type Eligibility = z.infer<typeof Eligibility>;

export const TIME_LIMIT_APPLIES_TO = ['default', 'youth_care', 'sexual_harassment'] as const;
export const TimeLimitRule = z
  .object({
    appliesTo: z.enum(TIME_LIMIT_APPLIES_TO),
    /** Months after the event (or the last contact); absent means no limit at all. */
    months: z.number().int().positive().optional(),
    /** What the term counts from, as the seed says it. */
    countsFrom: z.enum(['event', 'event_or_last_contact', 'known']),
    /** The organisation accepts a later complaint when the complainant explains why. */
    lateAllowedWithReason: z.boolean(),
    /** Where `lateAllowedWithReason` comes from, when not from `source` (a default, for example). */
    lateSource: SourceRef.optional(),
    /** False for a rule kept for the record but not applied (a conflicting seed). */
    applied: z.boolean(),
    source: SourceRef,
  })
  .strict();
export type TimeLimitRule = z.infer<typeof TimeLimitRule>;

export const EXCLUSION_IDS = [
  'municipal_decision',
  'separate_external_procedure',
  'partner_organisation',
  'already_handled',
  'before_court',
  'with_external_body',
  'prosecution',
  'criminal_investigation',
  'compensation',
  'anonymous',
  'former_employee',
  'outside_influence',
] as const;
export const ExclusionId = z.enum(EXCLUSION_IDS);
export type ExclusionId = z.infer<typeof ExclusionId>;

export const REFERRAL_IDS = [
  'bezwaar_municipality',
  'skj',
  'geschillencommissie_kinderopvang',
  'geschillencommissie_zorg',
  'klachtenloket_kinderopvang',
  'police',
  'court',
  'external_procedure',
  'organisation_instead',
] as const;
export const ReferralId = z.enum(REFERRAL_IDS);
export type ReferralId = z.infer<typeof ReferralId>;

export const Exclusion = z
  .object({
    id: ExclusionId,
    /**
     * `not_handled`: the procedure does not take it; `may_decline`: the organisation need not
     * handle it (but may); `redirect`: handled another way (for example against the
     * organisation instead of a former employee).
     */
    effect: z.enum(['not_handled', 'may_decline', 'redirect']),
    referral: ReferralId.optional(),
    /** What this organisation's procedure adds in plain words (who still counts as staff, for example). */
    note: Text.optional(),
    source: SourceRef,
  })
  .strict();
export type Exclusion = z.infer<typeof Exclusion>;

export const Referral = z
  .object({
    id: ReferralId,
    name: Text,
    contact: Contact,
    /** When this route is open, in plain words. */
    when: Text,
    source: SourceRef,
  })
  .strict();
export type Referral = z.infer<typeof Referral>;

export const ABOUT = ['employee', 'volunteer_or_intern', 'manager', 'director', 'organisation'] as const;
export const About = z.enum(ABOUT);
export type About = z.infer<typeof About>;

export const SpecialRouting = z
  .object({
    about: About,
    /** The rung that takes a complaint about this person instead of the usual one. */
    rung: RungId.optional(),
    /** Who handles it, where that is a person, not a rung (coordinator, stagebegeleider). */
    handler: Text.optional(),
    /**
     * The terms of this handling, where they differ from the rung's own (004 §4b-4d: the directie
     * investigating a complaint about a leidinggevende keeps the 5 working days and 6 weeks).
     */
    terms: z.array(Term).optional(),
    source: SourceRef,
  })
  .strict();
export type SpecialRouting = z.infer<typeof SpecialRouting>;

export const SUPPORT_KINDS = [
  'vertrouwenspersoon',
  'clientondersteuning',
  'klachtenloket_kinderopvang',
  'writing_help',
  'bring_someone',
] as const;
export const SUPPORT_AUDIENCES = ['everyone', 'youth_care', 'childcare'] as const;
export const Support = z
  .object({
    kind: z.enum(SUPPORT_KINDS),
    name: Text,
    contact: Contact,
    /**
     * Where no contact is known: how to find them, from the seed ("see the organisation's
     * website"). A helper is never shown without `contact` or `howToFind` (the validator checks).
     */
    howToFind: Text.optional(),
    /**
     * Whom it is for: `youth_care` (Jeugdstem: children, youth and parents in youth care; at an
     * organisation that also does welfare work, only when the complaint is about a minor),
     * `childcare` (JongLeren's pre-schools: parents), `everyone` (default).
     */
    audience: z.enum(SUPPORT_AUDIENCES).optional(),
    source: SourceRef,
  })
  .strict();
export type Support = z.infer<typeof Support>;

/** Where two seeds disagree: both facts are kept, and the choice is written down. */
export const Conflict = z
  .object({
    field: z.string().min(1),
    sources: z.array(SourceRef).min(2),
    chosen: z.string().min(1),
    reason: z.string().min(1),
  })
  .strict();
export type Conflict = z.infer<typeof Conflict>;

/** A place where the organisation works (a site, a childcare location); supplied by overrides, the seeds name none. */
export const Location = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1).max(120),
    /** Other names people may type; matched with case and spaces ignored. */
    aliases: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type Location = z.infer<typeof Location>;

/** What the yearly complaints report needs beyond the register (seed 004 §9). */
export const ReportFacts = z
  .object({
    /** The regeling applied, with the date it was adopted. */
    regeling: z.object({ name: z.string().min(1), adoptedOn: z.iso.date(), source: SourceRef }).strict().optional(),
    /** How clients were told about the regeling: the deployment supplies this by override. */
    howMadeKnown: Text.optional(),
    /** A yearly report required by law: over a calendar year, due within `dueWithinMonths` of the next. */
    annual: z
      .object({ law: z.literal('wet_kinderopvang'), dueWithinMonths: z.number().int().min(1).max(12), source: SourceRef })
      .strict()
      .optional(),
  })
  .strict();
export type ReportFacts = z.infer<typeof ReportFacts>;

export const Procedure = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    legalName: z.string().min(1).optional(),
    /** Other names users may type (Dutch abbreviations, former names). */
    aliases: z.array(z.string().min(1)).optional(),
    regimes: z.array(z.object({ regime: Regime, source: SourceRef }).strict()).min(1),
    /** The organisation's general contact routes (for "I want a person"). */
    contact: Contact,
    /**
     * The procedure allows a written complaint at once, without talking to the employee first.
     * `onRequest`: it does not, but the next rung may take it and asks whether the talk comes
     * first (002 §2.3): the person may go on, and the organisation hears it (flag `no_prior_conversation`).
     */
    writtenComplaintAtOnce: z.object({ allowed: z.boolean(), onRequest: SourceRef.optional(), source: SourceRef }).strict(),
    ladder: z.array(Rung).min(1),
    /** Rungs reached only through special routing (the board, for a complaint about the directie). */
    offLadder: z.array(Rung),
    eligibility: Eligibility,
    timeLimits: z.array(TimeLimitRule),
    exclusions: z.array(Exclusion),
    referrals: z.array(Referral),
    specialRouting: z.array(SpecialRouting),
    support: z.array(Support),
    withdrawal: z.object({ how: Text, source: SourceRef }).strict().optional(),
    calendar: z
      .object({
        goodFridayOff: z.boolean(),
        liberationDayOff: z.boolean(),
        /** Extra days off of this organisation, `YYYY-MM-DD`. */
        extraDaysOff: z.array(z.iso.date()),
        source: SourceRef.optional(),
      })
      .strict(),
    privacy: z
      .object({
        /** Where the seed says submitting gives consent to share with the people involved. */
        consentToShare: SourceRef.optional(),
        retention: Text.optional(),
        source: SourceRef.optional(),
      })
      .strict(),
    conflicts: z.array(Conflict),
    /** Facts the seed lacks, in words, so deployers know what to supply by override. */
    /** The organisation's locations, offered at the `location` step and used by the report. */
    locations: z.array(Location).optional(),
    report: ReportFacts.optional(),
    gaps: z.array(z.string().min(1)),
    sources: z.array(z.string().min(1)).min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    const ids = [...p.ladder, ...p.offLadder].map((r) => r.id);
    const locationIds = (p.locations ?? []).map((l) => l.id);
    if (new Set(locationIds).size !== locationIds.length) {
      ctx.addIssue({ code: 'custom', path: ['locations'], message: 'a location id appears twice' });
    }
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['ladder'], message: 'a rung id appears twice in ladder and offLadder' });
    }
    for (const key of ['ladder', 'offLadder'] as const) {
      p[key].forEach((r, i) => {
        if (r.deliverByEmail && !r.contact.email) {
          ctx.addIssue({
            code: 'custom',
            path: [key, i, 'deliverByEmail'],
            message: `rung "${r.id}" says it takes e-mail but has no contact.email`,
          });
        }
      });
    }
    p.support.forEach((s, i) => {
      // Bringing someone you know needs no contact: the person chooses them.
      if (s.kind !== 'bring_someone' && !Object.entries(s.contact).some(([k, v]) => k !== 'source' && v) && !s.howToFind) {
        ctx.addIssue({ code: 'custom', path: ['support', i], message: `helper "${s.kind}" has neither a contact nor howToFind` });
      }
    });
    for (const [i, s] of p.specialRouting.entries()) {
      if (s.rung && !ids.includes(s.rung)) {
        ctx.addIssue({ code: 'custom', path: ['specialRouting', i, 'rung'], message: `rung "${s.rung}" is in neither ladder nor offLadder` });
      }
    }
  });
export type Procedure = z.infer<typeof Procedure>;
