import { recognizeCommand } from '../../dialogs/commands';
import { intentRecogniser, normalise } from '../../dialogs/intents';
import { PHRASINGS } from '../conversation/phrasings';
import { signalsDanger } from '../../src/domain/safety/safetySignals';

const recogniser = intentRecogniser();
const AT_CHOICE = { maxWords: 20 };
const AT_STORY = { maxWords: 8 };

describe('requests in a person’s own words', () => {
  for (const [intent, byLang] of Object.entries(PHRASINGS)) {
    for (const [lang, phrasings] of Object.entries(byLang)) {
      it(`when a person asks for ${intent} in ${lang} in any of ${phrasings.length} ways, then each is heard as ${intent}`, () => {
        expect(phrasings.length).toBeGreaterThanOrEqual(30);
        const heard = (p: string) => recognizeCommand(p) === intent || recogniser.recognise(p, AT_CHOICE).includes(intent as never) || (intent === 'danger' && signalsDanger(p));
        const missed = phrasings.filter((p) => !heard(p));
        expect(missed).toEqual([]);
      });
    }
  }

  it.each(['stap', 'stp', 'mes', 'hul', 'terg', 'menss', 'Stap.'])('when the one word "%s" is sent, then it is no command: one word must be exact', (word) => {
    expect(recognizeCommand(word)).toBeUndefined();
    expect(recogniser.recognise(word, AT_CHOICE)).toEqual([]);
  });

  it.each([
    'ik wil niet stoppen',
    'ik wil geen mens spreken',
    'I do not want to stop',
    'ik wil een stap zetten',
    'De begeleider',
    'Anna de Vries',
    'Locatie Centrum',
    'Ik wil excuses en een nieuw gesprek.',
  ])('when "%s" is sent, then it is no request', (text) => {
    expect(recogniser.recognise(text, AT_CHOICE).filter((i) => i !== 'danger')).toEqual([]);
  });

  it('when a story of more than eight words mentions a person, then at a free-text step it is the story', () => {
    const story = 'Ik wilde met iemand praten maar de balie was dicht en niemand belde terug.';
    expect(recogniser.recognise(story, AT_STORY)).toEqual([]);
    expect(recogniser.recognise('ik wil met iemand praten', AT_STORY)).toEqual(['human']);
  });

  it('when a message asks for a person and signals danger, then danger comes first and the person is heard too', () => {
    expect(recogniser.recognise('ik ben bang, kan ik iemand bellen?', AT_CHOICE)).toEqual(['danger', 'human']);
  });

  it('when text is normalised, then case, accents, punctuation and chat spellings do not matter', () => {
    expect(normalise("Kan 'k ff mét IEMAND praten?!")).toEqual(['kan', 'ik', 'even', 'met', 'iemand', 'praten']);
    expect(normalise("I can't")).toEqual(['i', 'can', 'not']);
  });
});
