import { calculateChangeHash, ConversationState, type StoreItem, type TurnContext } from 'botbuilder';

/**
 * Conversation state that keeps the Storage eTag contract. botbuilder's own `saveChanges` writes
 * with eTag `*` (last writer wins), so two instances answering turns of one conversation at the
 * same moment would silently lose one answer. This one writes with the eTag the turn read: the
 * later turn fails with an eTag conflict (the person gets an apology and sends again) and
 * nothing is overwritten. The storage sets the new eTag on the item after a write, so a second
 * save in the same turn works too.
 */
export class OptimisticConversationState extends ConversationState {
  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    // `stateKey` is private in botbuilder's typings; it is where BotState caches the turn's state.
    const cached = context.turnState.get((this as unknown as { stateKey: symbol }).stateKey) as { state: StoreItem; hash: string } | undefined;
    if (!cached) return;
    if (!force && cached.hash === calculateChangeHash(cached.state)) return;
    const key = await this.storageKey(context);
    await this.storage.write({ [key]: cached.state });
    cached.hash = calculateChangeHash(cached.state);
  }
}
