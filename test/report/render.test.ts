import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport, NOT_SENT_REASONS, type RegisterEntry } from '../../src/domain/report/report';
import { tFor } from '../../src/infra/i18n/i18n';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { csvCell, renderReport, REPORT_FORMATS } from '../../src/infra/report/render';

const root = join(__dirname, '..', '..');
type Tree = { [k: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): string[] => Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : flatten(v, `${prefix}${k}.`)));
const keys = (lng: string) => flatten(JSON.parse(readFileSync(join(root, 'locales', lng, 'report.json'), 'utf8'))).sort();

const procedure = {
  ...loadProcedures().get('xtra')!,
  locations: [{ id: 'a', name: 'Locatie <b>A</b> & "B"' }],
};
const entry = (i: number, patch: Partial<RegisterEntry> = {}): RegisterEntry => ({
  id: `e${i}`,
  caseId: `c${i}`,
  rung: 'manager',
  receivedOn: '2026-02-02',
  category: 'conduct',
  about: 'employee',
  location: 'Locatie <b>A</b> & "B"',
  externalCommittee: false,
  withdrawnOn: null,
  acknowledgedOn: null,
  acknowledgeBy: null,
  decidedOn: '2026-03-01',
  decideBy: null,
  judgement: 'well_founded',
  measures: null,
  resolvedOn: null,
  notHandledOn: null,
  ...patch,
});

describe('the report’s texts and formats', () => {
  it('when the Dutch and English report texts are compared, then they have the same keys, and every not-sent reason has a label', () => {
    expect(keys('en')).toEqual(keys('nl'));
    for (const r of NOT_SENT_REASONS) expect(keys('nl')).toContain(`reason.${r}`);
  });

  it('when staff typed markup or a formula into a measure, then html escapes it, csv neutralises it, and markdown shows it as text', () => {
    const report = buildReport({
      procedure,
      year: 2026,
      entries: [entry(1, { measures: '=HYPERLINK("http://x")' }), entry(2, { measures: '<script>alert(1)</script>' }), entry(3)],
      notSent: [],
      asOf: '2026-12-31',
    });
    const out = (f: (typeof REPORT_FORMATS)[number], lang: 'nl' | 'en' = 'nl') => renderReport(f, { report, procedure, t: tFor(lang, 'report'), lang, today: '2026-12-31' });
    expect(out('html')).not.toContain('<script>');
    expect(out('html')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out('html')).toContain('Locatie &lt;b&gt;A&lt;/b&gt; &amp; &quot;B&quot;');
    expect(out('csv')).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(out('md')).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(out('md', 'en')).toContain('## 3. Number and nature of complaints per location');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('-1')).toBe("'-1");
  });
});
