import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './stack';
import type { TurnContext } from 'botbuilder';
import { Email, Phone } from '../src/domain/complaint/complaint';
import { DIALOG } from './ids';
import { messageActivity, promptActivity } from './prompt';
import { turnInfo, type DialogServices } from './services';

interface WithdrawState {
  step: 'withdraw_reference' | 'withdraw_contact';
  reference?: string;
}

const REFERENCE = /^KW-\d{4}-[0-9A-Z]{6}$/;

/**
 * `intrekken`: a complaint by its reference plus the e-mail address or phone number given with it.
 * The answer is the same whether or not they match, so that nothing is revealed.
 */
export class WithdrawDialog extends Dialog {
  constructor(private readonly services: DialogServices) {
    super(DIALOG.withdraw);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    dc.activeDialog!.state = { step: 'withdraw_reference' } satisfies WithdrawState;
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as WithdrawState;
    const { input, t } = turnInfo(dc.context);
    if (input.command === 'back') {
      await dc.context.sendActivity(messageActivity(t('withdraw.cancelled')));
      return dc.endDialog();
    }
    if (state.step === 'withdraw_reference') {
      const reference = input.text.toUpperCase().replace(/\s+/g, '').replace(/^KW(\d)/, 'KW-$1');
      if (!REFERENCE.test(reference)) {
        await dc.context.sendActivity(messageActivity(t('withdraw.reference_retry')));
        await this.repromptDialog(dc.context, dc.activeDialog!);
        return Dialog.EndOfTurn;
      }
      state.reference = reference;
      state.step = 'withdraw_contact';
      await this.repromptDialog(dc.context, dc.activeDialog!);
      return Dialog.EndOfTurn;
    }
    const value = input.text.trim();
    const email = Email.safeParse(value);
    const phone = Phone.safeParse(value);
    if (!email.success && !phone.success) {
      await dc.context.sendActivity(messageActivity(t('withdraw.contact_retry')));
      await this.repromptDialog(dc.context, dc.activeDialog!);
      return Dialog.EndOfTurn;
    }
    await this.services.sender.withdraw(state.reference!, email.success ? email.data : phone.data!);
    this.services.log.info({}, 'withdraw_requested');
    await dc.context.sendActivity(messageActivity(t('withdraw.done')));
    return dc.endDialog();
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as WithdrawState;
    const { t } = turnInfo(context);
    const first = state.step === 'withdraw_reference';
    await context.sendActivity(
      promptActivity({
        text: first ? t('withdraw.reference_prompt') : t('withdraw.contact_prompt'),
        step: state.step,
        expects: 'text',
        progress: { current: first ? 1 : 2, total: 2 },
      }),
    );
  }
}
