import { MemoryStorage, type Storage } from 'botbuilder';
import { migrate } from '../../src/infra/db/migrate';
import { SqlStorage, stateMigrations } from '../../src/infra/state/sqlStorage';
import { BOTH, type TestDb } from '../helpers/databases';

const stores: Array<[string, () => Promise<{ storage: Storage; dispose(): Promise<void> }>]> = [
  ['memory (reference)', async () => ({ storage: new MemoryStorage(), dispose: async () => undefined })],
  ...BOTH.map(([name, make]): [string, () => Promise<{ storage: Storage; dispose(): Promise<void> }>] => [
    name,
    async () => {
      const t: TestDb = await make();
      const db = await t.open();
      await migrate(db, stateMigrations);
      return { storage: new SqlStorage(db), dispose: () => t.dispose() };
    },
  ]),
];

describe.each(stores)('Storage contract on %s', (_name, make) => {
  let storage: Storage;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ storage, dispose } = await make()));
  afterEach(async () => dispose());

  it('when a key was never written, then read leaves it out', async () => {
    expect(await storage.read(['nope'])).toEqual({});
  });

  it('when an item is written, then it reads back with an eTag', async () => {
    await storage.write({ a: { step: 'role', answers: { role: 'self' } } });
    const { a } = await storage.read(['a']);
    expect(a).toMatchObject({ step: 'role', answers: { role: 'self' } });
    expect(typeof a.eTag).toBe('string');
  });

  it('when two writers hold the same eTag, then the second write fails and the first survives', async () => {
    await storage.write({ k: { n: 1 } });
    const { k } = await storage.read(['k']);
    await storage.write({ k: { ...k, n: 2 } });
    await expect(storage.write({ k: { ...k, n: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read(['k'])).k.n).toBe(2);
  });

  it('when the eTag is "*", then the write wins regardless', async () => {
    await storage.write({ k: { n: 1 } });
    await storage.write({ k: { n: 5, eTag: '*' } });
    expect((await storage.read(['k'])).k.n).toBe(5);
  });

  it('when a key is deleted, then it is gone and a write with its old eTag creates it anew', async () => {
    await storage.write({ k: { n: 1 } });
    const { k } = await storage.read(['k']);
    await storage.delete(['k']);
    expect(await storage.read(['k'])).toEqual({});
    await storage.write({ k: { ...k, n: 9 } });
    expect((await storage.read(['k'])).k.n).toBe(9);
  });

  it('when several keys are written and read at once, then each keeps its own value', async () => {
    await storage.write({ x: { v: 'x' }, y: { v: 'y' } });
    const got = await storage.read(['x', 'y', 'z']);
    expect(Object.keys(got).sort()).toEqual(['x', 'y']);
    expect(got.y.v).toBe('y');
  });
});
