import { maskBsn, passesElfproef } from '../../src/domain/privacy/bsn';

describe('BSN detection (elfproef)', () => {
  it.each([
    ['111222333', true],
    ['123456782', true],
    ['123456789', false],
    ['000000000', false],
    ['12345678', false],
    ['1234567820', false],
  ])('when the digits are %s, then passing the elfproef is %s', (digits, ok) => {
    expect(passesElfproef(digits)).toBe(ok);
  });

  it.each([
    ['mijn bsn is 111222333.', 'mijn bsn is *********.', true],
    ['BSN: 111 222 333', 'BSN: *********', true],
    ['BSN 1112.22.333', 'BSN *********', true],
    ['bel 0612345678 of 06-12345678', 'bel 0612345678 of 06-12345678', false],
    ['dossier 123456789', 'dossier 123456789', false],
    ['IBAN NL91ABNA0417164300', 'IBAN NL91ABNA0417164300', false],
    ['op 3-3-2026 om 10:00', 'op 3-3-2026 om 10:00', false],
  ])('when the text is "%s", then it becomes "%s"', (text, masked, found) => {
    expect(maskBsn(text)).toEqual({ text: masked, found });
  });
});
