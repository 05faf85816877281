import { randomUUID } from 'node:crypto';
import type { Clock } from '../../domain/ports';
import type { SqlDb } from '../db/db';
import { messageIdFor } from '../mail/format';
import { renderAlert } from '../mail/renderAlert';
import type { MailTransport } from '../mail/transport';
import { safeError, type Logger } from './logger';
import { claimDue, type ClaimedMail, markFailure, markSent, type NewMail } from './outbox';

export interface OutboxWorkerOptions {
  db: SqlDb;
  transport: MailTransport;
  clock: Clock;
  logger: Logger;
  /** Seconds to wait before each retry (OUTBOX_RETRY_SCHEDULE); after the last, the mail has failed. */
  scheduleSeconds: readonly number[];
  pollMs: number;
  mailFrom: string;
  alertEmail?: string;
  /** Unique per process; the claim records it. */
  instanceId?: string;
  /** How long a claim holds. Longer than one send can take (see SMTP_TIMEOUTS), so it never runs out mid-send. */
  leaseMs?: number;
  batchSize?: number;
  concurrency?: number;
  /** Work that should run now and then beside sending (the retention sweep). */
  housekeeping?: { everyMs: number; run(now: Date): Promise<void> };
}

export interface RunResult {
  sent: number;
  retry: number;
  failed: number;
  lost: number;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

/** How long a nudge waits before the worker looks (see `nudge`). */
export const NUDGE_DELAY_MS = 50;

/**
 * Sends what the outbox holds. Every mail is claimed with a lease before it is sent, so two
 * instances on one database never send the same mail, and a mail claimed by an instance that
 * died goes out once its lease has run out. Delivery is at least once: a crash after the SMTP
 * server took a mail but before it was marked sent makes it go again, with the same Message-ID.
 */
export class OutboxWorker {
  readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the pending look is due (performance.now()); Infinity when none is pending. */
  private dueAt = Infinity;
  private current: Promise<unknown> = Promise.resolve();
  private lastHousekeeping = 0;
  /** Sent mails waiting to be marked, and the mark on its way (markSentSoon). */
  private readonly marks: Array<{ id: string; done: (marked: boolean) => void; fail: (err: unknown) => void }> = [];
  private marking: Promise<void> | undefined;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.instanceId = o.instanceId ?? `outbox-${randomUUID()}`;
    this.leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
    this.batchSize = o.batchSize ?? 20;
    this.concurrency = o.concurrency ?? 4;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.o.logger.info({ event: 'outbox.started', instance: this.instanceId });
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.dueAt = Infinity;
    await this.current.catch(() => undefined);
  }

  /**
   * Something was just stored: look soon instead of at the next poll. Soon is NUDGE_DELAY_MS, not
   * at once: under load the mails of the submissions of those few milliseconds go out in one claim
   * (one statement) instead of one claim each, and a nudge never puts off a look already due.
   */
  nudge(): void {
    if (this.running && this.dueAt > performance.now() + NUDGE_DELAY_MS) this.schedule(NUDGE_DELAY_MS);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = performance.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.dueAt = Infinity;
      const tick = this.current.then(() => this.tick());
      this.current = tick.catch(() => undefined);
    }, ms);
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    let busy = false;
    try {
      await this.housekeeping();
      const r = await this.runOnce();
      busy = r.sent + r.retry + r.failed + r.lost >= this.batchSize;
    } catch (err) {
      this.o.logger.error({ event: 'outbox.tick_failed', error: safeError(err) });
    }
    if (this.running && !this.timer) this.schedule(busy ? 0 : this.o.pollMs);
  }

  private async housekeeping(): Promise<void> {
    const h = this.o.housekeeping;
    const now = this.o.clock.now();
    if (!h || now.getTime() - this.lastHousekeeping < h.everyMs) return;
    this.lastHousekeeping = now.getTime();
    await h.run(now);
  }

  /** Claims one batch of due mails (optionally only `ids`) and sends it. */
  async runOnce(opts: { ids?: readonly string[] } = {}): Promise<RunResult> {
    const claimed = await claimDue(this.o.db, {
      instance: this.instanceId,
      now: this.o.clock.now().getTime(),
      leaseMs: this.leaseMs,
      limit: this.batchSize,
      ids: opts.ids,
    });
    const result: RunResult = { sent: 0, retry: 0, failed: 0, lost: 0 };
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const outcome = await this.deliver(claimed[next++]);
        result[outcome] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, claimed.length) }, lane));
    return result;
  }

  /** Runs batches until nothing is due; for the CLI, tests and the benchmark. */
  async drain(opts: { ids?: readonly string[] } = {}): Promise<RunResult> {
    const total: RunResult = { sent: 0, retry: 0, failed: 0, lost: 0 };
    for (;;) {
      const r = await this.runOnce(opts);
      for (const k of Object.keys(total) as Array<keyof RunResult>) total[k] += r[k];
      if (r.sent + r.retry + r.failed + r.lost === 0) return total;
    }
  }

  private async deliver(mail: ClaimedMail): Promise<keyof RunResult> {
    const log = { mailId: mail.id, reference: mail.reference, kind: mail.kind };
    // A claim that is (nearly) over is left alone: another instance may take it right now.
    if (this.o.clock.now().getTime() > mail.claimedUntil - this.leaseMs / 2) return 'lost';
    try {
      await this.o.transport.send({ id: mail.id, kind: mail.kind, messageId: mail.messageId, createdAt: mail.createdAt, message: mail.message });
    } catch (err) {
      const error = safeError(err);
      const outcome = await markFailure(this.o.db, mail, {
        instance: this.instanceId,
        now: this.o.clock.now().getTime(),
        error,
        schedule: this.o.scheduleSeconds,
        alert: this.alertFor(mail, error, await this.organisationOf(mail)),
      });
      if (outcome === 'failed') this.o.logger.error({ event: 'outbox.failed', ...log, attempts: mail.attempts + 1, error });
      else this.o.logger.warn({ event: 'outbox.retry', ...log, attempts: mail.attempts + 1, error });
      return outcome;
    }
    const ok = await this.markSentSoon(mail.id);
    this.o.logger.info({ event: ok ? 'outbox.sent' : 'outbox.sent_lease_lost', ...log, attempts: mail.attempts + 1 });
    return ok ? 'sent' : 'lost';
  }

  /**
   * Marks a sent mail, grouped with the lanes that finish while a mark is on its way: one
   * statement (and one connection from the pool) for several mails when busy, no wait when not.
   */
  private markSentSoon(id: string): Promise<boolean> {
    return new Promise((done, fail) => {
      this.marks.push({ id, done, fail });
      this.marking ??= this.flushMarks();
    });
  }

  private async flushMarks(): Promise<void> {
    while (this.marks.length > 0) {
      const group = this.marks.splice(0, this.batchSize);
      try {
        const marked = await markSent(this.o.db, group.map((m) => m.id), this.instanceId, this.o.clock.now().getTime());
        for (const m of group) m.done(marked.has(m.id));
      } catch (err) {
        for (const m of group) m.fail(err);
      }
    }
    this.marking = undefined;
  }

  private async organisationOf(mail: ClaimedMail): Promise<string | undefined> {
    if (!mail.reference) return undefined;
    const rows = await this.o.db.query<{ organisation_id: string }>('SELECT organisation_id FROM delivery_complaints WHERE reference = ?', [mail.reference]);
    return rows[0]?.organisation_id;
  }

  private alertFor(mail: ClaimedMail, error: string, organisationId: string | undefined): ((attempts: number) => NewMail) | undefined {
    const to = this.o.alertEmail;
    // An alert that cannot be sent does not raise another one; it is in the log and in `outbox list`.
    if (!to || mail.kind === 'alert') return undefined;
    return (attempts) => {
      const rendered = renderAlert(to, {
        reference: mail.reference,
        organisationId,
        kind: mail.kind,
        recipientKind: mail.recipientKind,
        recipient: mail.recipient,
        attempts,
        lastError: error,
        firstTry: new Date(mail.createdAt).toISOString(),
      });
      const id = randomUUID();
      const now = this.o.clock.now().getTime();
      return {
        id,
        reference: mail.reference ?? undefined,
        kind: 'alert',
        recipientKind: 'operator',
        recipient: to,
        messageId: messageIdFor(id, this.o.mailFrom),
        message: rendered.message,
        createdAt: now,
        nextAttemptAt: now,
      };
    };
  }
}
