import { signalsDanger } from '../../src/domain/safety/safetySignals';

describe('words that signal danger, abuse or suicide', () => {
  it.each([
    'Ik denk aan zelfmoord',
    'ik wil niet meer leven',
    'Mijn vader slaat me',
    'Ze is mishandeld door de begeleider',
    'Er was seksueel misbruik',
    'ik ben verkracht',
    'Ik voel me niet veilig thuis',
    'Hij heeft mij bedreigd',
    'Ik wil dood',
    'I want to kill myself',
    'He hits me every day',
    'there is abuse at home',
    'I am in danger',
    'SUÏCIDE',
  ])('when someone writes "%s", then it is recognised', (text) => {
    expect(signalsDanger(text)).toBe(true);
  });

  it.each(['De begeleider kwam te laat', 'Ik kreeg geen antwoord op mijn mail', 'The worker was rude to me', 'Ik wil excuses'])(
    'when someone writes "%s", then it is not',
    (text) => {
      expect(signalsDanger(text)).toBe(false);
    },
  );
});
