import { notSentReason } from '../../src/app/report/notSentReason';

describe('why a conversation ended without a complaint, as the yearly report counts it', () => {
  it.each([
    ['scope', { scope: 'municipal_decision' }, 'municipal_decision'],
    ['decision_date', { scope: 'municipal_decision' }, 'municipal_decision'],
    ['scope', { scope: 'with_external_body' }, 'with_external_body'],
    ['scope_go_on', { scope: 'already_handled' }, 'already_handled'],
    ['scope', { scope: 'criminal_investigation' }, 'criminal_investigation'],
    ['scope', { scope: 'separate_external_procedure' }, 'separate_external_procedure'],
    ['about', { about: 'former_employee' }, 'former_employee'],
    ['about', { about: 'partner_organisation' }, 'partner_organisation'],
    ['about', { about: 'employee' }, 'other'],
    ['scope', { scope: 'something new' }, 'other'],
    ['ladder_none', {}, 'talk_first'],
    ['confirm', {}, 'cancelled'],
  ] as const)('when it ended at %s with %j, then the reason is %s', (step, answers, reason) => {
    expect(notSentReason(step, answers)).toBe(reason);
  });
});
