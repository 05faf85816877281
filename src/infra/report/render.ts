import type { TFunction } from 'i18next';
import { CATEGORIES, type Locale } from '../../domain/complaint/complaint';
import type { Procedure } from '../../domain/procedure/schema';
import { annualReportDueBy, JUDGEMENTS, type ComplaintsReport, type JudgementCounts } from '../../domain/report/report';
import { longDate } from '../mail/format';

/**
 * The yearly report in four formats. Every value here comes from the report (counts, listed
 * location names, staff-recorded measures) or the procedure data: never a name, address,
 * description or reference. `t` is fixed to the `report` namespace and `lang`.
 */

export const REPORT_FORMATS = ['md', 'csv', 'json', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface RenderContext {
  report: ComplaintsReport;
  procedure: Procedure;
  t: TFunction;
  lang: Locale;
  /** The day the report is made. */
  today: string;
}

const JUDGEMENT_KEYS = [...JUDGEMENTS, 'none'] as const;

export function renderReport(format: ReportFormat, ctx: RenderContext): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(ctx.report, null, 2)}\n`;
    case 'csv':
      return renderCsv(ctx);
    case 'md':
      return renderMarkdown(ctx);
    case 'html':
      return renderHtml(ctx);
  }
}

/** The sections in the order of seed 004 §9 (the Wet kinderopvang list), then the rest. */
interface Section {
  heading: string;
  lines: Block[];
}
type Block =
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] }
  | { kind: 'chart'; title: string; bars: Array<{ label: string; value: number }> };

const locationName = (ctx: RenderContext, location: string) => (location === 'other' ? ctx.t('other') : location);
const number = (ctx: RenderContext, n: number | null) => (n === null ? ctx.t('deadlines.none') : n.toLocaleString(ctx.lang === 'nl' ? 'nl-NL' : 'en-GB'));

function sections(ctx: RenderContext): { title: string; intro: string[]; sections: Section[] } {
  const { report: r, procedure: p, t, lang } = ctx;
  const withheld = t('small.withheld');
  const intro = [t('made_on', { date: longDate(ctx.today, lang) })];
  const out: Section[] = [];
  const due = annualReportDueBy(p, r.year);
  if (due) {
    intro.push(t('legal.due', { year: r.year, next: r.year + 1, date: longDate(due, lang) }), t('legal.share'));
  }
  if (due || p.report?.regeling) {
    const reg = p.report?.regeling;
    out.push({ heading: t('regeling.heading'), lines: [{ kind: 'p', text: reg ? t('regeling.applied', { name: reg.name, date: longDate(reg.adoptedOn, lang) }) : t('regeling.unknown') }] });
    const how = p.report?.howMadeKnown;
    out.push({ heading: t('how_made_known.heading'), lines: [{ kind: 'p', text: how ? how[lang] : t('how_made_known.missing') }] });
  }

  const perLocation: Block[] = [{ kind: 'p', text: t('per_location.total', { year: r.year, count: r.total }) }];
  if (!p.locations?.length) perLocation.push({ kind: 'p', text: t('per_location.no_locations') });
  if (r.byLocation.length) {
    const keys = CATEGORIES;
    perLocation.push({
      kind: 'table',
      head: [t('column.location'), t('column.total'), ...keys.map((k) => t(`category.${k}`))],
      rows: r.byLocation.map((g) => [locationName(ctx, g.location), String(g.total), ...keys.map((k) => (g.byCategory ? String(g.byCategory[k] ?? 0) : withheld))]),
    });
    perLocation.push({ kind: 'chart', title: t('chart.locations'), bars: r.byLocation.map((g) => ({ label: locationName(ctx, g.location), value: g.total })) });
  }
  if (r.byCategory) {
    perLocation.push({ kind: 'chart', title: t('chart.categories'), bars: Object.entries(r.byCategory).map(([k, v]) => ({ label: t(`category.${k}`), value: v })) });
  } else if (r.total > 0) {
    perLocation.push({ kind: 'p', text: `${t('chart.categories')}: ${withheld}` });
  }
  out.push({ heading: t('per_location.heading'), lines: perLocation });

  const judgementBlocks: Block[] = [];
  if (r.byLocation.length) {
    judgementBlocks.push({
      kind: 'table',
      head: [t('column.location'), ...JUDGEMENT_KEYS.map((k) => t(`judgement.${k}`))],
      rows: r.byLocation.map((g) => [locationName(ctx, g.location), ...JUDGEMENT_KEYS.map((k) => (g.judgements ? String(g.judgements[k]) : withheld))]),
    });
  }
  if (r.judgements) {
    judgementBlocks.push({ kind: 'chart', title: t('chart.judgements'), bars: JUDGEMENT_KEYS.map((k) => ({ label: t(`judgement.${k}`), value: (r.judgements as JudgementCounts)[k] })) });
  }
  for (const g of r.byLocation) {
    if (!g.measures) continue;
    judgementBlocks.push({ kind: 'p', text: `${t('judgements.measures')}, ${locationName(ctx, g.location)}:` });
    judgementBlocks.push(g.measures.length ? { kind: 'list', items: g.measures } : { kind: 'p', text: t('judgements.no_measures') });
  }
  out.push({ heading: t('judgements.heading'), lines: judgementBlocks });

  const ext: Block[] = [{ kind: 'p', text: t('external.total', { count: r.externalCommittee.total }) }];
  const extCats = r.externalCommittee.byCategory;
  const extItems = Object.entries(extCats ?? {}).filter(([, v]) => v > 0);
  if (extItems.length) ext.push({ kind: 'list', items: extItems.map(([k, v]) => `${t(`category.${k}`)}: ${v}`) });
  else if (r.externalCommittee.total > 0) ext.push({ kind: 'p', text: `${t('chart.categories')}: ${withheld}` });
  out.push({ heading: t('external.heading'), lines: ext });

  out.push({ heading: t('withdrawn.heading'), lines: [{ kind: 'p', text: t('withdrawn.total', { count: r.withdrawn }) }] });
  const d = r.deadlines;
  out.push({
    heading: t('deadlines.heading'),
    lines: [
      {
        kind: 'list',
        items: [
          t('deadlines.ack_late', { count: d.acknowledgedLate }),
          t('deadlines.decided_late', { count: d.decidedLate }),
          t('deadlines.median_ack', { value: number(ctx, d.medianDaysToAcknowledge) }),
          t('deadlines.median_decide', { value: number(ctx, d.medianDaysToDecide) }),
        ],
      },
    ],
  });
  const notSent = Object.entries(r.notSent);
  out.push({
    heading: t('not_sent.heading'),
    lines: [
      { kind: 'p', text: t('not_sent.intro') },
      notSent.length ? { kind: 'list', items: notSent.map(([k, v]) => `${t(`reason.${k}`, { defaultValue: t('reason.other') })}: ${v}`) } : { kind: 'p', text: t('not_sent.none') },
    ],
  });
  const small: Block[] = [{ kind: 'p', text: t('small.rule') }];
  if (r.smallNumbers.folded) small.push({ kind: 'p', text: t('small.folded', { count: r.smallNumbers.folded }) });
  out.push({ heading: t('small.heading'), lines: small });

  const title = t('title', { year: r.year, organisation: r.organisation.name });
  return { title, intro: due ? [t('legal.heading'), ...intro] : intro, sections: out };
}

// ---------- Markdown ----------

const mdCell = (s: string) => s.replace(/[\\|]/g, (c) => `\\${c}`).replace(/\s+/g, ' ');
const mdText = (s: string) => s.replace(/([\\`*_[\]<>#])/g, '\\$1').replace(/\s+/g, ' ');

export function renderMarkdown(ctx: RenderContext): string {
  const doc = sections(ctx);
  const out = [`# ${mdText(doc.title)}`, '', ...doc.intro.flatMap((p) => [mdText(p), ''])];
  doc.sections.forEach((s, i) => {
    out.push(`## ${i + 1}. ${mdText(s.heading)}`, '');
    for (const b of s.lines) {
      if (b.kind === 'p') out.push(mdText(b.text), '');
      if (b.kind === 'list') out.push(...b.items.map((x) => `- ${mdText(x)}`), '');
      if (b.kind === 'table') {
        out.push(`| ${b.head.map(mdCell).join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`), '');
      }
    }
  });
  return `${out.join('\n').trimEnd()}\n`;
}

// ---------- CSV (Dutch Excel: UTF-8 with BOM, `;`) ----------

/** A cell a spreadsheet cannot take for a formula, quoted where needed. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(ctx: RenderContext): string {
  const { report: r, t } = ctx;
  const rows: Array<Array<string | number>> = [[t('column.section'), t('column.location'), t('column.key'), t('column.item'), t('column.count')]];
  const add = (section: string, location: string, key: string, label: string, count: number | string | null) =>
    rows.push([section, location, key, label, count === null ? '' : count]);
  const sec = (k: string) => t(`csv.${k}`);
  add(sec('total'), '', 'total', t('column.total'), r.total);
  if (r.byCategory) for (const [k, v] of Object.entries(r.byCategory)) add(sec('category'), '', k, t(`category.${k}`), v);
  if (r.judgements) for (const k of JUDGEMENT_KEYS) add(sec('judgement'), '', k, t(`judgement.${k}`), r.judgements[k]);
  add(sec('withdrawn'), '', 'withdrawn', t('withdrawn.heading'), r.withdrawn);
  add(sec('external_committee'), '', 'total', t('column.total'), r.externalCommittee.total);
  if (r.externalCommittee.byCategory) {
    for (const [k, v] of Object.entries(r.externalCommittee.byCategory)) add(sec('external_committee_category'), '', k, t(`category.${k}`), v);
  }
  const d = r.deadlines;
  for (const key of ['acknowledgedLate', 'decidedLate', 'medianDaysToAcknowledge', 'medianDaysToDecide'] as const) {
    add(sec('deadline'), '', key, t(`deadlines.label.${key}`), d[key] === null ? '' : number(ctx, d[key]));
  }
  for (const [k, v] of Object.entries(r.notSent)) add(sec('not_sent'), '', k, t(`reason.${k}`, { defaultValue: t('reason.other') }), v);
  for (const g of r.byLocation) {
    const name = locationName(ctx, g.location);
    add(sec('location_total'), name, 'total', t('column.total'), g.total);
    if (g.byCategory) for (const [k, v] of Object.entries(g.byCategory)) add(sec('location_category'), name, k, t(`category.${k}`), v);
    if (g.judgements) for (const k of JUDGEMENT_KEYS) add(sec('location_judgement'), name, k, t(`judgement.${k}`), g.judgements[k]);
    for (const m of g.measures ?? []) add(sec('measure'), name, 'measure', m, null);
  }
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

// ---------- HTML: printable, inline SVG bars, no external assets ----------

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function svgBars(title: string, bars: Array<{ label: string; value: number }>): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowH = 28;
  const labelW = 250;
  const barW = 360;
  const h = bars.length * rowH + 8;
  const rows = bars
    .map((b, i) => {
      const y = i * rowH + 4;
      const w = Math.round((b.value / max) * barW);
      return `<text x="0" y="${y + 18}" class="l">${escapeHtml(b.label)}</text><rect x="${labelW}" y="${y + 4}" width="${Math.max(w, b.value ? 2 : 0)}" height="18" rx="2"></rect><text x="${labelW + w + 6}" y="${y + 18}" class="v">${b.value}</text>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${labelW + barW + 50} ${h}" width="100%" preserveAspectRatio="xMinYMin meet">${rows}</svg></figure>`;
}

const CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.25rem}h2{font-size:1.2rem;border-bottom:2px solid #1d4f91;padding-bottom:.2rem;margin-top:2rem}
.legal{background:#eef3fa;border-left:4px solid #1d4f91;padding:.5rem 1rem}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5rem 0 1rem;font-size:.85rem}th,td{border:1px solid #bbb;padding:.3rem .4rem;text-align:left;overflow-wrap:break-word;hyphens:auto}thead th{font-size:.75rem;vertical-align:bottom}thead th:first-child{width:20%}td.n,th.n{text-align:right}th{background:#f0f0f0}
figure{margin:.5rem 0 1.25rem}figcaption{font-weight:600;margin-bottom:.25rem}svg rect{fill:#1d4f91}svg text{font-size:13px;fill:#1a1a1a}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}figure,table{break-inside:avoid}}`;

export function renderHtml(ctx: RenderContext): string {
  const doc = sections(ctx);
  const body: string[] = [`<h1>${escapeHtml(doc.title)}</h1>`];
  const annual = annualReportDueBy(ctx.procedure, ctx.report.year);
  body.push(annual ? `<div class="legal">${doc.intro.map((p, i) => (i === 0 ? `<p><strong>${escapeHtml(p)}</strong></p>` : `<p>${escapeHtml(p)}</p>`)).join('')}</div>` : doc.intro.map((p) => `<p>${escapeHtml(p)}</p>`).join(''));
  doc.sections.forEach((s, i) => {
    body.push(`<section><h2>${i + 1}. ${escapeHtml(s.heading)}</h2>`);
    for (const b of s.lines) {
      if (b.kind === 'p') body.push(`<p>${escapeHtml(b.text)}</p>`);
      if (b.kind === 'list') body.push(`<ul>${b.items.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`);
      if (b.kind === 'table') {
        const num = (v: string) => /^\d+$/.test(v);
        body.push(
          `<table><thead><tr>${b.head.map((h, j) => `<th scope="col"${j > 0 ? ' class="n"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${b.rows
            .map((r) => `<tr>${r.map((c, j) => (j === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td${num(c) ? ' class="n"' : ''}>${escapeHtml(c)}</td>`)).join('')}</tr>`)
            .join('')}</tbody></table>`,
        );
      }
      if (b.kind === 'chart') body.push(svgBars(b.title, b.bars));
    }
    body.push('</section>');
  });
  return `<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
