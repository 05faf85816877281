import { randomUUID } from 'node:crypto';
import type { Clock, ProcedureRepository } from '../../domain/ports';
import type { SqlDb } from '../../infra/db/db';
import type { OrganisationLinks } from '../../infra/cases/links';
import type { Logger } from '../../infra/delivery/logger';
import type { NewMail } from '../../infra/delivery/outbox';
import { messageIdFor } from '../../infra/mail/format';
import type { RenderedMail } from '../../infra/mail/message';

export interface DeliveryConfig {
  mailFrom: string;
  extraDaysOff: readonly string[];
  limits: { perConversation: number; perAddress: number; perClient: number; perStaff: number; perRecipient: number; windowMs: number };
  /** Withdrawal attempts per reference per window: stops guessing the contact detail of a known reference. */
  withdrawalsPerReference: number;
  /** The bot's public address for links in mails (PUBLIC_URL, or localhost outside production). */
  publicUrl?: string;
}

/** What the delivery use cases share. `onQueued` wakes the outbox worker. */
export interface DeliveryContext {
  db: SqlDb;
  procedures: ProcedureRepository;
  clock: Clock;
  logger: Logger;
  config: DeliveryConfig;
  onQueued?: () => void;
  /** Signs the organisation page links in organisation mails. */
  links?: OrganisationLinks;
}

/** A rendered mail as an outbox row, due now, with its own stable Message-ID. */
export function toNewMail(ctx: DeliveryContext, rendered: RenderedMail, reference: string | undefined, now: number): NewMail {
  const id = randomUUID();
  return {
    id,
    reference,
    kind: rendered.kind,
    recipientKind: rendered.recipientKind,
    recipient: rendered.message.to[0].address,
    messageId: messageIdFor(id, ctx.config.mailFrom),
    message: rendered.message,
    createdAt: now,
    nextAttemptAt: now,
  };
}
