import { ConversationState, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { OptimisticConversationState } from '../../src/channel/optimisticState';
import { migrate } from '../../src/infra/db/migrate';
import { SqlStorage, stateMigrations } from '../../src/infra/state/sqlStorage';
import { BOTH, type TestDb } from '../helpers/databases';

const message = (text: string): Partial<Activity> => ({
  type: 'message',
  text,
  channelId: 'test',
  conversation: { id: 'conv-1' } as Activity['conversation'],
  from: { id: 'user-1', name: 'Gebruiker' },
  recipient: { id: 'bot', name: 'Klachtwijzer' },
});

describe.each(BOTH)('conversation state across instances on %s', (_name, make) => {
  let t: TestDb;
  let storage: SqlStorage;
  beforeEach(async () => {
    t = await make();
    const db = await t.open();
    await migrate(db, stateMigrations);
    storage = new SqlStorage(db);
  });
  afterEach(() => t.dispose());

  /** Two turns of one conversation that read the same state, as two instances at one moment. */
  async function raceTwoTurns(state: ConversationState): Promise<PromiseSettledResult<void>[]> {
    const answer = state.createProperty<string[]>('answers');
    const seed = new TurnContext(new TestAdapter(), message('first'));
    await answer.set(seed, ['role=self']);
    await state.saveChanges(seed);

    const a = new TurnContext(new TestAdapter(), message('a'));
    const b = new TurnContext(new TestAdapter(), message('b'));
    const [fromA, fromB] = [await answer.get(a, []), await answer.get(b, [])];
    await answer.set(a, [...fromA, 'about=employee']);
    await answer.set(b, [...fromB, 'about=manager']);
    return [await state.saveChanges(a).then(...settled), await state.saveChanges(b).then(...settled)];
  }
  const settled = [(v: void) => ({ status: 'fulfilled', value: v }) as const, (e: unknown) => ({ status: 'rejected', reason: e }) as const] as const;

  it('when two turns of one conversation save at once, then the later one fails instead of overwriting the first', async () => {
    const [first, second] = await raceTwoTurns(new OptimisticConversationState(storage));
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: expect.objectContaining({ message: expect.stringMatching(/eTag conflict/) }) });
    const stored = Object.values(await storage.read(['test/conversations/conv-1/']))[0];
    expect(stored.answers).toEqual(['role=self', 'about=employee']);
  });

  it('when botbuilder\'s own state does the same, then the first answer is silently lost (why we do not use it)', async () => {
    const [first, second] = await raceTwoTurns(new ConversationState(storage));
    expect([first.status, second.status]).toEqual(['fulfilled', 'fulfilled']);
    const stored = Object.values(await storage.read(['test/conversations/conv-1/']))[0];
    expect(stored.answers).toEqual(['role=self', 'about=manager']);
  });

  it('when one turn saves twice, then the second save builds on the first', async () => {
    const state = new OptimisticConversationState(storage);
    const answer = state.createProperty<number>('n');
    const ctx = new TurnContext(new TestAdapter(), message('x'));
    await answer.set(ctx, 1);
    await state.saveChanges(ctx);
    await answer.set(ctx, 2);
    await state.saveChanges(ctx);
    expect(Object.values(await storage.read(['test/conversations/conv-1/']))[0].n).toBe(2);
  });

  it('when a turn leaves the state as it was read, then nothing is written; when it changes it, then it is', async () => {
    const state = new OptimisticConversationState(storage);
    const answer = state.createProperty<{ role?: string }>('answers');
    const first = new TurnContext(new TestAdapter(), message('first'));
    await answer.set(first, { role: 'self' });
    await state.saveChanges(first);
    const eTag = async () => Object.values(await storage.read(['test/conversations/conv-1/']))[0].eTag;
    const written = await eTag();

    const same = new TurnContext(new TestAdapter(), message('same'));
    const read = await answer.get(same, {});
    await answer.set(same, { ...read, role: 'self' });
    await state.saveChanges(same);
    expect(await eTag()).toBe(written);

    const changed = new TurnContext(new TestAdapter(), message('changed'));
    await answer.set(changed, { ...(await answer.get(changed, {})), role: 'parent_or_guardian' });
    await state.saveChanges(changed);
    expect(await eTag()).not.toBe(written);
    expect(Object.values(await storage.read(['test/conversations/conv-1/']))[0].answers).toEqual({ role: 'parent_or_guardian' });
  });

  it('when a turn clears the state, then the empty state is saved; when it deletes it, then nothing stays stored and the turn reads it empty', async () => {
    const state = new OptimisticConversationState(storage);
    const answer = state.createProperty<string>('role');
    const stored = async () => (await storage.read(['test/conversations/conv-1/']))['test/conversations/conv-1/'];
    const first = new TurnContext(new TestAdapter(), message('first'));
    await answer.set(first, 'self');
    await state.saveChanges(first);

    const clearing = new TurnContext(new TestAdapter(), message('clear'));
    expect(await answer.get(clearing)).toBe('self');
    await state.clear(clearing);
    expect(state.get(clearing)).toEqual({});
    await state.saveChanges(clearing);
    expect(await stored()).toEqual({ eTag: expect.any(String) });

    const deleting = new TurnContext(new TestAdapter(), message('delete'));
    await answer.set(deleting, 'parent_or_guardian');
    await state.saveChanges(deleting);
    await state.delete(deleting);
    expect(state.get(deleting)).toBeUndefined();
    expect(await stored()).toBeUndefined();
    expect(await answer.get(deleting)).toBeUndefined();
  });
});
