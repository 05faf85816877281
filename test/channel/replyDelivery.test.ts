import { createServer, type Server } from 'node:http';
import { BoundedPromiseCache } from '../../src/channel/reusedClients';
import { startTestApp, type TestApp } from '../helpers/testApp';

/** A channel's connector service: records every activity the bot posts to it. */
async function channelService(): Promise<{ url: string; received: Array<{ path: string; text?: string; conversation?: string }>; close(): Promise<void> }> {
  const received: Array<{ path: string; text?: string; conversation?: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      const activity = body ? (JSON.parse(body) as { text?: string; conversation?: { id?: string } }) : {};
      received.push({ path: req.url ?? '', text: activity.text, conversation: activity.conversation?.id });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `posted-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('replies without expectReplies go to the channel that sent the activity', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const send = (serviceUrl: string, conversation: string, id: string, text: string) =>
    fetch(`${t.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', id, channelId: 'test', serviceUrl, conversation: { id: conversation }, from: { id: `u-${conversation}` }, recipient: { id: 'bot' }, text, locale: 'en-US' }),
    });

  it('when two channels each send two messages, then every reply reaches its own channel, turn after turn', async () => {
    const [a, b] = [await channelService(), await channelService()];
    try {
      for (const turn of ['hello', 'help']) {
        expect((await send(a.url, 'conv-a', `a-${turn}`, turn)).status).toBe(200);
        expect((await send(b.url, 'conv-b', `b-${turn}`, turn)).status).toBe(200);
      }
      for (const [service, conversation] of [
        [a, 'conv-a'],
        [b, 'conv-b'],
      ] as const) {
        expect(service.received.length).toBeGreaterThanOrEqual(3);
        expect(new Set(service.received.map((r) => r.conversation))).toEqual(new Set([conversation]));
        expect(service.received.every((r) => r.path.startsWith(`/v3/conversations/${conversation}/activities`))).toBe(true);
        // The first turn's welcome and the second turn's help both arrived.
        expect(service.received.map((r) => r.text).join('\n')).toMatch(/computer program, not a person/);
        expect(service.received.some((r) => r.path.endsWith(`/${conversation === 'conv-a' ? 'a' : 'b'}-help`))).toBe(true);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('the bounded cache of connector clients', () => {
  it('when more service URLs come than it keeps, then the least recently used goes and the count stays bounded', async () => {
    const cache = new BoundedPromiseCache<string>(2);
    let made = 0;
    const make = (v: string) => () => Promise.resolve(`${v}-${++made}`);
    expect(await cache.get('a', make('a'))).toBe('a-1');
    expect(await cache.get('b', make('b'))).toBe('b-2');
    expect(await cache.get('a', make('a'))).toBe('a-1');
    expect(await cache.get('c', make('c'))).toBe('c-3');
    expect(cache.size).toBe(2);
    expect(await cache.get('a', make('a'))).toBe('a-1');
    expect(await cache.get('b', make('b'))).toBe('b-4');
  });

  it('when making a client fails, then the failure is not kept and the next turn tries again', async () => {
    const cache = new BoundedPromiseCache<string>(2);
    await expect(cache.get('a', () => Promise.reject(new Error('invalid appId')))).rejects.toThrow('invalid appId');
    expect(await cache.get('a', () => Promise.resolve('ok'))).toBe('ok');
  });
});
