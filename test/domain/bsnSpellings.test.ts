import { BSN_MASK, maskBsn, maskBsnDeep } from '../../src/domain/privacy/bsn';

/** 111222333 and 123456782 pass the elfproef; every row writes one of them another way. */
const ar = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const fa = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
const dev = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0966 + Number(d)));
const wide = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const bold = (s: string) => s.replace(/\d/g, (d) => String.fromCodePoint(0x1d7ce + Number(d)));

const SPELLINGS: Array<[string, string]> = [
  ['plain', '111222333'],
  ['second number', '123456782'],
  ['single spaces 3-3-3', '111 222 333'],
  ['dots 3-3-3', '111.222.333'],
  ['dashes 3-3-3', '111-222-333'],
  ['4-2-3 dots', '1112.22.333'],
  ['non-breaking spaces (why: passed unmasked)', '111\u00a0222\u00a0333'],
  ['slashes (why: passed unmasked)', '111/222/333'],
  ['full-width digits (why: passed unmasked)', wide('111222333')],
  ['zero-width space inside (why: passed unmasked)', '1112\u200b22333'],
  ['double spaces (why: passed unmasked)', '111  222  333'],
  ['underscores (why: passed unmasked)', '111_222_333'],
  ['Arabic-Indic digits (why: passed unmasked)', ar('111222333')],
  ['tabs (why: passed unmasked)', '111\t222\t333'],
  ['Persian digits', fa('123456782')],
  ['Devanagari digits', dev('123456782')],
  ['mathematical bold digits', bold('111222333')],
  ['full-width with full-width spaces', wide('111') + '\u3000' + wide('222') + '\u3000' + wide('333')],
  ['narrow no-break spaces', '111\u202f222\u202f333'],
  ['thin spaces', '111\u2009222\u2009333'],
  ['en dashes', '111\u2013222\u2013333'],
  ['em dashes', '111\u2014222\u2014333'],
  ['minus signs', '111\u2212222\u2212333'],
  ['non-breaking hyphens', '111\u2011222\u2011333'],
  ['backslashes', '111\\222\\333'],
  ['soft hyphens', '111\u00ad222\u00ad333'],
  ['zero-width joiner', '11122\u200d2333'],
  ['word joiner', '111\u2060222333'],
  ['byte order mark inside', '1\ufeff11222333'],
  ['left-to-right mark inside', '111222\u200e333'],
  ['every digit spaced', '1 1 1 2 2 2 3 3 3'],
  ['every digit dotted', '1.2.3.4.5.6.7.8.2'],
  ['space and dash', '111 - 222 - 333'],
  ['two groups 4-5', '1234 56782'],
  ['two groups 5-4', '12345-6782'],
  ['line break between groups', '111\n222\n333'],
  ['CRLF between groups', '111\r\n222\r\n333'],
  ['mixed full-width and ASCII', '111' + wide('222') + '333'],
  ['mixed Arabic-Indic and ASCII', ar('111') + '222' + ar('333')],
  ['ideographic space', '123\u3000456\u3000782'],
  ['full-width hyphen-minus', '123\uff0d456\uff0d782'],
  ['full-width slash', '123\uff0f456\uff0f782'],
  ['tab and spaces', '123 \t456 \t782'],
  ['zero-width space between every group', '123\u200b456\u200b782'],
];

describe('a BSN is masked however it is spelt', () => {
  it('has at least 40 spellings', () => expect(SPELLINGS.length).toBeGreaterThanOrEqual(40));

  it.each(SPELLINGS)('when a BSN is written with %s, then it is masked and the words around it stay', (_how, bsn) => {
    const result = maskBsn(`Mijn BSN is ${bsn}, zie dossier.`);
    expect(result).toEqual({ text: `Mijn BSN is ${BSN_MASK}, zie dossier.`, found: true });
  });

  it.each([
    ['a mobile number', 'bel 0612345678'],
    ['a grouped mobile number', 'bel 06 12 34 56 78'],
    ['a landline in groups', 'bel 020 123 4567'],
    ['a mobile with a dash', 'bel 06-12345678'],
    ['a date and time', 'op 3-3-2026 om 10:00'],
    ['an IBAN', 'IBAN NL91ABNA0417164300'],
    ['nine digits that fail the elfproef', 'dossier 123456789'],
    ['nine digits in groups that fail the elfproef', 'dossier 123 456 789'],
    ['ten digits', 'klantnummer 1112223334'],
  ])('when the text holds %s, then nothing is masked', (_what, text) => {
    expect(maskBsn(text)).toEqual({ text, found: false });
  });

  it('when a BSN is followed by a phone number, then only the BSN is masked', () => {
    expect(maskBsn('111222333 0612345678').text).toBe(`${BSN_MASK} 0612345678`);
  });

  it('when a card or button value holds a BSN anywhere, then every string in it is masked', () => {
    const { value, found } = maskBsnDeep({ choice: '111 222 333', nested: [{ note: `bsn ${wide('123456782')}` }], n: 5 });
    expect(found).toBe(true);
    expect(value).toEqual({ choice: BSN_MASK, nested: [{ note: `bsn ${BSN_MASK}` }], n: 5 });
  });
});
