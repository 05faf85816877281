import type { Complaint } from '../../src/domain/complaint/complaint';
import { helpersFor } from '../../src/domain/rules';
import { contactLines, generalRoutes, inSentence, longDate, supportText, text, youthCareApplies } from '../texts/format';
import { paragraphs, procedureOf, type StepCtx } from './kit';

/** What the person reads once the complaint is stored: the same facts as the receipt mail. */
export function receiptMessages(c: StepCtx, complaint: Complaint, duplicate: boolean): string[] {
  const p = procedureOf(c);
  const rung = c.assessment.route?.rung;
  const { acknowledgeBy, decideBy, notHandledNoticeBy } = complaint.deadlines;
  const next = [
    acknowledgeBy ? c.t('receipt.acknowledge_by', { date: longDate(acknowledgeBy, c.locale) }) : undefined,
    decideBy ? c.t('receipt.decide_by', { date: longDate(decideBy, c.locale) }) : undefined,
    notHandledNoticeBy ? c.t('receipt.not_handled_notice_by', { date: longDate(notHandledNoticeBy, c.locale) }) : undefined,
  ].filter(Boolean);
  // The same helpers as the receipt mail: chosen from the same facts (organisation, regime, age, role).
  const support = supportText(helpersFor(p, { role: complaint.complainant.role, ageBand: complaint.client?.ageBand }), c.locale, c.t);
  return [
    paragraphs(
      duplicate ? c.t('receipt.duplicate') : undefined,
      c.t('receipt.sent', { reference: complaint.reference, rung: rung ? inSentence(text(rung.title, c.locale)) : p.name, organisation: p.name }),
      next.length ? next.join('\n') : c.t('receipt.no_term'),
      complaint.complainant.email ? c.t('receipt.mail', { email: complaint.complainant.email }) : c.t('receipt.no_mail'),
    ),
    paragraphs(
      c.t('receipt.documents', { reference: complaint.reference }),
      c.t('receipt.withdraw'),
      support && `${c.t('receipt.support')}\n\n${support}`,
    ),
  ];
}

/** No mailbox is known for the target rung: say so plainly and give the other routes. */
export function noMailboxMessages(c: StepCtx): string[] {
  const p = procedureOf(c);
  const rung = c.assessment.route?.rung;
  const rungLines = rung ? contactLines(rung.contact, c.t) : [];
  const orgLines = contactLines(p.contact, c.t);
  const routes = [...new Set([...rungLines, ...orgLines])].map((l) => `- ${l}`).join('\n');
  return [
    paragraphs(
      c.t('no_mailbox.plainly', { organisation: p.name, rung: rung ? inSentence(text(rung.title, c.locale)) : p.name }),
      routes ? `${c.t('no_mailbox.routes')}\n${routes}` : paragraphs(c.t('no_mailbox.no_routes'), generalRoutes(c.t, youthCareApplies(p, c.a.ageBand))),
    ),
  ];
}
