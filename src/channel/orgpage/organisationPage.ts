import type { TFunction } from 'i18next';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { caseReport, type CaseReport, RECORDABLE_EVENTS, recordCaseEvent, type RecordResult } from '../../app/cases/cases';
import { amsterdamDate } from '../../domain/deadlines/calendar';
import { acceptedOrganisationEvents } from '../../domain/escalation/machine';
import type { Clock, ProcedureRepository } from '../../domain/ports';
import { findCase } from '../../infra/cases/caseStore';
import type { OrganisationLinks } from '../../infra/cases/links';
import type { SqlDb } from '../../infra/db/db';
import type { Logger } from '../../infra/delivery/logger';
import { normaliseReference, REFERENCE_PATTERN } from '../../infra/delivery/reference';
import { tFor } from '../../infra/i18n/i18n';
import { longDate } from '../../infra/mail/format';
import { escapeHtml } from '../webchat/html';

export const ORGANISATION_PAGE_PATH = '/organisatie/:reference';
export const ORGANISATION_PAGE_CSS = '/organisatie.css';

/** Its own policy: nothing but its own stylesheet, and forms that post only to itself. */
export const ORGANISATION_PAGE_CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'; object-src 'none'";

const CSS = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:44rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.3rem;margin-top:2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0}
fieldset{border:2px solid #5a5a5a;border-radius:.5rem;margin:1rem 0;padding:1rem}
legend{font-weight:700;padding:0 .25rem}
label{display:block;font-weight:600;margin-top:.75rem}
.hint{display:block;color:#4a4a4a;font-size:.95rem}
input[type=date],input[type=text],textarea{display:block;width:100%;max-width:30rem;min-height:44px;padding:.5rem;font:inherit;border:2px solid #5a5a5a;border-radius:.25rem}
textarea{min-height:6rem}
.choice{display:flex;align-items:center;gap:.5rem;margin:.25rem 0;min-height:44px}.choice label{margin:0;font-weight:400}
input[type=radio]{width:1.5rem;height:1.5rem}
button{margin-top:1rem;min-height:44px;padding:.5rem 1rem;font:inherit;font-weight:600;color:#fff;background:#00558c;border:2px solid #00558c;border-radius:.25rem;cursor:pointer}
:focus-visible{outline:3px solid #c2410c;outline-offset:2px}
.message{border-left:6px solid #00558c;padding:.5rem 1rem;background:#eef5fb}.error{border-left-color:#b00020;background:#fdeeee}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important}}`;

const Post = z
  .object({
    token: z.string().max(100),
    event: z.enum(RECORDABLE_EVENTS),
    date: z.string().max(10).optional(),
    judgement: z.string().max(40).optional(),
    motivation: z.string().max(5000).optional(),
    measures: z.string().max(5000).optional(),
    told: z.string().max(300).optional(),
    extendTo: z.string().max(10).optional(),
    note: z.string().max(2000).optional(),
  })
  .strip();

export interface OrganisationPageDeps {
  db: SqlDb;
  procedures: ProcedureRepository;
  links: OrganisationLinks;
  clock: Clock;
  logger: Logger;
  /** Wakes the outbox (nothing is mailed now, but keeps the contract of the use case). */
  onRecorded?: () => void;
}

function sendHtml(res: Response, status: number, html: string): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', ORGANISATION_PAGE_CSP);
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Robots-Tag', 'noindex');
  res.writeHead(status);
  res.end(html);
}

const shell = (title: string, body: string) => `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${ORGANISATION_PAGE_CSS}">
</head>
<body>
<main id="inhoud">
${body}
</main>
</body>
</html>`;

/**
 * The organisation's page for one submission: `GET /organisatie/<reference>?token=…` shows where
 * the case stands, its due dates and history (no complaint text) and a form per event the case's
 * machine accepts now; `POST` records one. A wrong or expired token gets 403 and records nothing.
 * Server-rendered; works without JavaScript.
 */
export function mountOrganisationPage(server: Server, deps: OrganisationPageDeps): void {
  const t = tFor('nl', 'web');
  server.get(ORGANISATION_PAGE_CSS, (_req: Request, res: Response, next: (e?: unknown) => void) => {
    res.setHeader('Content-Type', 'text/css; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.writeHead(200);
    res.end(CSS);
    return next(false);
  });

  const forbidden = (res: Response) =>
    sendHtml(res, 403, shell(t('orgPage.forbiddenTitle'), `<h1>${escapeHtml(t('orgPage.forbiddenTitle'))}</h1>\n<p>${escapeHtml(t('orgPage.forbidden'))}</p>`));

  async function authorised(req: Request, token: unknown): Promise<string | undefined> {
    const raw = typeof req.params?.reference === 'string' ? req.params.reference : '';
    const reference = normaliseReference(raw);
    if (!REFERENCE_PATTERN.test(reference)) return undefined;
    return (await deps.links.verify(reference, token, deps.clock.now().getTime())) ? reference : undefined;
  }

  async function render(res: Response, reference: string, token: string, status: number, message?: { error: boolean; html: string }) {
    const stored = await findCase(deps.db, reference);
    const procedure = stored && deps.procedures.get(stored.organisationId);
    if (!stored || !procedure) {
      sendHtml(res, 404, shell(t('orgPage.notFound'), `<h1>${escapeHtml(t('orgPage.notFound'))}</h1>`));
      return;
    }
    const today = amsterdamDate(deps.clock.now());
    const report = caseReport(procedure, stored, today, 'nl');
    const latest = stored.latestReference === reference;
    const accepted = latest ? acceptedOrganisationEvents(procedure, stored.snapshot, today) : [];
    const receivedOn = stored.submissions.find((s) => s.reference === reference)?.receivedOn ?? today;
    const body = [
      `<h1>${escapeHtml(t('orgPage.title', { reference, organisation: procedure.name }))}</h1>`,
      message ? `<div class="message${message.error ? ' error' : ''}" role="${message.error ? 'alert' : 'status'}">${message.html}</div>` : '',
      `<p>${escapeHtml(t('orgPage.intro'))}</p>`,
      statusSection(t, report, procedure.ladder.concat(procedure.offLadder).find((r) => r.id === report.rung)?.title.nl, receivedOn),
      historySection(t, report),
      `<h2 id="noteer">${escapeHtml(t('orgPage.recordHeading'))}</h2>`,
      !latest
        ? `<p>${escapeHtml(t('orgPage.earlierStep', { latest: stored.latestReference }))}</p>`
        : accepted.length === 0
          ? `<p>${escapeHtml(t('orgPage.nothingToRecord'))}</p>`
          : accepted.map((type) => form(t, reference, token, type, today, receivedOn, report)).join('\n'),
    ].join('\n');
    sendHtml(res, status, shell(t('orgPage.title', { reference, organisation: procedure.name }), body));
  }

  server.get(ORGANISATION_PAGE_PATH, async (req: Request, res: Response) => {
    try {
      const q = new URLSearchParams(req.getQuery?.() ?? '');
      const token = q.get('token') ?? '';
      const reference = await authorised(req, token);
      if (!reference) return forbidden(res);
      const done = z.enum(RECORDABLE_EVENTS).safeParse(q.get('recorded') ?? undefined);
      await render(res, reference, token, 200, done.success ? { error: false, html: escapeHtml(t('orgPage.recorded', { event: t(`orgPage.events.${done.data}`) })) } : undefined);
    } catch (err) {
      deps.logger.error({ event: 'orgpage.failed', errorClass: (err as Error)?.name });
      res.writeHead(500);
      res.end();
    }
  });

  server.post(ORGANISATION_PAGE_PATH, async (req: Request, res: Response) => {
    try {
      const body: unknown = req.body;
      const token = body && typeof body === 'object' ? (body as Record<string, unknown>).token : undefined;
      const reference = await authorised(req, token);
      if (!reference) return forbidden(res);
      const parsed = Post.safeParse(body);
      if (!parsed.success) {
        await render(res, reference, String(token), 422, { error: true, html: escapeHtml(t('orgPage.invalid', { issues: parsed.error.issues.map((i) => i.path.join('.')).join(', ') })) });
        return;
      }
      const p = parsed.data;
      const input = Object.fromEntries(
        Object.entries({ reference, event: p.event, date: p.date, judgement: p.judgement, motivation: p.motivation, measures: p.measures, told: p.told, extendTo: p.extendTo, note: p.note }).filter(
          ([, v]) => typeof v === 'string' && v.trim() !== '',
        ),
      );
      const result = await recordCaseEvent({ db: deps.db, procedures: deps.procedures, clock: deps.clock, logger: deps.logger, onQueued: deps.onRecorded }, input, 'organisation');
      if (result.kind === 'recorded') {
        res.setHeader('Location', `/organisatie/${encodeURIComponent(reference)}?token=${encodeURIComponent(p.token)}&recorded=${p.event}`);
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.writeHead(303);
        res.end();
        return;
      }
      if (result.kind === 'unknown_reference') {
        sendHtml(res, 404, shell(t('orgPage.notFound'), `<h1>${escapeHtml(t('orgPage.notFound'))}</h1>`));
        return;
      }
      await render(res, reference, p.token, 422, { error: true, html: `<h2>${escapeHtml(t('orgPage.errorHeading'))}</h2><p>${escapeHtml(resultText(t, result))}</p>` });
    } catch (err) {
      deps.logger.error({ event: 'orgpage.failed', errorClass: (err as Error)?.name });
      res.writeHead(500);
      res.end();
    }
  });
}

function resultText(t: TFunction, r: Exclude<RecordResult, { kind: 'recorded' } | { kind: 'unknown_reference' }>): string {
  if (r.kind === 'invalid') return t('orgPage.invalid', { issues: r.issues.map((i) => i.split(':')[0]).join(', ') });
  const f = r.refusal;
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) if (k !== 'reason') args[k] = /^\d{4}-\d{2}-\d{2}$/.test(String(v)) ? longDate(String(v), 'nl') : t(`orgPage.states.${String(v)}`, { defaultValue: String(v) });
  return t(`orgPage.refusal.${f.reason}`, args);
}

const dateText = (t: TFunction, d: string | null, none: string) => (d ? longDate(d, 'nl') : t(none));

function statusSection(t: TFunction, r: CaseReport, rungTitle: string | undefined, receivedOn: string): string {
  const rows: [string, string][] = [
    [t('orgPage.state'), t(`orgPage.states.${r.state === 'active' ? (r.stage ?? 'open') : r.state}`)],
    ...(rungTitle ? ([[t('orgPage.rung'), rungTitle]] as [string, string][]) : []),
    [t('orgPage.receivedOn'), longDate(receivedOn, 'nl')],
  ];
  if (r.state === 'active') {
    rows.push([t('orgPage.acknowledgeBy'), dateText(t, r.dueDates.acknowledgeBy, 'orgPage.noTerm')]);
    rows.push([t('orgPage.acknowledgedOn'), dateText(t, r.acknowledgedOn, 'orgPage.notYet')]);
    rows.push([t('orgPage.decideBy'), dateText(t, r.dueDates.decideBy, 'orgPage.noTerm')]);
    if (r.dueDates.extendedTo) rows.push([t('orgPage.extendedTo'), longDate(r.dueDates.extendedTo, 'nl')]);
    if (r.decidedOn) rows.push([t('orgPage.decidedOn'), `${longDate(r.decidedOn, 'nl')}${r.judgement ? ` (${t(`orgPage.judgements.${r.judgement}`)})` : ''}`]);
  }
  return `<h2>${escapeHtml(t('orgPage.statusHeading'))}</h2>\n<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function historySection(t: TFunction, r: CaseReport): string {
  const items = r.history.map((h) => {
    const extra = h.judgement ? ` (${t(`orgPage.judgements.${h.judgement}`)})` : h.extendedTo ? `: ${longDate(h.extendedTo, 'nl')}` : '';
    return `<li>${escapeHtml(`${longDate(h.date, 'nl')}: ${t(`orgPage.events.${h.event}`)}${extra} – ${h.reference}`)}</li>`;
  });
  return `<h2>${escapeHtml(t('orgPage.historyHeading'))}</h2>\n<ol>${items.join('')}</ol>`;
}

const EVENT_NAME: Record<string, (typeof RECORDABLE_EVENTS)[number]> = {
  ACKNOWLEDGED: 'acknowledged',
  EXTENDED: 'extended',
  DECIDED: 'decided',
  RESOLVED: 'resolved',
  NOT_HANDLED: 'not_handled',
  WITHDRAWN: 'withdrawn',
};

function form(t: TFunction, reference: string, token: string, type: string, today: string, receivedOn: string, r: CaseReport): string {
  const event = EVENT_NAME[type]!;
  const id = (name: string) => `${event}-${name}`;
  const field = (name: string, label: string, input: string, hint?: string) =>
    `<label for="${id(name)}">${escapeHtml(label)}</label>${hint ? `<span class="hint" id="${id(name)}-hint">${escapeHtml(hint)}</span>` : ''}${input}`;
  const described = (name: string, hint?: string) => (hint ? ` aria-describedby="${id(name)}-hint"` : '');
  const parts: string[] = [
    `<input type="hidden" name="token" value="${escapeHtml(token)}">`,
    `<input type="hidden" name="event" value="${event}">`,
    field('date', t('orgPage.fields.date'), `<input type="date" id="${id('date')}" name="date" value="${today}" min="${receivedOn}" max="${today}" required${described('date', 'x')}>`, t('orgPage.fields.dateHint')),
  ];
  if (event === 'extended') {
    const hint = r.dueDates.extensionCap ? t('orgPage.forms.extended.hint', { cap: longDate(r.dueDates.extensionCap, 'nl') }) : undefined;
    parts.push(
      field('extendTo', t('orgPage.fields.extendTo'), `<input type="date" id="${id('extendTo')}" name="extendTo" required${r.dueDates.extensionCap ? ` max="${r.dueDates.extensionCap}"` : ''}${described('extendTo', hint)}>`, hint),
      field('note', t('orgPage.fields.reason'), `<input type="text" id="${id('note')}" name="note" maxlength="2000">`),
    );
  }
  if (event === 'decided') {
    const radios = (['well_founded', 'partly_well_founded', 'unfounded'] as const)
      .map((j, i) => `<div class="choice"><input type="radio" id="${id(j)}" name="judgement" value="${j}"${i === 0 ? ' required' : ''}><label for="${id(j)}">${escapeHtml(t(`orgPage.judgements.${j}`))}</label></div>`)
      .join('');
    parts.push(
      `<fieldset><legend>${escapeHtml(t('orgPage.fields.judgement'))}</legend>${radios}</fieldset>`,
      field('motivation', t('orgPage.fields.motivation'), `<textarea id="${id('motivation')}" name="motivation" maxlength="5000"></textarea>`),
      field('measures', t('orgPage.fields.measures'), `<textarea id="${id('measures')}" name="measures" maxlength="5000"${described('measures', 'x')}></textarea>`, t('orgPage.fields.measuresHint')),
      field('told', t('orgPage.fields.told'), `<input type="text" id="${id('told')}" name="told" maxlength="300"${described('told', 'x')}>`, t('orgPage.fields.toldHint')),
    );
  }
  if (event === 'not_handled') parts.push(field('note', t('orgPage.fields.reason'), `<input type="text" id="${id('note')}" name="note" maxlength="2000" required>`));
  if (event === 'resolved' || event === 'withdrawn') parts.push(field('note', t('orgPage.fields.note'), `<input type="text" id="${id('note')}" name="note" maxlength="2000">`));
  return `<form method="post" action="/organisatie/${encodeURIComponent(reference)}">
<fieldset><legend>${escapeHtml(t(`orgPage.forms.${event}.legend`))}</legend>
${parts.join('\n')}
<button type="submit">${escapeHtml(t(`orgPage.forms.${event}.button`))}</button>
</fieldset>
</form>`;
}
