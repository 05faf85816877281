import type { WebChat } from '../../src/channel/webchat/mountWebChat';
import { WEB_CHAT_LOCALE } from '../../src/channel/webchat/pages';
import { BASE } from '../conversation/scenarios';
import { directLineTransport, mountTestWebChat } from '../channel/webChatHarness';
import { ScenarioDriver, type Answers } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';

/** 111222333 and 123456782 pass the elfproef; each spelling here passed unmasked before. */
const FULL_WIDTH = '１１１２２２３３３';
const ARABIC = '١١١٢٢٢٣٣٣';

const answers = (description: unknown): Answers => ({
  ...BASE.nl,
  organisation: 'xtra',
  description: typeof description === 'string' ? description : { value: description },
});

describe('a BSN never reaches the register, the mail or the transcript, on any input path', () => {
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
    ['as the activity value (what buttons send)', '111 222 333 en de begeleider kwam niet'],
    ['as a card submission { choice }', { choice: '111/222/333 en de begeleider kwam niet' }],
  ])('regression: when a BSN is sent %s on /api/messages, then the complaint holds no BSN and the person is told', async (_how, value) => {
    const d = new ScenarioDriver(t.transport);
    await d.start();
    await d.run(answers('x'), { until: 'description' });
    await d.send({ value });
    expect(d.allText()).toMatch(/BSN/);
    const { outcome } = await d.run(answers('x'));
    expect(outcome?.outcome).toBe('submitted');
    const stored = JSON.stringify(t.sender.complaints);
    expect(stored).toContain('de begeleider kwam niet');
    expect(stored).not.toMatch(/111.?222.?333/);
  });

  it.each([
    ['a non-breaking space', '111\u00a0222\u00a0333'],
    ['slashes', '111/222/333'],
    ['full-width digits', FULL_WIDTH],
    ['a zero-width space inside', '1112\u200b22333'],
    ['double spaces', '111  222  333'],
    ['underscores', '111_222_333'],
    ['Arabic-Indic digits', ARABIC],
    ['tabs', '111\t222\t333'],
  ])('regression: when a BSN is typed with %s through Direct Line, then neither the complaint nor the transcript holds it', async (_how, bsn) => {
    const { transport, conversationId } = await directLineTransport(t.baseUrl, { organisation: 'xtra', locale: 'nl' });
    const d = new ScenarioDriver(transport, { locale: WEB_CHAT_LOCALE.nl });
    await d.start();
    const { outcome } = await d.run(answers(`Mijn BSN is ${bsn} en de begeleider kwam niet.`));
    expect(outcome?.outcome).toBe('submitted');
    const complaint = JSON.stringify(t.sender.complaints);
    const transcript = JSON.stringify((await webChat.transcripts.list(conversationId, 0, 1000)).activities);
    for (const stored of [complaint, transcript]) {
      expect(stored).not.toContain(JSON.stringify(bsn).slice(1, -1));
      expect(stored).not.toContain(bsn);
    }
    expect(complaint).toContain('*********');
  });

  it('regression: when a BSN is sent as the value on Direct Line, then the transcript never stores it', async () => {
    const { transport, conversationId } = await directLineTransport(t.baseUrl, { organisation: 'xtra', locale: 'nl' });
    const d = new ScenarioDriver(transport, { locale: WEB_CHAT_LOCALE.nl });
    await d.start();
    await d.run(answers('x'), { until: 'description' });
    await d.send({ value: { choice: '123456782 en de begeleider kwam niet' } });
    const transcript = JSON.stringify((await webChat.transcripts.list(conversationId, 0, 1000)).activities);
    expect(transcript).not.toContain('123456782');
  });
});
