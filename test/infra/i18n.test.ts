import { getI18n, tFor } from '../../src/infra/i18n/i18n';

describe('texts per turn (tFor)', () => {
  it('when a text is asked twice, then both times it is the text i18next itself gives, in the language asked', () => {
    const own = (lng: string) => getI18n().getFixedT(lng, 'bot');
    for (const locale of ['nl', 'en'] as const) {
      const t = tFor(locale, 'bot');
      expect(t('welcome.text')).toBe(own(locale)('welcome.text'));
      expect(t('welcome.text')).toBe(own(locale)('welcome.text'));
    }
    expect(tFor('nl', 'bot')('welcome.text')).toMatch(/computerprogramma, geen mens/);
    expect(tFor('en', 'bot')('welcome.text')).toMatch(/computer program, not a person/);
  });

  it('when a text takes values, then every call fills in its own values', () => {
    const t = tFor('nl', 'bot');
    expect(t('welcome.text_organisation', { organisation: 'Xtra' })).toMatch(/bij Xtra\./);
    expect(t('welcome.text_organisation', { organisation: 'JESS' })).toMatch(/bij JESS\./);
    expect(t('welcome.text_organisation', { organisation: 'JESS' })).not.toMatch(/Xtra/);
  });

  it('when a key does not exist, then the answer is the key, as i18next gives it', () => {
    expect(tFor('en', 'bot')('no.such.key')).toBe(getI18n().getFixedT('en', 'bot')('no.such.key'));
  });
});
