import { getI18n, LOCALES, loadResources, tFor, tVoice } from '../../src/infra/i18n/i18n';

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

  it('when any text of any namespace is filled with values, in "u" and in "je", again and again, then it reads exactly as i18next fills it', () => {
    const resources = loadResources();
    const keysOf = (node: unknown, prefix = ''): string[] =>
      node && typeof node === 'object' ? Object.entries(node).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k)) : [prefix];
    const values = [
      { organisation: 'Xtra', reference: 'KW-2026-ABC123', next: 'de directeur', rung: 'klachtenfunctionaris', date: 'dinsdag 10 maart 2026', days: 5, max: 4000 },
      // Values that look like i18next syntax stay as typed, in both.
      { organisation: '{{reference}} $t(welcome.text)', reference: 0, next: '', rung: '{{', date: '\\n', days: -1, max: 1.5 },
    ];
    let compared = 0;
    for (const locale of LOCALES) {
      for (const ns of Object.keys(resources[locale]!)) {
        const own = getI18n().getFixedT(locale, ns);
        const keys = [...new Set(keysOf(resources[locale]![ns]).map((k) => k.replace(/_(je|one|other)$/, '')))];
        for (const key of keys) {
          for (const v of [...values, ...values]) {
            expect(tFor(locale, ns)(key, v)).toBe(own(key, v));
            expect(tVoice(locale, 'je', ns)(key, v)).toBe(own(key, { context: 'je', ...v }));
            compared += 2;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('when a text with a placeholder gets no value for it, or a count, then i18next fills it as it always did', () => {
    const own = getI18n().getFixedT('nl', 'bot');
    const t = tFor('nl', 'bot');
    for (let i = 0; i < 3; i++) {
      expect(t('welcome.text_organisation', { something: 'else' })).toBe(own('welcome.text_organisation', { something: 'else' }));
      expect(tFor('nl', 'procedure')('working_days', { count: i })).toBe(getI18n().getFixedT('nl', 'procedure')('working_days', { count: i }));
    }
  });
});
