import jess from './jess.json';
import jongleren from './jongleren.json';
import meeZhn from './mee-zhn.json';
import onsWelzijn from './ons-welzijn.json';
import soTrainingsbureau from './so-trainingsbureau.json';
import socialeTeamsHelmond from './sociale-teams-helmond.json';
import sterker from './sterker.json';
import vrijwilligerscentraleNijmegen from './vrijwilligerscentrale-nijmegen.json';
import welKom from './wel-kom.json';
import wijkz from './wijkz.json';
import xtra from './xtra.json';

/** The eleven organisations, in the order the seeds list them. */
export const ORGANISATION_IDS = [
  'so-trainingsbureau',
  'ons-welzijn',
  'sociale-teams-helmond',
  'sterker',
  'wel-kom',
  'vrijwilligerscentrale-nijmegen',
  'jess',
  'jongleren',
  'mee-zhn',
  'wijkz',
  'xtra',
] as const;
export type OrganisationId = (typeof ORGANISATION_IDS)[number];

/**
 * The built-in procedures as raw data, bundled with the code so no file path is needed at run
 * time. Unvalidated on purpose: the loader merges a deployment's overrides first, then validates.
 */
export const BUILTIN_PROCEDURES: Record<string, unknown> = {
  'so-trainingsbureau': soTrainingsbureau,
  'ons-welzijn': onsWelzijn,
  'sociale-teams-helmond': socialeTeamsHelmond,
  sterker,
  'wel-kom': welKom,
  'vrijwilligerscentrale-nijmegen': vrijwilligerscentraleNijmegen,
  jess,
  jongleren,
  'mee-zhn': meeZhn,
  wijkz,
  xtra,
};
