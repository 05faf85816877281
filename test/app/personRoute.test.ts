import { personRoute } from '../../src/app/personContacts';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';

const procedures = loadProcedures();

/** What `mens` gives for each organisation, from its procedure: a person at once where one is known. */
const EXPECTED: Record<string, { kind: string; reach?: string }> = {
  'so-trainingsbureau': { kind: 'person', reach: '06 10 13 81 50' },
  'ons-welzijn': { kind: 'none' },
  'sociale-teams-helmond': { kind: 'person', reach: 'klachten@sthelmond.nl' },
  sterker: { kind: 'none' },
  'wel-kom': { kind: 'none' },
  'vrijwilligerscentrale-nijmegen': { kind: 'none' },
  jess: { kind: 'person', reach: 'klachten@stichtingjess.nl' },
  jongleren: { kind: 'person', reach: 'klachten@jonglerendenhaag.nl' },
  'mee-zhn': { kind: 'person', reach: 'klachten@meezhn.nl' },
  wijkz: { kind: 'person', reach: 'klachten@wijkz.nl' },
  xtra: { kind: 'person', reach: 'klachten@xtra.nl' },
};

describe('who to reach when someone asks for a person', () => {
  it.each(Object.entries(EXPECTED))('when a client of %s asks for a person, then they get %j', (id, expected) => {
    const route = personRoute(procedures.get(id)!);
    expect(route.kind).toBe(expected.kind);
    if (route.kind === 'person') expect([route.contact.phone, route.contact.email]).toContain(expected.reach);
  });
});
