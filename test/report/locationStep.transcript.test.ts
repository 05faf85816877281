import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE } from '../conversation/scenarios';
import { tempDir } from '../helpers/databases';
import { ScenarioDriver, type Answer } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';

/** The `location` step with an organisation's own locations, supplied by the deployment's overrides. */
describe('the location step with listed locations', () => {
  let t: TestApp;
  beforeAll(async () => {
    const overridesPath = join(tempDir('kw-loc-'), 'overrides.json');
    writeFileSync(
      overridesPath,
      JSON.stringify({ xtra: { locations: [{ id: 'centrum', name: 'Xtra Centrum', aliases: ['Wijkhuis Centrum'] }, { id: 'noord', name: 'Xtra Noord' }] } }),
    );
    t = await startTestApp({ overridesPath });
  });
  afterAll(async () => t.close());

  const complain = async (org: string, location: Answer) => {
    const before = t.sender.complaints.length;
    const d = new ScenarioDriver(t.transport);
    await d.start({ organisation: org });
    const { outcome } = await d.run({ ...BASE.nl, location });
    expect(outcome?.outcome).toBe('submitted');
    const asked = d.transcript.flatMap((e) => e.replies).find((r) => (r.channelData as { klachtwijzer?: { step: string } })?.klachtwijzer?.step === 'location');
    return { location: t.sender.complaints[before].event.location, asked: (asked?.channelData as { klachtwijzer: { choices?: Array<{ value: string; title: string }> } }).klachtwijzer, text: asked?.text };
  };

  it('when the organisation has locations, then the step offers them as choices, and a button gives the listed name', async () => {
    const { location, asked, text } = await complain('xtra', { text: '', value: { choice: 'noord' } });
    expect(asked.choices?.map((c) => c.title)).toEqual(['Xtra Centrum', 'Xtra Noord', 'Overslaan']);
    expect(text).toContain('Op welke locatie gebeurde het?');
    expect(location).toBe('Xtra Noord');
  });

  it('when an alias is typed in another case and with other spaces, then the listed name is kept', async () => {
    expect((await complain('xtra', 'wijkhuis   CENTRUM')).location).toBe('Xtra Centrum');
  });

  it('when a place that is not listed is typed, then it is kept as typed (for the organisation; the report counts it as other)', async () => {
    expect((await complain('xtra', 'Bij de bakker op de hoek')).location).toBe('Bij de bakker op de hoek');
  });

  it('when the organisation has no locations, then only skipping is offered and the place is kept as typed', async () => {
    const { location, asked } = await complain('jess', 'Locatie Centrum');
    expect(asked.choices?.map((c) => c.value)).toEqual(['skip']);
    expect(location).toBe('Locatie Centrum');
  });
});
