import nlBot from '../../locales/nl/bot.json';
import nlEmail from '../../locales/nl/email.json';
import { tVoice } from '../../src/infra/i18n/i18n';
import { renderFollowUpCode } from '../../src/infra/mail/renderFollowUpCode';
import { renderReminder } from '../../src/infra/mail/renderReminder';
import { ScenarioDriver } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { BASE, LOCALE } from './scenarios';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const U = /\b(?:[Uu]w?|[Hh]eeft u|[Bb]ent u)\b/;

/** Every text under these keys that says "u" or "uw", without its `_je` variant beside it. */
function withoutJe(texts: Record<string, unknown>, prefix: string): string[] {
  const missing: string[] = [];
  for (const [k, v] of Object.entries(texts)) {
    // Texts for staff (Teams look-ups) always say "u".
    if (k.endsWith('_je') || k === 'staff') continue;
    if (typeof v === 'string' && U.test(v) && !(`${k}_je` in texts)) missing.push(`${prefix}.${k}`);
    else if (v && typeof v === 'object') missing.push(...withoutJe(v as Record<string, unknown>, `${prefix}.${k}`));
  }
  return missing;
}

async function complaintOf(age: string) {
  const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
  await d.start({ organisation: 'xtra' });
  const { outcome } = await d.run({ ...BASE.nl, age });
  return t.sender.complaints.find((c) => c.reference === outcome?.reference)!;
}

function mailsTo(complaint: Awaited<ReturnType<typeof complaintOf>>): Array<{ subject: string; text: string }> {
  const procedure = t.procedures.get('xtra')!;
  const view = { complaint, procedure, receivedOn: '2026-03-10', date: '2026-03-17', chatLink: 'https://klachtwijzer.test/?organisation=xtra' };
  return [
    renderReminder({ ...view, kind: 'acknowledgement' })!,
    renderReminder({ ...view, kind: 'ruling', nextRung: 'director' })!,
    renderReminder({ ...view, kind: 'ruling' })!,
    renderFollowUpCode(complaint, 'anna@example.nl', '123456', new Date('2026-03-20T10:15:00+01:00')),
  ].map((m) => ({ subject: m.message.subject, text: m.message.text ?? '' }));
}

describe('the ladder texts speak to a child with "je"', () => {
  it('when a ladder text says "u", then it has a "je" variant (chat: followup; mails: reminder, followupCode and the receipt follow-up lines)', () => {
    expect(withoutJe({ followup: nlBot.followup }, '')).toEqual([]);
    expect(withoutJe({ reminder: nlEmail.reminder, followupCode: nlEmail.followupCode, receipt: nlEmail.receipt }, '')).toEqual([]);
  });

  it('when the chat says "je", then the status and next-step texts say "je" too', () => {
    const t = tVoice('nl', 'je');
    expect(t('followup.heading', { reference: 'KW-2026-7F3K9Q', organisation: 'Xtra' })).toBe('Je klacht KW-2026-7F3K9Q bij Xtra:');
    expect(t('followup.code_sent')).toContain('bij je klacht');
    expect(t('followup.next_later', { next: 'de directie' })).toMatch(/^Krijg je geen antwoord op tijd, of ben je/);
  });

  it('when a 14-year-old gets a reminder or a code, then the mail says "je" and never "u" or "uw"; an adult gets "u"', async () => {
    const child = mailsTo(await complaintOf('14'));
    for (const m of child) {
      expect({ subject: m.subject, u: U.test(m.subject) || U.test(m.text) }).toEqual({ subject: m.subject, u: false });
    }
    expect(child[0].text).toContain('Je stuurde je klacht');
    expect(child[1].text).toContain('Zo ga je verder');
    expect(child[3].subject).toMatch(/^Je code/);
    const adult = mailsTo(await complaintOf('18 of ouder'));
    expect(adult[0].text).toContain('U stuurde uw klacht');
    expect(adult[3].subject).toMatch(/^Uw code/);
  });
});
