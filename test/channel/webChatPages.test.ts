import { createServer, type IncomingMessage, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { SqlDb } from '../../src/infra/db/db';
import { sqliteTestDb, type TestDb } from '../helpers/databases';
import { call, startConversation, startWebChat, type Running } from './webChatHarness';

describe('web chat: who may call it (CORS)', () => {
  let testDb: TestDb;
  let db: SqlDb;
  let r: Running;
  beforeEach(async () => {
    testDb = sqliteTestDb();
    db = await testDb.open();
  });
  afterEach(async () => {
    await r.close();
    await testDb.dispose();
  });

  const preflight = (origin: string, path = '/api/directline/token') =>
    call(`${r.url}${path}`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });

  it('when an organisation site in ALLOWED_ORIGINS asks first (preflight), then it may send the Authorization header', async () => {
    r = await startWebChat(db, { env: { ALLOWED_ORIGINS: ['https://www.xtra.nl'] } });

    const res = await preflight('https://www.xtra.nl', '/v3/directline/conversations/abc/activities');

    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.xtra.nl');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });

  it('when an allowed site gets a token, then the answer names that site and nothing else', async () => {
    r = await startWebChat(db, { env: { ALLOWED_ORIGINS: ['https://www.xtra.nl', 'https://mee-zhn.nl'] } });

    const res = await call(`${r.url}/api/directline/token`, { body: {}, headers: { Origin: 'https://mee-zhn.nl' } });

    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://mee-zhn.nl');
  });

  it.each([
    ['a site not in the list', ['https://www.xtra.nl'], 'https://evil.example'],
    ['any site when ALLOWED_ORIGINS is empty', [], 'https://www.xtra.nl'],
    ['a look-alike with another scheme', ['https://www.xtra.nl'], 'http://www.xtra.nl'],
  ])('when %s calls, then preflight and request get 403 and no token', async (_what, allowed, origin) => {
    r = await startWebChat(db, { env: { ALLOWED_ORIGINS: allowed } });

    const pre = await preflight(origin);
    const res = await call(`${r.url}/api/directline/token`, { body: {}, headers: { Origin: origin } });

    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.status).toBe(403);
    expect(res.body.token).toBeUndefined();
    expect(res.body.error.message).toMatch(/ALLOWED_ORIGINS/);
  });

  it('when the bot\'s own page calls (same origin), then it works with no list at all', async () => {
    r = await startWebChat(db);

    const res = await call(`${r.url}/api/directline/token`, { body: {}, headers: { Origin: r.url } });

    expect(res.status).toBe(200);
    expect(res.body.token).toEqual(expect.any(String));
  });

  it('when ALLOWED_ORIGINS holds something that is not a web address, then the server does not start', async () => {
    await expect(startWebChat(db, { env: { ALLOWED_ORIGINS: ['www.xtra.nl'] } })).rejects.toThrow(/ALLOWED_ORIGINS: "www.xtra.nl" is not a web address/);
    r = { close: async () => undefined } as Running;
  });
});

describe('web chat: the token with DIRECT_LINE_SECRET (Azure Direct Line)', () => {
  const SECRET = 'azure-direct-line-secret-XYZ';
  let testDb: TestDb;
  let r: Running;
  let azure: Server;
  let azureUrl: string;
  let seen: Array<{ url?: string; authorization?: string; body: any }>;
  let answer: { status: number; body: unknown };

  beforeEach(async () => {
    seen = [];
    answer = { status: 200, body: { conversationId: 'azure-conv-1', token: 'azure-token-1', expires_in: 3600 } };
    azure = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.push({ url: req.url, authorization: req.headers.authorization, body: raw ? JSON.parse(raw) : undefined });
        res.writeHead(answer.status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => azure.listen(0, '127.0.0.1', resolve));
    azureUrl = `http://127.0.0.1:${(azure.address() as { port: number }).port}/v3/directline`;
    testDb = sqliteTestDb();
    r = await startWebChat(await testDb.open(), { env: { DIRECT_LINE_SECRET: SECRET }, azure: { base: azureUrl } });
  });
  afterEach(async () => {
    await r.close();
    await testDb.dispose();
    await new Promise<void>((resolve) => azure.close(() => resolve()));
  });

  it('when the page asks for a token, then the server exchanges the secret and the page gets Azure\'s token, never the secret', async () => {
    const res = await call(`${r.url}/api/directline/token`, { body: { organisation: 'xtra', locale: 'nl' } });

    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ url: '/v3/directline/tokens/generate', authorization: `Bearer ${SECRET}` });
    expect(seen[0]!.body.user.id).toMatch(/^dl_/);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: 'azure-token-1', conversationId: 'azure-conv-1', expires_in: 3600, userId: seen[0]!.body.user.id, domain: azureUrl });
    expect(res.text).not.toContain(SECRET);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('when Azure refuses, then the page gets 502 with a reason and still no secret', async () => {
    answer = { status: 403, body: { error: { code: 'BadArgument', message: `bad secret ${SECRET}` } } };

    const res = await call(`${r.url}/api/directline/token`, { body: {} });

    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/refused the request \(403\)/);
    expect(res.text).not.toContain(SECRET);
  });

  it('when the secret is set, then the chat page may connect to Azure and nowhere else', async () => {
    const page = await fetch(`${r.url}/?lang=nl`);

    expect(page.headers.get('content-security-policy')).toMatch(/connect-src 'self' https:\/\/directline\.botframework\.com wss:\/\/directline\.botframework\.com;/);
  });
});

describe('web chat: pages, contacts and files', () => {
  let testDb: TestDb;
  let r: Running;
  beforeAll(async () => {
    testDb = sqliteTestDb();
    r = await startWebChat(await testDb.open(), { env: { ALLOWED_ORIGINS: ['https://www.xtra.nl'], CONVERSATION_RETENTION_DAYS: 14, RETENTION_DAYS: 365 } });
  });
  afterAll(async () => {
    await r.close();
    await testDb.dispose();
  });

  const page = async (path: string) => {
    const res = await fetch(`${r.url}${path}`);
    return { status: res.status, headers: res.headers, html: await res.text() };
  };

  it('when a visitor opens /?org=so-trainingsbureau&lang=en, then the page is English, names the organisation and shows how to phone a person', async () => {
    const { status, headers, html } = await page('/?org=so-trainingsbureau&lang=en');

    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('<h1 class="kw-title">Make a complaint to SO! Trainingsbureau</h1>');
    expect(html).toContain('href="tel:0610138150">06 10 13 81 50</a>');
    expect(html).toContain('href="mailto:officemanager@sotrainingsbureau.nl"');
    expect(html).toMatch(/"organisation":"so-trainingsbureau"/);
    expect(html).toMatch(/"locale":"en-US"/);
    expect(headers.get('content-security-policy')).toMatch(/frame-ancestors 'self' https:\/\/www\.xtra\.nl/);
  });

  it('when a visitor opens the page without an organisation, then it is Dutch and says where the contact details will appear', async () => {
    const { html } = await page('/');

    expect(html).toMatch(/<html lang="nl">/);
    expect(html).toContain('<h1 class="kw-title">Een klacht indienen</h1>');
    expect(html).toContain('Kies in de chat eerst uw organisatie.');
    expect(html).toMatch(/"organisation":null/);
  });

  it.each([
    ['/?lang=de', /lang: lang must be nl or en/],
    ['/?org=%3Cscript%3E', /org: organisation ids are lower-case letters/],
  ])('when the address is wrong (%s), then a 400 page explains it kindly', async (path, why) => {
    const { status, html } = await page(path);

    expect(status).toBe(400);
    expect(html).toContain('Deze link klopt niet');
    expect(html).toMatch(why);
    expect(html).not.toContain('<script>');
  });

  it.each([
    ['/privacy?lang=nl', 'nl', 'Privacy: wat Klachtwijzer met uw gegevens doet', 'wissen we na 14 dagen'],
    ['/privacy?lang=en', 'en', 'Privacy: what Klachtwijzer does with your data', 'after 14 days'],
    ['/terms?lang=nl', 'nl', 'Gebruiksvoorwaarden van Klachtwijzer', 'Bel dan 112'],
    ['/terms?lang=en', 'en', 'Terms of use of Klachtwijzer', 'Call 112'],
  ])('when someone opens %s, then the statement is there in that language', async (path, lang, title, fact) => {
    const { status, html } = await page(path);

    expect(status).toBe(200);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(`<h1>${title}</h1>`);
    expect(html).toContain(fact);
  });

  it('when a deployment names its own privacy statement and terms, then the page links to those', async () => {
    const own = await startWebChat(await testDb.open(), { env: { PRIVACY_URL: 'https://www.xtra.nl/privacy', TERMS_URL: 'https://www.xtra.nl/voorwaarden' } });
    try {
      const html = await (await fetch(`${own.url}/?org=xtra`)).text();

      expect(html).toContain('href="https://www.xtra.nl/privacy"');
      expect(html).toContain('href="https://www.xtra.nl/voorwaarden"');
    } finally {
      await own.close();
    }
  });

  it('when the page has no statements of its own, then it links the built-in ones in its language', async () => {
    const { html } = await page('/?org=xtra&lang=en');

    expect(html).toContain('href="/privacy?org=xtra&amp;lang=en"');
    expect(html).toContain('href="/terms?org=xtra&amp;lang=en"');
  });

  it('when the privacy page is read, then it names the retention for sent complaints from the settings', async () => {
    const { html } = await page('/privacy?lang=en');

    expect(html).toContain('for 365 days');
  });

  it.each([
    ['so-trainingsbureau', 'nl', { kind: 'person', phone: '06 10 13 81 50', email: 'officemanager@sotrainingsbureau.nl' }],
    ['xtra', 'en', { kind: 'person', email: 'klachten@xtra.nl' }],
  ])('when the contact routes of %s are asked, then only public routes come back', async (id, lang, expected) => {
    const res = await call(`${r.url}/api/organisations/${id}/contact?lang=${lang}`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ organisation: { id }, ...expected });
    expect(Object.keys(res.body).sort()).toEqual(expect.arrayContaining(['kind', 'organisation']));
    expect(res.text).not.toMatch(/"post"|"names"|"people"/);
  });

  it('when the contact routes of an unknown or malformed organisation are asked, then 404 and 400', async () => {
    const unknown = await call(`${r.url}/api/organisations/nobody/contact`);
    const malformed = await call(`${r.url}/api/organisations/DROP%20TABLE/contact`);

    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/lower-case/);
  });

  it.each([
    ['/app.js', 'text/javascript; charset=utf-8'],
    ['/app.css', 'text/css; charset=utf-8'],
    ['/embed.js', 'text/javascript; charset=utf-8'],
    ['/vendor/webchat.js', 'text/javascript; charset=utf-8'],
    ['/vendor/LICENSE', 'text/plain; charset=utf-8'],
  ])('when a browser fetches %s, then it gets the file with its type and an ETag', async (path, type) => {
    const res = await fetch(`${r.url}${path}`);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('etag')).toMatch(/^"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await res.text()).length).toBeGreaterThan(100);
  });

  it('when the page links Web Chat by version, then the bundle may be cached for a year, comes gzipped, and a repeat visit gets 304', async () => {
    const { html } = await page('/');
    const src = /src="(\/vendor\/webchat\.js\?v=[^"]+)"/.exec(html)![1]!;

    const raw = await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      require('node:http')
        .get(`${r.url}${src}`, { headers: { 'Accept-Encoding': 'gzip' } }, (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    const again = await fetch(`${r.url}${src}`, { headers: { 'If-None-Match': String(raw.headers.etag) } });

    expect(raw.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.body.length).toBeLessThan(1_200_000);
    expect(gunzipSync(raw.body).toString('utf8')).toContain('renderWebChat');
    expect(again.status).toBe(304);
  });

  it('when an organisation loads embed.js, then it is briefly cached and carries the frame titles in both languages', async () => {
    const res = await fetch(`${r.url}/embed.js`);
    const js = await res.text();

    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(js).toContain('"nl":"Klachtwijzer: een klacht indienen"');
    expect(js).toContain('"en":"Klachtwijzer: make a complaint"');
    expect(js).not.toContain('__KLACHTWIJZER_FRAME_TITLES__');
  });

  it('when the page gets a local token, then the conversation id in it is fresh each time and never guessable from the last', async () => {
    const a = await startConversation(r.url);
    const b = await startConversation(r.url);

    expect(a.conversationId).not.toBe(b.conversationId);
    expect(a.conversationId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.userId).toMatch(/^kw-/);
  });
});
