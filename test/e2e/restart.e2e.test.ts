import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE } from '../conversation/scenarios';
import { tempDir } from '../helpers/databases';
import { ScenarioDriver, httpTransport } from '../helpers/scenarioDriver';
import { startServerProcess } from '../helpers/serverProcess';
import { TODAY_INSTANT } from '../helpers/testApp';

function mailsIn(dataDir: string): string[] {
  const dir = join(dataDir, 'mail');
  return existsSync(dir) ? readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')) : [];
}

async function waitFor<T>(what: () => T | undefined, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the real server process', () => {
  it('when the process is killed halfway through a conversation, then after a restart the conversation goes on and the complaint is sent', async () => {
    const dataDir = tempDir('kw-e2e-');
    const env = { DATA_DIR: dataDir, KLACHTWIJZER_FIXED_NOW: TODAY_INSTANT, OUTBOX_POLL_MS: '200' };

    const first = await startServerProcess(env);
    const d = new ScenarioDriver(httpTransport(first.baseUrl));
    await d.start();
    await d.run({ ...BASE.nl, organisation: 'wijkz' }, { until: 'description' });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = await startServerProcess(env);
    try {
      const resumed = new ScenarioDriver(httpTransport(second.baseUrl), { conversationId: d.conversationId, userId: d.userId });
      await resumed.send(BASE.nl.description as string);
      expect(resumed.meta?.step).toBe('location');
      const { outcome } = await resumed.run({ ...BASE.nl });
      expect(outcome).toEqual({ outcome: 'submitted', reference: expect.stringMatching(/^KW-2026-[0-9A-Z]{6}$/) });
      const toOrganisation = await waitFor(() => mailsIn(dataDir).find((m) => m.includes(outcome!.reference!) && /^To: .*klachten@wijkz\.nl/m.test(m)), 10_000);
      expect(toOrganisation).toBeDefined();
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });

  it('when the environment is invalid, then the process says which key and exits with status 1', async () => {
    await expect(startServerProcess({ DATA_DIR: tempDir('kw-e2e-'), PORT: 'not-a-port' })).rejects.toThrow(/PORT/);
  });
});
