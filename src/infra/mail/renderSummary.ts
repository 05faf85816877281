import type { Procedure } from '../../domain/procedure/schema';
import { tFor } from '../i18n/i18n';
import { type ComplaintView, complaintBlocks, type T } from './complaintBlocks';
import type { Block } from './document';
import type { RenderedMail } from './message';
import { complaintAttachment, message, standardHeaders } from './renderComplaintMail';
import { complainantAddress, contactBlock, otherRoutes } from './renderReceipt';

/**
 * The complaint mailed to the complainant so they can send it on themselves (no mailbox known).
 * Unlike the receipt this carries their own words. That is acceptable here: it goes only to the
 * address given in the same conversation, only on their explicit request, it is rate-limited per
 * conversation and per recipient address, and it says what to do when someone else asked for it.
 */
export function renderSummary(view: ComplaintView & { procedure: Procedure }): RenderedMail | undefined {
  const c = view.complaint;
  const to = complainantAddress(c);
  if (!to) return undefined;
  const t = tFor(c.locale, 'email') as unknown as T;
  const organisation = c.organisation.name;
  const blocks: Block[] = [
    { type: 'title', text: t('summary.title', { organisation }) },
    { type: 'paragraph', text: t('summary.intro', { organisation }) },
    { type: 'paragraph', text: t('summary.howTo') },
    contactBlock(otherRoutes(view.procedure, c.addressedTo.rung), t, organisation),
    { type: 'paragraph', text: t('summary.terms', { organisation }) },
    ...complaintBlocks(view, c.locale, t, { withDeadlines: false }),
    { type: 'paragraph', text: t('summary.notYou') },
    { type: 'paragraph', text: t('footer') },
  ];
  return {
    kind: 'summary',
    recipientKind: 'complainant',
    message: message(
      {
        to: [{ name: '', address: to }],
        subject: t('summary.subject', { organisation }),
        attachments: [complaintAttachment(c)],
        headers: standardHeaders(c.reference, 'summary'),
        locale: c.locale,
      },
      blocks,
    ),
  };
}
