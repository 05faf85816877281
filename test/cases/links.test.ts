import { publicBaseUrl } from '../../src/config/publicUrl';
import { OrganisationLinks } from '../../src/infra/cases/links';
import { BOTH, type TestDb } from '../helpers/databases';
import { draft, harness, type Harness } from '../delivery/fixtures';

describe('links in mails', () => {
  it('when PUBLIC_URL is set it is used; in development the local address; in production without it, no link', () => {
    expect(publicBaseUrl({ PUBLIC_URL: 'https://bot.example.org/', NODE_ENV: 'production', PORT: 3978 })).toBe('https://bot.example.org');
    expect(publicBaseUrl({ PUBLIC_URL: undefined, NODE_ENV: 'development', PORT: 3978 })).toBe('http://localhost:3978');
    expect(publicBaseUrl({ PUBLIC_URL: undefined, NODE_ENV: 'production', PORT: 3978 })).toBeUndefined();
  });
});

describe.each(BOTH)('organisation page links on %s', (_name, makeDb) => {
  let testDb: TestDb;
  let h: Harness;
  beforeEach(async () => {
    testDb = await makeDb();
    h = await harness({ testDb, env: { PUBLIC_URL: 'https://bot.example.org' } });
  });
  afterEach(async () => {
    await h.dispose();
    await testDb.dispose();
  });

  it('when a complaint is mailed, then the organisation mail links its own page, and only its own token opens it until retention ends', async () => {
    const r = await h.delivery.sender.submit(draft('xtra', 'manager'), { idempotencyKey: 'conv-link' });
    if (!r.ok) throw new Error('submit failed');
    const rows = await h.db.query<{ message: string }>(`SELECT message FROM delivery_mails WHERE reference = ? AND kind = 'organisation'`, [r.reference]);
    const text = JSON.parse(rows[0]!.message).text as string;
    const m = new RegExp(`https://bot\\.example\\.org/organisatie/${r.reference}\\?token=([A-Za-z0-9._-]+)`).exec(text);
    expect(m).not.toBeNull();
    const token = m![1]!;
    const now = h.clock.now().getTime();
    expect(await h.delivery.links.verify(r.reference, token, now)).toBe(true);
    expect(await h.delivery.links.verify('KW-2026-ZZZZZZ', token, now)).toBe(false);
    expect(await h.delivery.links.verify(r.reference, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`, now)).toBe(false);
    expect(await h.delivery.links.verify(r.reference, token, now + 731 * 86_400_000)).toBe(false);
    const receipt = await h.db.query<{ message: string }>(`SELECT message FROM delivery_mails WHERE reference = ? AND kind = 'receipt'`, [r.reference]);
    expect(JSON.parse(receipt[0]!.message).text).toContain('De chat: https://bot.example.org/?org=xtra');
    // Another instance on the same database accepts it: the key is shared.
    expect(await new OrganisationLinks(h.db, undefined, 730).verify(r.reference, token, now)).toBe(true);
  });
});
