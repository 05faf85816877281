import { ConversationState, type Storage, type TurnContext } from 'botbuilder';

/** What a turn read: the state it works on, and its JSON as it was read (see `snapshot`). */
interface Cached {
  state: Record<string, unknown>;
  snapshot: string;
}

/**
 * Conversation state that keeps the Storage eTag contract. botbuilder's own `saveChanges` writes
 * with eTag `*` (last writer wins), so two instances answering turns of one conversation at the
 * same moment would silently lose one answer. This one writes with the eTag the turn read: the
 * later turn fails with an eTag conflict (the person gets an apology and sends again) and
 * nothing is overwritten. The storage sets the new eTag on the item after a write, so a second
 * save in the same turn works too.
 *
 * Only public botbuilder API: every method that touches the turn's cached state is overridden
 * and keeps it under this instance's own key in the turn state (botbuilder keeps its copy under
 * a private field). botbuilder hashes the whole state with SHA-256 after every read and before
 * every save; here the snapshot is the state's JSON without its eTag, exactly what the storage
 * would write, so "changed" means "the stored text would differ": one `JSON.stringify` after
 * reading, one before writing and a string comparison.
 */
export class OptimisticConversationState extends ConversationState {
  private readonly cacheKey = Symbol('optimisticConversationState');

  constructor(
    private readonly store: Storage,
    namespace?: string,
  ) {
    super(store, namespace);
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = this.cached(context);
    if (cached && !force) return cached.state;
    const key = this.key(context);
    const items = await this.store.read([key]);
    const state = (items[key] ?? {}) as Record<string, unknown>;
    context.turnState.set(this.cacheKey, { state, snapshot: snapshot(state) } satisfies Cached);
    return state;
  }

  override get(context: TurnContext): Record<string, unknown> | undefined {
    return this.cached(context)?.state;
  }

  override async clear(context: TurnContext): Promise<void> {
    // As botbuilder does: an empty snapshot, so the cleared state is saved.
    context.turnState.set(this.cacheKey, { state: {}, snapshot: '' } satisfies Cached);
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    await this.store.delete([this.key(context)]);
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const cached = this.cached(context);
    if (!cached) return;
    const now = snapshot(cached.state);
    if (!force && cached.snapshot === now) return;
    await this.store.write({ [this.key(context)]: cached.state });
    // The write changed only the eTag, which the snapshot leaves out.
    cached.snapshot = now;
  }

  private cached(context: TurnContext): Cached | undefined {
    return context.turnState.get(this.cacheKey) as Cached | undefined;
  }

  private key(context: TurnContext): string {
    const key = this.getStorageKey(context);
    if (!key) throw new Error('ConversationState: overridden getStorageKey method did not return a key.');
    return key;
  }
}

/** The state as the storage writes it: its JSON without the eTag. */
function snapshot(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}
