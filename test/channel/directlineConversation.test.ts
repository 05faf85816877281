import type { WebChat } from '../../src/channel/webchat/mountWebChat';
import { WEB_CHAT_LOCALE } from '../../src/channel/webchat/pages';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { ScenarioDriver, textsOf, type Answers, type AnswerSpec } from '../helpers/scenarioDriver';
import { call, directLineTransport, mountTestWebChat } from './webChatHarness';

/** Pick a choice as Web Chat's button does: the title as text, the value beside it. */
const choose = (value: string): AnswerSpec => ({ meta }) => {
  const choice = meta.choices?.find((c) => c.value === value);
  if (!choice) throw new Error(`step ${meta.step} offers no "${value}"`);
  return { text: choice.title, value: choice.value };
};

const complaint: Answers = {
  role: choose('self'),
  age: choose('18_plus'),
  about: choose('employee'),
  ladder: choose('employee'),
  ladder_outcome: choose('not_resolved'),
  scope: choose('conduct_or_service'),
  category: choose('communication'),
  event_date: '3-3-2026',
  event_date_confirm: choose('yes'),
  description: 'My support worker missed three appointments and did not call to cancel.',
  location: choose('skip'),
  employee_name: choose('skip'),
  desired_outcome: 'An apology and a fixed appointment.',
  full_name: 'Ana Jansen',
  email: 'ana@example.org',
  phone: choose('skip'),
  consent: choose('yes'),
  confirm: choose('send'),
};

describe('a whole complaint through the Direct Line endpoint and the real bot', () => {
  let t: TestApp;
  let webChat: WebChat;
  beforeEach(async () => {
    t = await startTestApp();
    webChat = await mountTestWebChat(t);
  });
  afterEach(async () => {
    webChat.close();
    await t.close();
  });

  it.each([
    ['en', 'xtra', 'klachten@xtra.nl'],
    ['nl', 'so-trainingsbureau', 'officemanager@sotrainingsbureau.nl'],
  ])('when the page gives language %s and organisation %s, then the bot never asks for the organisation and the complaint is sent there', async (locale, organisation, mailbox) => {
    const { transport, conversationId } = await directLineTransport(t.baseUrl, { organisation, locale });
    // Web Chat sends the page's language on every activity, as WEB_CHAT_LOCALE names it.
    const driver = new ScenarioDriver(transport, { locale: WEB_CHAT_LOCALE[locale as 'nl' | 'en'] });

    await driver.start();
    const { outcome, steps } = await driver.run(complaint);

    expect(steps).not.toContain('organisation');
    expect(outcome).toEqual({ outcome: 'submitted', reference: expect.stringMatching(/^KW-/) });
    const [sent] = t.sender.complaints;
    expect(sent).toMatchObject({ organisation: { id: organisation }, locale });
    expect(JSON.stringify(sent)).toContain(mailbox);
    // A reload reads back the bot's words, the reference and the dates; what the person typed is gone once sent.
    const transcript = await webChat.transcripts.list(conversationId, 0, 1000);
    const userTexts = transcript.activities.filter((a) => (a.from as { role?: string }).role === 'user').map((a) => a.text);
    expect(new Set(userTexts)).toEqual(new Set([locale === 'en' ? '(removed after sending)' : '(verwijderd na het versturen)']));
    const stored = JSON.stringify(transcript.activities);
    for (const typed of ['An apology and a fixed appointment.', 'Ana Jansen', 'ana@example.org', 'did not call to cancel']) expect(stored).not.toContain(typed);
    expect(stored).toContain((outcome as { reference: string }).reference);
    expect(transcript.activities.at(-1)).toMatchObject({ channelData: { klachtwijzerOutcome: { outcome: 'submitted' } } });
  });

  it('when someone types a BSN, then the stored transcript never holds it', async () => {
    const { transport, conversationId } = await directLineTransport(t.baseUrl, { organisation: 'xtra', locale: 'nl' });
    const driver = new ScenarioDriver(transport, { locale: WEB_CHAT_LOCALE.nl });
    await driver.start();
    // 111222333 passes the elfproef.
    await driver.run({ ...complaint, description: 'Mijn BSN is 111222333 en de begeleider kwam niet.' }, { until: 'location' });

    const stored = JSON.stringify((await webChat.transcripts.list(conversationId, 0, 1000)).activities);
    expect(stored).not.toContain('111222333');
    expect(stored).toContain('de begeleider kwam niet');
  });

  it('when the person types wissen, then what was said is erased from the transcript and the chat goes on', async () => {
    const { transport, conversationId } = await directLineTransport(t.baseUrl, { organisation: 'xtra', locale: 'nl' });
    const driver = new ScenarioDriver(transport, { locale: WEB_CHAT_LOCALE.nl });
    await driver.start();
    await driver.run({ ...complaint, description: 'De begeleider kwam drie keer niet opdagen.' }, { until: 'location' });

    await driver.send('wissen');

    const after = (await webChat.transcripts.list(conversationId, 0, 1000)).activities;
    expect(JSON.stringify(after)).not.toContain('drie keer niet opdagen');
    expect(after.at(-1)).toMatchObject({ channelData: { klachtwijzerOutcome: { outcome: 'erased' } } });
    // The conversation itself goes on: a new message still gets an answer.
    expect((await driver.send('hallo')).length).toBeGreaterThan(0);
  });

  it('when the page gives no organisation, then the bot asks for it first', async () => {
    const { transport } = await directLineTransport(t.baseUrl, { locale: 'nl' });
    const driver = new ScenarioDriver(transport);

    await driver.start();

    expect(driver.meta?.step).toBe('organisation');
    expect(driver.meta?.choices?.map((c) => c.value)).toContain('xtra');
  });
});

describe('a failed turn through the Direct Line endpoint', () => {
  it('when sending fails once, then the apology with an error id is in the transcript and sending again works', async () => {
    let failed = false;
    const t = await startTestApp({
      sender: {
        submit: async (draft, ctx) => {
          if (!failed) {
            failed = true;
            throw new TypeError('database is locked');
          }
          return t.sender.submit(draft, ctx);
        },
        withdraw: (reference, contact) => t.sender.withdraw(reference, contact),
      },
    });
    const webChat = await mountTestWebChat(t);
    try {
      const { transport } = await directLineTransport(t.baseUrl, { organisation: 'xtra', locale: 'en' });
      const driver = new ScenarioDriver(transport, { locale: WEB_CHAT_LOCALE.en });
      await driver.start();
      await driver.run(complaint, { until: 'confirm' });

      const send = driver.meta!.choices!.find((c) => c.value === 'send')!;

      const apology = textsOf(await driver.send({ text: send.title, value: send.value })).join('\n');
      expect(apology).toMatch(/Sorry, something went wrong/);
      expect(apology).toMatch(/[0-9A-F]{8}/);
      expect(t.sender.complaints).toHaveLength(0);

      // The failed turn saved nothing: the summary is still there, and sending again works.
      await driver.send({ text: send.title, value: send.value });
      expect(driver.outcome).toEqual({ outcome: 'submitted', reference: expect.stringMatching(/^KW-/) });
      expect(t.sender.complaints).toHaveLength(1);
    } finally {
      webChat.close();
      await t.close();
    }
  });
});
