import { explainProcedure, summariseProcedure } from '../../src/app/explainProcedure';
import { tFor } from '../../src/infra/i18n/i18n';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';

const procedures = loadProcedures();
const TODAY = '2026-03-10';
const words = (s: string) => s.replace(/\*\*/g, '').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

describe('the procedure for a complainant (regeling in the chat)', () => {
  it.each(procedures.list().flatMap((p) => (['nl', 'en'] as const).map((lang) => [p.id, lang] as const)))(
    'when a complainant of %s asks in %s, then the procedure comes in at most 150 words, without sources',
    (id, lang) => {
      const p = procedures.get(id)!;
      const text = summariseProcedure(p, tFor(lang, 'procedure'), lang, TODAY);
      expect(words(text)).toBeLessThanOrEqual(150);
      expect(text).not.toMatch(/Bron:|Source:|seed/i);
      expect(text).toContain(p.ladder[p.ladder.length - 1].title[lang]);
      expect(words(explainProcedure(p, tFor(lang, 'procedure'), lang))).toBeGreaterThan(words(text));
    },
  );

  it('when Xtra sets its terms in working days and weeks, then the answer dates are concrete for a complaint sent today', () => {
    const text = summariseProcedure(procedures.get('xtra')!, tFor('nl', 'procedure'), 'nl', TODAY);
    expect(text).toContain('Stuurt u vandaag een klacht? Dan hoort u uiterlijk dinsdag 17 maart 2026 dat hij er is.');
    expect(text).toContain('Uiterlijk dinsdag 21 april 2026 krijgt u een antwoord.');
    expect(text).toContain('klachten@xtra.nl');
  });
});
