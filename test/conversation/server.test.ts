import { Writable } from 'node:stream';
import { join } from 'node:path';
import type { ComplaintDraft } from '../../src/domain/complaint/complaint';
import type { ComplaintSender } from '../../src/domain/ports';
import { createLogger } from '../../src/infra/log/logger';
import { tempDir } from '../helpers/databases';
import { ScenarioDriver, textsOf } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { BASE, LOCALE } from './scenarios';

function captureLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger('debug', stream), lines };
}

describe('the HTTP endpoint', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const post = (body: string, type = 'application/json') =>
    fetch(`${t.baseUrl}/api/messages`, { method: 'POST', headers: { 'content-type': type }, body });

  it.each([
    ['broken JSON', '{"type": "message",', 'application/json'],
    ['a JSON array', '[1,2,3]', 'application/json'],
    ['an activity without a type', JSON.stringify({ channelId: 'test', conversation: { id: 'c' } }), 'application/json'],
    ['an activity without a conversation', JSON.stringify({ type: 'message', channelId: 'test', text: 'hoi' }), 'application/json'],
    ['plain text', 'hallo', 'text/plain'],
    ['an empty body', '', 'application/json'],
  ])('when the body is %s, then the answer is 400 with a reason, never 500', async (_what, body, type) => {
    const res = await post(body, type);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/\w{5,}/);
  });

  it('when the health check is asked, then it answers ok', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('when an activity asks for expectReplies, then the replies come back in the body', async () => {
    const res = await post(
      JSON.stringify({ type: 'message', channelId: 'test', conversation: { id: 'http-1' }, from: { id: 'u' }, recipient: { id: 'b' }, text: 'hallo', deliveryMode: 'expectReplies', locale: 'en-US' }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: Array<{ text: string; channelData?: { klachtwijzer?: { step: string } } }> };
    expect(body.activities[0].text).toMatch(/computer program, not a person/);
    expect(body.activities[body.activities.length - 1].channelData?.klachtwijzer?.step).toBe('organisation');
  });

  it('when a channel sends an invoke the bot does not handle, then the answer is 501, not an error', async () => {
    const res = await post(JSON.stringify({ type: 'invoke', name: 'composeExtension/fetchTask', channelId: 'msteams', conversation: { id: 'http-invoke' }, from: { id: 'u' }, recipient: { id: 'b' }, serviceUrl: 'http://127.0.0.1:9' }));
    expect(res.status).toBe(501);
  });
});

/** A sender that fails the first time it is asked to send. */
class FailingOnce implements ComplaintSender {
  failed = false;
  constructor(private readonly inner: ComplaintSender) {}
  async submit(draft: ComplaintDraft, ctx: { idempotencyKey: string }) {
    if (!this.failed) {
      this.failed = true;
      throw new TypeError('database is locked');
    }
    return this.inner.submit(draft, ctx);
  }
  withdraw(reference: string, emailOrPhone: string) {
    return this.inner.withdraw(reference, emailOrPhone);
  }
}

describe('an unexpected error', () => {
  it.each([['nl' as const], ['en' as const]])('when sending fails unexpectedly in %s, then the person gets an apology with an error id, the log has the id and class only, and sending again works', async (lang) => {
    const { log, lines } = captureLog();
    let failing: FailingOnce | undefined;
    const t = await startTestApp({ log, sender: { submit: (d, c) => failing!.submit(d, c), withdraw: async () => undefined } });
    failing = new FailingOnce(t.sender);
    try {
      const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
      await d.start();
      await d.run({ ...BASE[lang], organisation: 'xtra' }, { until: 'confirm' });
      const apology = await d.send(BASE[lang].confirm as string);
      const text = textsOf(apology).join('\n');
      const id = /([0-9A-F]{8})/.exec(text)?.[1];
      expect(text).toMatch(lang === 'nl' ? /Sorry, er ging bij mij iets mis/ : /Sorry, something went wrong/);
      expect(id).toBeDefined();
      const entry = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'turn_error');
      expect(entry).toMatchObject({ errorId: id, errorClass: 'TypeError' });
      expect(lines.join('\n')).not.toContain('database is locked');
      // The failed turn saved nothing: the summary is still there to send.
      const again = await d.send(BASE[lang].confirm as string);
      expect(d.outcome?.outcome).toBe('submitted');
      expect(textsOf(again).join('\n')).toContain(d.outcome!.reference!);
    } finally {
      await t.close();
    }
  });
});

describe('privacy in the log', () => {
  it('when a whole complaint is made, then the log holds no name, address, phone or complaint text', async () => {
    const { log, lines } = captureLog();
    const t = await startTestApp({ log });
    try {
      const d = new ScenarioDriver(t.transport);
      await d.start();
      const { outcome } = await d.run({ ...BASE.nl, organisation: 'xtra', description: 'Geheim verhaal over Piet Puk', employee_name: 'Piet Puk' });
      expect(outcome?.outcome).toBe('submitted');
      const all = lines.join('\n');
      expect(all).toContain('complaint_submitted');
      for (const secret of ['Anna de Vries', 'anna@example.nl', '06 12345678', 'Geheim verhaal', 'Piet Puk', 'Locatie Centrum']) expect(all).not.toContain(secret);
    } finally {
      await t.close();
    }
  });
});

describe('state across a restart', () => {
  it('when the server stops halfway and a new one starts on the same store, then the conversation goes on where it was', async () => {
    const dbFile = join(tempDir('kw-restart-'), 'state.sqlite');
    const first = await startTestApp({ dbFile });
    const d = new ScenarioDriver(first.transport);
    await d.start();
    await d.run({ ...BASE.nl, organisation: 'jess' }, { until: 'description' });
    await first.close();

    const second = await startTestApp({ dbFile });
    try {
      const resumed = new ScenarioDriver(second.transport, { conversationId: d.conversationId, userId: d.userId });
      await resumed.send(BASE.nl.description as string);
      expect(resumed.meta?.step).toBe('location');
      const { outcome } = await resumed.run({ ...BASE.nl });
      expect(outcome?.outcome).toBe('submitted');
      expect(second.sender.complaints[0]).toMatchObject({ organisation: { id: 'jess' }, event: { date: '2026-03-03' } });
    } finally {
      await second.close();
    }
  });
});

describe('retention of unfinished conversations', () => {
  it('when a conversation is left for longer than the retention, then the purge erases it and the next message starts afresh', async () => {
    const t = await startTestApp();
    try {
      const d = new ScenarioDriver(t.transport);
      await d.start();
      await d.run({ ...BASE.nl, organisation: 'xtra' }, { until: 'ladder' });
      t.clock.advance(29 * 86_400_000);
      expect(await t.app.purgeNow()).toBe(0);
      t.clock.advance(2 * 86_400_000);
      expect(await t.app.purgeNow()).toBe(1);
      const replies = await d.send('employee');
      expect(textsOf(replies)[0]).toMatch(/computerprogramma, geen mens/);
      expect(d.meta?.step).toBe('organisation');
    } finally {
      await t.close();
    }
  });
});
