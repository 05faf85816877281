import { ScenarioDriver, metaOf, textsOf, type Reply } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { BASE, LOCALE, type Lang } from './scenarios';

const LANGS: Lang[] = ['nl', 'en'];
const pick = (lang: Lang, nl: string, en: string) => (lang === 'nl' ? nl : en);
const WELCOME = /computerprogramma, geen mens|computer program, not a person/;

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const driver = (lang: Lang = 'nl', channelId?: string) => new ScenarioDriver(t.transport, { locale: LOCALE[lang], channelId });

describe.each(LANGS)('commands in %s', (lang) => {
  const word = (nl: string, en: string) => pick(lang, nl, en);

  it('when the person types help, then the commands are listed and the same question is asked again', async () => {
    const d = driver(lang);
    await d.start({ organisation: 'xtra' });
    const replies = await d.send(word('hulp', 'HELP'));
    expect(replies[0].text).toContain(word('**terug**', '**back**'));
    expect(d.meta?.step).toBe('role');
  });

  it('when a staff member in Teams asks how the procedure works, then the ladder with its mailboxes is explained and the question stays', async () => {
    const d = driver(lang, 'msteams');
    await d.start({ organisation: 'xtra' });
    const replies = await d.send(word('regeling', 'procedure'));
    const text = textsOf(replies).join('\n');
    expect(text).toContain('klachten@xtra.nl');
    expect(text).toContain('klachtencommissie@xtra.nl');
    expect(text).toMatch(word('5 werkdagen', '5 working days'));
    expect(d.meta?.step).toBe('role');
  });

  it('when the procedure is asked before an organisation is known, then the person is asked to choose one first', async () => {
    const d = driver(lang);
    await d.start();
    const replies = await d.send(word('Regeling', 'Procedure'));
    expect(replies[0].text).toMatch(word('Kies eerst de organisatie', 'Choose the organisation first'));
    expect(d.meta?.step).toBe('organisation');
  });

  it('when the person types back, then the previous question comes again and the conversation goes on from there', async () => {
    const d = driver(lang);
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE[lang] }, { until: 'about' });
    await d.send(word('terug', 'back'));
    expect(d.meta?.step).toBe('age');
    await d.send('16');
    expect(d.meta?.step).toBe('about');
  });

  it('when the person types back at the first question, then they hear it is the first one', async () => {
    const d = driver(lang);
    await d.start();
    const replies = await d.send(word('Terug', 'Back'));
    expect(replies[0].text).toMatch(word('eerste vraag', 'first question'));
    expect(d.meta?.step).toBe('organisation');
  });

  it('when the person goes back after a referral (004 §7: already with an outside body), then they may answer the scope question again and go on', async () => {
    const d = driver(lang);
    await d.start();
    const { outcome } = await d.run({ ...BASE[lang], organisation: 'xtra', scope: 'with_external_body' });
    expect(outcome?.outcome).toBe('referred');
    await d.send(word('terug', 'back'));
    expect(d.meta?.step).toBe('scope');
    await d.send('conduct_or_service');
    expect(d.meta?.step).toBe('category');
  });

  it('when the person restarts, then the answers are gone and the first question comes again', async () => {
    const d = driver(lang);
    await d.start();
    await d.run({ ...BASE[lang], organisation: 'xtra' }, { until: 'ladder' });
    await d.send(word('opnieuw', 'restart'));
    expect(d.meta?.step).toBe('organisation');
    expect(d.meta?.progress.current).toBe(1);
  });

  it('when the person types stop, then the conversation pauses and goes on where it was with the next message', async () => {
    const d = driver(lang);
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE[lang] }, { until: 'about' });
    const paused = await d.send('stop');
    expect(paused.every((r) => !metaOf(r))).toBe(true);
    expect(paused[0].text).toContain('30');
    const back = await d.send('employee');
    expect(textsOf(back)[0]).toMatch(word('Welkom terug', 'Welcome back'));
    expect(d.meta?.step).toBe('about');
  });

  it('when the person types delete, then this conversation’s state is erased and a new message starts afresh', async () => {
    const d = driver(lang);
    await d.start();
    await d.run({ ...BASE[lang], organisation: 'xtra' }, { until: 'ladder' });
    const key = `%${d.conversationId}%`;
    expect((await t.db.query('SELECT key FROM bot_state WHERE key LIKE ?', [key])).length).toBe(1);
    await d.send(word('wissen', 'delete'));
    expect(await t.db.query('SELECT key FROM bot_state WHERE key LIKE ?', [key])).toEqual([]);
    const again = await d.send('hallo');
    expect(textsOf(again)[0]).toMatch(WELCOME);
    expect(d.meta?.step).toBe('organisation');
  });

  it('when the person changes the language, then the next questions come in that language whatever the channel says', async () => {
    const d = driver(lang);
    await d.start({ organisation: 'xtra' });
    await d.send(word('taal', 'language'));
    expect(d.meta?.step).toBe('language');
    const other = lang === 'nl' ? 'English' : 'nederlands';
    const replies = await d.send(other);
    expect(d.meta?.step).toBe('role');
    expect(textsOf(replies).join('\n')).toContain(lang === 'nl' ? 'Who is the complaint for?' : 'Voor wie is de klacht?');
    await d.send('self');
    expect(textsOf(d.lastReplies).join('\n')).toContain(lang === 'nl' ? 'How old are you?' : 'Hoe oud bent u?');
  });

  it('when a command word is part of a longer answer, then it is just text', async () => {
    const d = driver(lang);
    await d.start();
    const description = word('Ik wil hulp, want de begeleider zei: stop met zeuren.', 'I want help, because the worker said: stop whining.');
    const { outcome } = await d.run({ ...BASE[lang], organisation: 'xtra', description });
    expect(outcome?.outcome).toBe('submitted');
    expect(t.sender.complaints[t.sender.complaints.length - 1].event.description).toBe(description);
  });

  it('when someone asks whether the bot is a person, then it says it is a computer program', async () => {
    const d = driver(lang);
    await d.start();
    const replies = await d.send(word('Ben jij een echt mens?', 'Are you a real person?'));
    expect(replies[0].text).toContain(word('Nee, ik ben geen mens', 'No, I am not a person'));
    expect(d.meta?.step).toBe('organisation');
  });
});

describe('messages the bot cannot use', () => {
  const cases: Array<[string, Parameters<ScenarioDriver['send']>[0], RegExp]> = [
    ['an empty message', { text: '' }, /leeg bericht/],
    ['a message over 5,000 characters', 'a'.repeat(5001), /5\.000 tekens/],
    ['only emoji', '👍🙂', /emoji/],
    ['a photo', { attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.org/x.jpg', name: 'x.jpg' }] }, /bestanden.*bevestiging/s],
  ];
  it.each(cases)('when the person sends %s, then they get a kind answer and the same question again', async (_what, message, expected) => {
    const d = driver('nl');
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'description' });
    const replies = await d.send(message);
    expect(replies[0].text).toMatch(expected);
    expect(d.meta?.step).toBe('description');
    const { outcome } = await d.run({ ...BASE.nl });
    expect(outcome?.outcome).toBe('submitted');
  });
});

describe('step metadata', () => {
  it('when a whole conversation runs, then every question carries step metadata, its choices go out as suggested actions with the same values, and progress never passes its total', async () => {
    const d = driver('nl', 'directline');
    await d.start();
    await d.run({ ...BASE.nl, organisation: 'xtra', ladder: 'director', ladder_outcome: 'no_answer_in_time' });
    const asking: Reply[] = d.transcript.flatMap((e) => e.replies).filter((r) => r.inputHint === 'expectingInput');
    expect(asking.length).toBeGreaterThan(15);
    for (const r of asking) {
      const meta = metaOf(r)!;
      expect(meta).toBeDefined();
      expect(['choice', 'text', 'date', 'number', 'email', 'phone']).toContain(meta.expects);
      expect(meta.progress.current).toBeGreaterThanOrEqual(1);
      expect(meta.progress.current).toBeLessThanOrEqual(meta.progress.total);
      const values = (r.suggestedActions?.actions ?? []).map((a) => a.value);
      expect(values).toEqual((meta.choices ?? []).map((c) => c.value));
    }
    // i18next answers a missing key with the key itself: none may reach the person.
    expect(d.allText()).not.toMatch(/\b(?:steps|choices|summary|receipt|outcome|referral|out_of_scope|commands|human|safety|errors|withdraw|no_mailbox|route|complainant|contact)\.[a-z_]+/);
    const last = metaOf(asking[asking.length - 1])!;
    expect(last.step).toBe('confirm');
    expect(last.progress.current).toBe(last.progress.total);
    expect(d.steps).toEqual(expect.arrayContaining(['prior_conversations', 'why_insufficient']));
  });

  it('when the answer is a choice title in any case, then it is accepted', async () => {
    const d = driver('nl');
    await d.start({ organisation: 'xtra' });
    await d.send('  VOOR MEZELF ');
    expect(d.meta?.step).toBe('age');
  });

  it('when an answer is not one of the choices, then the question is asked again', async () => {
    const d = driver('nl');
    await d.start({ organisation: 'xtra' });
    const replies = await d.send('misschien');
    expect(replies).toHaveLength(2);
    expect(d.meta?.step).toBe('role');
  });
});

describe('welcome and organisation', () => {
  it('when conversationUpdate comes before the first message, then the welcome is sent once', async () => {
    const d = driver('nl');
    await d.start();
    await d.send('hallo');
    await d.start();
    const welcomes = d.transcript.flatMap((e) => textsOf(e.replies)).filter((x) => WELCOME.test(x));
    expect(welcomes).toHaveLength(1);
  });

  it('when the first message comes before conversationUpdate, then the welcome is sent once', async () => {
    const d = driver('en');
    const first = await d.send('hello');
    expect(textsOf(first)[0]).toMatch(WELCOME);
    expect(metaOf(first[first.length - 1])?.step).toBe('organisation');
    const late = await d.start();
    expect(late).toEqual([]);
    const welcomes = d.transcript.flatMap((e) => textsOf(e.replies)).filter((x) => WELCOME.test(x));
    expect(welcomes).toHaveLength(1);
  });

  it('when the first activity names an unknown organisation, then it is ignored and the organisation is asked', async () => {
    const d = driver('nl');
    await d.start({ organisation: 'does-not-exist' });
    expect(d.meta?.step).toBe('organisation');
  });

  it('when the organisation is named on a later message, before it was chosen, then it is taken', async () => {
    const d = driver('nl');
    await d.start();
    await d.send({ text: 'hallo', channelData: { organisation: 'wijkz' } });
    expect(d.meta?.step).toBe('role');
  });
});

describe('a deployment that offers only some organisations', () => {
  let only: TestApp;
  beforeAll(async () => (only = await startTestApp({ organisations: ['xtra', 'jess'] })));
  afterAll(async () => only.close());

  it('when ORGANISATIONS names two, then only those are offered and another preset is ignored', async () => {
    const d = new ScenarioDriver(only.transport);
    await d.start({ organisation: 'sterker' });
    expect(d.meta?.step).toBe('organisation');
    expect(d.meta?.choices?.map((c) => c.value)).toEqual(['jess', 'xtra']);
  });
});

describe('going back from a change', () => {
  it('when the person goes back from the question they chose to change and then keeps everything, then that question is asked before the summary', async () => {
    const d = driver('nl');
    await d.start();
    await d.run({ ...BASE.nl, organisation: 'xtra' }, { until: 'confirm' });
    await d.send('change');
    await d.send('event_date');
    expect(d.meta?.step).toBe('event_date');
    await d.send('terug');
    expect(d.meta?.step).toBe('change_which');
    await d.send('keep');
    expect(d.meta?.step).toBe('event_date');
    const { outcome } = await d.run({ ...BASE.nl });
    expect(outcome?.outcome).toBe('submitted');
  });
});

describe('verder as the next step', () => {
  it('when the whole message is verder at a choice step or as the first message, then it asks the reference of volgende stap', async () => {
    const first = driver('nl');
    await first.start({ organisation: 'xtra' });
    expect(first.meta?.step).toBe('role');
    await first.send('Verder!');
    expect(first.meta?.step).toBe('followup_reference');

    const fresh = new ScenarioDriver(t.transport, { locale: 'nl-NL' });
    await fresh.send('verder');
    expect(fresh.meta?.step).toBe('followup_reference');
  });

  it('when verder is the whole answer at the description, then it is the command; inside a story it is the story', async () => {
    const d = driver('nl');
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'description' });
    await d.send('verder');
    expect(d.meta?.step).toBe('followup_reference');
    await d.send('terug');
    expect(d.meta?.step).toBe('description');
    await d.send('Verder. De begeleider kwam weer niet op de afspraak.');
    expect(d.meta?.step).not.toBe('description');
    expect(d.meta?.step).not.toBe('followup_reference');
  });

  it('when the conversation was paused with stop, then verder goes on at the open question', async () => {
    const d = driver('nl');
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'about' });
    await d.send('stop');
    const back = await d.send('verder');
    expect(textsOf(back)[0]).toMatch('Welkom terug');
    expect(d.meta?.step).toBe('about');
  });
});
