import { Complaint, COMPLAINT_SCHEMA_VERSION, ComplaintDraft } from '../../src/domain/complaint/complaint';
import { amsterdamDate } from '../../src/domain/deadlines/deadlines';
import type { Clock, ComplaintSender, ProcedureRepository, SubmitResult } from '../../src/domain/ports';
import { deadlinesFor, findRung } from '../../src/domain/rules';

/**
 * A stand-in for the durable sender (delivery): it checks the draft with the same schema, gives
 * a reference, computes the deadlines, and remembers everything so that tests can look.
 */
export class MemorySender implements ComplaintSender {
  readonly complaints: Complaint[] = [];
  readonly withdrawals: Array<{ reference: string; emailOrPhone: string }> = [];
  readonly summaries: ComplaintDraft[] = [];
  private readonly byKey = new Map<string, Complaint>();
  private counter = 0;

  constructor(
    private readonly procedures: ProcedureRepository,
    private readonly clock: Clock,
  ) {}

  async submit(draft: ComplaintDraft, ctx: { idempotencyKey: string }): Promise<SubmitResult> {
    const parsed = ComplaintDraft.safeParse(draft);
    if (!parsed.success) return { ok: false, reason: 'invalid', issues: parsed.error.issues.map((i) => i.path.join('.')) };
    const known = this.byKey.get(ctx.idempotencyKey);
    if (known) return { ok: true, reference: known.reference, complaint: known, duplicate: true };
    const procedure = this.procedures.get(draft.organisation.id)!;
    const rung = findRung(procedure, draft.addressedTo.rung)!;
    const now = this.clock.now();
    const received = amsterdamDate(now);
    const d = deadlinesFor(procedure, rung, received, [], { about: parsed.data.about, highestTried: parsed.data.priorSteps[0]?.rung ?? 'none' });
    const reference = `KW-${received.slice(0, 4)}-${String(++this.counter).padStart(6, '0')}`;
    const complaint = Complaint.parse({
      schemaVersion: COMPLAINT_SCHEMA_VERSION,
      ...parsed.data,
      reference,
      submittedAt: now.toISOString(),
      deadlines: {
        ...(d.acknowledgeBy ? { acknowledgeBy: d.acknowledgeBy } : {}),
        ...(d.decideBy ? { decideBy: d.decideBy } : {}),
        ...(d.nonHandlingNoticeBy ? { notHandledNoticeBy: d.nonHandlingNoticeBy } : {}),
      },
    });
    this.byKey.set(ctx.idempotencyKey, complaint);
    this.complaints.push(complaint);
    return { ok: true, reference, complaint, duplicate: false };
  }

  async withdraw(reference: string, emailOrPhone: string): Promise<void> {
    this.withdrawals.push({ reference, emailOrPhone });
  }

  async mailSummaryToComplainant(draft: ComplaintDraft): Promise<void> {
    this.summaries.push(draft);
  }
}
