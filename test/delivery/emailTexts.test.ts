import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestSmtp } from '../helpers/smtp';
import { draft, harness, PERSON, failEveryTry } from './fixtures';

const load = (lng: string) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'locales', lng, 'email.json'), 'utf8'));

function flatten(obj: Record<string, unknown>, prefix = ''): Record<string, string> {
  return Object.entries(obj).reduce<Record<string, string>>((out, [k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? { ...out, [key]: v } : { ...out, ...flatten(v as Record<string, unknown>, key) };
  }, {});
}

const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the mail texts', () => {
  const nl = flatten(load('nl'));
  const en = flatten(load('en'));

  it('when a text exists in Dutch, then it exists in English with the same placeholders', () => {
    // Dutch adds "je" variants (`_je`) for a complainant under 16; English has one "you".
    expect(Object.keys(en).sort()).toEqual(Object.keys(nl).filter((k) => !k.endsWith('_je')).sort());
    const differ = Object.keys(nl).filter((k) => vars(nl[k]).join() !== vars(en[k.replace(/_je$/, '')]).join());
    expect(differ).toEqual([]);
  });

  it('when every kind of mail is written in both languages, then no text key or empty placeholder shows', async () => {
    const smtp = await TestSmtp.start();
    const h = await harness({ smtp });
    const refs: string[] = [];
    for (const locale of ['nl', 'en'] as const) {
      for (const [org, rung] of [['jess', 'manager'], ['ons-welzijn', 'manager'], ['so-trainingsbureau', 'director']] as const) {
        const key = `conv-${locale}-${org}`;
        const d = draft(org, rung, { locale, timeLimit: { status: 'late', expiredOn: '2026-01-30', lateReason: 'Ziek.' } });
        const r = await h.delivery.sender.submit(d, { idempotencyKey: key });
        await h.delivery.sender.mailSummaryToComplainant!(d, { idempotencyKey: key });
        refs.push(r.ok ? r.reference : '');
      }
    }
    await h.delivery.worker.drain();
    for (const ref of refs) await h.delivery.sender.withdraw(ref, PERSON.email);
    await h.delivery.worker.drain();
    // A complaint whose mails fail for good, so the operator alert is written too.
    await smtp.stop();
    await h.delivery.sender.submit(draft('xtra', 'manager'), { idempotencyKey: 'conv-alert' });
    // The third try is the last: refuse both mails so they fail for good, the alerts go through.
    await failEveryTry(h, smtp, 2);

    const kinds = new Set(smtp.mails.map((m) => m.parsed.headers.get('x-klachtwijzer-kind')));
    expect([...kinds].sort()).toEqual(['alert', 'organisation', 'receipt', 'summary', 'withdrawal_confirmation', 'withdrawal_notice']);
    for (const m of smtp.mails) {
      const all = `${m.parsed.subject}\n${m.parsed.text}`;
      expect(all).not.toMatch(/\{\{|\}\}|undefined|null|\[object/);
      expect(Object.keys(nl).filter((key) => all.includes(key))).toEqual([]);
    }
    await h.dispose();
    await smtp.stop();
  });
});
