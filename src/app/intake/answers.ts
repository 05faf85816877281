import { z } from 'zod';
import { AgeBand, Category, ComplainantRole } from '../../domain/complaint/complaint';
import { RepresentativeKind, RungId } from '../../domain/procedure/schema';
import { ABOUT_ANSWERS, SCOPE_ANSWERS } from '../../domain/rules';

/**
 * What the conversation has gathered so far. `undefined` means "not asked yet"; `null` means the
 * person chose to skip an optional question. Kept in conversation state, so it is checked with
 * zod when read back (a stored state from an older version must not crash a turn).
 */
export const Answers = z.object({
  organisationId: z.string().optional(),
  role: ComplainantRole.optional(),
  representativeKind: RepresentativeKind.optional(),
  representativeTopic: z.enum(['care', 'money']).optional(),
  groupRepresentative: z.string().optional(),
  ageBand: AgeBand.optional(),
  minorHelp: z.enum(['adult_helps', 'go_on', 'vertrouwenspersoon']).optional(),
  hasWrittenAuthorisation: z.boolean().optional(),
  clientName: z.string().nullable().optional(),
  /** Whom it is about, or an excluded person (`former_employee`, `partner_organisation`); see `aboutOf`. */
  about: z.enum(ABOUT_ANSWERS).optional(),
  ladder: z.union([z.literal('none'), RungId]).optional(),
  ladderOutcome: z.enum(['not_resolved', 'no_answer_in_time']).optional(),
  ladderNone: z.enum(['go_on', 'talk_first']).optional(),
  scope: z.enum(SCOPE_ANSWERS).optional(),
  decisionDate: z.iso.date().nullable().optional(),
  scopeGoOn: z.enum(['go_on', 'end']).optional(),
  category: Category.optional(),
  eventDateCandidate: z.iso.date().optional(),
  eventDate: z.iso.date().optional(),
  /** The date was typed in full (3-3-2026, 3 maart 2026): it is not asked to be confirmed. */
  eventDateTypedInFull: z.literal(true).optional(),
  youthCare: z.boolean().optional(),
  lateReason: z.string().optional(),
  description: z.string().optional(),
  location: z.string().nullable().optional(),
  employeeName: z.string().nullable().optional(),
  desiredOutcome: z.string().optional(),
  priorConversations: z.string().optional(),
  whyInsufficient: z.string().optional(),
  fullName: z.string().optional(),
  anonymous: z.boolean().optional(),
  anonymousChoice: z.enum(['give_name', 'end']).optional(),
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  consent: z.boolean().optional(),
  noConsentChoice: z.enum(['reconsider', 'end']).optional(),
});
export type Answers = z.infer<typeof Answers>;

/**
 * A fingerprint of the answers model: its JSON Schema, hashed (FNV-1a). The conversation stamps
 * it on answers it has checked, so a stored state is checked again only when the model changed
 * since it was written (checking costs more than any other step of reading a turn's state).
 */
export const ANSWERS_MODEL: string = (() => {
  const text = JSON.stringify(z.toJSONSchema(Answers));
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
})();
export type AnswerKey = keyof Answers;
