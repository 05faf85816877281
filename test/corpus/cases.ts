import { gzipSync, deflateSync } from 'node:zlib';

/**
 * The bad-input corpus: requests a careless or hostile client may send, each with the answer it
 * must get. `{cid}` and `{token}` are replaced with a live Direct Line conversation and its token.
 */
export interface HttpCase {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Send the body in chunks without a Content-Length. */
  chunked?: boolean;
  status: number | number[];
}

/** A bad answer typed (or sent as a value) at whatever step the control conversation is on. */
export interface StepCase {
  name: string;
  text?: string;
  value?: unknown;
  attachments?: unknown[];
}

const json = (v: unknown) => JSON.stringify(v);
const deep = (n: number, open: string, close: string, inner = '1') => open.repeat(n) + inner + close.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const activity = (extra: Record<string, unknown> = {}) =>
  json({ type: 'message', channelId: 'test', conversation: { id: 'corpus-x' }, from: { id: 'corpus-u' }, recipient: { id: 'bot' }, deliveryMode: 'expectReplies', text: 'hallo', ...extra });

const randomBytes = Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256));
const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));

type Route = 'messages' | 'token' | 'start' | 'post' | 'refresh';
const ROUTES: Record<Route, { path: string; auth: boolean }> = {
  messages: { path: '/api/messages', auth: false },
  token: { path: '/api/directline/token', auth: false },
  start: { path: '/v3/directline/conversations', auth: true },
  post: { path: '/v3/directline/conversations/{cid}/activities', auth: true },
  refresh: { path: '/v3/directline/tokens/refresh', auth: true },
};

interface BodyKind {
  name: string;
  body: Buffer | string;
  headers?: Record<string, string>;
  chunked?: boolean;
  /** The answer per route; one number for all. */
  status: number | Partial<Record<Route, number>>;
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** Bodies that must never crash a route (README: Security, request bodies). */
const BODY_KINDS: BodyKind[] = [
  { name: 'corrupt gzip (regression: an unhandled error event killed the process)', body: randomBytes, headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, status: 415 },
  { name: 'a gzip bomb of 20 MiB (regression: the limit counted compressed bytes; 1 GB killed the process)', body: bomb, headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, status: 415 },
  { name: 'valid gzip of valid JSON', body: gzipSync(Buffer.from(activity())), headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, status: 415 },
  { name: 'corrupt deflate', body: randomBytes, headers: { ...JSON_TYPE, 'content-encoding': 'deflate' }, status: 415 },
  { name: 'valid deflate', body: deflateSync(Buffer.from('{}')), headers: { ...JSON_TYPE, 'content-encoding': 'deflate' }, status: 415 },
  { name: 'brotli', body: randomBytes, headers: { ...JSON_TYPE, 'content-encoding': 'br' }, status: 415 },
  { name: 'stacked encodings', body: randomBytes, headers: { ...JSON_TYPE, 'content-encoding': 'gzip, identity' }, status: 415 },
  { name: 'an unknown encoding', body: '{}', headers: { ...JSON_TYPE, 'content-encoding': 'x-evil' }, status: 415 },
  { name: '5,000-deep arrays (regression: a silent 500 on Direct Line)', body: deep(5000, '[', ']'), headers: JSON_TYPE, status: 400 },
  { name: '5,000-deep objects', body: deepObject(5000), headers: JSON_TYPE, status: 400 },
  { name: '65-deep arrays', body: deep(65, '[', ']'), headers: JSON_TYPE, status: 400 },
  { name: 'deep value inside an activity', body: activity({ value: JSON.parse(deep(70, '[', ']')) }), headers: JSON_TYPE, status: 400 },
  { name: 'brackets inside strings (not deep)', body: json({ type: 'message', text: '['.repeat(5000) }), headers: JSON_TYPE, status: { messages: 400, token: 400, start: 201, post: 200, refresh: 200 } },
  { name: '2 MiB of JSON', body: json({ text: 'a'.repeat(2 * 1024 * 1024) }), headers: JSON_TYPE, status: 413 },
  { name: '2 MiB chunked without Content-Length', body: json({ text: 'a'.repeat(2 * 1024 * 1024) }), headers: JSON_TYPE, chunked: true, status: 413 },
  { name: '300 KiB of JSON', body: json({ text: 'a'.repeat(300 * 1024) }), headers: JSON_TYPE, status: { messages: 400, token: 413, start: 413, post: 413, refresh: 413 } },
  { name: 'broken JSON', body: '{"type": "message",', headers: JSON_TYPE, status: 400 },
  { name: 'JSON with a trailing comma', body: '{"type": "message",}', headers: JSON_TYPE, status: 400 },
  { name: 'random bytes', body: randomBytes, headers: JSON_TYPE, status: 400 },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: JSON_TYPE, status: { messages: 400, token: 400, start: 201, post: 400, refresh: 200 } },
  { name: 'JSON null', body: 'null', headers: JSON_TYPE, status: { messages: 400, token: 200, start: 400, post: 400, refresh: 200 } },
  { name: 'a JSON array', body: '[1,2,3]', headers: JSON_TYPE, status: { messages: 400, token: 400, start: 400, post: 400, refresh: 200 } },
  { name: 'a JSON string', body: '"hallo"', headers: JSON_TYPE, status: { messages: 400, token: 400, start: 400, post: 400, refresh: 200 } },
  { name: 'a JSON number', body: '1e309', headers: JSON_TYPE, status: { messages: 400, token: 400, start: 400, post: 400, refresh: 200 } },
  { name: 'an empty body', body: '', headers: JSON_TYPE, status: { messages: 400, token: 200, start: 201, post: 400, refresh: 200 } },
  { name: 'only whitespace', body: ' \n\t ', headers: JSON_TYPE, status: { messages: 400, token: 200, start: 201, post: 400, refresh: 200 } },
  { name: 'a byte order mark before JSON', body: '\ufeff{}', headers: JSON_TYPE, status: 400 },
  { name: 'plain text', body: 'hallo', headers: { 'content-type': 'text/plain' }, status: 400 },
  { name: 'a form', body: 'type=message&text=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 400 },
  { name: 'multipart', body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', headers: { 'content-type': 'multipart/form-data; boundary=x' }, status: 400 },
  { name: '__proto__ pollution', body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"type":"message"}', headers: JSON_TYPE, status: { messages: 400, token: 400, start: 201, post: 200, refresh: 200 } },
  { name: '10,000 keys', body: json(Object.fromEntries(Array.from({ length: 10000 }, (_, i) => [`k${i}`, i]))), headers: JSON_TYPE, status: { messages: 400, token: 400, start: 201, post: 400, refresh: 200 } },
  { name: 'a 100,000-character key', body: `{"${'k'.repeat(100000)}":1}`, headers: JSON_TYPE, status: { messages: 400, token: 400, start: 201, post: 400, refresh: 200 } },
  { name: 'no content type', body: '{}', headers: {}, status: { messages: 400, token: 200, start: 201, post: 400, refresh: 200 } },
];

function bodyCases(): HttpCase[] {
  const out: HttpCase[] = [];
  for (const [route, r] of Object.entries(ROUTES) as Array<[Route, (typeof ROUTES)[Route]]>) {
    for (const k of BODY_KINDS) {
      const status = typeof k.status === 'number' ? k.status : k.status[route];
      if (status === undefined) throw new Error(`no status for ${k.name} on ${route}`);
      out.push({
        name: `POST ${r.path} with ${k.name}`,
        method: 'POST',
        path: r.path,
        headers: { ...k.headers, ...(r.auth ? { authorization: 'Bearer {token}' } : {}) },
        body: k.body,
        chunked: k.chunked,
        status,
      });
    }
  }
  return out;
}

/** Activities on /api/messages that are JSON but not what a channel sends. */
function activityCases(): HttpCase[] {
  const base = { type: 'message', channelId: 'test', conversation: { id: 'corpus-shape' }, from: { id: 'corpus-u' }, recipient: { id: 'bot' }, deliveryMode: 'expectReplies' };
  const shapes: Array<[string, unknown, number | number[]]> = [
    ['no type', { ...base, type: undefined }, 400],
    ['an empty type', { ...base, type: '' }, 400],
    ['a type of 10,000 characters', { ...base, type: 'm'.repeat(10000) }, 400],
    ['type as a number', { ...base, type: 5 }, 400],
    ['no channelId', { ...base, channelId: undefined }, 400],
    ['no conversation', { ...base, conversation: undefined }, 400],
    ['conversation as a string', { ...base, conversation: 'c' }, 400],
    ['a conversation id of 10,000 characters', { ...base, conversation: { id: 'c'.repeat(10000) } }, 400],
    ['text as an object', { ...base, text: { a: 1 } }, 400],
    ['text of 200,000 characters', { ...base, text: 'a'.repeat(200000) }, 400],
    ['from as a string', { ...base, from: 'me' }, 400],
    ['1,000 attachments', { ...base, attachments: Array.from({ length: 1000 }, () => ({ contentType: 'x' })) }, 400],
    ['membersAdded as an object', { ...base, type: 'conversationUpdate', membersAdded: { id: 'x' } }, 400],
    ['an unknown activity type', { ...base, type: 'explode' }, 200],
    ['a typing activity', { ...base, type: 'typing' }, 200],
    ['an event activity', { ...base, type: 'event', name: 'x', value: { a: 1 } }, 200],
    ['an invoke activity', { ...base, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute' } } }, [200, 501]],
    ['endOfConversation', { ...base, type: 'endOfConversation' }, 200],
    ['messageReaction', { ...base, type: 'messageReaction', reactionsAdded: [{ type: 'like' }] }, 200],
    ['installationUpdate', { ...base, type: 'installationUpdate', action: 'add' }, 200],
    ['conversationUpdate with nobody added', { ...base, type: 'conversationUpdate', membersAdded: [] }, 200],
    ['a message with no text and no value', { ...base, text: undefined }, 200],
    ['a value of every JSON type', { ...base, text: undefined, value: [null, true, 1.5, 'x', { a: [] }] }, 200],
    ['a value { choice: number }', { ...base, text: undefined, value: { choice: 42 } }, 200],
    ['channelData.organisation as an object', { ...base, channelData: { organisation: { id: 'xtra' } } }, 200],
    ['channelData.organisation unknown', { ...base, channelData: { organisation: '../../etc/passwd' } }, 200],
    ['a locale of 60 characters', { ...base, locale: 'x'.repeat(60) }, 200],
    ['a locale of 100 characters', { ...base, locale: 'x'.repeat(100) }, 400],
    ['a javascript: serviceUrl with expectReplies', { ...base, serviceUrl: 'javascript:alert(1)' }, 200],
    ['a serviceUrl of 3,000 characters', { ...base, serviceUrl: `http://${'a'.repeat(3000)}` }, 400],
    ['an unknown deliveryMode and no serviceUrl', { ...base, deliveryMode: 'teleport', serviceUrl: undefined }, 400],
    ['no deliveryMode and a javascript: serviceUrl', { ...base, deliveryMode: undefined, serviceUrl: 'javascript:alert(1)' }, 400],
    ['a card submission with a huge string', { ...base, text: undefined, value: { choice: 'x'.repeat(50000) } }, 200],
    ['attachments with a data: URL', { ...base, attachments: [{ contentType: 'image/png', contentUrl: 'data:image/png;base64,AAAA' }] }, 200],
    ['an html attachment', { ...base, text: '<b>x</b>', attachments: [{ contentType: 'text/html', content: '<script>alert(1)</script>' }] }, 200],
  ];
  return shapes.map(([what, body, status]) => ({
    name: `POST /api/messages with ${what}`,
    method: 'POST' as const,
    path: '/api/messages',
    headers: JSON_TYPE,
    body: json(body),
    status,
  }));
}

/** Tokens, ids and queries on the Direct Line routes, and the pages. */
function routeCases(): HttpCase[] {
  const out: HttpCase[] = [];
  const dl = [
    ['POST', '/v3/directline/conversations'],
    ['GET', '/v3/directline/conversations/{cid}'],
    ['POST', '/v3/directline/conversations/{cid}/activities'],
    ['GET', '/v3/directline/conversations/{cid}/activities'],
    ['POST', '/v3/directline/tokens/refresh'],
  ] as const;
  const auths: Array<[string, string | undefined, number]> = [
    ['no token', undefined, 401],
    ['a Basic header', 'Basic dXNlcjpwYXNz', 401],
    ['a bearer that is not ours', 'Bearer abc.def.ghi', 403],
    ['a bearer with our prefix and a wrong signature', 'Bearer kw1.eyJjaWQiOiJ4In0.AAAA', 403],
    ['a bearer of 8,000 characters', `Bearer ${'a'.repeat(8000)}`, 403],
    ['a JWT alg none', 'Bearer eyJhbGciOiJub25lIn0.eyJjaWQiOiJ4In0.', 403],
  ];
  for (const [method, path] of dl) {
    for (const [what, authorization, status] of auths) {
      out.push({
        name: `${method} ${path} with ${what}`,
        method,
        path,
        headers: { ...JSON_TYPE, ...(authorization ? { authorization } : {}) },
        body: method === 'POST' ? (path.endsWith('activities') ? json({ type: 'message', text: 'x' }) : '{}') : undefined,
        status,
      });
    }
  }
  const authed = { ...JSON_TYPE, authorization: 'Bearer {token}' };
  const more: Array<[HttpCase['method'], string, number | number[], string?]> = [
    ['GET', '/v3/directline/conversations/{cid}/activities?watermark=-1', 400],
    ['GET', '/v3/directline/conversations/{cid}/activities?watermark=abc', 400],
    ['GET', '/v3/directline/conversations/{cid}/activities?watermark=99999999999999999999', 400],
    ['GET', '/v3/directline/conversations/{cid}/activities?watermark=999999999999', 200],
    ['GET', '/v3/directline/conversations/{cid}/activities?watermark=1&watermark=2', [200, 400]],
    ['GET', '/v3/directline/conversations/other-conversation/activities', 403],
    ['GET', `/v3/directline/conversations/${'x'.repeat(200)}/activities`, [400, 404]],
    ['GET', '/v3/directline/conversations/%2e%2e%2f%2e%2e/activities', [400, 404]],
    ['GET', '/v3/directline/conversations/a%00b/activities', 400],
    ['POST', '/v3/directline/conversations/{cid}/activities', 400, json({ type: 'message', text: 'a'.repeat(20001) })],
    ['POST', '/v3/directline/conversations/{cid}/activities', 400, json({ type: 'explode' })],
    ['POST', '/v3/directline/conversations/{cid}/activities', 400, json({ type: 'message', attachments: Array.from({ length: 11 }, () => ({ contentType: 'x' })) })],
    ['POST', '/v3/directline/conversations/{cid}/activities', 400, json({ type: 'message', channelData: { organisation: '<script>' } })],
    ['POST', '/v3/directline/conversations/{cid}/activities', 200, json({ type: 'typing' })],
    ['POST', '/v3/directline/conversations/{cid}/activities', 200, json({ type: 'event', name: 'x' })],
    ['PUT', '/v3/directline/conversations/{cid}/activities', 405, '{}'],
    ['DELETE', '/v3/directline/conversations/{cid}', 405, '{}'],
    ['OPTIONS', '/v3/directline/conversations', 204],
  ];
  for (const [method, path, status, body] of more) {
    out.push({ name: `${method} ${path.slice(0, 90)}${body ? ` with ${body.slice(0, 60)}` : ''}`, method, path, headers: authed, body, status });
  }
  const hostile: Array<[HttpCase['method'], string, number, Record<string, string>?, string?]> = [
    ['POST', '/api/directline/token', 400, JSON_TYPE, json({ organisation: '<script>alert(1)</script>' })],
    ['POST', '/api/directline/token', 400, JSON_TYPE, json({ locale: 'de' })],
    ['POST', '/api/directline/token', 400, JSON_TYPE, json({ extra: 1 })],
    ['POST', '/api/directline/token', 403, { ...JSON_TYPE, origin: 'https://evil.example' }, '{}'],
    ['OPTIONS', '/api/directline/token', 403, { origin: 'https://evil.example' }],
    ['GET', '/?org=%3Cscript%3E', 400],
    ['GET', '/?lang=de', 400],
    ['GET', `/?org=${'a'.repeat(5000)}`, 400],
    ['GET', '/?org=xtra&lang=en&embed=1', 200],
    ['GET', '/privacy?lang=%00', 200],
    ['GET', '/terms?org=../../etc', 200],
    ['GET', '/api/organisations/%3Cscript%3E/contact', 400],
    ['GET', '/api/organisations/unknown-org/contact', 404],
    ['GET', '/api/organisations/xtra/contact?lang=xx', 400],
    ['GET', '/vendor/../../package.json', 404],
    ['GET', '/app.js?v=%ff', 200],
    ['GET', '/does-not-exist', 404],
    ['POST', '/healthz', 405, JSON_TYPE, '{}'],
    ['GET', '/api/messages', 405],
    ['PUT', '/api/messages', 405, JSON_TYPE, '{}'],
  ];
  for (const [method, path, status, headers, body] of hostile) {
    out.push({ name: `${method} ${path.slice(0, 90)}${body ? ` with ${body.slice(0, 60)}` : ''}${headers?.origin ? ` from ${headers.origin}` : ''}`, method, path, headers, body, status });
  }
  return out;
}

export const HTTP_CASES: HttpCase[] = [...bodyCases(), ...activityCases(), ...routeCases()];

/** Bad answers, sent at each step of a conversation on /api/messages. */
export const STEP_CASES: StepCase[] = [
  { name: 'HTML with an image that calls out', text: '<img src="https://evil.example/x.png" onerror="alert(1)">' },
  { name: 'markdown bold, a link and a remote image', text: '**vet** [klik](https://evil.example) ![x](https://evil.example/x.png)' },
  { name: 'a script tag', text: '<script>alert(document.cookie)</script>' },
  { name: 'a BSN with a zero-width space', text: 'mijn bsn 1112\u200b22333' },
  { name: '5,001 characters', text: 'a'.repeat(5001) },
  { name: 'only emoji', text: '😡😡😡' },
  { name: 'only zero-width characters', text: '\u200b\u200c\u200d' },
  { name: 'a right-to-left override', text: '\u202eeslaf si siht' },
  { name: 'null bytes and control characters', text: 'a\u0000b\u0007c\u001bd' },
  { name: 'SQL', text: "'; DROP TABLE bot_state; --" },
  { name: 'lone surrogates', text: 'a\ud800b\udc00' },
  { name: '2,000 combining marks', text: `a${'\u0301'.repeat(2000)}` },
  { name: 'a deep value', value: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) },
  { name: 'a value that is an array', value: [1, 'two', { three: 3 }] },
  { name: 'a value { choice: 42 }', value: { choice: 42 } },
  { name: 'a value { choice: "bestaat-niet" }', value: { choice: 'bestaat-niet' } },
  { name: 'a file attachment', attachments: [{ contentType: 'application/pdf', contentUrl: 'https://evil.example/x.pdf', name: 'x.pdf' }] },
  { name: 'a date far in the future', text: '31-12-9999' },
  { name: 'an impossible date', text: '31-2-2026' },
  { name: 'a number far too large', text: '1e308' },
];
