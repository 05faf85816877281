import { Agent, request } from 'node:http';
import { inProcessBot } from '../src/channel/directline/inProcessBot';
import { mountWebChat } from '../src/channel/webchat/mountWebChat';
import { startInProcessApp } from './lib/inProcessApp';
import { ANSWERS } from './lib/conversation';
import { percentile } from './lib/load';

/**
 * What the web chat costs the server: whole conversations through the local Direct Line endpoint
 * as Web Chat drives it (token, start, then per answer a POST and the GET that fetches the
 * replies), the idle poll every open page makes each second, and the page itself. SQLite, the
 * real bot and send port (the outbox worker is not started, so no mail is written).
 *
 *   npm run -s build && node dist/bench/directline.js [conversations=100] [concurrency=4]
 */

const agent = new Agent({ keepAlive: true, maxSockets: 256 });
const times = new Map<string, number[]>();

function call(port: number, method: string, path: string, opts: { token?: string; body?: unknown; gzip?: boolean } = {}): Promise<{ status: number; json: any; bytes: number }> {
  const data = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  const headers: Record<string, string | number> = {};
  if (data) Object.assign(headers, { 'content-type': 'application/json', 'content-length': data.length });
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.gzip) headers['accept-encoding'] = 'gzip';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const isJson = String(res.headers['content-type'] ?? '').includes('json');
        resolve({ status: res.statusCode ?? 0, json: isJson && body.length ? JSON.parse(body.toString('utf8')) : undefined, bytes: body.length });
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const result = await fn();
  const list = times.get(name) ?? [];
  list.push(performance.now() - t0);
  times.set(name, list);
  return result;
}

async function conversation(port: number, organisation: string): Promise<string | undefined> {
  const grant = await timed('token', () => call(port, 'POST', '/api/directline/token', { body: { organisation, locale: 'nl' } }));
  const { token, conversationId } = grant.json as { token: string; conversationId: string };
  const base = `/v3/directline/conversations/${conversationId}`;
  await timed('start (welcome)', () => call(port, 'POST', '/v3/directline/conversations', { token, body: {} }));
  let watermark = '';
  let n = 0;
  for (let turn = 0; turn < 40; turn++) {
    const page = await timed('poll with replies', () => call(port, 'GET', `${base}/activities?watermark=${watermark}`, { token }));
    watermark = page.json.watermark;
    const activities = page.json.activities as Array<{ channelData?: { klachtwijzer?: { step: string }; klachtwijzerOutcome?: { outcome: string } } }>;
    const outcome = activities.find((a) => a.channelData?.klachtwijzerOutcome)?.channelData?.klachtwijzerOutcome?.outcome;
    if (outcome) return outcome;
    const step = [...activities].reverse().find((a) => a.channelData?.klachtwijzer)?.channelData?.klachtwijzer?.step;
    if (!step) return undefined;
    await timed('idle poll', () => call(port, 'GET', `${base}/activities?watermark=${watermark}`, { token }));
    const text = ANSWERS[step];
    if (text === undefined) throw new Error(`no answer for ${step}`);
    const posted = await timed('post answer (bot turn)', () =>
      call(port, 'POST', `${base}/activities`, { token, body: { type: 'message', text, locale: 'nl-NL', channelData: { clientActivityID: `c${++n}`, organisation } } }),
    );
    if (posted.status !== 200) throw new Error(`post answered ${posted.status}`);
  }
  throw new Error('conversation did not end');
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100);
  const concurrency = Number(process.argv[3] ?? 4);
  const { env, clock, procedures, db, app, close } = await startInProcessApp('directline');
  const webChat = await mountWebChat(app.server, { env, db, procedures, bot: inProcessBot({ adapter: app.adapter, logic: app.logic }), now: () => clock.now() });
  const port = await app.listen(0);
  const orgs = procedures.list().map((p) => p.id);

  for (let i = 0; i < 5; i++) await conversation(port, orgs[i % orgs.length]!);
  times.clear();

  for (let i = 0; i < 200; i++) await timed('GET / (page)', () => call(port, 'GET', '/?org=xtra&lang=nl'));
  let bundle = 0;
  for (let i = 0; i < 50; i++) bundle = (await timed('GET webchat.js (gzip)', () => call(port, 'GET', '/vendor/webchat.js', { gzip: true }))).bytes;

  const outcomes = new Map<string, number>();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const outcome = (await conversation(port, orgs[i % orgs.length]!)) ?? 'none';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }),
  );
  const wall = performance.now() - t0;

  const fmt = (x: number) => x.toFixed(2).padStart(9);
  const lines = [
    `Klachtwijzer web chat: ${n} conversations through the local Direct Line endpoint (concurrency ${concurrency}), SQLite, Node ${process.version}`,
    `${'request'.padEnd(26)}${'n'.padStart(7)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}`,
    ...[...times.entries()].map(([name, ms]) => {
      const s = [...ms].sort((a, b) => a - b);
      return `${name.padEnd(26)}${String(s.length).padStart(7)}${fmt(percentile(s, 50))}${fmt(percentile(s, 99))}${fmt(s[s.length - 1]!)}`;
    }),
    `conversations per second: ${((n / wall) * 1000).toFixed(1)}; webchat.js gzipped: ${bundle} bytes; outcomes: ${JSON.stringify(Object.fromEntries(outcomes))}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  webChat.close();
  await close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
