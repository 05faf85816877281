import { ConversationState, type Storage, type TurnContext } from 'botbuilder';

/**
 * Conversation state that keeps the Storage eTag contract. botbuilder's own `saveChanges` writes
 * with eTag `*` (last writer wins), so two instances answering turns of one conversation at the
 * same moment would silently lose one answer. This one writes with the eTag the turn read: the
 * later turn fails with an eTag conflict (the person gets an apology and sends again) and
 * nothing is overwritten. The storage sets the new eTag on the item after a write, so a second
 * save in the same turn works too.
 *
 * Only public botbuilder API: the turn's state comes from `get`, and a snapshot of what was read
 * is kept under this instance's own key in the turn state (botbuilder keeps its hash in a private
 * field).
 *
 * The snapshot is the state's JSON without its eTag: exactly what the storage would write, so
 * "changed" means "the stored text would differ". botbuilder's `calculateChangeHash` hashes the
 * same JSON through a replacer and SHA-256; two plain `JSON.stringify` calls a turn (after
 * reading, before writing) and a string comparison cost a fraction of that.
 */
export class OptimisticConversationState extends ConversationState {
  private readonly hashKey = Symbol('optimisticStateSnapshot');

  constructor(
    private readonly store: Storage,
    namespace?: string,
  ) {
    super(store, namespace);
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const before = this.get(context);
    const state = await super.load(context, force);
    // A new object means it was just read from storage: remember how it looked.
    if (state !== before) context.turnState.set(this.hashKey, snapshot(state));
    return state;
  }

  override async clear(context: TurnContext): Promise<void> {
    await super.clear(context);
    // As botbuilder does: an empty snapshot, so the cleared state is saved.
    context.turnState.set(this.hashKey, '');
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const state = this.get(context) as Record<string, unknown> | undefined;
    if (!state) return;
    const now = snapshot(state);
    if (!force && context.turnState.get(this.hashKey) === now) return;
    const key = this.getStorageKey(context);
    if (!key) throw new Error('ConversationState: overridden getStorageKey method did not return a key.');
    await this.store.write({ [key]: state });
    // The write changed only the eTag, which the snapshot leaves out.
    context.turnState.set(this.hashKey, now);
  }
}

/** The state as the storage writes it: its JSON without the eTag. */
function snapshot(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}
