import nl from '../../locales/nl/bot.json';
import { ScenarioDriver } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { BASE, LOCALE } from './scenarios';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;
const JEUGDSTEM_EXPLAINED = nl.human.general_routes_youth;

describe('a helper is explained once in a conversation', () => {
  it('when the vertrouwenspersoon comes up twice (before the first talk, then at anonymity), then the sentence on what they do comes only the first time', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'sterker' });
    await d.run({ ...BASE.nl, ladder: 'none', ladder_none: 'go_on', full_name: 'Anoniem' }, { until: 'anonymous' });
    const said = d.allText();
    expect(d.steps).toContain('ladder_none');
    expect(count(said, '**Een vertrouwenspersoon**')).toBeGreaterThanOrEqual(2);
    expect(count(said, nl.helper.vertrouwenspersoon)).toBe(1);
  });

  it('when a person asks for a human twice, then Jeugdstem is explained the first time and named with its address the second', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.send('mens');
    await d.send('mens');
    const [first, second] = d.transcript.slice(-2).map((e) => e.replies.map((r) => r.text ?? '').join('\n'));
    expect(first).toContain(JEUGDSTEM_EXPLAINED);
    expect(second).not.toContain(JEUGDSTEM_EXPLAINED);
    expect(second).toContain(nl.human.general_routes_youth_again);
  });
});

describe('mens knows the age band', () => {
  it.each([
    ['a 14-year-old', '14', true],
    ['an adult', '18 of ouder', false],
  ])('when %s at a welfare organisation asks for a human, then Jeugdstem is given only to the child', async (_who, age, jeugdstem) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'sterker' });
    await d.run({ ...BASE.nl, age, minor_help: 'go_on' }, { until: 'about' });
    await d.send('mens');
    const reply = d.lastReplies.map((r) => r.text ?? '').join('\n');
    expect(reply).toContain('Algemene hulp');
    expect(reply.includes('Jeugdstem')).toBe(jeugdstem);
  });
});
