import type { SqlDb } from '../../src/infra/db/db';
import { BOTH, sqliteTestDb, type TestDb } from '../helpers/databases';
import { call, startConversation, startWebChat, TestClock, type Running } from './webChatHarness';

const activities = (r: Running, id: string, token: string, watermark = '') =>
  call(`${r.url}/v3/directline/conversations/${id}/activities?watermark=${watermark}`, { token });
const post = (r: Running, id: string, token: string, activity: Record<string, unknown>) =>
  call(`${r.url}/v3/directline/conversations/${id}/activities`, { token, body: activity });
const message = (text: string, clientActivityID = `c-${text}`) => ({
  type: 'message',
  text,
  from: { id: 'r_someone', role: 'user' },
  locale: 'nl-NL',
  channelData: { clientActivityID },
});

describe('Direct Line endpoint over HTTP', () => {
  let testDb: TestDb;
  let db: SqlDb;
  let clock: TestClock;
  let r: Running;

  beforeEach(async () => {
    testDb = sqliteTestDb();
    db = await testDb.open();
    clock = new TestClock();
    r = await startWebChat(db, { now: clock.now });
  });
  afterEach(async () => {
    await r.close();
    await testDb.dispose();
  });

  it('when a conversation starts with an organisation and a language, then the welcome comes and the bot got both', async () => {
    const { conversationId, token } = await startConversation(r.url, { organisation: 'mee-zhn', locale: 'en' });

    const page = await activities(r, conversationId, token);

    expect(page.status).toBe(200);
    expect(page.body.activities.map((a: { text: string }) => a.text)).toEqual(['welcome org=mee-zhn locale=en']);
    expect(page.body.activities[0].channelData.klachtwijzer.progress).toEqual({ current: 1, total: 9 });
    expect(page.body.watermark).toBe('1');
  });

  it('when the page starts the same conversation again (a reload), then there is still one welcome', async () => {
    const { conversationId, token } = await startConversation(r.url);

    const again = await call(`${r.url}/v3/directline/conversations`, { token, body: {} });
    const page = await activities(r, conversationId, token);

    expect(again.status).toBe(201);
    expect(again.body.conversationId).toBe(conversationId);
    expect(page.body.activities).toHaveLength(1);
  });

  it('when the user sends a message, then it comes back first with its clientActivityID, then the reply, and the watermark moves on', async () => {
    const { conversationId, token, userId } = await startConversation(r.url, { organisation: 'xtra' });

    const sent = await post(r, conversationId, token, message('hallo', 'client-42'));
    const page = await activities(r, conversationId, token, '1');
    const after = await activities(r, conversationId, token, page.body.watermark);

    expect(sent.status).toBe(200);
    const [echo, reply, ...rest] = page.body.activities;
    expect(rest).toEqual([]);
    expect(echo).toMatchObject({ id: sent.body.id, type: 'message', text: 'hallo', from: { id: userId, role: 'user' }, channelData: { clientActivityID: 'client-42' } });
    expect(reply).toMatchObject({ text: `echo: hallo from=${userId} org=xtra`, replyToId: sent.body.id, from: { role: 'bot' } });
    expect(page.body.watermark).toBe('3');
    expect(after.body).toEqual({ activities: [], watermark: '3' });
  });

  it('when the body claims another sender, then the bot still sees the token holder', async () => {
    const { conversationId, token, userId } = await startConversation(r.url);

    await post(r, conversationId, token, { ...message('wie ben ik'), from: { id: 'admin', role: 'bot' } });
    const page = await activities(r, conversationId, token, '1');

    expect(page.body.activities[1].text).toBe(`echo: wie ben ik from=${userId} org=-`);
  });

  it('when the bot fails on a turn, then the post gets 502 and the conversation goes on', async () => {
    const { conversationId, token } = await startConversation(r.url);

    const broken = await post(r, conversationId, token, message('boom'));
    const next = await post(r, conversationId, token, message('weer goed'));
    const page = await activities(r, conversationId, token, '1');

    expect(broken.status).toBe(502);
    expect(broken.body.error.code).toBe('BotError');
    expect(next.status).toBe(200);
    expect(page.body.activities.map((a: { text: string }) => a.text)).toEqual(['boom', 'weer goed', expect.stringMatching(/^echo: weer goed/)]);
  });

  it.each([
    ['read the activities of', (id: string, token: string) => activities(r, id, token)],
    ['post into', (id: string, token: string) => post(r, id, token, message('inbraak'))],
    ['resume', (id: string, token: string) => call(`${r.url}/v3/directline/conversations/${id}?watermark=`, { token })],
  ])('when one conversation\'s token is used to %s another conversation, then 403 and nothing leaks', async (_what, attempt) => {
    const alice = await startConversation(r.url);
    const bob = await startConversation(r.url);
    await post(r, alice.conversationId, alice.token, message('geheim van alice'));

    const res = await attempt(alice.conversationId, bob.token);

    expect(res.status).toBe(403);
    expect(res.text).not.toContain('geheim');
    const alicePage = await activities(r, alice.conversationId, alice.token);
    expect(alicePage.body.activities.map((a: { text: string }) => a.text)).not.toContain('inbraak');
  });

  it.each([
    ['no Authorization header', undefined, 401],
    ['a token with a changed payload', 'tamper', 403],
    ['a made-up token', 'kw1.eyJjaWQiOiJ4In0.abc', 403],
  ])('when a request has %s, then it is refused', async (_what, kind, status) => {
    const { conversationId, token } = await startConversation(r.url);
    let bad: string | undefined;
    if (kind === 'tamper') {
      const [p, payload, mac] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      bad = `${p}.${Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 99999 })).toString('base64url')}.${mac}`;
    } else bad = kind;

    const res = await call(`${r.url}/v3/directline/conversations/${conversationId}/activities`, bad ? { token: bad } : {});

    expect(res.status).toBe(status);
    expect(res.body.error.message).toEqual(expect.any(String));
  });

  it('when a token has expired, then reading fails, a refresh within a day gives a working token, and later it does not', async () => {
    const { conversationId, token } = await startConversation(r.url);

    clock.advance(3600 + 60);
    const expired = await activities(r, conversationId, token);
    const refreshed = await call(`${r.url}/v3/directline/tokens/refresh`, { token, body: {} });
    const withNew = await activities(r, conversationId, refreshed.body.token);
    clock.advance(25 * 3600);
    const tooLate = await call(`${r.url}/v3/directline/tokens/refresh`, { token, body: {} });

    expect(expired.status).toBe(403);
    expect(expired.body.error.code).toBe('TokenExpired');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ conversationId, expires_in: 3600 });
    expect(withNew.status).toBe(200);
    expect(withNew.body.activities).toHaveLength(1);
    expect(tooLate.status).toBe(403);
  });

  it.each([
    ['an unknown activity type', { type: 'invoke', text: 'x' }, /type/],
    ['a text over 20,000 characters', { type: 'message', text: 'a'.repeat(20_001) }, /text is longer than 20000/],
    ['an organisation id with capitals', { type: 'message', text: 'x', channelData: { organisation: 'XTRA' } }, /organisation/],
  ])('when the page posts %s, then 400 with a reason', async (_what, body, why) => {
    const { conversationId, token } = await startConversation(r.url);

    const res = await post(r, conversationId, token, body);

    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(why);
  });

  it('when the body is not JSON, a watermark is not a number or the conversation id has odd characters, then 400 with a reason', async () => {
    const { conversationId, token } = await startConversation(r.url);

    const notJson = await call(`${r.url}/v3/directline/conversations/${conversationId}/activities`, { token, rawBody: '{"type":' });
    const badWatermark = await activities(r, conversationId, token, 'abc');
    const badId = await call(`${r.url}/v3/directline/conversations/${encodeURIComponent('a b;c')}/activities`, { token });
    const badTokenRequest = await call(`${r.url}/api/directline/token`, { body: { locale: 'de' } });

    expect([notJson.status, badWatermark.status, badId.status, badTokenRequest.status]).toEqual([400, 400, 400, 400]);
    expect(badWatermark.body.error.message).toMatch(/watermark must be a number/);
    expect(badTokenRequest.body.error.message).toMatch(/lang must be nl or en/);
  });

  it('when a conversation was not written to for longer than the retention time, then it is erased and a recent one stays', async () => {
    const old = await startConversation(r.url);
    clock.advance(31 * 24 * 3600);
    const recent = await startConversation(r.url);

    const erased = await r.webChat.transcripts.purgeOlderThan(clock.now().getTime() - 30 * 24 * 3600 * 1000);
    const refreshed = await call(`${r.url}/v3/directline/tokens/refresh`, { token: recent.token, body: {} });

    expect(erased).toBe(1);
    expect(await r.webChat.transcripts.get(old.conversationId)).toBeUndefined();
    expect(await r.webChat.transcripts.get(recent.conversationId)).toBeDefined();
    expect(refreshed.status).toBe(200);
  });
});

describe.each(BOTH)('Direct Line transcripts on %s', (_name, makeDb) => {
  let testDb: TestDb;
  beforeEach(async () => {
    testDb = await makeDb();
  });
  afterEach(async () => {
    await testDb.dispose();
  });

  it('when the server restarts mid-conversation, then the same token reads the whole transcript and the numbering goes on', async () => {
    const clock = new TestClock();
    const first = await startWebChat(await testDb.open(), { now: clock.now });
    const { conversationId, token } = await startConversation(first.url);
    await post(first, conversationId, token, message('voor de herstart'));
    await first.close();

    const second = await startWebChat(await testDb.open(), { now: clock.now });
    const resumed = await call(`${second.url}/v3/directline/conversations/${conversationId}?watermark=`, { token });
    await post(second, conversationId, token, message('na de herstart'));
    const page = await activities(second, conversationId, token);
    await second.close();

    expect(resumed.status).toBe(200);
    expect(page.body.activities.map((a: { text: string }) => a.text)).toEqual([
      'welcome org=- locale=-',
      'voor de herstart',
      expect.stringMatching(/^echo: voor de herstart/),
      'na de herstart',
      expect.stringMatching(/^echo: na de herstart/),
    ]);
    expect(page.body.activities.map((a: { id: string }) => a.id.split('|')[1])).toEqual(['0000001', '0000002', '0000003', '0000004', '0000005']);
  });

  it('when two instances share the store, then a conversation started on one is carried on and read on the other', async () => {
    const clock = new TestClock();
    const a = await startWebChat(await testDb.open(), { now: clock.now });
    const b = await startWebChat(await testDb.open(), { now: clock.now });
    try {
      const { conversationId, token } = await startConversation(a.url);
      await Promise.all([post(b, conversationId, token, message('via b')), post(a, conversationId, token, message('via a'))]);
      const page = await activities(a, conversationId, token);

      const seqs = page.body.activities.map((x: { id: string }) => Number(x.id.split('|')[1]));
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
      expect(page.body.activities.filter((x: { from: { role: string } }) => x.from.role === 'user').map((x: { text: string }) => x.text).sort()).toEqual(['via a', 'via b']);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
