import { recognizeCommand } from '../../dialogs/commands';
import { readChoice } from '../../dialogs/prompt';

describe('commands', () => {
  it.each([
    ['hulp', 'help'],
    [' HELP ', 'help'],
    ['Terug', 'back'],
    ['back!', 'back'],
    ['opnieuw', 'restart'],
    ['Restart', 'restart'],
    ['stop', 'stop'],
    ['wissen', 'delete'],
    ['DELETE', 'delete'],
    ['mens', 'human'],
    ['human?', 'human'],
    ['Ik wil een mens spreken', 'human'],
    ['I want to talk to a person', 'human'],
    ['intrekken', 'withdraw'],
    ['withdraw', 'withdraw'],
    ['taal', 'language'],
    ['Ben jij een echt mens?', 'identity'],
  ])('when the whole message is "%s", then it is the command %s', (text, command) => {
    expect(recognizeCommand(text)).toBe(command);
  });

  it.each(['ik heb hulp nodig', 'stop daarmee', 'ga terug naar huis', 'de mens achter de balie', ''])('when "%s" is sent, then it is no command', (text) => {
    expect(recognizeCommand(text)).toBeUndefined();
  });
});

describe('reading a choice', () => {
  const choices = [
    { value: 'self', title: 'Voor mezelf' },
    { value: 'yes', title: 'Ja', synonyms: ['j', 'yes'] },
  ];
  it.each([
    [{ text: 'self' }, 'self'],
    [{ text: 'voor MEZELF.' }, 'self'],
    [{ text: 'J' }, 'yes'],
    [{ text: '', choice: 'self' }, 'self'],
    [{ text: 'misschien' }, undefined],
  ])('when the answer is %j, then the value is %s', (answer, value) => {
    expect(readChoice(answer, choices)).toBe(value);
  });
});
