import type { Request } from 'restify';
import { clientAddress, inRange } from '../../src/channel/clientAddress';
import { BASE } from '../conversation/scenarios';
import { call, directLineTransport } from '../channel/webChatHarness';
import { tempDir } from '../helpers/databases';
import { httpTransport, ScenarioDriver, type Answers } from '../helpers/scenarioDriver';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess';
import { TODAY_INSTANT } from '../helpers/testApp';

const ANSWERS: Answers = { ...BASE.nl, organisation: 'xtra' };
const LIMITED = /in korte tijd al een paar klachten/;

/** Answer up to the summary, press send once, and say what happened. */
async function sendOnce(d: ScenarioDriver): Promise<'submitted' | 'limited' | string> {
  await d.run(ANSWERS, { until: 'confirm' });
  await d.send('Versturen');
  if (d.outcome?.outcome === 'submitted') return 'submitted';
  if (d.meta?.step === 'confirm' && LIMITED.test(d.allText())) return 'limited';
  return `step ${d.meta?.step}, outcome ${d.outcome?.outcome}`;
}

describe('limits that hold on every channel (one server process, its clock fixed at 10:00 so one minute holds)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({
      DATA_DIR: tempDir('kw-limits-'),
      KLACHTWIJZER_FIXED_NOW: TODAY_INSTANT,
      RATE_LIMIT_PER_ADDRESS: '2',
      RATE_LIMIT_PER_CLIENT: '2',
      RATE_LIMIT_PER_CONVERSATION: '1',
      DIRECTLINE_CONVERSATIONS_PER_MINUTE: '3',
      DIRECTLINE_TOKENS_PER_MINUTE: '5',
    });
  }, 30_000);
  afterAll(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
  });

  it('regression: when one client address sends complaints through the web chat, then RATE_LIMIT_PER_ADDRESS applies and the third is refused kindly, its answers kept', async () => {
    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { transport } = await directLineTransport(server.baseUrl, { organisation: 'xtra', locale: 'nl' });
      const d = new ScenarioDriver(transport);
      await d.start();
      results.push(await sendOnce(d));
      if (i === 2) expect(d.meta?.step).toBe('confirm');
    }
    expect(results).toEqual(['submitted', 'submitted', 'limited']);
  });

  it('regression: when Direct Line conversations are started beyond DIRECTLINE_CONVERSATIONS_PER_MINUTE, then the answer is 429 with Retry-After', async () => {
    const grant = await call(`${server.baseUrl}/api/directline/token`, { body: {} });
    expect(grant.status).toBe(200);
    const started = await call(`${server.baseUrl}/v3/directline/conversations`, { token: (grant.body as { token: string }).token, body: {} });
    expect(started.status).toBe(429);
    expect(Number(started.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when tokens are asked beyond DIRECTLINE_TOKENS_PER_MINUTE, then the answer is 429 with Retry-After', async () => {
    expect((await call(`${server.baseUrl}/api/directline/token`, { body: {} })).status).toBe(200);
    const over = await call(`${server.baseUrl}/api/directline/token`, { body: {} });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('regression: when one person (from.id) sends complaints in several conversations on /api/messages, then RATE_LIMIT_PER_CLIENT applies', async () => {
    const results: string[] = [];
    for (let i = 0; i < 3; i++) {
      const d = new ScenarioDriver(httpTransport(server.baseUrl), { userId: 'same-person' });
      await d.start();
      results.push(await sendOnce(d));
    }
    expect(results).toEqual(['submitted', 'submitted', 'limited']);
  });

  it('when a person types opnieuw after sending, then the per-conversation limit still counts the first complaint', async () => {
    const d = new ScenarioDriver(httpTransport(server.baseUrl), { userId: 'restarter' });
    await d.start();
    expect(await sendOnce(d)).toBe('submitted');
    await d.send('opnieuw');
    expect(await sendOnce(d)).toBe('limited');
  });
});

describe('the client address behind a proxy', () => {
  const req = (remote: string, forwarded?: string) => ({ socket: { remoteAddress: remote }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as Request;

  it.each([
    ['no proxy trusted: the socket counts, X-Forwarded-For is ignored', req('203.0.113.9', '1.2.3.4'), [], '203.0.113.9'],
    ['a trusted proxy by address', req('10.0.0.2', '198.51.100.7'), ['10.0.0.2'], '198.51.100.7'],
    ['a trusted proxy by CIDR range', req('::ffff:10.1.2.3', '198.51.100.7'), ['10.0.0.0/8'], '198.51.100.7'],
    ['a chain: the nearest untrusted address counts, not a forged first one', req('10.0.0.2', '6.6.6.6, 198.51.100.7, 10.0.0.3'), ['10.0.0.0/8'], '198.51.100.7'],
    ['a proxy outside the list', req('192.0.2.1', '1.2.3.4'), ['10.0.0.0/8'], '192.0.2.1'],
    ['an IPv6 proxy range', req('2001:db8::1', '198.51.100.7'), ['2001:db8::/32'], '198.51.100.7'],
  ])('%s', (_what, r, trusted, expected) => {
    expect(clientAddress(r, trusted)).toBe(expected);
  });

  it('matches ranges exactly', () => {
    expect(inRange('10.255.0.1', '10.0.0.0/8')).toBe(true);
    expect(inRange('11.0.0.1', '10.0.0.0/8')).toBe(false);
    expect(inRange('2001:db9::1', '2001:db8::/32')).toBe(false);
  });
});
