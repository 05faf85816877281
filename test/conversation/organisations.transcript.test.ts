import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/databases';
import { ScenarioDriver } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { formatLongDate } from '../../src/domain/dates/parseUserDate';
import { BASE, EVENT_DATE, LOCALE, ORGANISATIONS, REFERRALS, type Lang } from './scenarios';

const LANGS: Lang[] = ['nl', 'en'];

describe('the eleven organisations, each in Dutch and English', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(async () => t.close());

  const full = ORGANISATIONS.flatMap((o) => LANGS.map((lang) => ({ ...o, lang })));

  it.each(full)('when a client of $id completes the conversation in $lang, then the complaint goes to its $rung (or the summary to the client where no mailbox is known)', async ({ id, rung, email, lang }) => {
    const sentBefore = t.sender.complaints.length;
    const summariesBefore = t.sender.summaries.length;
    const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
    // Dutch conversations choose the organisation; English ones arrive with it preset by the page.
    await d.start(lang === 'en' ? { organisation: id } : undefined);
    const { outcome, steps } = await d.run({ ...BASE[lang], organisation: id });

    expect(steps[0]).toBe(lang === 'en' ? 'role' : 'organisation');
    // A date typed in full (3-3-2026, 3 March 2026) is not asked to be confirmed.
    expect(steps).toContain('event_date');
    expect(steps).not.toContain('event_date_confirm');
    expect(d.allText()).not.toContain(`${EVENT_DATE[lang]}, ${lang === 'nl' ? 'klopt dat?' : 'is that right?'}`);
    if (email) {
      expect(outcome).toEqual({ outcome: 'submitted', reference: expect.stringMatching(/^KW-2026-/) });
      const complaint = t.sender.complaints[sentBefore];
      expect(complaint).toMatchObject({
        reference: outcome!.reference,
        organisation: { id },
        addressedTo: { rung, email },
        locale: lang,
        complainant: { name: 'Anna de Vries', email: 'anna@example.nl', phone: '06 12345678', role: 'self' },
        event: { date: '2026-03-03', category: 'conduct', location: expect.any(String) },
        priorSteps: [{ rung: 'employee', outcome: 'not_resolved' }],
        timeLimit: { status: 'in_time' },
        consentToShare: true,
      });
      expect(complaint.event.employeeName).toBeUndefined();
      const receipt = d.lastReplies.map((r) => r.text).join('\n');
      expect(receipt).toContain(outcome!.reference);
      for (const date of [complaint.deadlines.acknowledgeBy, complaint.deadlines.decideBy].filter(Boolean)) {
        expect(receipt).toContain(formatLongDate(date!, lang));
      }
      expect(receipt).not.toMatch(/werkdagen|working days/);
    } else {
      // Kept in the register for the organisation's reporting, addressed to no mailbox.
      expect(t.sender.complaints[sentBefore]).toMatchObject({ organisation: { id }, addressedTo: { rung } });
      expect(t.sender.complaints[sentBefore].addressedTo.email).toBeUndefined();
      expect(outcome).toEqual({ outcome: 'no_mailbox' });
      expect(steps).toContain('mail_summary');
      expect(t.sender.summaries.length).toBe(summariesBefore + 1);
      expect(t.sender.summaries[summariesBefore]).toMatchObject({ organisation: { id }, addressedTo: { rung }, complainant: { email: 'anna@example.nl' } });
      expect(d.allText()).toMatch(lang === 'nl' ? /\*\*niet\*\* verstuurd/ : /\*\*not\*\* been sent/);
    }
  });

  const referrals = REFERRALS.flatMap((r) => LANGS.map((lang) => ({ ...r, lang })));

  it.each(referrals)('when a client of $organisation asks about $what in $lang, then they get a kind referral and nothing is mailed', async ({ organisation, answers, expect: texts, lang }) => {
    const sent = t.sender.complaints.length;
    const summaries = t.sender.summaries.length;
    const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
    await d.start();
    const { outcome, steps } = await d.run({ ...BASE[lang], organisation, ...answers });
    expect(outcome?.outcome).toBe('referred');
    expect(steps).not.toContain('description');
    expect(steps).not.toContain('full_name');
    const last = d.lastReplies.map((r) => r.text).join('\n');
    for (const text of texts[lang]) expect(last).toContain(text);
    expect(t.sender.complaints.length).toBe(sent);
    expect(t.sender.summaries.length).toBe(summaries);
  });
});

describe('a deployment that supplies the missing mailboxes', () => {
  let t: TestApp;
  beforeAll(async () => {
    const file = join(tempDir('kw-overrides-'), 'overrides.json');
    const manager = (email: string) => ({ ladder: [{ id: 'manager', contact: { email }, deliverByEmail: true }] });
    writeFileSync(file, JSON.stringify({ 'ons-welzijn': manager('klachten@ons.example'), sterker: manager('klachten@sterker.example') }));
    t = await startTestApp({ overridesPath: file });
  });
  afterAll(async () => t.close());

  it.each([
    ['ons-welzijn', 'klachten@ons.example', 'nl'],
    ['sterker', 'klachten@sterker.example', 'en'],
  ] as const)('when %s has a mailbox by override, then the complaint is sent there', async (id, email, lang) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
    await d.start({ organisation: id });
    const { outcome, steps } = await d.run({ ...BASE[lang] });
    expect(steps).not.toContain('mail_summary');
    expect(outcome?.outcome).toBe('submitted');
    expect(t.sender.complaints[t.sender.complaints.length - 1].addressedTo).toEqual({ rung: 'manager', email });
  });
});
