import { recordCaseEvent } from '../../src/app/cases/cases';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { BASE } from '../conversation/scenarios';
import { BOTH, type TestDb } from '../helpers/databases';
import type { Activity } from 'botbuilder';
import { ScenarioDriver, type Transport } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { harness, type Harness, NOW } from '../delivery/fixtures';

const procedures = loadProcedures();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const OUR_TENANT = '11111111-2222-3333-4444-555555555555';
const OTHER_TENANT = '99999999-8888-7777-6666-555555555555';
/** Teams activities carry the tenant in channelData and the Entra object id on `from`. */
const teams = (app: TestApp, tenant: string): Transport => (a: Partial<Activity>) =>
  app.transport({ ...a, from: { ...a.from!, aadObjectId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' } as Activity['from'], channelData: { ...(a.channelData as object), tenant: { id: tenant } } });

describe.each(BOTH)('status in the chat, on %s', (_name, makeDb) => {
  let testDb: TestDb;
  let h: Harness;
  let app: TestApp;

  beforeEach(async () => {
    testDb = await makeDb();
    h = await harness({ testDb });
    app = await startTestApp({ sender: h.delivery.sender, now: NOW });
  });
  afterEach(async () => {
    await app.close();
    await h.dispose();
    await testDb.dispose();
  });

  it('when the complainant asks with the reference and their address, then the bot tells the dates, what is owed and the next step; a wrong address gets the neutral answer', async () => {
    const d = new ScenarioDriver(app.transport, { locale: 'nl-NL' });
    await d.start({ organisation: 'xtra' });
    const { outcome } = await d.run(BASE.nl);
    const reference = outcome!.reference!;
    h.clock.advance(86_400_000);
    await recordCaseEvent({ db: h.db, procedures, clock: h.clock, logger: quiet }, { reference, event: 'acknowledged' }, 'organisation');

    const asker = new ScenarioDriver(app.transport, { locale: 'nl-NL' });
    await asker.start({ organisation: 'xtra' });
    await asker.send('status');
    expect(asker.meta?.step).toBe('followup_reference');
    await asker.send(reference.toLowerCase());
    expect(asker.meta?.step).toBe('followup_contact');
    const wrong = await asker.send('iemand@example.nl');
    const neutral = 'Ik kan bij dit kenmerk en deze gegevens niets laten zien.';
    expect(wrong[0].text).toContain(neutral);
    expect(asker.meta?.step).toBe('role');

    await asker.send('status');
    await asker.send(reference);
    const [answer] = await asker.send('06 12345678');
    expect(answer.text).toBe(
      [
        `Uw klacht ${reference} bij Xtra:`,
        'De klacht is nu bij: De leidinggevende van de medewerker (via het klachtenadres).',
        'Xtra moet u nog antwoorden.',
        '',
        'Wat er gebeurde:',
        `- maandag 20 april 2026: klacht verstuurd (${reference})`,
        '- dinsdag 21 april 2026: ontvangst bevestigd',
        '',
        'Wat Xtra nog moet doen:',
        '- een oordeel geven, uiterlijk maandag 1 juni 2026',
        '',
        'Krijgt u geen antwoord op tijd, of bent u het niet eens met het oordeel? Dan kunt u naar de volgende stap: De directie.',
      ].join('\n'),
    );
    expect(asker.allText()).not.toContain(BASE.nl.description);
    expect(asker.meta?.step).toBe('role');
  });

  it('when staff of a tenant in TEAMS_TENANT_IDS ask status in Teams, then the reference alone shows the dates and the next step, never the story; other tenants and an unset list get the contact check', async () => {
    const d = new ScenarioDriver(app.transport, { locale: 'nl-NL' });
    await d.start({ organisation: 'xtra' });
    const reference = (await d.run(BASE.nl)).outcome!.reference!;
    const staffApp = await startTestApp({ sender: h.delivery.sender, now: NOW, teamsTenantIds: [OUR_TENANT] });
    try {
      const staff = new ScenarioDriver(teams(staffApp, OUR_TENANT), { channelId: 'msteams', locale: 'nl-NL' });
      await staff.start();
      const [prompt] = await staff.send('status');
      expect(prompt.text).toContain('Van welke klacht wilt u de stand zien?');
      expect(staff.meta?.step).toBe('followup_reference');
      const [answer] = await staff.send(reference);
      expect(answer.text).toBe(
        [
          `Klacht ${reference} bij Xtra:`,
          'De klacht is nu bij: De leidinggevende van de medewerker (via het klachtenadres).',
          'Xtra moet de klager nog antwoorden.',
          '',
          'Wat er gebeurde:',
          `- maandag 20 april 2026: klacht verstuurd (${reference})`,
          '',
          'Wat Xtra nog moet doen:',
          '- de ontvangst bevestigen, uiterlijk dinsdag 28 april 2026',
          '- een oordeel geven, uiterlijk maandag 1 juni 2026',
          '',
          'Volgende stap voor de klager: De directie. Die gaat open na een oordeel dat niet helpt. Of als een datum voorbij is zonder antwoord.',
        ].join('\n'),
      );
      expect(staff.allText()).not.toContain(BASE.nl.description);
      const [unknown] = await staff.send('status').then(() => staff.send('KW-2026-ABCDEF'));
      expect(unknown.text).toContain('Ik ken geen klacht met dit kenmerk.');

      const outsider = new ScenarioDriver(teams(staffApp, OTHER_TENANT), { channelId: 'msteams', locale: 'nl-NL' });
      await outsider.start();
      await outsider.send('status');
      await outsider.send(reference);
      expect(outsider.meta?.step).toBe('followup_contact');
    } finally {
      await staffApp.close();
    }
    // Without TEAMS_TENANT_IDS every tenant may file for a client, but nobody looks up by reference alone.
    const unlisted = new ScenarioDriver(teams(app, OUR_TENANT), { channelId: 'msteams', locale: 'nl-NL' });
    await unlisted.start();
    await unlisted.send('status');
    await unlisted.send(reference);
    expect(unlisted.meta?.step).toBe('followup_contact');
  });

  it('when TEAMS_TENANT_ORGANISATIONS ties each tenant to its organisations, then staff see only their own organisations\' cases, and another organisation\'s reference gets the not-found answer', async () => {
    const references: Record<string, string> = {};
    for (const organisation of ['xtra', 'jess']) {
      const d = new ScenarioDriver(app.transport, { locale: 'nl-NL' });
      await d.start({ organisation });
      references[organisation] = (await d.run(BASE.nl)).outcome!.reference!;
    }
    const staffApp = await startTestApp({
      sender: h.delivery.sender,
      now: NOW,
      teamsTenantIds: [OUR_TENANT, OTHER_TENANT],
      teamsTenantOrganisations: { [OUR_TENANT]: ['xtra'] },
    });
    try {
      const ours = new ScenarioDriver(teams(staffApp, OUR_TENANT), { channelId: 'msteams', locale: 'nl-NL' });
      await ours.start();
      const [own] = await ours.send('status').then(() => ours.send(references.xtra!));
      expect(own.text).toContain(`Klacht ${references.xtra} bij Xtra:`);
      const [other] = await ours.send('status').then(() => ours.send(references.jess!));
      expect(other.text).toContain('Ik ken geen klacht met dit kenmerk.');
      expect(ours.allText()).not.toContain(`Klacht ${references.jess}`);
      // A listed tenant the setting does not name looks up no organisation's cases by reference alone.
      const unnamed = new ScenarioDriver(teams(staffApp, OTHER_TENANT), { channelId: 'msteams', locale: 'nl-NL' });
      await unnamed.start();
      const [none] = await unnamed.send('status').then(() => unnamed.send(references.xtra!));
      expect(none.text).toContain('Ik ken geen klacht met dit kenmerk.');
    } finally {
      await staffApp.close();
    }
  });

  it('when a reference is tried more than ten times, then even the right pair gets the neutral answer', async () => {
    const d = new ScenarioDriver(app.transport, { locale: 'en-US' });
    await d.start({ organisation: 'xtra' });
    const { outcome } = await d.run(BASE.en);
    const reference = outcome!.reference!;
    for (let i = 0; i < 10; i++) expect(await h.delivery.sender.caseStatus!(reference, `guess${i}@example.nl`, 'en')).toBeUndefined();
    expect(await h.delivery.sender.caseStatus!(reference, 'anna@example.nl', 'en')).toBeUndefined();
  });

  it('when the right pair is given in English, then the answer is in English and names the dates', async () => {
    const d = new ScenarioDriver(app.transport, { locale: 'en-US' });
    await d.start({ organisation: 'xtra' });
    const { outcome } = await d.run(BASE.en);
    const status = await h.delivery.sender.caseStatus!(outcome!.reference!, 'anna@example.nl', 'en');
    expect(status).toMatchObject({ state: 'active', stage: 'awaitingAnswer', dueDates: { acknowledgeBy: '2026-04-28', decideBy: '2026-06-01' }, nextRung: { rung: 'director', open: false } });
  });
});
