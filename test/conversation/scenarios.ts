import type { Answers } from '../helpers/scenarioDriver';

export type Lang = 'nl' | 'en';
export const LOCALE: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

/**
 * A complaint about an employee who was rude, told after a talk with that employee did not help.
 * Every step that this path can ask has an answer; the driver fails on a step it has none for.
 */
export const BASE: Record<Lang, Answers> = {
  nl: {
    role: 'self',
    age: '18 of ouder',
    about: 'employee',
    ladder: 'employee',
    ladder_outcome: 'not_resolved',
    scope: 'conduct_or_service',
    category: 'conduct',
    event_date: '3-3-2026',
    event_date_confirm: 'ja',
    description: 'De begeleider schreeuwde tegen mij tijdens het gesprek op dinsdag.',
    location: 'Locatie Centrum',
    employee_name: 'Overslaan',
    desired_outcome: 'Ik wil excuses en een nieuw gesprek.',
    prior_conversations: 'Ik sprak de begeleider op 4 maart en de directie op 6 maart.',
    why_insufficient: 'Er veranderde niets.',
    full_name: 'Anna de Vries',
    email: 'anna@example.nl',
    phone: '06 12345678',
    consent: 'Ja',
    confirm: 'Versturen',
    mail_summary: 'ja',
  },
  en: {
    role: 'self',
    age: '18 or older',
    about: 'employee',
    ladder: 'employee',
    ladder_outcome: 'not_resolved',
    scope: 'conduct_or_service',
    category: 'conduct',
    event_date: '3 March 2026',
    event_date_confirm: 'yes',
    description: 'The support worker shouted at me during our meeting on Tuesday.',
    location: 'Central location',
    employee_name: 'Skip',
    desired_outcome: 'I want an apology and a new meeting.',
    prior_conversations: 'I spoke to the support worker on 4 March and to the directors on 6 March.',
    why_insufficient: 'Nothing changed.',
    full_name: 'Anna de Vries',
    email: 'anna@example.nl',
    phone: '06 12345678',
    consent: 'Yes',
    confirm: 'Send',
    mail_summary: 'yes',
  },
};

/** The date 3 March 2026, as the bot reads it back. */
export const EVENT_DATE: Record<Lang, string> = { nl: 'dinsdag 3 maart 2026', en: 'Tuesday 3 March 2026' };

/** Where the full path (employee tried, not resolved) must end, per organisation, from the seeds. */
export const ORGANISATIONS: Array<{ id: string; rung: string; email?: string }> = [
  { id: 'so-trainingsbureau', rung: 'complaints_officer', email: 'officemanager@sotrainingsbureau.nl' },
  { id: 'ons-welzijn', rung: 'manager' },
  { id: 'sociale-teams-helmond', rung: 'manager', email: 'klachten@sthelmond.nl' },
  { id: 'sterker', rung: 'manager' },
  { id: 'wel-kom', rung: 'manager' },
  { id: 'vrijwilligerscentrale-nijmegen', rung: 'manager' },
  { id: 'jess', rung: 'manager', email: 'klachten@stichtingjess.nl' },
  { id: 'jongleren', rung: 'manager', email: 'klachten@jonglerendenhaag.nl' },
  { id: 'mee-zhn', rung: 'manager', email: 'klachten@meezhn.nl' },
  { id: 'wijkz', rung: 'manager', email: 'klachten@wijkz.nl' },
  { id: 'xtra', rung: 'manager', email: 'klachten@xtra.nl' },
];

export interface ReferralCase {
  organisation: string;
  what: string;
  answers: Answers;
  /** Text the person must see, per language (a phone number, a concrete date). */
  expect: Record<Lang, string[]>;
}

/** One referral per organisation: every kind of "not a complaint here" appears at least once. */
export const REFERRALS: ReferralCase[] = [
  {
    organisation: 'so-trainingsbureau',
    what: 'conduct under a running criminal investigation (000: SO! may decline; the person stops)',
    answers: { scope: 'criminal_investigation', scope_go_on: 'end' },
    expect: { nl: ['stuur hier dus niets'], en: ['do not send anything'] },
  },
  {
    organisation: 'ons-welzijn',
    what: 'a municipal decision of 2 March 2026',
    answers: { scope: 'municipal_decision', decision_date: '2-3-2026' },
    expect: { nl: ['uiterlijk **maandag 13 april 2026**', 'bezwaar'], en: ['by **Monday 13 April 2026** at the latest', 'objection'] },
  },
  {
    organisation: 'sociale-teams-helmond',
    what: 'a municipal decision with an unknown date',
    answers: { scope: 'municipal_decision', decision_date: { text: '', value: { choice: 'skip' } } },
    expect: { nl: ['6 weken na de datum van het besluit'], en: ['6 weeks after the date of the decision'] },
  },
  { organisation: 'sterker', what: 'compensation', answers: { scope: 'compensation' }, expect: { nl: ['0800-8020'], en: ['0800-8020'] } },
  { organisation: 'wel-kom', what: 'a complaint handled before', answers: { scope: 'already_handled' }, expect: { nl: ['niet opnieuw'], en: ['not handle it again'] } },
  { organisation: 'vrijwilligerscentrale-nijmegen', what: 'punishment', answers: { scope: 'prosecution' }, expect: { nl: ['0900-8844'], en: ['0900-8844'] } },
  {
    organisation: 'jess',
    what: 'a municipal decision of 2 March 2026',
    answers: { scope: 'municipal_decision', decision_date: '2 maart 2026' },
    expect: { nl: ['maandag 13 april 2026'], en: ['Monday 13 April 2026'] },
  },
  { organisation: 'jongleren', what: 'something outside its influence (004 §7)', answers: { scope: 'outside_influence' }, expect: { nl: ['invloed'], en: ['influence'] } },
  {
    organisation: 'mee-zhn',
    what: 'every step of the ladder already taken',
    answers: { ladder: 'external_committee', ladder_outcome: 'not_resolved' },
    expect: { nl: ['alle stappen', 'skjeugd.nl'], en: ['all the steps', 'skjeugd.nl'] },
  },
  { organisation: 'wijkz', what: 'a complaint already with an outside body (004 §7)', answers: { scope: 'with_external_body' }, expect: { nl: ['andere instantie'], en: ['another body'] } },
  {
    organisation: 'xtra',
    what: 'a municipal decision whose 6 weeks have passed',
    answers: { scope: 'municipal_decision', decision_date: '5-1-2026' },
    expect: { nl: ['maandag 16 februari 2026', 'voorbij'], en: ['Monday 16 February 2026', 'over'] },
  },
];
