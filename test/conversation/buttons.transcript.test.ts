import nl from '../../locales/nl/bot.json';
import en from '../../locales/en/bot.json';
import { STEPS } from '../../dialogs/intake/flow';
import { ScenarioDriver } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { BASE, LOCALE } from './scenarios';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const BUTTONS = /knop|kies een van|button|choose one of/i;

/** Every text under steps.<id> that speaks of buttons or choices, with its step. */
function choiceTexts(texts: Record<string, unknown>): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  const walk = (o: unknown, step: string, path: string): void => {
    if (typeof o === 'string') {
      if (BUTTONS.test(o)) found.push([step, `${path}: ${o}`]);
    } else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) walk(v, step, `${path}.${k}`);
  };
  for (const [step, v] of Object.entries((texts as { steps: Record<string, unknown> }).steps)) walk(v, step, `steps.${step}`);
  return found;
}

describe('buttons are named only where buttons are shown', () => {
  it.each([
    ['nl', nl],
    ['en', en],
  ])('every %s step text that speaks of buttons or choices belongs to a step that shows choices', (_lang, texts) => {
    const found = choiceTexts(texts);
    expect(found.length).toBeGreaterThan(0);
    for (const [step, text] of found) {
      const def = STEPS.get(step as never);
      expect({ text, hasChoices: def !== undefined && def.choices !== undefined }).toEqual({ text, hasChoices: true });
    }
  });

  it.each([
    ['an emoji', '😡'],
    ['an empty message', { text: '' }],
  ])('when %s comes at the story (no buttons), then the reply does not speak of buttons', async (_what, answer) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'description' });
    expect(d.meta?.choices).toBeUndefined();
    await d.send(answer);
    expect(d.meta?.step).toBe('description');
    const texts = d.lastReplies.map((r) => r.text ?? '').join('\n');
    expect(texts).toMatch(/emoji|leeg bericht/);
    expect(texts).not.toMatch(BUTTONS);
  });

  it('when an emoji comes at a question with buttons, then the reply says to choose a button', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'scope' });
    await d.send('👍');
    expect(d.lastReplies[0].text).toBe('Ik zie een emoji. Die begrijp ik niet goed. Wilt u het in woorden zeggen? Of kies een knop.');
    expect(d.meta?.step).toBe('scope');
  });

  it('when an emoji comes in Teams at a list of more than three (numbered in the text), then the reply asks for the number, not a button', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl, channelId: 'msteams' });
    await d.start({ organisation: 'xtra' });
    expect(d.meta?.step).toBe('role');
    expect(d.meta!.choices!.length).toBeGreaterThan(3);
    await d.send('👍');
    expect(d.lastReplies[0].text).toBe('Ik zie een emoji. Die begrijp ik niet goed. Wilt u het in woorden zeggen? Of typ het nummer van een antwoord.');
  });
});
