import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import { Email, Phone } from '../src/domain/complaint/complaint';
import type { CaseStatus } from '../src/domain/ports';
import { DIALOG } from './ids';
import { messageActivity, promptActivity } from './prompt';
import { turnInfo, type DialogServices } from './services';
import { longDate } from './texts/format';

interface FollowUpState {
  step: 'followup_reference' | 'followup_contact';
  reference?: string;
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

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    dc.activeDialog!.state = { step: 'followup_reference' } satisfies FollowUpState;
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
      state.step = 'followup_contact';
      await this.repromptDialog(dc.context, dc.activeDialog!);
      return Dialog.EndOfTurn;
    }
    const value = input.text.trim();
    const email = Email.safeParse(value);
    const phone = Phone.safeParse(value);
    if (!email.success && !phone.success) {
      await dc.context.sendActivity(messageActivity(t('followup.contact_retry')));
      await this.repromptDialog(dc.context, dc.activeDialog!);
      return Dialog.EndOfTurn;
    }
    const status = await this.services.sender.caseStatus?.(state.reference!, email.success ? email.data : phone.data!, locale);
    this.services.log.info({}, 'status_requested');
    await dc.context.sendActivity(messageActivity(status ? statusText(status, t, locale) : t('followup.not_found')));
    return dc.endDialog();
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as FollowUpState;
    const { t } = turnInfo(context);
    const first = state.step === 'followup_reference';
    await context.sendActivity(
      promptActivity({
        text: first ? t('followup.reference_prompt') : t('followup.contact_prompt'),
        step: state.step,
        expects: 'text',
        progress: { current: first ? 1 : 2, total: 2 },
      }),
    );
  }
}

/** Where the case is, what happened on which date, what is owed by when, and what they can do next. */
export function statusText(s: CaseStatus, t: TFunction, locale: 'nl' | 'en'): string {
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
