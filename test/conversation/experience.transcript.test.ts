import type { Activity } from 'botbuilder';
import { renderReceipt } from '../../src/infra/mail/renderReceipt';
import { ScenarioDriver, metaOf, textsOf } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { BASE, LOCALE } from './scenarios';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

/** The page's language switch: an event activity, as Web Chat posts it. */
async function switchLanguage(d: ScenarioDriver, value: string, locale: string): Promise<Partial<Activity>[]> {
  return t.transport({
    type: 'event',
    name: 'language',
    value,
    locale,
    channelId: 'test',
    serviceUrl: 'http://127.0.0.1:9',
    from: { id: d.userId, name: 'Gebruiker' },
    recipient: { id: 'klachtwijzer', name: 'Klachtwijzer' },
    conversation: { id: d.conversationId } as Activity['conversation'],
    deliveryMode: 'expectReplies',
  });
}

describe('switching the language on the page', () => {
  it('when the page switches to English, then the open question and its buttons come again at once in English, and the answers are kept', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'about' });
    const replies = await switchLanguage(d, 'en', 'en-US');
    expect(replies).toHaveLength(1);
    const meta = metaOf(replies[0])!;
    expect(meta.step).toBe('about');
    expect(replies[0].text).toBe('Who or what is your complaint about?');
    expect(replies[0].suggestedActions?.actions.map((a) => a.title)).toContain('An employee');
  });

  it('when the page switches back to Dutch, then the question comes in Dutch, even after the person chose English with the command', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.send('taal');
    await d.send('English');
    expect(d.meta?.step).toBe('role');
    const replies = await switchLanguage(d, 'nl', 'nl-NL');
    expect(replies[0].text).toBe('Voor wie is de klacht?');
    await d.send('self');
    expect(textsOf(d.lastReplies).join('\n')).toContain('Hoe oud bent u?');
  });

  it('when an event names a language the bot does not speak, then nothing changes and nothing is said', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    expect(await switchLanguage(d, 'de', 'de-DE')).toEqual([]);
    await d.send('self');
    expect(textsOf(d.lastReplies).join('\n')).toContain('Hoe oud bent u?');
  });
});

describe('regeling for a complainant', () => {
  it('when a complainant on the web chat types regeling, then a short summary comes (no sources, at most 150 words) and the question once', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl, channelId: 'webchat' });
    await d.start({ organisation: 'xtra' });
    const replies = await d.send('regeling');
    expect(replies).toHaveLength(2);
    const text = replies[0].text!;
    expect(text).toContain('Zo werkt een klacht bij Xtra');
    expect(text).not.toContain('Bron:');
    expect(text.split(/\s+/).length).toBeLessThanOrEqual(150);
    expect(metaOf(replies[1])?.step).toBe('role');
  });
});

describe('smaller fixes', () => {
  it.each([
    ['nl', '2-3-2026', false],
    ['nl', '2 maart 2026', false],
    ['nl', '2026-03-02', false],
    ['nl', '2 maart', true],
    ['nl', 'gisteren', true],
    ['en', '2 March 2026', false],
    ['en', '2/3/2026', true],
  ] as const)('when the date is typed in %s as "%s", then it is read back for confirmation: %s', async (lang, typed, confirmed) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE[lang] });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE[lang] }, { until: 'event_date' });
    await d.send(typed);
    expect(d.meta?.step).toBe(confirmed ? 'event_date_confirm' : 'description');
  });

  it('when a phone number has fewer than 10 digits, then it is asked again; with 10 it is taken', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'phone' });
    await d.send('06 123456');
    expect(d.meta?.step).toBe('phone');
    expect(textsOf(d.lastReplies)[0]).toMatch(/Dat lijkt geen telefoonnummer/);
    await d.send('+31 6 12345678');
    expect(d.meta?.step).toBe('consent');
  });

  it('when the answer at consent is not understood, then only the question comes again, not the whole privacy text', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'consent' });
    expect(textsOf(d.lastReplies).join('\n')).toContain('Wat gebeurt er met uw gegevens?');
    const replies = await d.send('misschien');
    expect(textsOf(replies)).toEqual(['Kies ja of nee.', 'Mag Xtra uw klacht delen met de mensen om wie het gaat?']);
    expect(d.meta?.step).toBe('consent');
  });
});

describe('up front', () => {
  it.each([
    ['ons-welzijn', /Uw naam is nodig\. ONS welzijn behandelt geen anonieme klacht\. De mensen om wie het gaat, moeten kunnen reageren\./],
    ['xtra', /Uw naam is nodig\. Dan kan de organisatie u antwoorden\./],
  ])('when a conversation with %s starts, then before the first question come what is needed, why a name, and that one can stop', async (organisation, name) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    const replies = await d.start({ organisation });
    const welcome = textsOf(replies)[0];
    expect(welcome).toContain('U hebt nodig: wat er gebeurde, wanneer, en wat u wilt.');
    expect(welcome).toMatch(name);
    expect(welcome).toContain('Typ **stop**');
    expect(metaOf(replies[replies.length - 1])?.step).toBe('role');
  });
});

describe('je or u', () => {
  const uForm = /\b(?:[Uu]w?|[Hh]ebt u|[Bb]ent u)\b/;

  it('when a 14-year-old complains for themselves, then from then on the bot says "je", also in the receipt', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl, age: '14' }, { until: 'about' });
    const from = d.transcript.length - 1;
    expect(textsOf(d.lastReplies).join('\n')).toContain('Over wie of wat gaat je klacht?');
    const { outcome } = await d.run({ ...BASE.nl, age: '14' });
    expect(outcome?.outcome).toBe('submitted');
    // The procedure's own wording (rung titles, retention) is data from the organisation, quoted as it is.
    const xtra = t.procedures.get('xtra')!;
    const quoted = [...xtra.ladder.map((r) => r.title.nl), xtra.privacy.retention?.nl ?? ''].filter(Boolean);
    const later = d.transcript.slice(from).flatMap((e) => textsOf(e.replies)).map((x) => quoted.reduce((acc, q) => acc.split(q).join(''), x));
    expect(later.filter((x) => uForm.test(x))).toEqual([]);
    expect(later.join('\n')).toContain('Je klacht is verstuurd');
  });

  it('when an adult complains, then the bot says "u"', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'about' });
    expect(textsOf(d.lastReplies).join('\n')).toContain('Over wie of wat gaat uw klacht?');
  });

  it('when the person writes "je", then the bot says "je" from that message on, the welcome included', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    const replies = await d.send('hoi, kun jij mij helpen met een klacht?');
    const texts = textsOf(replies);
    expect(texts[0]).toContain('Ik help je stap voor stap');
    expect(texts.filter((x) => uForm.test(x))).toEqual([]);
  });
});

describe('je or u in the receipt', () => {
  it('when a 14-year-old sends a complaint, then the receipt mail says "je" as the chat did', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    const { outcome } = await d.run({ ...BASE.nl, age: '14' });
    const complaint = t.sender.complaints.find((c) => c.reference === outcome?.reference)!;
    const mail = renderReceipt({ complaint, procedure: t.procedures.get('xtra')!, deadlines: {} })!;
    expect(mail.message.subject).toMatch(/^Je klacht is verstuurd/);
    expect(mail.message.text).toContain('Wij hebben je klacht ontvangen.');
    expect(mail.message.text).not.toMatch(/\b[Uu]w klacht\b/);
  });
});

describe('progress', () => {
  it('when the page names the organisation, then the first question is step 1 and progress never passes its total', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    expect(d.meta).toMatchObject({ step: 'role', progress: { current: 1 } });
    await d.run({ ...BASE.nl }, { until: 'confirm' });
    const asked = d.transcript.flatMap((e) => e.replies.map(metaOf)).filter((m) => m !== undefined);
    for (const m of asked) expect(m!.progress.current).toBeLessThanOrEqual(m!.progress.total);
    expect(asked.map((m) => m!.step)).not.toContain('organisation');
  });
});

describe('words for this person', () => {
  it.each([
    ['parent_or_guardian', 'Hoe iemand mijn kind behandelde, of de hulp die mijn kind kreeg'],
    ['self', 'Hoe iemand mij behandelde, of de hulp die ik kreeg'],
  ])('when the complaint is made as %s, then the scope question speaks about the right person', async (role, title) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl, role, age: '18 of ouder', authorisation: 'ja', client_name: 'Overslaan' }, { until: 'scope' });
    expect(d.meta?.choices?.find((c) => c.value === 'conduct_or_service')?.title).toBe(title);
  });
});
