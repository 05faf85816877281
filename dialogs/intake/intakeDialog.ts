import { clientAddressOf } from '../../src/channel/clientAddress';
import { staffOf } from '../../src/channel/turnState';
import { randomUUID } from 'node:crypto';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from '../stack';
import type { Activity, TurnContext } from 'botbuilder';
import { Answers, ANSWERS_MODEL } from '../../src/app/intake/answers';
import { assess, type Assessment } from '../../src/app/intake/assess';
import type { IsoDate } from '../../src/domain/dates/isoDate';
import type { Procedure } from '../../src/domain/procedure/schema';
import { buildDraft } from '../../src/app/intake/buildDraft';
import { submitIntake } from '../../src/app/intake/submitIntake';
import { notSentReason } from '../../src/app/report/notSentReason';
import type { NotSentReason } from '../../src/domain/report/report';
import { amsterdamDate } from '../../src/domain/deadlines/deadlines';
import { tVoice } from '../../src/infra/i18n/i18n';
import { DIALOG, type Expects, type OutcomeKind, type StepId } from '../ids';
import { messageActivity, promptActivity, readIndex, type Choice } from '../prompt';
import { turnInfo, type DialogServices, type TurnInput } from '../services';
import { applyPatch, clearStep, nextStep, progress, stepDef, type Next } from './flow';
import type { StepCtx } from './kit';
import { receiptMessages, noMailboxMessages } from './receipt';
import { summaryText } from './summary';

export interface IntakeOptions {
  organisationId?: string;
  /** Start without asking: another dialog (withdraw, language) goes first and this one asks on resume. */
  silent?: boolean;
}

/** What the intake keeps in the dialog stack (conversation state). */
export interface IntakeState {
  /** Per intake, so that a new complaint after `opnieuw` is not taken for a repeat of the last. */
  intakeId: string;
  answers: Answers;
  current?: StepId;
  /** The page named the organisation: that question is never asked, nor counted in the progress. */
  organisationPreset?: boolean;
  history: StepId[];
  ended?: OutcomeKind;
  reference?: string;
  /** The answers model (ANSWERS_MODEL) the answers were checked against. */
  model?: string;
}

const FINISHED: readonly OutcomeKind[] = ['submitted', 'cancelled', 'no_mailbox'];
/** Endings without a complaint sent, counted anonymously for the yearly report. */
const NOT_SENT: readonly OutcomeKind[] = ['referred', 'advised', 'stopped', 'cancelled'];

/** Someone under 16 who complains for themselves: the bot says "je" to them. */
export function isYoungComplainant(a: Answers): boolean {
  return a.role === 'self' && (a.ageBand === 'under_12' || a.ageBand === '12_to_15');
}

/**
 * The guided intake as one dialog: it asks the next step on the path, reads the answer with that
 * step's definition, and lets the rules (through the app layer) decide what comes next.
 */
export class IntakeDialog extends Dialog<IntakeOptions> {
  /** The last assessment of an answers object (see `assessed`). */
  private readonly assessments = new WeakMap<Answers, { procedure: Procedure; today: IsoDate; assessment: Assessment }>();

  constructor(private readonly services: DialogServices) {
    super(DIALOG.intake);
  }

  override async beginDialog(dc: DialogContext, options?: IntakeOptions): Promise<DialogTurnResult> {
    const state: IntakeState = { intakeId: randomUUID(), answers: {}, history: [], model: ANSWERS_MODEL };
    if (options?.organisationId && this.services.procedures.get(options.organisationId)) {
      state.answers.organisationId = options.organisationId;
      state.organisationPreset = true;
    }
    dc.activeDialog!.state = state;
    const next = nextStep(this.ctx(dc.context, state));
    if (options?.silent && next.kind === 'ask') {
      state.current = next.step;
      state.history.push(next.step);
    } else {
      await this.goTo(dc.context, state, next, []);
    }
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = this.load(dc.activeDialog!);
    const { input, t } = turnInfo(dc.context);
    if (input.command === 'back') {
      await this.back(dc.context, state);
    } else if (state.ended) {
      const ref = state.reference ? t('outcome.finished_reference', { reference: state.reference }) : '';
      await dc.context.sendActivity(messageActivity(`${ref}${t('outcome.finished')}`));
    } else if (state.current === 'organisation' && input.presetOrganisation && !state.answers.organisationId) {
      state.answers = applyPatch(state.answers, stepDef('organisation'), { organisationId: input.presetOrganisation });
      state.organisationPreset = true;
      await this.goTo(dc.context, state, nextStep(this.ctx(dc.context, state)), []);
    } else {
      await this.answer(dc.context, state, input);
    }
    return Dialog.EndOfTurn;
  }

  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = this.load(instance);
    if (state.ended) return;
    const c = this.ctx(context, state);
    await context.sendActivity(this.prompt(c, state.current ?? 'organisation'));
  }

  /** The question open now, for the root to tell an answer from a request (a choice is always an answer). */
  question(context: TurnContext, instance: DialogInstance): { step: StepId; expects: Expects; choices: Choice[] } | undefined {
    const state = this.load(instance);
    if (state.ended) return undefined;
    const step = state.current ?? 'organisation';
    const def = stepDef(step);
    return { step, expects: def.expects, choices: def.choices?.(this.ctx(context, state)) ?? [] };
  }

  private load(instance: DialogInstance): IntakeState {
    const state = instance.state as IntakeState;
    // A state written by an older version may not fit the answers model: start those answers
    // afresh. Checked once per model: this code changes answers only in ways the model allows.
    if (state.model !== ANSWERS_MODEL) {
      if (!Answers.safeParse(state.answers).success) {
        state.answers = {};
        state.current = 'organisation';
        state.history = [];
      }
      state.model = ANSWERS_MODEL;
    }
    state.history ??= [];
    state.intakeId ??= randomUUID();
    return state;
  }

  private ctx(context: TurnContext, state: IntakeState): StepCtx {
    const { t, locale } = turnInfo(context);
    let procedure = state.answers.organisationId ? this.services.procedures.get(state.answers.organisationId) : undefined;
    if (state.answers.organisationId && !procedure) {
      // The deployment no longer offers it: ask again rather than fail every turn.
      state.answers = {};
      procedure = undefined;
    }
    const today = amsterdamDate(this.services.clock.now());
    const assessment = procedure ? this.assessed(procedure, state.answers, today) : { youthCareMatters: false, authorisationMatters: false };
    return { t, locale, a: state.answers, procedure, assessment, today, channelId: context.activity.channelId ?? '', staffAllowed: staffOf(context).allowed, services: this.services, organisationPreset: state.organisationPreset === true && procedure !== undefined, explained: turnInfo(context).explained };
  }

  /**
   * The rules' verdict on these answers. A turn asks for it several times (to read the answer, to
   * choose the next step, to ask it) with the same answers object: answers are never changed in
   * place (flat values; applyPatch and clearStep make a new object), so it is kept per object.
   */
  private assessed(procedure: Procedure, answers: Answers, today: IsoDate): Assessment {
    const known = this.assessments.get(answers);
    if (known?.procedure === procedure && known.today === today) return known.assessment;
    const assessment = assess(procedure, answers, today, this.services.extraDaysOff);
    this.assessments.set(answers, { procedure, today, assessment });
    return assessment;
  }

  private prompt(c: StepCtx, id: StepId, again = false): Partial<Activity> {
    const def = stepDef(id);
    const at = id === 'change_which' || id === 'mail_summary' ? 'confirm' : id;
    return promptActivity({
      text: again && def.reprompt ? def.reprompt(c) : def.prompt(c),
      step: id,
      expects: def.expects,
      choices: def.choices?.(c),
      progress: progress(c, at),
      attachments: def.attachments?.(c),
      channelId: c.channelId,
    });
  }

  private async ask(context: TurnContext, state: IntakeState, id: StepId, before: string[]): Promise<void> {
    state.current = id;
    if (state.history[state.history.length - 1] !== id) state.history.push(id);
    const c = this.ctx(context, state);
    await context.sendActivities([...before.map((m) => messageActivity(m)), this.prompt(c, id)]);
  }

  private async goTo(context: TurnContext, state: IntakeState, next: Next, before: string[]): Promise<void> {
    if (next.kind === 'ask') return this.ask(context, state, next.step, before);
    state.current = next.at;
    await this.end(context, state, next.ending.outcome, [...before, ...next.ending.messages]);
  }

  private async end(context: TurnContext, state: IntakeState, outcome: OutcomeKind, messages: string[], reference?: string): Promise<void> {
    state.ended = outcome;
    if (NOT_SENT.includes(outcome) && state.answers.organisationId) await this.countNotSent(state.answers.organisationId, notSentReason(state.current, state.answers));
    if (FINISHED.includes(outcome)) {
      // Nothing of the complaint stays in the conversation once it is sent or dropped.
      state.answers = state.answers.organisationId ? { organisationId: state.answers.organisationId } : {};
      state.history = [];
    }
    if (reference) state.reference = reference;
    const activities = messages.map((m, i) => messageActivity(m, i === messages.length - 1 ? { outcome, ...(reference ? { reference } : {}) } : undefined));
    this.services.log.info({ outcome, organisation: state.answers.organisationId }, 'intake_ended');
    await context.sendActivities(activities);
  }

  /** Only organisation, reason and month are counted; a failure never stops the conversation. */
  private async countNotSent(organisationId: string, reason: NotSentReason): Promise<void> {
    try {
      await this.services.notSent?.count(organisationId, reason, this.services.clock.now());
    } catch (err) {
      this.services.log.warn({ organisation: organisationId, reason, error: (err as Error).name }, 'not_sent_count_failed');
    }
  }

  private async answer(context: TurnContext, state: IntakeState, input: TurnInput): Promise<void> {
    const id = state.current ?? 'organisation';
    const def = stepDef(id);
    const c0 = this.ctx(context, state);
    if (c0.channelId === 'msteams' && def.expects === 'choice' && !input.choice) {
      const byNumber = readIndex(input.text, def.choices?.(c0) ?? []);
      if (byNumber) input = { ...input, choice: byNumber };
    }
    const read = def.read(input, c0);
    if (!read.ok) {
      await context.sendActivities([messageActivity(read.retry), this.prompt(this.ctx(context, state), id, true)]);
      return;
    }
    state.answers = applyPatch(state.answers, def, read.patch);
    const turn = turnInfo(context);
    if (turn.voice !== 'je' && isYoungComplainant(state.answers)) {
      // From the next question on: "je".
      turn.voice = 'je';
      turn.t = tVoice(turn.locale, 'je');
    }
    const c = this.ctx(context, state);

    if (id === 'change_which') {
      if (read.goto) state.answers = clearStep(state.answers, read.goto);
      // Also on "keep": an answer cleared before (by going back from a change) is asked first.
      return this.goTo(context, state, nextStep(this.ctx(context, state)), []);
    }
    if (id === 'mail_summary') return this.mailSummary(context, state, c, read.action === 'submit');
    if (read.action === 'change') return this.ask(context, state, 'change_which', []);
    if (read.action === 'cancel') return this.end(context, state, 'cancelled', [c.t('outcome.cancelled')]);
    if (read.action === 'submit') return this.submit(context, state, c);

    const next = nextStep(c);
    const after = def.after?.(c, next.kind === 'ask' ? next.step : undefined) ?? [];
    await this.goTo(context, state, next, after);
  }

  private async back(context: TurnContext, state: IntakeState): Promise<void> {
    const { t } = turnInfo(context);
    if (state.ended && FINISHED.includes(state.ended)) {
      await context.sendActivity(messageActivity(t('commands.back_finished')));
      return;
    }
    if (state.ended) {
      state.ended = undefined;
      return this.ask(context, state, state.current ?? 'organisation', []);
    }
    const current = state.history.pop();
    const previous = state.history[state.history.length - 1];
    if (!previous) return this.ask(context, state, current ?? state.current ?? 'organisation', [t('commands.back_first')]);
    await this.ask(context, state, previous, []);
  }

  private async submit(context: TurnContext, state: IntakeState, c: StepCtx): Promise<void> {
    const activity = context.activity;
    const outcome = await submitIntake({
      sender: this.services.sender,
      procedure: c.procedure!,
      answers: state.answers,
      assessment: c.assessment,
      context: { locale: c.locale, channel: activity.channelId || 'unknown', staffName: activity.from?.name || undefined, staffAadObjectId: staffOf(context).aadObjectId },
      idempotencyKey: `${activity.conversation?.id ?? 'conversation'}:${state.intakeId}`,
      who: {
        conversationId: `${activity.channelId}:${activity.conversation?.id ?? 'conversation'}`,
        ...(activity.from?.id ? { clientId: `${activity.channelId}:${activity.from.id}` } : {}),
        staff: state.answers.role === 'staff_on_behalf' && c.staffAllowed === true,
        clientAddress: clientAddressOf(activity),
      },
    });
    switch (outcome.kind) {
      case 'sent':
        this.services.log.info({ reference: outcome.reference, organisation: c.procedure!.id, duplicate: outcome.duplicate }, 'complaint_submitted');
        return this.end(context, state, 'submitted', receiptMessages(c, outcome.complaint, outcome.duplicate), outcome.reference);
      case 'no_mailbox': {
        const messages = noMailboxMessages(c);
        if (c.a.email) return this.ask(context, state, 'mail_summary', messages);
        return this.end(context, state, 'no_mailbox', [...messages, summaryText(c)]);
      }
      case 'rate_limited':
        return this.ask(context, state, 'confirm', [c.t('errors.rate_limited')]);
      case 'invalid':
        this.services.log.warn({ issues: outcome.issues, organisation: c.procedure!.id }, 'draft_invalid');
        return this.ask(context, state, 'confirm', [c.t('errors.invalid')]);
    }
  }

  private async mailSummary(context: TurnContext, state: IntakeState, c: StepCtx, wanted: boolean): Promise<void> {
    const send = this.services.sender.mailSummaryToComplainant?.bind(this.services.sender);
    if (!wanted) return this.end(context, state, 'no_mailbox', [summaryText(c), c.t('no_mailbox.copy')]);
    const built = buildDraft(c.procedure!, state.answers, c.assessment, { locale: c.locale, channel: context.activity.channelId || 'unknown' });
    if (!send || !built.ok) return this.end(context, state, 'no_mailbox', [c.t('no_mailbox.cannot_mail'), summaryText(c)]);
    await send(built.draft, { idempotencyKey: `${context.activity.conversation?.id ?? 'conversation'}:${state.intakeId}` });
    this.services.log.info({ organisation: c.procedure!.id }, 'summary_mailed_to_complainant');
    return this.end(context, state, 'no_mailbox', [c.t('no_mailbox.mailed', { email: c.a.email })]);
  }
}
