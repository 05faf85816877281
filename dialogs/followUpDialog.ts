import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './stack';
import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import { staffOf } from '../src/channel/turnState';
import { Email, Phone } from '../src/domain/complaint/complaint';
import type { CaseStatus, FollowUpPlan, StaffLookup } from '../src/domain/ports';
import { DIALOG } from './ids';
import { messageActivity, promptActivity } from './prompt';
import { turnInfo, type DialogServices } from './services';
import { contactLines, longDate } from './texts/format';

type FollowUpStep = 'followup_reference' | 'followup_contact' | 'followup_code' | 'description' | 'prior_conversations' | 'why_insufficient' | 'confirm';

interface FollowUpState {
  /** `status` shows where the case stands; `next` (`volgende stap`) takes it to the next rung. */
  mode: 'status' | 'next';
  step: FollowUpStep;
  reference?: string;
  plan?: Extract<FollowUpPlan, { open: true }>;
  answers?: { priorConversations?: string; whyInsufficient?: string; description?: string };
  /** No e-mail address on file: no code, nothing stored shown; the story is told again (`description`). */
  retell?: boolean;
}

const REFERENCE = /^KW-\d{4}-[0-9A-Z]{6}$/;

/**
 * `status`: where a case stands, by any of its references plus the e-mail address or phone number
 * given with it, checked exactly as withdrawal checks them (the same neutral answer on a wrong
 * pair and on too many tries). Shows steps and dates, never complaint text.
 */
export class FollowUpDialog extends Dialog {
  constructor(private readonly services: DialogServices) {
    super(DIALOG.followUp);
  }

  override async beginDialog(dc: DialogContext, options?: { mode?: 'status' | 'next' }): Promise<DialogTurnResult> {
    dc.activeDialog!.state = { mode: options?.mode ?? 'status', step: 'followup_reference' } satisfies FollowUpState;
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as FollowUpState;
    const { input, t, locale } = turnInfo(dc.context);
    if (input.command === 'back') {
      await dc.context.sendActivity(messageActivity(t('followup.cancelled')));
      return dc.endDialog();
    }
    if (state.step === 'followup_reference') {
      const reference = input.text.toUpperCase().replace(/\s+/g, '').replace(/^KW(\d)/, 'KW-$1');
      if (!REFERENCE.test(reference)) {
        await dc.context.sendActivity(messageActivity(t('followup.reference_retry')));
        await this.repromptDialog(dc.context, dc.activeDialog!);
        return Dialog.EndOfTurn;
      }
      state.reference = reference;
      const staff = staffLookup(dc.context);
      if (state.mode === 'status' && staff) {
        // Staff of the organisation (Teams, a listed tenant): by reference alone, no contact check.
        const status = await this.services.sender.staffCaseStatus?.(reference, staff, locale);
        this.services.log.info({}, 'staff_status_requested');
        await dc.context.sendActivity(messageActivity(status ? statusText(status, t, locale, true) : t('followup.staff.not_found')));
        return dc.endDialog();
      }
      state.step = 'followup_contact';
      await this.repromptDialog(dc.context, dc.activeDialog!);
      return Dialog.EndOfTurn;
    }
    if (state.step !== 'followup_contact') return this.continueNext(dc, state);
    const value = input.text.trim();
    const email = Email.safeParse(value);
    const phone = Phone.safeParse(value);
    if (!email.success && !phone.success) {
      await dc.context.sendActivity(messageActivity(t('followup.contact_retry')));
      await this.repromptDialog(dc.context, dc.activeDialog!);
      return Dialog.EndOfTurn;
    }
    if (state.mode === 'next') {
      const sent = await this.services.sender.requestFollowUpCode?.(state.reference!, email.success ? email.data : phone.data!, locale);
      this.services.log.info({}, 'next_step_requested');
      if (!sent) {
        await dc.context.sendActivity(messageActivity(t('followup.not_found')));
        return dc.endDialog();
      }
      if (sent !== 'sent') {
        // No address for a code: nothing stored is shown; the story is asked again, the rest stays as sent.
        if (!sent.plan.open) {
          await dc.context.sendActivity(messageActivity(t(sent.plan.exhausted ? 'followup.exhausted' : 'followup.not_open')));
          return dc.endDialog();
        }
        state.plan = sent.plan;
        state.answers = {};
        state.retell = true;
        state.step = 'description';
        await dc.context.sendActivity(messageActivity(t('followup.no_email', { next: sent.plan.targetTitle })));
        await this.repromptDialog(dc.context, dc.activeDialog!);
        return Dialog.EndOfTurn;
      }
      await dc.context.sendActivity(messageActivity(t('followup.code_sent')));
      state.step = 'followup_code';
      await this.repromptDialog(dc.context, dc.activeDialog!);
      return Dialog.EndOfTurn;
    }
    const status = await this.services.sender.caseStatus?.(state.reference!, email.success ? email.data : phone.data!, locale);
    this.services.log.info({}, 'status_requested');
    await dc.context.sendActivity(messageActivity(status ? statusText(status, t, locale) : t('followup.not_found')));
    return dc.endDialog();
  }

  /** After the contact check of `volgende stap`: the code, then only what is new, the summary, send. */
  private async continueNext(dc: DialogContext, state: FollowUpState): Promise<DialogTurnResult> {
    const { input, t, locale } = turnInfo(dc.context);
    const text = input.text.trim();
    switch (state.step) {
      case 'followup_code': {
        const result = await this.services.sender.verifyFollowUpCode?.(state.reference!, text.replace(/\s+/g, ''), locale);
        if (!result || (!result.ok && result.reason === 'locked')) {
          await dc.context.sendActivity(messageActivity(t('followup.code_locked')));
          return dc.endDialog();
        }
        if (!result.ok) {
          await dc.context.sendActivity(messageActivity(t('followup.code_wrong')));
          await this.repromptDialog(dc.context, dc.activeDialog!);
          return Dialog.EndOfTurn;
        }
        if (!result.plan.open) {
          await dc.context.sendActivity(messageActivity(t(result.plan.exhausted ? 'followup.exhausted' : 'followup.not_open')));
          return dc.endDialog();
        }
        state.plan = result.plan;
        state.answers = {};
        await dc.context.sendActivity(messageActivity(t('followup.open_intro', { next: result.plan.targetTitle })));
        state.step = result.plan.asks[0]!;
        break;
      }
      case 'description':
        if (!text) {
          await this.repromptDialog(dc.context, dc.activeDialog!);
          return Dialog.EndOfTurn;
        }
        state.answers!.description = text.slice(0, 5000);
        state.step = state.plan!.asks[0] ?? 'confirm';
        break;
      case 'prior_conversations':
      case 'why_insufficient': {
        if (!text) {
          await this.repromptDialog(dc.context, dc.activeDialog!);
          return Dialog.EndOfTurn;
        }
        state.answers![state.step === 'prior_conversations' ? 'priorConversations' : 'whyInsufficient'] = text.slice(0, 5000);
        const asks = state.plan!.asks;
        state.step = asks[asks.indexOf(state.step) + 1] ?? 'confirm';
        break;
      }
      case 'confirm': {
        const choice = (input.choice ?? text).toLowerCase();
        if (choice === 'cancel' || choice === t('followup.cancel').toLowerCase()) {
          await dc.context.sendActivity(messageActivity(t('followup.not_sent')));
          return dc.endDialog();
        }
        if (choice !== 'send' && choice !== t('followup.send').toLowerCase()) {
          await this.repromptDialog(dc.context, dc.activeDialog!);
          return Dialog.EndOfTurn;
        }
        const key = `followup:${dc.context.activity.conversation.id}:${state.reference}:${state.plan!.target}`;
        const sent = await this.services.sender.submitFollowUp?.(state.reference!, state.answers ?? {}, { idempotencyKey: key });
        if (!sent?.ok) {
          await dc.context.sendActivity(messageActivity(t('followup.send_failed')));
          return dc.endDialog();
        }
        const next = state.plan!.targetTitle;
        const noEmail = state.retell ? '_no_email' : '';
        const reply = sent.mailbox
          ? t(state.retell ? 'followup.sent_no_email' : 'followup.sent', { next, reference: sent.reference })
          : [t(`followup.sent_no_mailbox${noEmail}`, { next, reference: sent.reference }), ...contactLines(sent.routes, t).map((l) => `- ${l}`)].join('\n');
        await dc.context.sendActivity(messageActivity(reply, { outcome: sent.mailbox ? 'submitted' : 'no_mailbox', reference: sent.reference }));
        return dc.endDialog();
      }
      default:
        break;
    }
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as FollowUpState;
    const { t } = turnInfo(context);
    const order: FollowUpStep[] = ['followup_reference', 'followup_contact', state.retell ? 'description' : 'followup_code', ...(state.plan?.asks ?? []), 'confirm'];
    const total = state.mode === 'status' ? (staffLookup(context) ? 1 : 2) : state.plan ? order.length : 4;
    const progress = { current: Math.min(order.indexOf(state.step) + 1, total), total };
    const texts: Record<FollowUpStep, string> = {
      followup_reference:
        state.mode === 'next' ? t('followup.next_reference_prompt') : staffLookup(context) ? t('followup.staff.reference_prompt') : t('followup.reference_prompt'),
      followup_contact: t('followup.contact_prompt'),
      followup_code: t('followup.code_prompt'),
      description: t('followup.story_prompt'),
      prior_conversations: t('followup.prior_prompt'),
      why_insufficient: t('followup.why_prompt'),
      confirm: t('followup.summary', {
        next: state.plan?.targetTitle ?? '',
        reference: state.reference ?? '',
        why: state.answers?.whyInsufficient ?? '',
        prior:
          (state.answers?.description ? t('followup.summary_story', { story: state.answers.description }) : '') +
          (state.answers?.priorConversations ? t('followup.summary_prior', { prior: state.answers.priorConversations }) : ''),
      }),
    };
    const choices = state.step === 'confirm' ? [{ value: 'send', title: t('followup.send') }, { value: 'cancel', title: t('followup.cancel') }] : undefined;
    await context.sendActivity(
      promptActivity({
        text: texts[state.step],
        step: state.step,
        expects: choices ? 'choice' : 'text',
        ...(choices ? { choices } : {}),
        progress,
        channelId: context.activity.channelId,
      }),
    );
  }
}

/**
 * Staff in Teams of a tenant named in TEAMS_TENANT_IDS look up by reference alone: their id for the
 * rate limit, and whose cases they may see (TEAMS_TENANT_ORGANISATIONS).
 */
function staffLookup(context: TurnContext): StaffLookup | undefined {
  const staff = staffOf(context);
  if (context.activity.channelId !== 'msteams' || !staff.tenantListed) return undefined;
  return { id: staff.aadObjectId ?? `msteams:${context.activity.from?.id ?? 'unknown'}`, ...(staff.organisations ? { organisations: staff.organisations } : {}) };
}

/** Texts that speak to the complainant ("u") have a staff variant that speaks about them. */
const STAFF_KEYS = new Set(['heading', 'stage_awaitingAnswer', 'ended_withdrawn', 'next_open', 'next_later']);

/**
 * Where the case is, what happened on which date, what is owed by when, and what can happen next.
 * `staff`: the same facts told to the organisation's staff, about the complainant.
 */
export function statusText(s: CaseStatus, tt: TFunction, locale: 'nl' | 'en', staff = false): string {
  const t = ((key: string, args?: Record<string, unknown>) => {
    const name = key.replace(/^followup\./, '');
    return tt(staff && (STAFF_KEYS.has(name) || name.startsWith('judgements.')) ? `followup.staff.${name}` : key, args ?? {});
  }) as unknown as TFunction;
  const date = (d: string) => longDate(d, locale);
  const organisation = s.organisation.name;
  const lines: string[] = [t('followup.heading', { reference: s.reference, organisation })];
  if (s.state === 'active') {
    if (s.rungTitle) lines.push(t('followup.now_at', { rung: s.rungTitle }));
    if (s.stage === 'decided' && s.decidedOn) {
      lines.push(t('followup.stage_decided', { organisation, date: date(s.decidedOn), judgement: s.judgement ? t(`followup.judgements.${s.judgement}`) : '' }));
    } else lines.push(t(`followup.stage_${s.stage ?? 'open'}`, { organisation }));
  } else lines.push(t(`followup.ended_${s.state}`));
  lines.push('', t('followup.history'), ...s.history.map((h) => `- ${date(h.date)}: ${t(`followup.events.${h.event}`, { reference: h.reference })}`));
  if (s.state === 'active' && s.stage === 'awaitingAnswer') {
    const owed: string[] = [];
    if (s.dueDates.acknowledgeBy && !s.acknowledgedOn) owed.push(`- ${t('followup.owed_ack', { date: date(s.dueDates.acknowledgeBy) })}`);
    const ruling = s.dueDates.extendedTo ?? s.dueDates.decideBy;
    if (ruling) owed.push(`- ${t('followup.owed_decision', { date: date(ruling) })}`);
    if (owed.length) lines.push('', t('followup.owed', { organisation }), ...owed);
  }
  if (s.state === 'active') {
    lines.push('', s.nextRung ? t(s.nextRung.open ? 'followup.next_open' : 'followup.next_later', { next: s.nextRung.title }) : t('followup.next_none'));
  }
  return lines.join('\n');
}
