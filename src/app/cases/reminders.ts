import { ZodError } from 'zod';
import { chatLink } from '../../config/publicUrl';
import { amsterdamDate, calendarFor, nextWorkingDay } from '../../domain/deadlines/deadlines';
import { EscalationSnapshotError, type EscalationStep, nextRungAfter, readEscalation, rulingDue } from '../../domain/escalation/machine';
import type { Procedure } from '../../domain/procedure/schema';
import { casesAwaitingAnswer, claimReminder, claimSchedulerLease, findCase, releaseSchedulerLease } from '../../infra/cases/caseStore';
import { safeError } from '../../infra/delivery/logger';
import { insertMails, type NewMail } from '../../infra/delivery/outbox';
import { findByReference } from '../../infra/delivery/store';
import { renderReminder, renderReminderNotice, type ReminderKind } from '../../infra/mail/renderReminder';
import { type DeliveryContext, toNewMail } from '../delivery/context';

export interface ReminderSettings {
  instanceId: string;
  leaseMs: number;
  /** The bot's public address for links; absent in production without PUBLIC_URL. */
  publicUrl?: string;
}

interface Due {
  kind: ReminderKind;
  /** Stored kind: a ruling date moved by an extension gets its own reminder once it passes. */
  key: string;
  date: string;
}

/** The reminders of a case that are due on `today`, earliest first. */
function dueReminders(procedure: Procedure, view: Omit<EscalationStep, 'accepted'>, today: string, extraDaysOff: readonly string[]): Due[] {
  const c = view.current;
  const calendar = calendarFor(procedure.calendar, extraDaysOff);
  const passed = (date: string) => today >= nextWorkingDay(date, calendar);
  const due: Due[] = [];
  if (c?.acknowledgeBy && !c.acknowledgedOn && passed(c.acknowledgeBy)) due.push({ kind: 'acknowledgement', key: 'acknowledgement', date: c.acknowledgeBy });
  const ruling = rulingDue(c);
  if (ruling && passed(ruling)) due.push({ kind: 'ruling', key: c?.extendedTo ? 'ruling_extended' : 'ruling', date: ruling });
  return due;
}

/**
 * Looks for reminders that are due and queues each exactly once: the claim (a row with the
 * submission's reference and the reminder's kind as primary key) and its mails go into the
 * outbox in one transaction, so two instances, or a restart, never send one twice. One instance
 * at a time looks (a lease, like the outbox's). A reminder is due on the first working day after
 * the date passed. After a long pause only the latest due reminder of a case goes; an earlier one
 * is marked skipped. Withdrawn, resolved, decided and anonymised cases get none.
 *
 * One read finds the candidates: cases awaiting an answer whose dates say a reminder is due that
 * was not claimed yet. Only those get a transaction (which reads the case again, locked, and
 * decides), so an hourly look over thousands of open cases costs two statements, not six per case.
 * A case whose stored escalation cannot be read is logged and passed over; the others still get
 * their reminders.
 */
export async function runReminders(ctx: DeliveryContext, settings: ReminderSettings, now: Date): Promise<{ sent: number; skipped: number }> {
  const nowMs = now.getTime();
  if (!(await claimSchedulerLease(ctx.db, settings.instanceId, nowMs, settings.leaseMs))) return { sent: 0, skipped: 0 };
  const today = amsterdamDate(now);
  const extraDaysOff = ctx.config.extraDaysOff;
  let sent = 0;
  let skipped = 0;
  try {
    for (const candidate of await casesAwaitingAnswer(ctx.db)) {
      const { latestReference, submittedAt } = candidate;
      try {
        const procedure = ctx.procedures.get(candidate.organisationId);
        if (!procedure) continue;
        const due = dueReminders(procedure, readEscalation(procedure, candidate.snapshot), today, extraDaysOff);
        if (due.every((d) => candidate.claimed.has(d.key))) continue;
        const organisationLink = await ctx.links?.link(latestReference, submittedAt);
        const queued = await ctx.db.transaction(async (tx) => {
          const stored = await findCase(tx, latestReference, { forUpdate: true });
          if (!stored || stored.organisationId !== procedure.id || stored.anonymised || stored.status !== 'active' || stored.stage !== 'awaitingAnswer') return [];
          const register = await findByReference(tx, latestReference);
          const complaint = register?.complaint;
          if (!register || !complaint || register.outcome === 'withdrawn') return [];
          const view = readEscalation(procedure, stored.snapshot);
          const due = dueReminders(procedure, view, today, extraDaysOff);
          if (due.length === 0) return [];

          const mails: NewMail[] = [];
          const latest = due[due.length - 1];
          for (const d of due) {
            const status = d === latest ? 'sent' : 'skipped';
            const claimed = await claimReminder(tx, { reference: latestReference, kind: d.key, caseId: stored.caseId, dueOn: d.date, status, now: nowMs });
            if (!claimed) continue;
            if (status === 'skipped') {
              skipped++;
              continue;
            }
            const reminderView = {
              complaint,
              procedure,
              kind: d.kind,
              receivedOn: register.receivedOn,
              date: d.date,
              ...(view.rung ? { nextRung: nextRungAfter(procedure, view.rung) } : {}),
              chatLink: chatLink(settings.publicUrl, procedure.id, complaint.locale),
              organisationLink,
            };
            const toComplainant = renderReminder(reminderView);
            if (toComplainant) mails.push(toNewMail(ctx, toComplainant, latestReference, nowMs));
            if (d.kind === 'acknowledgement') {
              const notice = renderReminderNotice(reminderView);
              if (notice) mails.push(toNewMail(ctx, notice, latestReference, nowMs));
            }
            sent++;
          }
          await insertMails(tx, mails);
          return mails.map((m) => m.id);
        });
        if (queued.length) ctx.logger.info({ event: 'case.reminded', reference: latestReference, mailIds: queued });
      } catch (err) {
        // A damaged case must not keep the others from their reminders; anything else (the
        // database gone) ends this look, and the next one tries again.
        if (!(err instanceof EscalationSnapshotError || err instanceof ZodError)) throw err;
        ctx.logger.error({ event: 'case.unreadable', reference: latestReference, error: safeError(err) });
      }
    }
  } finally {
    await releaseSchedulerLease(ctx.db, settings.instanceId);
  }
  if (sent) ctx.onQueued?.();
  return { sent, skipped };
}
