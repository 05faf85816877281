/** Dialog ids, step ids and the input kinds of the public step metadata (README: "The conversation"). */

export const DIALOG = {
  root: 'klachtwijzer.root',
  intake: 'klachtwijzer.intake',
  withdraw: 'klachtwijzer.withdraw',
  followUp: 'klachtwijzer.followup',
  language: 'klachtwijzer.language',
} as const;

export const EXPECTS = ['choice', 'text', 'date', 'number', 'email', 'phone'] as const;
export type Expects = (typeof EXPECTS)[number];

/** The main path, in the order it is asked. Which of them are asked depends on the answers. */
export const FLOW_STEPS = [
  'organisation',
  'role',
  'representative_kind',
  'representative_topic',
  'group_representative',
  'age',
  'minor_help',
  'authorisation',
  'client_name',
  'about',
  'ladder',
  'ladder_outcome',
  'ladder_none',
  'scope',
  'decision_date',
  'scope_go_on',
  'category',
  'event_date',
  'event_date_confirm',
  'youth_care',
  'late_reason',
  'description',
  'location',
  'employee_name',
  'desired_outcome',
  'prior_conversations',
  'why_insufficient',
  'full_name',
  'anonymous',
  'email',
  'phone',
  'consent',
  'no_consent',
  'confirm',
] as const;
export type FlowStepId = (typeof FLOW_STEPS)[number];

/** Steps outside the main path: reached from the summary, a command or the send result. */
export const SIDE_STEPS = ['change_which', 'mail_summary', 'language', 'withdraw_reference', 'withdraw_contact', 'followup_reference', 'followup_contact', 'followup_code'] as const;
export type SideStepId = (typeof SIDE_STEPS)[number];

export type StepId = FlowStepId | SideStepId;

/** How a conversation ended, on the last activity as `channelData.klachtwijzerOutcome`. */
export const OUTCOMES = ['submitted', 'no_mailbox', 'referred', 'advised', 'stopped', 'cancelled', 'erased'] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];
