import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from './stack';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Locale } from '../src/domain/complaint/complaint';
import { tVoice } from '../src/infra/i18n/i18n';
import { setTurnLocale } from '../src/channel/turnState';
import { DIALOG } from './ids';
import { messageActivity, promptActivity, readChoice, type Choice } from './prompt';
import { setTurnInfo, turnInfo, type ConversationInfo } from './services';

const LANGUAGES: Choice[] = [
  { value: 'nl', title: 'Nederlands', synonyms: ['dutch', 'nederlands', 'nl', 'ned'] },
  { value: 'en', title: 'English', synonyms: ['engels', 'english', 'en', 'eng'] },
];

/** `taal`/`language`: the person picks the language; from then on the activity's locale no longer decides. */
export class LanguageDialog extends Dialog {
  constructor(private readonly info: StatePropertyAccessor<ConversationInfo>) {
    super(DIALOG.language);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    await this.repromptDialog(dc.context, dc.activeDialog!);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const turn = turnInfo(dc.context);
    if (turn.input.command === 'back') return dc.endDialog();
    const choice = readChoice(turn.input, LANGUAGES) as Locale | undefined;
    if (!choice) {
      await dc.context.sendActivity(messageActivity(turn.t('language.retry')));
      await this.repromptDialog(dc.context, dc.activeDialog!);
      return Dialog.EndOfTurn;
    }
    const info = await this.info.get(dc.context, {});
    info.locale = choice;
    info.localeChosen = true;
    const t = tVoice(choice, turn.voice);
    setTurnInfo(dc.context, { ...turn, locale: choice, t });
    setTurnLocale(dc.context, choice);
    await dc.context.sendActivity(messageActivity(t('language.changed')));
    return dc.endDialog();
  }

  override async repromptDialog(context: TurnContext, _instance: DialogInstance): Promise<void> {
    const { t } = turnInfo(context);
    await context.sendActivity(
      promptActivity({ text: t('language.prompt'), step: 'language', expects: 'choice', choices: LANGUAGES, progress: { current: 1, total: 1 }, channelId: context.activity.channelId }),
    );
  }
}
