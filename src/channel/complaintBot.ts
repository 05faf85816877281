import { ActivityHandler, ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { RootDialog } from '../../dialogs/rootDialog';
import type { DialogState } from '../../dialogs/stack';
import { maskIncomingActivity } from './maskActivity';
import { cleanDisplayName, staffIdentity } from './teams';
import { eraseRequested, setBsnMasked, setStaff } from './turnState';

/** An `event` activity with this name and `value` `nl` or `en` switches the language (README). */
export const LANGUAGE_EVENT = 'language';

/**
 * The bot: every message goes to the root dialog; the first of conversationUpdate (someone
 * joined) and message starts it (the root dialog welcomes once). State is saved after each
 * turn, or erased when the person asked for that (`wissen`).
 */
export class ComplaintBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: ConversationState,
    private readonly root: RootDialog,
    /** TEAMS_TENANT_IDS; undefined lets any tenant's Teams users file for a client. */
    private readonly teamsTenantIds?: readonly string[],
    /** TEAMS_TENANT_ORGANISATIONS: whose cases each listed tenant's staff may look up. */
    private readonly teamsTenantOrganisations?: Readonly<Record<string, readonly string[]>>,
  ) {
    super();
    this.dialogState = conversationState.createProperty('dialogState');
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
          const state = await this.dialogState.get(context, { dialogStack: [] });
          if (this.root.started(state)) await this.root.continue(context, state);
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
    setStaff(context, staffIdentity(context.activity, this.teamsTenantIds, this.teamsTenantOrganisations));
    await super.run(context);
    if (eraseRequested(context)) await this.conversationState.delete(context);
    else await this.conversationState.saveChanges(context, false);
  }

  private async runDialog(context: TurnContext, isMessage: boolean): Promise<void> {
    const state = await this.dialogState.get(context, { dialogStack: [] });
    if (!this.root.started(state)) await this.root.begin(context, state);
    else if (isMessage) await this.root.continue(context, state);
  }
}
