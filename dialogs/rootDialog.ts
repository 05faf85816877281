import { ActivityTypes, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { LANGUAGE_EVENT } from '../src/channel/complaintBot';
import { bsnMasked, requestErase, setTurnLocale } from '../src/channel/turnState';
import { Locale } from '../src/domain/complaint/complaint';
import type { Procedure } from '../src/domain/procedure/schema';
import { maskBsn } from '../src/domain/privacy/bsn';
import { signalsDanger } from '../src/domain/safety/safetySignals';
import { explainProcedure, summariseProcedure } from '../src/app/explainProcedure';
import { amsterdamDate } from '../src/domain/deadlines/deadlines';
import { tFor, toLocale, tVoice } from '../src/infra/i18n/i18n';
import { recognizeCommand } from './commands';
import { intentRecogniser, normalise, type Intent } from './intents';
import { DIALOG, type Expects } from './ids';
import { IntakeDialog, isYoungComplainant, type IntakeState } from './intake/intakeDialog';
import { LanguageDialog } from './languageDialog';
import { messageActivity, readChoice, TEAMS_SUGGESTIONS, type Choice } from './prompt';
import { setTurnInfo, type ConversationInfo, type DialogServices, type TurnInfo, type TurnInput } from './services';
import { personText, safetyText } from './texts/format';
import { FollowUpDialog } from './followUpDialog';
import { WithdrawDialog } from './withdrawDialog';
import { Dialog, DialogContext, DialogSet, type DialogInstance, type DialogState, type DialogTurnResult } from './stack';

export const MAX_MESSAGE_LENGTH = 5000;

type Problem = 'empty' | 'too_long' | 'emoji' | 'attachment_only';

interface Prepared {
  info: ConversationInfo;
  turn: TurnInfo;
  isMessage: boolean;
  problem?: Problem;
  /** Words that signal danger, abuse or suicide (src/domain/safety). */
  danger?: boolean;
  /** Said before anything else this turn (the BSN was masked). */
  notices?: string[];
}

/**
 * `verder` is `volgende stap` when it is the whole message and does not answer the open question:
 * never when a choice of that question is `verder`; at a step that takes free text only exactly
 * `verder` (any case), elsewhere also with a closing `!`, `.` or `?`.
 */
function isVerder(text: string, freeText: boolean): boolean {
  const t = text.trim().toLowerCase();
  return (freeText ? t : t.replace(/[!.?]+$/, '')) === 'verder';
}

/** At a step that takes free text, a longer message is the answer, never a request. */
const FREE_TEXT_MAX_WORDS = 8;
const OTHER_MAX_WORDS = 20;

/** The root's place in the conversation state: its own stack inside it, where botbuilder-dialogs kept it. */
type RootInstance = DialogInstance<{ dialogs?: DialogState }>;

/**
 * The conversation's root: it reads each message once (language, BSN mask, safety words, commands,
 * messages it cannot use), then lets the active child dialog (intake, withdraw, language) answer.
 * Commands interrupt whatever is asked, as in the Bot Framework's cancel-and-help pattern.
 *
 * The conversation state's `dialogState` holds the root as the one dialog on its stack and the
 * child dialogs' stack inside the root's state: the shape botbuilder-dialogs' ComponentDialog
 * stored, kept so that conversations stored by earlier versions go on.
 */
export class RootDialog {
  readonly id = DIALOG.root;
  private readonly dialogs = new DialogSet();
  private readonly intake: IntakeDialog;

  constructor(
    private readonly services: DialogServices,
    private readonly infoAccessor: StatePropertyAccessor<ConversationInfo>,
  ) {
    this.intake = new IntakeDialog(services);
    this.dialogs.add(this.intake).add(new WithdrawDialog(services)).add(new FollowUpDialog(services)).add(new LanguageDialog(infoAccessor));
  }

  /** Whether the conversation has begun (the root is on the stack of `state`). */
  started(state: DialogState): boolean {
    return Array.isArray(state.dialogStack) && state.dialogStack.length > 0;
  }

  /** The conversation's first turn: welcome, then the first question (or what a command asks). */
  async begin(context: TurnContext, state: DialogState): Promise<void> {
    const dialogs: DialogState = { dialogStack: [] };
    state.dialogStack = [{ id: this.id, state: { dialogs } } satisfies RootInstance];
    this.ended(state, await this.onBeginDialog(new DialogContext(this.dialogs, context, dialogs)));
  }

  /** A later turn: the active child dialog answers (after the root has read the message). */
  async continue(context: TurnContext, state: DialogState): Promise<void> {
    const root = state.dialogStack[state.dialogStack.length - 1] as RootInstance;
    root.state ??= {};
    root.state.dialogs ??= { dialogStack: [] };
    this.ended(state, await this.onContinueDialog(new DialogContext(this.dialogs, context, root.state.dialogs)));
  }

  /** When the root's own stack has ended, the root ends too: the next message begins anew. */
  private ended(state: DialogState, result: DialogTurnResult): void {
    if (result.status !== 'waiting') state.dialogStack.pop();
  }

  private async onBeginDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { info, turn, isMessage, problem, danger, notices } = await this.prepare(innerDc.context);
    this.youngVoice(innerDc, turn);
    const { t } = turn;
    if (isMessage) await this.sayFirst(innerDc.context, turn, this.readIntents(innerDc, turn, danger).danger, notices);
    if (!info.welcomed) {
      info.welcomed = true;
      const preset = info.presetOrganisation ? this.services.procedures.get(info.presetOrganisation) : undefined;
      await innerDc.context.sendActivity(messageActivity(this.welcomeText(turn, preset)));
    }
    const command = turn.input.command;
    const start = { organisationId: info.presetOrganisation };
    if (command === 'delete') return this.erase(innerDc.context, turn);
    if (command === 'withdraw' || command === 'language' || command === 'status' || command === 'next_step') {
      await innerDc.beginDialog(DIALOG.intake, { ...start, silent: true });
      if (command === 'status' || command === 'next_step') return innerDc.beginDialog(DIALOG.followUp, { mode: command === 'status' ? 'status' : 'next' });
      return innerDc.beginDialog(command === 'withdraw' ? DIALOG.withdraw : DIALOG.language);
    }
    if (command === 'help' || command === 'identity' || command === 'human' || command === 'procedure') {
      await this.inform(innerDc, command, turn, info.presetOrganisation);
    }
    else if (isMessage && problem && problem !== 'empty') await innerDc.context.sendActivity(messageActivity(this.problemText(problem, turn)));
    return innerDc.beginDialog(DIALOG.intake, start);
  }

  private async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { info, turn, isMessage, problem, danger: dangerWords, notices } = await this.prepare(innerDc.context);
    this.youngVoice(innerDc, turn);
    if (!isMessage) return this.onEvent(innerDc, info, turn);
    // After `stop`, "verder" is what the pause text invites: go on at the open question.
    const { danger, interrupt } = this.readIntents(innerDc, turn, dangerWords, info.paused === true);
    await this.sayFirst(innerDc.context, turn, danger, notices);
    const command = turn.input.command;
    const wasPaused = info.paused;
    info.paused = false;
    if (interrupt) {
      // The emergency numbers, then the open question once: no "choose one of the answers" after them.
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    if (wasPaused && !command) {
      await innerDc.context.sendActivity(messageActivity(turn.t('commands.welcome_back')));
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }
    switch (command) {
      case 'help':
      case 'identity':
      case 'human':
      case 'procedure':
        await this.inform(innerDc, command, turn, info.presetOrganisation);
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'stop':
        info.paused = true;
        await innerDc.context.sendActivity(messageActivity(turn.t('commands.stop', { days: this.services.conversationRetentionDays })));
        return Dialog.EndOfTurn;
      case 'delete':
        return this.erase(innerDc.context, turn);
      case 'restart':
        await innerDc.cancelAllDialogs();
        await innerDc.context.sendActivity(messageActivity(turn.t('commands.restart')));
        return innerDc.beginDialog(DIALOG.intake, { organisationId: info.presetOrganisation });
      case 'withdraw':
        if (innerDc.activeDialog?.id === DIALOG.withdraw) {
          await innerDc.repromptDialog();
          return Dialog.EndOfTurn;
        }
        return innerDc.beginDialog(DIALOG.withdraw);
      case 'status':
      case 'next_step':
        if (innerDc.activeDialog?.id === DIALOG.followUp) {
          await innerDc.repromptDialog();
          return Dialog.EndOfTurn;
        }
        return innerDc.beginDialog(DIALOG.followUp, { mode: command === 'status' ? 'status' : 'next' });
      case 'language':
        if (innerDc.activeDialog?.id === DIALOG.language) {
          await innerDc.repromptDialog();
          return Dialog.EndOfTurn;
        }
        return innerDc.beginDialog(DIALOG.language);
      default:
        break;
    }
    if (problem) {
      await innerDc.context.sendActivity(messageActivity(this.problemText(problem, turn, this.openQuestion(innerDc), innerDc.context.activity.channelId)));
      if (problem !== 'attachment_only' || !turn.input.text) {
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      }
    }
    return innerDc.continueDialog();
  }

  /**
   * Who the bot is, then three short lines before the first question: what you will need, that a
   * name is needed (and why, where the procedure refuses anonymous complaints), that you can stop.
   */
  private welcomeText(turn: TurnInfo, preset?: Procedure): string {
    const { t } = turn;
    const intro = preset ? t('welcome.text_organisation', { organisation: preset.name }) : t('welcome.text');
    const name = preset?.exclusions.some((e) => e.id === 'anonymous') ? t('welcome.name_required', { organisation: preset.name }) : t('welcome.name_usually');
    return `${intro}\n\n${t('welcome.before')}\n- ${t('welcome.need')}\n- ${name}\n- ${t('welcome.pause')}`;
  }

  /** The page's language switch (an event `language`, value `nl`/`en`): the open question again, at once, in that language. */
  private async onEvent(innerDc: DialogContext, info: ConversationInfo, turn: TurnInfo): Promise<DialogTurnResult> {
    const activity = innerDc.context.activity;
    const chosen = Locale.safeParse(activity.value);
    if (activity.type !== ActivityTypes.Event || activity.name !== LANGUAGE_EVENT || !chosen.success) return Dialog.EndOfTurn;
    info.locale = chosen.data;
    info.localeChosen = true;
    setTurnInfo(innerDc.context, { ...turn, locale: chosen.data, t: tVoice(chosen.data, turn.voice) });
    setTurnLocale(innerDc.context, chosen.data);
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  /** Read the message once: language, the masked text, safety words, the command, what is wrong with it. */
  private async prepare(context: TurnContext): Promise<Prepared> {
    const activity = context.activity;
    const info = await this.infoAccessor.get(context, {});
    if (!info.localeChosen && activity.locale) info.locale = toLocale(activity.locale);
    const locale = info.locale ?? toLocale(activity.locale);
    info.locale = locale;
    const said = activity.type === ActivityTypes.Message && typeof activity.text === 'string' ? activity.text : '';
    // Someone who writes "je" is answered with "je" (a short message: a story may quote others).
    if (locale === 'nl' && said.split(/\s+/).length <= 12 && /\b(?:je|jij|jou|jouw)\b/i.test(said)) info.voice = 'je';
    const t = tVoice(locale, info.voice);
    setTurnLocale(context, locale);

    const input: TurnInput = { text: '' };
    const preset = (activity.channelData as { organisation?: unknown } | undefined)?.organisation;
    if (typeof preset === 'string' && !info.presetOrganisation) {
      if (this.services.procedures.get(preset)) {
        info.presetOrganisation = preset;
        input.presetOrganisation = preset;
      } else {
        this.services.log.info({}, 'organisation_preset_ignored');
      }
    }
    const isMessage = activity.type === ActivityTypes.Message;
    info.explained ??= [];
    const turn: TurnInfo = { locale, t, input, voice: info.voice, explained: info.explained };
    setTurnInfo(context, turn);
    if (!isMessage) return { info, turn, isMessage };

    const raw = typeof activity.text === 'string' ? activity.text.trim() : '';
    const value = activity.value as unknown;
    const choice =
      typeof value === 'string' ? value : value && typeof value === 'object' && typeof (value as { choice?: unknown }).choice === 'string' ? (value as { choice: string }).choice : undefined;
    const notices: string[] = [];
    const danger = Boolean(raw) && signalsDanger(raw);
    const masked = maskBsn(raw);
    if (masked.found || bsnMasked(context)) {
      notices.push(t('bsn.masked'));
      this.services.log.info({}, 'bsn_masked');
    }
    input.text = masked.text || choice || '';
    if (choice) input.choice = choice;
    input.command = recognizeCommand(input.text);

    const files = (activity.attachments ?? []).filter((a) => a.contentType !== 'text/html' && !a.contentType?.startsWith('application/vnd.microsoft.card'));
    let problem: Problem | undefined;
    if (files.length > 0) problem = 'attachment_only';
    else if (!input.text) problem = 'empty';
    else if (input.text.length > MAX_MESSAGE_LENGTH) problem = 'too_long';
    else if (/\p{Extended_Pictographic}/u.test(raw) && !/[\p{L}\p{N}]/u.test(raw)) problem = 'emoji';
    return { info, turn, isMessage, problem, danger, notices };
  }

  /**
   * A request in the person's own words ("kan ik iemand bellen?") is the command it asks for, unless
   * the message answers the open question (a choice always does; at a free-text step a message
   * of more than eight words does). Danger is heard in any message.
   */
  private readIntents(innerDc: DialogContext, turn: TurnInfo, dangerWords = false, paused = false): { danger: boolean; interrupt: boolean } {
    const input = turn.input;
    if (!input.text || input.choice !== undefined) return { danger: dangerWords, interrupt: false };
    const question = this.openQuestion(innerDc);
    if (question?.choices.length && readChoice(input, question.choices) !== undefined) return { danger: dangerWords, interrupt: false };
    const freeText = question?.expects === 'text';
    if (!input.command && !paused && isVerder(input.text, freeText)) input.command = 'next_step';
    const maxWords = freeText ? FREE_TEXT_MAX_WORDS : OTHER_MAX_WORDS;
    const intents = intentRecogniser().recognise(input.text, { maxWords });
    const command = intents.find((i): i is Exclude<Intent, 'danger'> => i !== 'danger');
    if (!input.command && command) input.command = command;
    const danger = dangerWords || intents.includes('danger');
    const short = normalise(input.text).length <= FREE_TEXT_MAX_WORDS;
    return { danger, interrupt: danger && !input.command && question !== undefined && (!freeText || short) };
  }

  private openQuestion(innerDc: DialogContext): { expects: Expects; choices: Choice[] } | undefined {
    const active = innerDc.activeDialog;
    if (!active) return undefined;
    if (active.id === DIALOG.intake) return this.intake.question(innerDc.context, active);
    return { expects: 'text', choices: [] };
  }

  /** Before anything else in the reply: the emergency numbers, then notices such as the masked BSN. */
  private async sayFirst(context: TurnContext, turn: TurnInfo, danger: boolean, notices: string[] = []): Promise<void> {
    const first = [...(danger ? [safetyText(turn.t)] : []), ...notices];
    if (danger) this.services.log.info({}, 'danger_signalled');
    if (first.length) await context.sendActivities(first.map((m) => messageActivity(m)));
  }

  /** Buttons are named only when the open question shows them; Teams numbers a list longer than three. */
  private problemText(problem: Problem, turn: TurnInfo, question?: { choices: Choice[] }, channelId?: string): string {
    const { t } = turn;
    const choices = question?.choices.length ?? 0;
    const or = choices === 0 ? '' : ` ${t(channelId === 'msteams' && choices > TEAMS_SUGGESTIONS ? 'resilience.or_number' : 'resilience.or_button')}`;
    switch (problem) {
      case 'attachment_only':
        return t('resilience.attachment');
      case 'empty':
        return t('resilience.empty') + or;
      case 'too_long':
        return t('resilience.too_long', { max: MAX_MESSAGE_LENGTH.toLocaleString(turn.locale === 'nl' ? 'nl-NL' : 'en-GB') });
      case 'emoji':
        return t('resilience.emoji') + or;
    }
  }

  private async inform(innerDc: DialogContext, what: 'help' | 'identity' | 'human' | 'procedure', turn: TurnInfo, preset?: string): Promise<void> {
    const { t, locale } = turn;
    if (what === 'help') return void (await innerDc.context.sendActivity(messageActivity(t('commands.help'))));
    if (what === 'identity') return void (await innerDc.context.sendActivity(messageActivity(t('commands.identity'))));
    const organisationId = this.organisationOf(innerDc) ?? preset;
    const procedure = organisationId ? this.services.procedures.get(organisationId) : undefined;
    if (what === 'procedure') {
      // Staff in Teams get the whole procedure with its sources, as `npm run procedure` explains it;
      // a complainant gets the short version (at most 150 words).
      const tp = tFor(locale, 'procedure');
      const staff = innerDc.context.activity.channelId === 'msteams';
      const today = amsterdamDate(this.services.clock.now());
      const text = !procedure
        ? t('commands.procedure_organisation_first')
        : staff
          ? explainProcedure(procedure, tp, locale)
          : summariseProcedure(procedure, tp, locale, today, this.services.extraDaysOff);
      this.services.log.info({ organisation: organisationId }, 'procedure_explained');
      return void (await innerDc.context.sendActivity(messageActivity(text)));
    }
    this.services.log.info({ organisation: organisationId }, 'human_requested');
    await innerDc.context.sendActivity(messageActivity(personText(procedure, locale, t, this.ageBandOf(innerDc), turn.explained)));
  }

  /** A complainant under 16 is spoken to with "je" (the answers of the open intake say so). */
  private youngVoice(innerDc: DialogContext, turn: TurnInfo): void {
    const intake = innerDc.stack.find((d) => d.id === DIALOG.intake);
    const answers = (intake?.state as IntakeState | undefined)?.answers;
    if (turn.voice !== 'je' && answers && isYoungComplainant(answers)) {
      turn.voice = 'je';
      turn.t = tVoice(turn.locale, 'je');
    }
  }

  /** The age band the intake knows: `mens` gives a child Jeugdstem where the helper rules give it. */
  private ageBandOf(innerDc: DialogContext): string | undefined {
    const intake = innerDc.stack.find((d) => d.id === DIALOG.intake);
    return (intake?.state as IntakeState | undefined)?.answers?.ageBand;
  }

  private organisationOf(innerDc: DialogContext): string | undefined {
    const intake = innerDc.stack.find((d) => d.id === DIALOG.intake);
    return (intake?.state as IntakeState | undefined)?.answers?.organisationId;
  }

  private async erase(context: TurnContext, turn: TurnInfo): Promise<DialogTurnResult> {
    requestErase(context);
    this.services.log.info({}, 'conversation_erased');
    // The `erased` outcome also tells a channel that keeps a transcript (our Direct Line) to erase it.
    await context.sendActivity(messageActivity(turn.t('commands.delete'), { outcome: 'erased' }));
    return Dialog.EndOfTurn;
  }
}
