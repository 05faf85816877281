import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WebChat } from '../../src/channel/webchat/mountWebChat';
import { WEB_CHAT_LOCALE } from '../../src/channel/webchat/pages';
import { BASE } from '../conversation/scenarios';
import { directLineTransport, mountTestWebChat } from '../channel/webChatHarness';
import { tempDir } from '../helpers/databases';
import { ScenarioDriver } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';

/** Every byte of the SQLite database and its -wal and -shm files, as a disk reader sees them. */
function rawFiles(dbFile: string): string {
  const dir = dirname(dbFile);
  return readdirSync(dir)
    .filter((f) => f.startsWith('state.sqlite'))
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

const STORY = 'Geheimverhaal-Zeldzaam-7731 over de begeleider';
const NAME = 'Zeldzame-Naam-Qx Jansen';

describe('erasure that erases (SQLite files grepped)', () => {
  let t: TestApp;
  let webChat: WebChat;
  let dbFile: string;
  beforeEach(async () => {
    dbFile = join(tempDir('kw-erase-'), 'state.sqlite');
    t = await startTestApp({ dbFile });
    webChat = await mountTestWebChat(t);
  });
  afterEach(async () => {
    webChat.close();
    await t.close();
  });

  it('regression: when the person types wissen, then the erased text is nowhere in the database files, not in the -wal file nor in free pages', async () => {
    const { transport } = await directLineTransport(t.baseUrl, { organisation: 'xtra', locale: 'nl' });
    const d = new ScenarioDriver(transport, { locale: WEB_CHAT_LOCALE.nl });
    await d.start();
    await d.run({ ...BASE.nl, description: STORY }, { until: 'location' });
    expect(rawFiles(dbFile)).toContain('Geheimverhaal-Zeldzaam-7731');

    await d.send('wissen');

    expect(rawFiles(dbFile)).not.toContain('Geheimverhaal-Zeldzaam-7731');
  });

  it('regression: when the complaint is sent, then the transcript keeps the reference but no typed answer, and the files hold none of them', async () => {
    const { transport, conversationId } = await directLineTransport(t.baseUrl, { organisation: 'xtra', locale: 'nl' });
    const d = new ScenarioDriver(transport, { locale: WEB_CHAT_LOCALE.nl });
    await d.start();
    const { outcome } = await d.run({ ...BASE.nl, description: STORY, full_name: NAME });
    expect(outcome?.outcome).toBe('submitted');

    const stored = JSON.stringify((await webChat.transcripts.list(conversationId, 0, 1000)).activities);
    expect(stored).toContain(outcome!.reference!);
    expect(stored).toContain('(verwijderd na het versturen)');
    for (const typed of ['Geheimverhaal-Zeldzaam-7731', 'Zeldzame-Naam-Qx', 'anna@example.nl']) {
      expect(stored).not.toContain(typed);
      expect(rawFiles(dbFile)).not.toContain(typed);
    }
  });
});
