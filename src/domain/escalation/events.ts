import { z } from 'zod';
import { ReferralId, RungId } from '../procedure/schema';

const IsoDay = z.iso.date();

/** How the organisation judged the complaint (seed 004 §4e: gegrond, deels gegrond, ongegrond). */
export const JUDGEMENTS = ['well_founded', 'partly_well_founded', 'unfounded'] as const;
export const Judgement = z.enum(JUDGEMENTS);
export type Judgement = z.infer<typeof Judgement>;

/** The rung's own due dates for this submission, as `deadlinesFor` gives them. */
export const RungDeadlines = z
  .object({
    acknowledgeBy: IsoDay.optional(),
    decideBy: IsoDay.optional(),
    /** The decision term plus the procedure's own extension term, where it has one. */
    decideByExtended: IsoDay.optional(),
  })
  .strict();
export type RungDeadlines = z.infer<typeof RungDeadlines>;

/** What the complainant or the organisation tells about the current rung. `on` is the day it happened. */
export const EscalationEvent = z.discriminatedUnion('type', [
  /** The complaint reached the rung: e-mailed (with that rung's due dates), or the conversation took place. */
  z.object({ type: z.literal('DELIVERED'), on: IsoDay.optional(), deadlines: RungDeadlines.optional() }).strict(),
  /** The organisation confirmed receipt. */
  z.object({ type: z.literal('ACKNOWLEDGED'), on: IsoDay }).strict(),
  /** The organisation moved its ruling date; capped where the procedure caps it. */
  z.object({ type: z.literal('EXTENDED'), on: IsoDay, extendTo: IsoDay }).strict(),
  /** The organisation gave its ruling. */
  z.object({ type: z.literal('DECIDED'), on: IsoDay, judgement: Judgement }).strict(),
  /** Solved (in conversation, or the ruling satisfied the complainant). */
  z.object({ type: z.literal('RESOLVED'), on: IsoDay.optional() }).strict(),
  /** The complainant is not satisfied (after the talk, or after the ruling): the next rung opens. */
  z.object({ type: z.literal('NOT_RESOLVED'), on: IsoDay.optional() }).strict(),
  /** The organisation does not handle the complaint at this rung: it closes and the next one opens. */
  z.object({ type: z.literal('NOT_HANDLED'), on: IsoDay }).strict(),
  /** A term passed without an answer: a reason to go up the ladder. With `on`, only once a date has passed. */
  z.object({ type: z.literal('NO_ANSWER_IN_TIME'), on: IsoDay.optional() }).strict(),
  z.object({ type: z.literal('WITHDRAWN'), on: IsoDay.optional() }).strict(),
  /** The complaint belongs elsewhere (bezwaar, SKJ, a geschillencommissie …). */
  z.object({ type: z.literal('REFERRED'), referral: ReferralId }).strict(),
]);
export type EscalationEvent = z.infer<typeof EscalationEvent>;

export const OUTCOMES = ['resolved', 'not_resolved', 'no_answer_in_time', 'not_handled', 'withdrawn', 'referred'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

/** Where the current rung stands: its due dates and what the organisation recorded. */
export const RungProgress = z
  .object({
    deliveredOn: IsoDay.optional(),
    acknowledgeBy: IsoDay.optional(),
    decideBy: IsoDay.optional(),
    /** The latest ruling date an extension may reach; absent when the procedure sets no decision term. */
    extensionCap: IsoDay.optional(),
    acknowledgedOn: IsoDay.optional(),
    extendedTo: IsoDay.optional(),
    decidedOn: IsoDay.optional(),
    judgement: Judgement.optional(),
  })
  .strict();
export type RungProgress = z.infer<typeof RungProgress>;

export const HistoryEntry = z
  .object({
    rung: RungId,
    outcome: Outcome,
    acknowledgedOn: IsoDay.optional(),
    decidedOn: IsoDay.optional(),
    judgement: Judgement.optional(),
  })
  .strict();
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const EscalationContext = z
  .object({
    /** How each rung ended, oldest first. */
    history: z.array(HistoryEntry),
    referral: ReferralId.optional(),
    /** The rung the complaint started at, when not the first (it was already talked over). */
    startRung: RungId.optional(),
    /** The current rung's dates and answers; reset when the complaint climbs. */
    current: RungProgress.optional(),
  })
  .strict();
export type EscalationContext = z.infer<typeof EscalationContext>;

export const FINAL_STATES = ['resolved', 'referred', 'withdrawn', 'exhausted'] as const;
export type FinalState = (typeof FINAL_STATES)[number];
/** `open`: not yet delivered; `awaitingAnswer`: delivered, the organisation owes an answer; `decided`: ruling given. */
export const STAGES = ['open', 'awaitingAnswer', 'decided'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * What `getPersistedSnapshot()` gives, as stored in the case store. Checked when read back,
 * because the store is a boundary; other xstate fields pass through untouched.
 */
export const PersistedEscalation = z.looseObject({
  status: z.enum(['active', 'done']),
  value: z.union([
    z.enum(FINAL_STATES),
    z.partialRecord(RungId, z.enum(STAGES)).refine((v) => Object.keys(v).length === 1, 'one rung at a time'),
  ]),
  context: EscalationContext,
});
export type PersistedEscalation = z.infer<typeof PersistedEscalation>;
