import { z } from 'zod';
import { ReferralId, RungId } from '../procedure/schema';

/** What the complainant (or the organisation's answer) tells the bot about the current rung. */
export const EscalationEvent = z.discriminatedUnion('type', [
  /** The complaint reached the rung: e-mailed, or the conversation took place. */
  z.object({ type: z.literal('DELIVERED') }).strict(),
  z.object({ type: z.literal('RESOLVED') }).strict(),
  z.object({ type: z.literal('NOT_RESOLVED') }).strict(),
  /** The rung's term passed without an answer: a reason to go up the ladder. */
  z.object({ type: z.literal('NO_ANSWER_IN_TIME') }).strict(),
  z.object({ type: z.literal('WITHDRAWN') }).strict(),
  /** The complaint belongs elsewhere (bezwaar, SKJ, a geschillencommissie …). */
  z.object({ type: z.literal('REFERRED'), referral: ReferralId }).strict(),
]);
export type EscalationEvent = z.infer<typeof EscalationEvent>;

export const OUTCOMES = ['resolved', 'not_resolved', 'no_answer_in_time', 'withdrawn', 'referred'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const HistoryEntry = z.object({ rung: RungId, outcome: Outcome }).strict();
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const EscalationContext = z
  .object({
    /** How each rung ended, oldest first. */
    history: z.array(HistoryEntry),
    referral: ReferralId.optional(),
    /** The rung the complaint started at, when not the first (it was already talked over). */
    startRung: RungId.optional(),
  })
  .strict();
export type EscalationContext = z.infer<typeof EscalationContext>;

export const FINAL_STATES = ['resolved', 'referred', 'withdrawn', 'exhausted'] as const;
export type FinalState = (typeof FINAL_STATES)[number];
export const STAGES = ['open', 'awaitingAnswer'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * What `getPersistedSnapshot()` gives, as stored in conversation state. Checked when read back,
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
