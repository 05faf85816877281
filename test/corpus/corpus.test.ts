import { request } from 'node:http';
import { connect } from 'node:net';
import { BASE } from '../conversation/scenarios';
import { tempDir } from '../helpers/databases';
import { httpTransport, ScenarioDriver, type Answer } from '../helpers/scenarioDriver';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { TODAY_INSTANT } from '../helpers/testApp';
import { HTTP_CASES, STEP_CASES, type HttpCase } from './cases';

/**
 * The bad-input corpus against one real server process (`node dist/src/index.js`), as `npm start`
 * runs it. Each case asserts its status code, that the process still lives (and answers
 * /healthz), and that the control conversation, a complaint made beside the bad input, takes its
 * next step. Control conversations run to `submitted` one after another, and the last one
 * completes after the final case.
 */

const ANSWERS: Record<string, Answer> = { ...(BASE.nl as Record<string, Answer>), organisation: 'xtra' };
/** Step cases are sent in three rounds, so each lands on different steps of the control conversation. */
const STEP_ROUNDS = 3;

let server: ServerProcess;
let token = '';
let cid = '';
let control: ScenarioDriver;
let completed = 0;

function send(c: HttpCase): Promise<{ status: number; body: string }> {
  const url = new URL(server.baseUrl + c.path.replaceAll('{cid}', cid));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.headers ?? {})) headers[k] = v.replaceAll('{token}', token);
  const body = typeof c.body === 'string' ? Buffer.from(c.body) : c.body;
  if (body && c.chunked) return rawChunked(url, c.method, headers, body);
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    let answered: { status: number; body: string } | undefined;
    const req = request(url, { method: c.method, headers, agent: false }, (res) => {
      res.once('end', () => undefined);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve((answered = { status: res.statusCode ?? 0, body: text })));
      res.on('error', () => answered ?? resolve({ status: res.statusCode ?? 0, body: text }));
    });
    // The server may answer 413/415 and close while we still write: the answer is what counts.
    req.on('error', (err) => setTimeout(() => (answered ? undefined : reject(err)), 2000));
    if (body && body.length > 1_048_576) {
      // As a careful client does (Expect: 100-continue): headers first; the server refuses from
      // Content-Length alone, and a body written into a closing socket would only end in EPIPE.
      req.flushHeaders();
      req.once('response', () => req.destroy());
      setTimeout(() => (answered || req.destroyed ? undefined : req.end(body)), 1000);
    } else req.end(body);
  });
}

/**
 * A chunked body over a plain socket: Node's HTTP client may drop an answer that arrives while it
 * still writes (the server answers 413 after the first megabyte) once a write fails with EPIPE.
 * Here every byte the server sent counts, whatever happens to our writes after it.
 */
function rawChunked(url: URL, method: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let got = '';
    const settle = () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (status) resolve({ status: Number(status[1]), body: got.slice(got.indexOf('\r\n\r\n') + 4) });
      else reject(new Error(`no answer before the connection closed (${got.length} bytes)`));
    };
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      got += d;
      // The whole answer is in (its Content-Length): stop sending.
      const head = got.indexOf('\r\n\r\n');
      const length = head >= 0 ? /content-length: (\d+)/i.exec(got.slice(0, head)) : null;
      if (length && Buffer.byteLength(got.slice(head + 4)) >= Number(length[1])) socket.destroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', settle);
    const lines = Object.entries({ host: url.host, ...headers, 'transfer-encoding': 'chunked' }).map(([k, v]) => `${k}: ${v}`);
    socket.write(`${method} ${url.pathname}${url.search} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    void (async () => {
      for (let at = 0; at < body.length && !socket.destroyed; at += 65536) {
        const part = body.subarray(at, at + 65536);
        const more = [socket.write(`${part.length.toString(16)}\r\n`), socket.write(part), socket.write('\r\n')].every(Boolean);
        if (!more && !socket.destroyed) await new Promise((r) => socket.once('drain', r).once('close', r));
      }
      if (!socket.destroyed) socket.end('0\r\n\r\n');
    })();
  });
}

async function assertAlive(): Promise<void> {
  expect(server.child.exitCode).toBeNull();
  const res = await fetch(`${server.baseUrl}/healthz`);
  expect(res.status).toBe(200);
}

const ERROR_TEXT = /Foutcode|Error code/;

/** One step of the control conversation; when it ends it must be sent, and a new one begins. */
async function controlTurn(): Promise<void> {
  const meta = control.meta;
  if (!meta) throw new Error(`the control conversation asks nothing after ${control.steps.join(' > ')}`);
  const answer = ANSWERS[meta.step];
  if (answer === undefined) throw new Error(`the control conversation has no answer for ${meta.step}`);
  const replies = await control.send(answer);
  expect(replies.length).toBeGreaterThan(0);
  expect(replies.map((r) => r.text ?? '').join('\n')).not.toMatch(ERROR_TEXT);
  if (!control.meta) {
    expect(control.outcome).toEqual({ outcome: 'submitted', reference: expect.stringMatching(/^KW-2026-/) });
    completed += 1;
    control = new ScenarioDriver(httpTransport(server.baseUrl));
    await control.start();
  }
}

beforeAll(async () => {
  server = await startServerProcess({
    DATA_DIR: tempDir('kw-corpus-'),
    KLACHTWIJZER_FIXED_NOW: TODAY_INSTANT,
    RATE_LIMIT_PER_ADDRESS: '100000',
    RATE_LIMIT_PER_CLIENT: '100000',
    RATE_LIMIT_PER_RECIPIENT: '100000',
    DIRECTLINE_CONVERSATIONS_PER_MINUTE: '100000',
    DIRECTLINE_TOKENS_PER_MINUTE: '100000',
  });
  const grant = (await (await fetch(`${server.baseUrl}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"organisation":"xtra"}' })).json()) as { token: string; conversationId: string };
  token = grant.token;
  cid = grant.conversationId;
  const started = await fetch(`${server.baseUrl}/v3/directline/conversations`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(started.status).toBe(201);
  control = new ScenarioDriver(httpTransport(server.baseUrl));
  await control.start();
}, 60_000);

afterAll(async () => {
  if (!server) return;
  server.child.kill('SIGTERM');
  await server.exited;
});

describe('the bad-input corpus', () => {
  it('has at least 300 cases', () => {
    expect(HTTP_CASES.length + STEP_CASES.length * STEP_ROUNDS).toBeGreaterThanOrEqual(300);
  });

  describe.each(HTTP_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it(`answers ${Array.isArray(c.status) ? c.status.join(' or ') : c.status}, the process lives, and the control conversation goes on`, async () => {
      const res = await send(c);
      const allowed = Array.isArray(c.status) ? c.status : [c.status];
      if (!allowed.includes(res.status)) throw new Error(`${c.method} ${c.path}: expected ${allowed.join('/')}, got ${res.status}: ${res.body.slice(0, 300)}`);
      expect(res.status).not.toBe(500);
      await assertAlive();
      await controlTurn();
    });
  });

  const rounds = Array.from({ length: STEP_ROUNDS }, (_, round) => STEP_CASES.map((c) => [`round ${round + 1}: ${c.name}`, c] as const)).flat();
  describe.each(rounds)('an answer with %s at the control conversation’s current step', (_name, c) => {
    it('gets 200 and an answer that is no error, the process lives, and the conversation goes on', async () => {
      const replies = await control.send({ text: c.text, value: c.value, attachments: c.attachments as never });
      expect(replies.length).toBeGreaterThan(0);
      expect(replies.map((r) => r.text ?? '').join('\n')).not.toMatch(ERROR_TEXT);
      await assertAlive();
      await controlTurn();
    });
  });

  it('then the last control conversation completes, and every one before it did', async () => {
    const { outcome } = await control.run(ANSWERS);
    expect(outcome).toEqual({ outcome: 'submitted', reference: expect.stringMatching(/^KW-2026-/) });
    expect(completed).toBeGreaterThanOrEqual(1);
    await assertAlive();
  });
});
