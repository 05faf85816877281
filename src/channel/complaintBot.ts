import { ActivityHandler, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, type Dialog, type DialogState, type DialogStateManagerConfiguration } from 'botbuilder-dialogs';
import { maskIncomingActivity } from './maskActivity';
import { cleanDisplayName, staffIdentity } from './teams';
import { eraseRequested, setBsnMasked, setStaff } from './turnState';

/** An `event` activity with this name and `value` `nl` or `en` switches the language (README). */
export const LANGUAGE_EVENT = 'language';

/** Where botbuilder-dialogs' DialogStateManager looks for its configuration in the turn state. */
const DIALOG_STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * The bot: every message goes to the root dialog; the first of conversationUpdate and message
 * starts it (the root dialog welcomes once). State is saved after each turn, or erased when the
 * person asked for that (`wissen`).
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

    this.onMessage(async (context, next) => {
      await this.runDialog(context, true);
      await next();
    });
    // The page's language switch: the open question comes again at once, in the new language.
    this.onEvent(async (context, next) => {
      if (context.activity.name === LANGUAGE_EVENT) {
        const dc = await this.dialogs.createContext(context);
        if (dc.activeDialog) await dc.continueDialog();
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const someoneElse = context.activity.membersAdded?.some((m) => m.id !== context.activity.recipient?.id);
      if (someoneElse) await this.runDialog(context, false);
      await next();
    });
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
      if (isMessage) await dc.continueDialog();
      return;
    }
    await dc.beginDialog(this.root.id);
  }
}
