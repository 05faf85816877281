import { ScenarioDriver, textsOf, type Answers } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { BASE, LOCALE, type Lang } from './scenarios';

const LANGS: Lang[] = ['nl', 'en'];
const both = <T extends object>(rows: T[]) => rows.flatMap((r) => LANGS.map((lang) => ({ ...r, lang })));
const pick = (lang: Lang, nl: string, en: string) => (lang === 'nl' ? nl : en);

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

async function converse(lang: Lang, organisation: string, answers: Answers, opts: { until?: string; channelId?: string } = {}) {
  const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang], channelId: opts.channelId });
  await d.start();
  const sent = t.sender.complaints.length;
  const result = await d.run({ ...BASE[lang], organisation, ...answers }, { until: opts.until });
  const complaint = t.sender.complaints.length > sent ? t.sender.complaints[t.sender.complaints.length - 1] : undefined;
  return { d, ...result, complaint };
}

/** Everything the conversation state holds, as text: to prove what is (not) kept. */
async function storedState(conversationId: string): Promise<string> {
  const rows = await t.db.query<{ data: string }>('SELECT data FROM bot_state WHERE key LIKE ?', [`%${conversationId}%`]);
  return rows.map((r) => r.data).join('\n');
}

describe('age', () => {
  it.each(both([{}]))('when a 10-year-old types their age in $lang, then it becomes a band, the child is helped kindly and may still go on', async ({ lang }) => {
    const { d, complaint, steps, outcome } = await converse(lang, 'so-trainingsbureau', { age: '10', minor_help: 'go_on' });
    expect(steps).toContain('minor_help');
    const help = d.transcript.find((e) => e.replies.some((r) => (r.channelData as any)?.klachtwijzer?.step === 'minor_help'))!;
    expect(textsOf(help.replies).join('\n')).toMatch(/088-5551000|0800-0432/);
    expect(outcome?.outcome).toBe('submitted');
    expect(complaint).toMatchObject({ complainant: { role: 'self' }, client: { ageBand: 'under_12' } });
    expect(JSON.stringify(complaint)).not.toMatch(/"10"|:10[,}]/);
  });

  it.each(both([{}]))('when a child under the age limit wants the vertrouwenspersoon first in $lang, then the conversation ends with that contact and nothing is sent', async ({ lang }) => {
    const { d, outcome, complaint } = await converse(lang, 'so-trainingsbureau', { age: 'under_12', minor_help: 'vertrouwenspersoon' });
    expect(outcome?.outcome).toBe('advised');
    expect(d.lastReplies.map((r) => r.text).join('\n')).toContain('088-5551000');
    expect(complaint).toBeUndefined();
  });

  it.each(both([{}]))('when an adult helps a young child in $lang, then the adult goes on as parent and is asked the child’s name', async ({ lang }) => {
    const { steps, complaint } = await converse(lang, 'jess', { age: '9', minor_help: 'adult_helps', client_name: 'Sam' });
    expect(steps).toContain('client_name');
    expect(complaint).toMatchObject({ complainant: { role: 'parent_or_guardian' }, client: { name: 'Sam', ageBand: 'under_12' } });
  });

  it.each(both([{}]))('when a 14-year-old complains in $lang, then they are told they may complain alone and the exact age is not kept', async ({ lang }) => {
    const { d, steps, complaint } = await converse(lang, 'xtra', { age: '14 jaar' });
    expect(steps).not.toContain('minor_help');
    expect(d.allText()).toContain(pick(lang, 'Je mag zelf een klacht indienen', 'You may make a complaint yourself'));
    expect(complaint?.client).toEqual({ ageBand: '12_to_15' });
    expect(await storedState(d.conversationId)).not.toMatch(/\b14\b/);
  });
});

describe('representation', () => {
  it.each(both([{}]))('when a bewindvoerder complains about care in $lang, then they hear it covers money only and are asked for written permission', async ({ lang }) => {
    const { d, steps, complaint } = await converse(lang, 'sociale-teams-helmond', {
      role: 'legal_representative',
      representative_kind: 'bewindvoerder',
      representative_topic: 'care',
      authorisation: 'no',
      client_name: 'Mevrouw Bakker',
    });
    expect(steps).toEqual(expect.arrayContaining(['representative_kind', 'representative_topic', 'authorisation', 'client_name']));
    expect(d.allText()).toMatch(pick(lang, 'geld en spullen', 'money and belongings'));
    expect(complaint).toMatchObject({
      complainant: { role: 'legal_representative', representativeKind: 'bewindvoerder', hasWrittenAuthorisation: false },
      client: { name: 'Mevrouw Bakker' },
    });
  });

  it.each(both([{}]))('when a bewindvoerder complains about money in $lang, then no permission is asked', async ({ lang }) => {
    const { steps, complaint } = await converse(lang, 'sociale-teams-helmond', {
      role: 'legal_representative',
      representative_kind: 'bewindvoerder',
      representative_topic: 'money',
      client_name: 'Overslaan',
    });
    expect(steps).not.toContain('authorisation');
    expect(complaint?.complainant.representativeKind).toBe('bewindvoerder');
  });

  it.each(both([{}]))('when a curator complains in $lang, then neither topic nor permission is asked', async ({ lang }) => {
    const { steps } = await converse(lang, 'sociale-teams-helmond', { role: 'legal_representative', representative_kind: 'curator', client_name: 'skip' });
    expect(steps).not.toContain('representative_topic');
    expect(steps).not.toContain('authorisation');
  });

  it.each(both([{}]))('when someone complains with written permission for a neighbour in $lang, then that is recorded', async ({ lang }) => {
    const { steps, complaint } = await converse(lang, 'sociale-teams-helmond', { role: 'authorised', authorisation: 'yes', client_name: 'Henk' });
    expect(steps).toContain('authorisation');
    expect(complaint?.complainant).toMatchObject({ role: 'authorised', hasWrittenAuthorisation: true });
  });

  it.each(both([{}]))('when a parent complains for an adult child in $lang, then the child’s permission is asked', async ({ lang }) => {
    const { d, steps } = await converse(lang, 'so-trainingsbureau', { role: 'parent_or_guardian', age: '19', authorisation: 'yes', client_name: 'Tim' });
    expect(steps).toContain('authorisation');
    expect(d.allText()).toContain(pick(lang, 'Uw kind is 18 of ouder', 'Your child is 18 or older'));
  });

  it.each(both([{}]))('when a group complains in $lang, then it names one representative, who is on the complaint', async ({ lang }) => {
    const { steps, complaint } = await converse(lang, 'sociale-teams-helmond', { role: 'group', group_representative: 'Fatima de Vries' });
    expect(steps).toContain('group_representative');
    expect(complaint?.complainant).toMatchObject({ role: 'group', groupRepresentative: 'Fatima de Vries' });
  });

  it.each(both([{}]))('when the channel is not Teams in $lang, then staff_on_behalf is not offered, and in Teams it is', async ({ lang }) => {
    const web = await converse(lang, 'xtra', {}, { until: 'role' });
    expect(web.d.meta!.choices!.map((c) => c.value)).not.toContain('staff_on_behalf');
    const teams = await converse(lang, 'xtra', { role: 'staff_on_behalf', age: '18_plus' }, { channelId: 'msteams' });
    // Teams shows only imBack suggested actions; their value is the visible message, so the title.
    const rolePrompt = teams.d.transcript.flatMap((e) => e.replies).find((r) => (r.channelData as any)?.klachtwijzer?.step === 'role')!;
    expect(rolePrompt.suggestedActions!.actions.every((a) => a.type === 'imBack' && a.value === a.title)).toBe(true);
    // Teams shows three suggestions at most: the whole list is numbered in the text, and a number answers.
    expect(rolePrompt.text).toMatch(/\n8\. /);
    const byNumber = await converse(lang, 'xtra', { role: '1', age: '18_plus' }, { channelId: 'msteams' });
    expect(byNumber.complaint?.complainant.role).toBe('self');
    expect(teams.complaint).toMatchObject({ complainant: { role: 'staff_on_behalf', name: 'Anna de Vries' }, submittedBy: { name: 'Gebruiker' } });
  });
});

describe('time limits', () => {
  it.each(both([{}]))('when the event is past Xtra’s two months in $lang, then the person is told the organisation may decline, gives a reason, and goes on', async ({ lang }) => {
    const { d, steps, complaint } = await converse(lang, 'xtra', { event_date: '1-12-2025', late_reason: pick(lang, 'Ik lag in het ziekenhuis.', 'I was in hospital.') });
    expect(steps).toContain('late_reason');
    expect(d.allText()).toContain(pick(lang, 'zondag 1 februari 2026', 'Sunday 1 February 2026'));
    expect(complaint?.timeLimit).toEqual({ status: 'late', expiredOn: '2026-02-01', lateReason: pick(lang, 'Ik lag in het ziekenhuis.', 'I was in hospital.') });
  });

  it.each(both([{ youth: 'yes', late: false }, { youth: 'no', late: true }]))(
    'when a complaint at ONS welzijn is 14 months old and youth care is "$youth" in $lang, then late is $late',
    async ({ lang, youth, late }) => {
      const { steps, complaint, outcome } = await converse(lang, 'ons-welzijn', { event_date: '10-1-2025', youth_care: youth, late_reason: 'x reden' });
      expect(steps).toContain('youth_care');
      expect(steps.includes('late_reason')).toBe(late);
      expect(outcome?.outcome).toBe('no_mailbox');
      expect(complaint?.timeLimit.status).toBe(late ? 'late' : 'in_time');
    },
  );

  it.each(both([{}]))('when the complaint is about sexual harassment years ago in $lang, then no time limit stops it', async ({ lang }) => {
    const { steps, complaint } = await converse(lang, 'wel-kom', { category: 'sexual_harassment', event_date: '1-6-2019' });
    expect(steps).not.toContain('late_reason');
    expect(steps).not.toContain('youth_care');
    expect(complaint?.timeLimit.status).toBe('no_limit');
  });

  it.each(both([{ typed: 'morgen', alt: 'tomorrow' }, { typed: 'blabla', alt: 'blabla' }]))('when the date "$typed" cannot be used in $lang, then it is asked again with an example', async ({ lang, typed, alt }) => {
    const { d, complaint } = await converse(lang, 'xtra', { event_date: [lang === 'nl' ? typed : alt, 'gisteren'] });
    expect(d.steps.filter((s) => s === 'event_date')).toHaveLength(2);
    expect(d.allText()).toContain('3-3-2026');
    expect(complaint?.event.date).toBe('2026-03-09');
  });

  it.each(both([{}]))('when the read-back date is wrong in $lang, then the person gives another and it is read back again', async ({ lang }) => {
    const { d, complaint } = await converse(lang, 'xtra', { event_date: 'vorige week dinsdag', event_date_confirm: [pick(lang, 'nee', 'no'), pick(lang, 'ja', 'yes')], });
    expect(d.steps.filter((s) => s === 'event_date')).toHaveLength(2);
    expect(complaint?.event.date).toBe('2026-03-03');
  });
});

describe('scope the organisation may decline', () => {
  it.each(both([{}]))('when a SO! client says it was handled before in $lang, then they hear the organisation may decline and may still go on', async ({ lang }) => {
    const { d, steps, complaint } = await converse(lang, 'so-trainingsbureau', { scope: 'already_handled', scope_go_on: 'go_on' });
    expect(steps).toContain('scope_go_on');
    expect(d.allText()).toContain(pick(lang, 'mag een klacht hierover weigeren', 'may refuse a complaint about this'));
    expect(complaint?.organisation.id).toBe('so-trainingsbureau');
  });

  it('when the procedure never handles it, then there is no choice to go on', async () => {
    const { steps, outcome } = await converse('nl', 'sterker', { scope: 'already_handled' });
    expect(steps).not.toContain('scope_go_on');
    expect(outcome?.outcome).toBe('referred');
  });
});

describe('anonymous', () => {
  it.each(both([{}]))('when someone wants to stay anonymous in $lang, then it is explained with the alternative, and they may give their name after all', async ({ lang }) => {
    const { d, steps, complaint } = await converse(lang, 'ons-welzijn', { full_name: [pick(lang, 'anoniem', 'anonymous'), 'Anna de Vries'], anonymous: 'give_name' });
    expect(steps.filter((s) => s === 'full_name')).toHaveLength(2);
    expect(d.allText()).toContain(pick(lang, 'behandelt een anonieme klacht niet als klacht', 'does not handle an anonymous complaint as a complaint'));
    expect(complaint?.complainant.name).toBe('Anna de Vries');
  });

  it.each(both([{}]))('when someone stays anonymous and stops in $lang, then nothing is sent', async ({ lang }) => {
    const { outcome, complaint, steps } = await converse(lang, 'xtra', { full_name: { text: '', value: { choice: 'anonymous' } }, anonymous: 'end' });
    expect(outcome?.outcome).toBe('stopped');
    expect(steps).not.toContain('email');
    expect(complaint).toBeUndefined();
  });
});

describe('contact details', () => {
  it.each(both([{}]))('when the e-mail address or phone number is not valid in $lang, then it is asked again with an example', async ({ lang }) => {
    const { d, complaint } = await converse(lang, 'xtra', { email: ['anna@', 'anna@example.nl'], phone: ['bel me maar', '+31 6 12345678'] });
    expect(d.steps.filter((s) => s === 'email')).toHaveLength(2);
    expect(d.steps.filter((s) => s === 'phone')).toHaveLength(2);
    expect(d.allText()).toContain(pick(lang, 'naam@voorbeeld.nl', 'name@example.com'));
    expect(complaint?.complainant).toMatchObject({ email: 'anna@example.nl', phone: '+31 6 12345678' });
  });

  it.each(both([{}]))('when the person has no e-mail in $lang, then the phone number is required', async ({ lang }) => {
    const { d, complaint } = await converse(lang, 'xtra', { email: 'skip', phone: ['skip', '0612345678'] });
    expect(d.steps.filter((s) => s === 'phone')).toHaveLength(2);
    expect(d.meta).toBeUndefined();
    expect(complaint?.complainant.email).toBeUndefined();
    expect(complaint?.complainant.phone).toBe('0612345678');
    expect(d.allText()).toMatch(pick(lang, 'geen bevestiging per e-mail', 'no confirmation by e-mail'));
  });
});

describe('consent', () => {
  it.each(both([{}]))('when someone refuses consent in $lang, then they hear why it cannot be handled and may go back', async ({ lang }) => {
    const { d, complaint } = await converse(lang, 'xtra', { consent: ['no', 'yes'], no_consent: 'reconsider' });
    expect(d.steps).toEqual(expect.arrayContaining(['no_consent']));
    expect(d.allText()).toContain(pick(lang, 'kan Xtra uw klacht niet behandelen', 'Xtra cannot handle your complaint'));
    expect(complaint?.consentToShare).toBe(true);
  });

  it.each(both([{}]))('when someone refuses consent and stops in $lang, then nothing is sent', async ({ lang }) => {
    const { outcome, complaint } = await converse(lang, 'xtra', { consent: 'no', no_consent: 'end' });
    expect(outcome?.outcome).toBe('stopped');
    expect(complaint).toBeUndefined();
  });
});

describe('safety', () => {
  it.each(both([{ words: 'Mijn begeleider heeft mij geslagen en ik voel me niet veilig.', en: 'My support worker hit me and I do not feel safe.' }]))(
    'when the description signals abuse in $lang, then the emergency numbers come first and the conversation goes on',
    async ({ lang, words, en }) => {
      const { d, outcome } = await converse(lang, 'xtra', { description: lang === 'nl' ? words : en });
      const turn = d.transcript.find((e) => e.sent.text === (lang === 'nl' ? words : en))!;
      const first = turn.replies[0].text!;
      for (const number of ['112', '0800-2000', '0800-0113', '0800-0432']) expect(first).toContain(number);
      expect(outcome?.outcome).toBe('submitted');
    },
  );

  it.each(both([{ nl: 'ik wil dood', en: 'I want to die' }]))('when the very first message signals suicide in $lang, then 113 comes before the welcome', async ({ lang, nl, en }) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
    const replies = await d.send(lang === 'nl' ? nl : en);
    expect(replies[0].text).toContain('0800-0113');
    expect(replies[1].text).toContain(pick(lang, 'computerprogramma, geen mens', 'computer program, not a person'));
    expect(d.meta?.step).toBe('organisation');
  });
});

describe('BSN', () => {
  it.each(both([{}]))('when someone types a BSN in a free-text answer in $lang, then it is masked before storing and they are told not to share it', async ({ lang }) => {
    const description = pick(lang, 'Mijn BSN is 111222333 en de begeleider was onbeleefd.', 'My BSN is 111 222 333 and the worker was rude.');
    const { d, complaint } = await converse(lang, 'xtra', { description });
    expect(d.allText()).toMatch(pick(lang, 'burgerservicenummer', 'citizen service number'));
    expect(complaint?.event.description).toContain('*********');
    expect(JSON.stringify(complaint)).not.toMatch(/111 ?222 ?333/);
    expect(await storedState(d.conversationId)).not.toMatch(/111 ?222 ?333/);
  });

  it('when nine digits fail the elfproef, then they are kept as typed', async () => {
    const { complaint } = await converse('nl', 'xtra', { description: 'Dossiernummer 123456789 klopt niet.' });
    expect(complaint?.event.description).toContain('123456789');
  });
});

describe('changing an answer from the summary', () => {
  it.each(both([{}]))('when the person changes the date at the summary in $lang, then only that is asked again and the complaint has the new date', async ({ lang }) => {
    const { d, complaint } = await converse(lang, 'xtra', {
      confirm: ['change', 'send'],
      change_which: 'event_date',
      event_date: ['3-3-2026', '4-3-2026'],
    });
    const afterChange = d.steps.slice(d.steps.indexOf('change_which') + 1);
    // 4-3-2026 is a full date in Dutch order; in English figures it could be read as 3 April, so it is read back.
    expect(afterChange).toEqual(lang === 'nl' ? ['event_date', 'confirm'] : ['event_date', 'event_date_confirm', 'confirm']);
    expect(complaint?.event.date).toBe('2026-03-04');
  });

  it.each(both([{}]))('when the person changes whom it is about to a manager in $lang, then the route changes and the name is asked again', async ({ lang }) => {
    const { d, complaint } = await converse(lang, 'xtra', { confirm: ['change', 'send'], change_which: 'about', about: ['employee', 'manager'], employee_name: ['skip', 'Mevrouw Jansen'] });
    expect(d.steps.slice(d.steps.indexOf('change_which') + 1)).toEqual(['about', 'employee_name', 'confirm']);
    expect(complaint).toMatchObject({ about: 'manager', addressedTo: { rung: 'director' }, event: { employeeName: 'Mevrouw Jansen' } });
  });

  it.each(both([{}]))('when the channel shows cards in $lang, then the summary is an Adaptive Card whose buttons carry the same values', async ({ lang }) => {
    const { d, complaint } = await converse(lang, 'xtra', { confirm: [{ value: { choice: 'change' } }, { value: { choice: 'send' } }], change_which: 'phone', phone: ['skip', '010 1234567'] }, { channelId: 'webchat' });
    const summary = d.transcript.find((e) => e.replies.some((r) => r.attachments?.length))!;
    const card = summary.replies.find((r) => r.attachments?.length)!.attachments![0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect((card.content as any).actions.map((a: any) => a.data.choice)).toEqual(['send', 'change', 'cancel']);
    expect(complaint?.complainant.phone).toBe('010 1234567');
  });
});

describe('withdraw', () => {
  it.each(both([{ word: 'intrekken', en: 'withdraw' }]))('when the person types the withdraw command in $lang, then reference and contact are asked, the sender is called, and the question before comes back', async ({ lang, word, en }) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
    await d.start();
    await d.run({ organisation: 'xtra' }, { until: 'role' });
    const before = t.sender.withdrawals.length;
    await d.send(lang === 'nl' ? word : en);
    expect(d.meta?.step).toBe('withdraw_reference');
    await d.send('KW-12');
    expect(d.meta?.step).toBe('withdraw_reference');
    await d.send('kw-2026-7f3k9q');
    expect(d.meta?.step).toBe('withdraw_contact');
    await d.send('anna@example.nl');
    expect(t.sender.withdrawals.slice(before)).toEqual([{ reference: 'KW-2026-7F3K9Q', emailOrPhone: 'anna@example.nl' }]);
    expect(d.allText()).toContain(pick(lang, 'Als het kenmerk en uw gegevens bij een klacht horen', 'If the reference and your details belong to a complaint'));
    expect(d.meta?.step).toBe('role');
  });

  it('when the person withdraws after sending, then the reference from the receipt is accepted', async () => {
    const { d, outcome } = await converse('nl', 'xtra', {});
    await d.send('intrekken');
    await d.run({ withdraw_reference: outcome!.reference!, withdraw_contact: '06 12345678' });
    expect(t.sender.withdrawals).toContainEqual({ reference: outcome!.reference, emailOrPhone: '06 12345678' });
  });
});

describe('a person (mens / human)', () => {
  it.each(both([{ word: 'mens', en: 'human' }]))('when the person asks for a human in $lang, then the complaints officer’s contact comes at once and the same question is asked again', async ({ lang, word, en }) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
    await d.start({ organisation: 'so-trainingsbureau' });
    expect(d.meta?.step).toBe('role');
    const replies = await d.send(lang === 'nl' ? word : en);
    expect(replies[0].text).toContain('06 10 13 81 50');
    expect(d.meta?.step).toBe('role');
    expect(replies).toHaveLength(2);
  });

  it.each(both([{}]))('when the organisation has no contact at all in $lang, then the bot says so and names the general routes', async ({ lang }) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
    await d.start({ organisation: 'ons-welzijn' });
    const replies = await d.send(pick(lang, 'Ik wil een mens spreken', 'I want to talk to a human'));
    expect(replies[0].text).toContain('030 789 78 78');
    expect(replies[0].text).toContain('ONS welzijn');
  });

  it.each(both([{}]))('when no organisation is chosen yet in $lang, then the general routes come and the organisation is asked', async ({ lang }) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
    await d.start();
    const replies = await d.send(pick(lang, 'MENS', 'Human'));
    expect(replies[0].text).toContain('030 789 78 78');
    expect(d.meta?.step).toBe('organisation');
  });
});
