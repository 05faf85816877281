import type { Contact, Procedure, Text } from '../domain/procedure/schema';

export type PersonRoute =
  | { kind: 'person'; who: Text; contact: Contact }
  | { kind: 'website'; website: string }
  | { kind: 'none' };

const reachable = (c: Contact) => Boolean(c.phone || c.email);

/**
 * Where someone who asks for a person should go, at once (AP/ACM: a bot must never stand between
 * a person and a human): the complaints officer where the procedure has one, else any rung a
 * person can be phoned or mailed at, else the organisation's own phone or mailbox, else its website.
 */
export function personRoute(procedure: Procedure): PersonRoute {
  const rungs = [...procedure.ladder, ...procedure.offLadder];
  const officer = rungs.find((r) => r.id === 'complaints_officer' && reachable(r.contact));
  if (officer) return { kind: 'person', who: officer.title, contact: officer.contact };
  if (reachable(procedure.contact)) return { kind: 'person', who: { nl: procedure.name, en: procedure.name }, contact: procedure.contact };
  const rung = rungs.find((r) => !r.conversation && reachable(r.contact));
  if (rung) return { kind: 'person', who: rung.title, contact: rung.contact };
  const website = procedure.contact.website ?? rungs.find((r) => r.contact.website)?.contact.website;
  if (website) return { kind: 'website', website };
  return { kind: 'none' };
}
