import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/infra/log/logger';
import { freePort } from '../helpers/serverProcess';
import { startTestApp, type TestApp } from '../helpers/testApp';

const APP_ID = '8f2d6b1e-4c3a-4f5e-9d7c-1a2b3c4d5e6f';
const KID = 'test-key-1';
// Tokens live in real time: botbuilder checks exp and nbf against the system clock, not the app's.
const NOW = Math.floor(Date.now() / 1000);
const SERVICE_URL = 'http://127.0.0.1:9';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const keys = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/** A JWT as the Bot Framework channel service signs it, with any part changed by `over`. */
function jwt(privateKey: KeyObject, over: { header?: Record<string, unknown>; claims?: Record<string, unknown>; unsigned?: boolean } = {}): string {
  const header = { alg: 'RS256', typ: 'JWT', kid: KID, ...over.header };
  const claims = { iss: 'https://api.botframework.com', aud: APP_ID, exp: NOW + 3600, nbf: NOW - 60, serviceurl: SERVICE_URL, ...over.claims };
  for (const k of Object.keys(header)) if ((header as Record<string, unknown>)[k] === undefined) delete (header as Record<string, unknown>)[k];
  const data = `${b64(header)}.${b64(claims)}`;
  if (over.unsigned) return `${data}.`;
  return `${data}.${sign('sha256', Buffer.from(data), privateKey).toString('base64url')}`;
}

/** The OpenID metadata and key set of the token issuer, on loopback (there is no internet here). */
async function stubIssuer(publicKey: KeyObject): Promise<{ url: string; server: Server }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const jwk = publicKey.export({ format: 'jwk' });
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/openid') res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` }));
    else if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ ...jwk, kid: KID, use: 'sig', endorsements: ['test'] }] }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `${base}/openid`, server };
}

const activity = (id: string) => ({
  type: 'message',
  channelId: 'test',
  serviceUrl: SERVICE_URL,
  conversation: { id },
  from: { id: 'u' },
  recipient: { id: APP_ID },
  text: 'hallo',
  deliveryMode: 'expectReplies',
});

function captureLog() {
  const lines: string[] = [];
  const stream = new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) });
  return { log: createLogger('info', stream), lines };
}

async function post(t: TestApp, authorization: string | undefined, id: string) {
  const res = await fetch(`${t.baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
    body: JSON.stringify(activity(id)),
  });
  return { status: res.status, text: await res.text() };
}

const issuerKeys = keys();
const forgerKeys = keys();

describe('tokens on /api/messages when the key endpoint cannot be reached', () => {
  let t: TestApp;
  const captured = captureLog();
  beforeAll(async () => {
    const closedPort = await freePort();
    t = await startTestApp({ log: captured.log, auth: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: undefined, BOT_OPENID_METADATA: `http://127.0.0.1:${closedPort}/openid` } });
  });
  afterAll(async () => t.close());

  const k = issuerKeys.privateKey;
  it.each([
    ['no Authorization header', undefined],
    ['a bearer that is not a JWT', 'Bearer abc'],
    ['a JWT with alg none', `Bearer ${jwt(k, { header: { alg: 'none' }, unsigned: true })}`],
    ['a JWT with alg HS256', `Bearer ${jwt(k, { header: { alg: 'HS256' } })}`],
    ['a JWT without kid', `Bearer ${jwt(k, { header: { kid: undefined } })}`],
    ['a JWT without signature', `Bearer ${jwt(k, { unsigned: true })}`],
    ['an expired JWT', `Bearer ${jwt(k, { claims: { exp: NOW - 3600 } })}`],
    ['a JWT not valid yet', `Bearer ${jwt(k, { claims: { nbf: NOW + 3600 } })}`],
    ['a JWT for another audience', `Bearer ${jwt(k, { claims: { aud: 'someone-else' } })}`],
    ['a JWT from another issuer', `Bearer ${jwt(k, { claims: { iss: 'https://evil.example' } })}`],
    ['a header that is not JSON', `Bearer ${Buffer.from('{x').toString('base64url')}.${b64({})}.sig`],
  ])('when the request has %s, then the answer is 401 without any internal detail', async (_what, authorization) => {
    const res = await post(t, authorization, 'auth-401');
    expect(res.status).toBe(401);
    expect(res.text).not.toMatch(/[A-Za-z]Error|stack|ECONN|fetch|openid|127\.0\.0\.1/);
  });

  it('regression: when a well-formed forged token arrives and the signing keys cannot be fetched, then the answer is 503 with a log line, never 500 with an internal error text', async () => {
    const res = await post(t, `Bearer ${jwt(forgerKeys.privateKey)}`, 'auth-503');
    expect(res.status).toBe(503);
    expect(res.text).not.toMatch(/[A-Za-z]Error|ECONN|fetch|openid|127\.0\.0\.1/);
    expect(captured.lines.join('')).toContain('token_keys_unavailable');
  });
});

describe('tokens on /api/messages with the issuer stubbed on loopback', () => {
  let t: TestApp;
  let issuer: { url: string; server: Server };
  beforeAll(async () => {
    issuer = await stubIssuer(issuerKeys.publicKey);
    t = await startTestApp({ auth: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', BOT_OPENID_METADATA: issuer.url } });
  });
  afterAll(async () => {
    await t.close();
    issuer.server.close();
  });

  it('when a forged token is signed with another key under the right kid, then the answer is 401', async () => {
    const res = await post(t, `Bearer ${jwt(forgerKeys.privateKey)}`, 'auth-forged');
    expect(res.status).toBe(401);
  });

  it('when the kid is unknown to the issuer, then the answer is 401', async () => {
    const res = await post(t, `Bearer ${jwt(issuerKeys.privateKey, { header: { kid: 'unknown' } })}`, 'auth-kid');
    expect(res.status).toBe(401);
  });

  it('when the token is the issuer’s own, then the bot answers', async () => {
    const res = await post(t, `Bearer ${jwt(issuerKeys.privateKey)}`, 'auth-ok');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/computerprogramma|computer program/);
  });
});

describe('production without an app id', () => {
  it('regression: when NODE_ENV=production and MicrosoftAppId is not set, then POST /api/messages answers 401 and no reply goes to the serviceUrl it names', async () => {
    const t = await startTestApp({ refuseUnauthenticated: true });
    try {
      const res = await post(t, undefined, 'prod-1');
      expect(res.status).toBe(401);
      expect(await t.db.query('SELECT 1 AS ok FROM bot_state LIMIT 1').catch(() => [])).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
