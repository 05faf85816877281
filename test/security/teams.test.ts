import type { Activity } from 'botbuilder';
import { cleanDisplayName } from '../../src/channel/teams';
import { BASE } from '../conversation/scenarios';
import { ScenarioDriver, type Transport } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';

const OUR_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '11111111-2222-3333-4444-555555555555';
const AAD = '0d1f2e3c-4b5a-6978-8a9b-acbdcedf0f1e';

/** Teams activities carry the tenant in channelData and the Entra object id on `from`. */
const teams = (t: TestApp, tenant: string): Transport => (a: Partial<Activity>) =>
  t.transport({ ...a, from: { ...a.from!, aadObjectId: AAD } as Activity['from'], channelData: { ...(a.channelData as object), tenant: { id: tenant } } });

const staffAnswers = { ...BASE.nl, organisation: 'xtra', role: 'staff_on_behalf', age: '18_plus' };

describe('Teams names and staff', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp({ teamsTenantIds: [OUR_TENANT] })));
  afterAll(async () => t.close());

  it('regression: when a Teams display name holds a line break, then the staff member can still send, and submittedBy has the cleaned name and the Entra object id', async () => {
    const d = new ScenarioDriver(teams(t, OUR_TENANT), { channelId: 'msteams', userName: 'Jan\nde Vries\u0007\t(Xtra)' });
    await d.start();
    const { outcome } = await d.run(staffAnswers);
    expect(outcome?.outcome).toBe('submitted');
    expect(t.sender.complaints.at(-1)?.submittedBy).toEqual({ name: 'Jan de Vries (Xtra)', aadObjectId: AAD });
  });

  it('when the Teams user is in a tenant outside TEAMS_TENANT_IDS, then filing for a client is not offered', async () => {
    const d = new ScenarioDriver(teams(t, OTHER_TENANT), { channelId: 'msteams' });
    await d.start();
    await d.run({ organisation: 'xtra' }, { until: 'role' });
    expect(d.meta!.choices!.map((c) => c.value)).not.toContain('staff_on_behalf');
    await d.send('staff_on_behalf');
    expect(d.meta?.step).toBe('role');
  });

  it('when the Teams user is in a listed tenant, then filing for a client is offered', async () => {
    const d = new ScenarioDriver(teams(t, OUR_TENANT), { channelId: 'msteams' });
    await d.start();
    await d.run({ organisation: 'xtra' }, { until: 'role' });
    expect(d.meta!.choices!.map((c) => c.value)).toContain('staff_on_behalf');
  });

  it.each([
    ['a line break', 'Jan\nJansen', 'Jan Jansen'],
    ['control characters', 'Jan\u0000\u001bJansen', 'Jan Jansen'],
    ['a right-to-left override', 'Jan\u202eJansen', 'Jan Jansen'],
    ['only spaces', ' \n\t ', undefined],
    ['250 characters', 'a'.repeat(250), 'a'.repeat(100)],
  ])('when a channel name has %s, then it is cleaned', (_what, name, clean) => {
    expect(cleanDisplayName(name)).toBe(clean);
  });
});
