import { randomUUID } from 'node:crypto';
import type { Env } from '../../config/env';
import { publicBaseUrl } from '../../config/publicUrl';
import type { ComplaintDraft } from '../../domain/complaint/complaint';
import type { Clock, ComplaintSender, ProcedureRepository } from '../../domain/ports';
import type { SqlDb } from '../../infra/db/db';
import { type Logger, silentLogger } from '../../infra/delivery/logger';
import { OutboxWorker } from '../../infra/delivery/outboxWorker';
import { sweepRetention } from '../../infra/delivery/register';
import { createTransport, type MailTransport } from '../../infra/mail/transport';
import type { DeliveryContext } from './context';
import { mailSummary } from './mailSummary';
import { submitComplaint } from './submitComplaint';
import { withdrawComplaint } from './withdraw';
import { runReminders } from '../cases/reminders';
import { caseStatusFor, staffCaseStatusFor } from '../cases/cases';
import { requestFollowUpCode, submitFollowUp, verifyFollowUpCode } from '../cases/followUp';
import { OrganisationLinks } from '../../infra/cases/links';

export { deliveryMigrations } from '../../infra/delivery/migrations';

export interface Delivery {
  sender: ComplaintSender;
  worker: OutboxWorker;
  transport: MailTransport;
  /** Checks the SMTP server once (at start); logs a clear warning when it cannot be reached, never throws. */
  verifyTransport(): Promise<void>;
  /** Signs and checks the organisation page links. */
  links: OrganisationLinks;
  /** Queues the reminders due at `now` (the worker also does this at start and hourly). */
  runReminders(now?: Date): Promise<{ sent: number; skipped: number }>;
  /** Stops the worker and closes the transport; the database stays open (the caller owns it). */
  close(): Promise<void>;
}

export interface DeliveryDeps {
  env: Pick<
    Env,
    | 'SMTP_URL'
    | 'MAIL_FROM'
    | 'ALERT_EMAIL'
    | 'OUTBOX_RETRY_SCHEDULE'
    | 'OUTBOX_POLL_MS'
    | 'OUTBOX_LEASE_SECONDS'
    | 'RETENTION_DAYS'
    | 'RATE_LIMIT_PER_CONVERSATION'
    | 'RATE_LIMIT_PER_ADDRESS'
    | 'RATE_LIMIT_PER_CLIENT'
    | 'RATE_LIMIT_PER_STAFF'
    | 'RATE_LIMIT_PER_RECIPIENT'
    | 'RATE_LIMIT_WINDOW_MINUTES'
    | 'DATA_DIR'
    | 'EXTRA_DAYS_OFF'
    | 'PUBLIC_URL'
    | 'NODE_ENV'
    | 'PORT'
  >;
  /** Apply `deliveryMigrations` to it first (`migrate(db, deliveryMigrations)`). */
  db: SqlDb;
  procedures: ProcedureRepository;
  clock: Clock;
  logger?: Logger;
  /** Tests and the benchmark may pass their own; otherwise SMTP_URL or `.eml` files decide. */
  transport?: MailTransport;
  instanceId?: string;
}

const HOUR_MS = 3_600_000;

/** Wires the send port, the outbox worker and the transport from the environment. */
export function createDelivery(deps: DeliveryDeps): Delivery {
  const { env } = deps;
  const logger = deps.logger ?? silentLogger;
  const leaseMs = env.OUTBOX_LEASE_SECONDS * 1000;
  const transport =
    deps.transport ?? createTransport({ smtpUrl: env.SMTP_URL, mailFrom: env.MAIL_FROM, dataDir: env.DATA_DIR, logger, leaseMs });
  const windowMs = env.RATE_LIMIT_WINDOW_MINUTES * 60_000;
  const instanceId = deps.instanceId ?? randomUUID();
  const reminderSettings = { instanceId, leaseMs, publicUrl: publicBaseUrl(env) };
  const links = new OrganisationLinks(deps.db, publicBaseUrl(env), env.RETENTION_DAYS);
  // Filled below; the worker's housekeeping needs the context the use cases share.
  let ctxRef: DeliveryContext | undefined;
  const worker = new OutboxWorker({
    db: deps.db,
    transport,
    clock: deps.clock,
    logger,
    scheduleSeconds: env.OUTBOX_RETRY_SCHEDULE,
    pollMs: env.OUTBOX_POLL_MS,
    leaseMs,
    mailFrom: env.MAIL_FROM,
    alertEmail: env.ALERT_EMAIL,
    instanceId,
    housekeeping: {
      everyMs: HOUR_MS,
      run: async (now) => {
        const { anonymised } = await sweepRetention(deps.db, { now, retentionDays: env.RETENTION_DAYS, rateWindowMs: windowMs });
        if (anonymised) logger.info({ event: 'register.anonymised', count: anonymised });
        // At start this is the catch-up: only the latest due reminder per case goes.
        if (ctxRef) await runReminders(ctxRef, reminderSettings, now);
      },
    },
  });
  const ctx: DeliveryContext = {
    db: deps.db,
    procedures: deps.procedures,
    clock: deps.clock,
    logger,
    config: {
      mailFrom: env.MAIL_FROM,
      extraDaysOff: env.EXTRA_DAYS_OFF ?? [],
      limits: {
        perConversation: env.RATE_LIMIT_PER_CONVERSATION,
        perAddress: env.RATE_LIMIT_PER_ADDRESS,
        perClient: env.RATE_LIMIT_PER_CLIENT,
        perStaff: env.RATE_LIMIT_PER_STAFF,
        perRecipient: env.RATE_LIMIT_PER_RECIPIENT,
        windowMs,
      },
      withdrawalsPerReference: 10,
      publicUrl: publicBaseUrl(env),
    },
    onQueued: () => worker.nudge(),
    links,
  };
  ctxRef = ctx;
  const sender: ComplaintSender = {
    submit: (draft, meta) => submitComplaint(ctx, draft, meta),
    withdraw: (reference, emailOrPhone) => withdrawComplaint(ctx, reference, emailOrPhone),
    mailSummaryToComplainant: (draft: ComplaintDraft, meta) => mailSummary(ctx, draft, meta),
    caseStatus: (reference, contact, lang) => caseStatusFor(ctx, reference, contact, lang),
    staffCaseStatus: (reference, staff, lang) => staffCaseStatusFor(ctx, reference, staff, lang),
    requestFollowUpCode: (reference, contact, lang) => requestFollowUpCode(ctx, reference, contact, lang),
    verifyFollowUpCode: (reference, code, lang) => verifyFollowUpCode(ctx, reference, code, lang),
    submitFollowUp: (reference, answers, meta) => submitFollowUp(ctx, reference, answers, meta),
  };
  return {
    sender,
    worker,
    transport,
    links,
    runReminders: (now) => runReminders(ctx, reminderSettings, now ?? deps.clock.now()),
    async verifyTransport() {
      await transport.verify();
    },
    async close() {
      await worker.stop();
      transport.close();
    },
  };
}
