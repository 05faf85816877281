import { ScenarioDriver, metaOf, textsOf } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { BASE, LOCALE, type Lang } from './scenarios';
import { PHRASINGS } from './phrasings';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const LANGS: Lang[] = ['nl', 'en'];
const pick = (lang: Lang, nl: string, en: string) => (lang === 'nl' ? nl : en);
const RETRY = /Kies een van|Choose one of/;

/** A conversation with Xtra at the choice "about whom", where none of these phrasings is an answer. */
async function atAbout(lang: Lang, organisation = 'xtra'): Promise<ScenarioDriver> {
  const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
  await d.start({ organisation });
  await d.run({ ...BASE[lang] }, { until: 'about' });
  return d;
}

describe.each(LANGS)('requests in the person’s own words, in %s', (lang) => {
  it(`when a person asks for a person in ${PHRASINGS.human[lang].length} ways, then each time the organisation's contact comes at once and the question once, without "choose one"`, async () => {
    const d = await atAbout(lang);
    for (const phrase of PHRASINGS.human[lang]) {
      const replies = await d.send(phrase);
      const texts = textsOf(replies);
      expect({ phrase, first: texts[0] }).toEqual({ phrase, first: expect.stringContaining('klachten@xtra.nl') });
      expect(texts[0]).toContain('030 789 78 78');
      expect(replies.filter((r) => metaOf(r))).toHaveLength(1);
      expect(metaOf(replies[replies.length - 1])?.step).toBe('about');
      expect(texts.join('\n')).not.toMatch(RETRY);
    }
  });

  it(`when a person asks for help in ${PHRASINGS.help[lang].length} ways, then each time the commands are listed and the question comes once`, async () => {
    const d = await atAbout(lang);
    for (const phrase of PHRASINGS.help[lang]) {
      const replies = await d.send(phrase);
      expect({ phrase, first: textsOf(replies)[0] }).toEqual({ phrase, first: expect.stringContaining(pick(lang, '**terug**', '**back**')) });
      expect(replies).toHaveLength(2);
      expect(metaOf(replies[1])?.step).toBe('about');
    }
  });

  it(`when a person asks to stop in ${PHRASINGS.stop[lang].length} ways, then each time the conversation pauses with the answers kept`, async () => {
    const d = await atAbout(lang);
    for (const phrase of PHRASINGS.stop[lang]) {
      const replies = await d.send(phrase);
      expect({ phrase, paused: replies.length === 1 && !metaOf(replies[0]) }).toEqual({ phrase, paused: true });
      expect(replies[0].text).toContain('30');
    }
    const back = await d.send('employee');
    expect(textsOf(back)[0]).toMatch(pick(lang, 'Welkom terug', 'Welcome back'));
    expect(d.meta?.step).toBe('about');
  });

  it(`when a person asks to go back in ${PHRASINGS.back[lang].length} ways, then each time the previous question comes`, async () => {
    const d = await atAbout(lang);
    for (const phrase of PHRASINGS.back[lang]) {
      await d.send(phrase);
      expect({ phrase, step: d.meta?.step }).toEqual({ phrase, step: 'age' });
      await d.send('16');
      expect(d.meta?.step).toBe('about');
    }
  });

  it(`when a person says in ${PHRASINGS.danger[lang].length} ways that they are in danger, then each time the emergency numbers come as phone links, then the question once`, async () => {
    const d = await atAbout(lang);
    for (const phrase of PHRASINGS.danger[lang]) {
      const replies = await d.send(phrase);
      const texts = textsOf(replies);
      expect({ phrase, first: texts[0] }).toEqual({ phrase, first: expect.stringContaining('(tel:112)') });
      for (const link of ['tel:08002000', 'tel:08000113', 'tel:08000432']) expect(texts[0]).toContain(link);
      expect(texts.join('\n')).not.toMatch(RETRY);
      expect(replies.filter((r) => metaOf(r))).toHaveLength(1);
      expect(metaOf(replies[replies.length - 1])?.step).toBe('about');
    }
  });
});

describe('what a request is not', () => {
  it('when the story at the description step is long and mentions a person, then it is the story', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    const description = 'Ik wilde met iemand praten, maar niemand belde mij terug na drie weken.';
    const { outcome } = await d.run({ ...BASE.nl, description });
    expect(outcome?.outcome).toBe('submitted');
    expect(t.sender.complaints[t.sender.complaints.length - 1].event.description).toBe(description);
  });

  it('when a short message at the description step asks for a person, then the contact comes and the story is still asked', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'so-trainingsbureau' });
    await d.run({ ...BASE.nl, ladder: 'none', ladder_none: 'go_on' }, { until: 'description' });
    const replies = await d.send('kan ik iemand bellen?');
    expect(textsOf(replies)[0]).toContain('(tel:0610138150)');
    expect(d.meta?.step).toBe('description');
  });

  it('when a choice title sounds like a request ("Ik stop hier"), then it is the answer', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    const { outcome } = await d.run({ ...BASE.nl, full_name: 'anonymous', anonymous: 'Ik stop hier' });
    expect(outcome?.outcome).toBe('stopped');
  });

  it('when a long story at the description step signals danger, then the numbers come first and the story is kept', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.en });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.en }, { until: 'description' });
    const replies = await d.send('The support worker shouted at me and now I am scared to go to the group.');
    expect(textsOf(replies)[0]).toContain('tel:112');
    expect(d.meta?.step).toBe('location');
  });

  it('when an organisation has no phone number, then the person hears so honestly, with its e-mail and the general routes', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'jess' });
    const replies = await d.send('ik wil met een mens praten');
    const first = textsOf(replies)[0];
    expect(first).toContain('klachten@stichtingjess.nl');
    expect(first).toMatch(/Ik ken geen telefoonnummer van JESS/);
    expect(first).toContain('Het Juiste Loket');
    expect(d.meta?.step).toBe('role');
  });
});
