import { ActivityHandler, ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, type Dialog, type DialogContext, type DialogState, type DialogStateManagerConfiguration } from 'botbuilder-dialogs';
import { maskIncomingActivity } from './maskActivity';
import { cleanDisplayName, staffIdentity } from './teams';
import { eraseRequested, setBsnMasked, setStaff } from './turnState';

/** An `event` activity with this name and `value` `nl` or `en` switches the language (README). */
export const LANGUAGE_EVENT = 'language';

/** Where botbuilder-dialogs' DialogStateManager looks for its configuration in the turn state. */
const DIALOG_STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * The bot: every message goes to the root dialog; the first of conversationUpdate (someone
 * joined) and message starts it (the root dialog welcomes once). State is saved after each
 * turn, or erased when the person asked for that (`wissen`).
 */
export class ComplaintBot extends ActivityHandler {
  private readonly dialogs: DialogSet;
  /** The dialogs' memory scopes and path resolvers, as botbuilder built them in the first turn. */
  private stateConfiguration: DialogStateManagerConfiguration | undefined;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly root: Dialog,
    /** TEAMS_TENANT_IDS; undefined lets any tenant's Teams users file for a client. */
    private readonly teamsTenantIds?: readonly string[],
  ) {
    super();
    const dialogState: StatePropertyAccessor<DialogState> = conversationState.createProperty('dialogState');
    this.dialogs = new DialogSet(dialogState);
    this.dialogs.add(root);
  }

  /**
   * The three kinds of activity the bot answers, dispatched here directly: ActivityHandler's
   * handler chains cost several promise layers per turn and add nothing for three handlers.
   * Everything else (invokes, reactions, …) keeps ActivityHandler's default behaviour.
   */
  protected override async onTurnActivity(context: TurnContext): Promise<void> {
    const activity = context.activity;
    switch (activity.type) {
      case ActivityTypes.Message:
        return this.runDialog(context, true);
      case ActivityTypes.Event:
        // The page's language switch: the open question comes again at once, in the new language.
        if (activity.name === LANGUAGE_EVENT) {
          const dc = await this.dialogs.createContext(context);
          if (dc.activeDialog) await this.continueRoot(dc);
        }
        return;
      case ActivityTypes.ConversationUpdate:
        if (activity.membersAdded?.some((m) => m.id !== activity.recipient?.id)) await this.runDialog(context, false);
        return;
      default:
        return super.onTurnActivity(context);
    }
  }

  override async run(context: TurnContext): Promise<void> {
    // Before any dialog reads the activity (README: Security, BSN).
    if (maskIncomingActivity(context.activity)) setBsnMasked(context);
    // A channel's display name may hold line breaks or control characters; it goes into the complaint.
    if (context.activity.from) context.activity.from.name = cleanDisplayName(context.activity.from.name) ?? '';
    setStaff(context, staffIdentity(context.activity, this.teamsTenantIds));
    await super.run(context);
    if (eraseRequested(context)) await this.conversationState.delete(context);
    else await this.conversationState.saveChanges(context, false);
  }

  private async runDialog(context: TurnContext, isMessage: boolean): Promise<void> {
    // botbuilder-dialogs builds its memory scopes and path resolvers anew in every turn (a
    // service collection, nine scopes, five resolvers) unless the turn state holds them under
    // this key, where its DialogStateManager looks first; they hold no state of a turn (its
    // DialogManager keeps them across turns too). The first turn's are kept for the next turns.
    if (this.stateConfiguration) context.turnState.set(DIALOG_STATE_MANAGER_CONFIGURATION, this.stateConfiguration);
    const dc = await this.dialogs.createContext(context);
    this.stateConfiguration ??= dc.state.configuration;
    if (dc.activeDialog) {
      if (isMessage) await this.continueRoot(dc);
      return;
    }
    await dc.beginDialog(this.root.id);
  }

  /**
   * The root dialog is the only one on the outer stack: it is continued directly.
   * `dc.continueDialog()` would first emit the "activity received" event from the innermost
   * dialog, building a dialog context for every level just to find none of our dialogs listens;
   * the root's own inner `continueDialog` still emits it once.
   */
  private async continueRoot(dc: DialogContext): Promise<void> {
    await this.root.continueDialog(dc);
  }
}
