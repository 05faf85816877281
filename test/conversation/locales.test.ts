import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AGE_BANDS, CATEGORIES, COMPLAINANT_ROLES } from '../../src/domain/complaint/complaint';
import { ABOUT, EXCLUSION_IDS, REFERRAL_IDS, REPRESENTATIVE_KINDS } from '../../src/domain/procedure/schema';
import { SCOPE_ANSWERS } from '../../src/domain/rules';
import { FLOW_STEPS } from '../../dialogs/ids';

const root = join(__dirname, '..', '..');
type Tree = { [k: string]: string | Tree };
const load = (lng: string): Tree => JSON.parse(readFileSync(join(root, 'locales', lng, 'bot.json'), 'utf8'));
const flatten = (tree: Tree, prefix = ''): Map<string, string> =>
  new Map(Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v]] : [...flatten(v, `${prefix}${k}.`)])));

const nl = flatten(load('nl'));
const en = flatten(load('en'));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The bot's texts are used in the dialogs and in the adapter's error apology. */
const sources = [...files(join(root, 'dialogs')), join(root, 'src', 'channel', 'adapter.ts')];
const literalKeys = [...new Set(sources.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-z0-9_.]+)'/g)].map((m) => m[1])))];

/** Keys the code builds from a value: every value it can build them from. */
const builtKeys = [
  ...[...COMPLAINANT_ROLES].map((v) => `choices.role.${v}`),
  ...REPRESENTATIVE_KINDS.map((v) => `choices.representative_kind.${v}`),
  ...['care', 'money'].map((v) => `choices.representative_topic.${v}`),
  ...AGE_BANDS.map((v) => `choices.age.${v}`),
  ...['adult_helps', 'go_on', 'vertrouwenspersoon'].map((v) => `choices.minor_help.${v}`),
  ...ABOUT.map((v) => `choices.about.${v}`),
  ...['not_resolved', 'no_answer_in_time'].map((v) => `choices.ladder_outcome.${v}`),
  ...['go_on', 'talk_first', 'tried_already'].map((v) => `choices.ladder_none.${v}`),
  ...SCOPE_ANSWERS.map((v) => `choices.scope.${v}`),
  ...CATEGORIES.map((v) => `choices.category.${v}`),
  ...['give_name', 'end'].map((v) => `choices.anonymous.${v}`),
  ...['go_on', 'end'].map((v) => `choices.scope_go_on.${v}`),
  ...['reconsider', 'end'].map((v) => `choices.no_consent.${v}`),
  ...['send', 'change', 'cancel'].map((v) => `choices.confirm.${v}`),
  ...['late_reason', 'description', 'desired_outcome', 'prior_conversations', 'why_insufficient'].map((s) => `steps.${s}.retry`),
  ...EXCLUSION_IDS.map((v) => `out_of_scope.${v}`),
  ...REFERRAL_IDS.map((v) => `referral.${v}`),
];

const variables = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('the bot’s texts', () => {
  it('when the Dutch and English files are compared, then they have the same keys (Dutch adds "je" variants, `_je`)', () => {
    expect([...en.keys()].sort()).toEqual([...nl.keys()].filter((k) => !k.endsWith('_je')).sort());
    const orphans = [...nl.keys()].filter((k) => k.endsWith('_je') && !nl.has(k.slice(0, -3)));
    expect(orphans).toEqual([]);
  });

  it('when a Dutch text has a "je" variant, then that variant says "je", never "u" or "uw"', () => {
    const mixed = [...nl.entries()].filter(([k, v]) => k.endsWith('_je') && /\b(?:[Uu]w?|[Hh]ebt u|[Bb]ent u)\b/.test(v)).map(([k]) => k);
    expect(mixed).toEqual([]);
  });

  it('when a key is used in the code, then both languages have it', () => {
    expect(literalKeys.length).toBeGreaterThan(150);
    const missing = [...literalKeys, ...builtKeys].filter((k) => !nl.has(k) || !en.has(k));
    expect(missing).toEqual([]);
  });

  it('when a summary line names a step, then that step has a label', () => {
    const labelled = [...nl.keys()].filter((k) => k.startsWith('summary.')).map((k) => k.slice('summary.'.length));
    const steps = labelled.filter((k) => (FLOW_STEPS as readonly string[]).includes(k));
    expect(steps.length).toBeGreaterThan(15);
  });

  it('when a text has placeholders, then the translation has the same ones', () => {
    const differ = [...nl.entries()].filter(([k, v]) => variables(v).join() !== variables(en.get(k.replace(/_je$/, '')) ?? '').join()).map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('when the Dutch texts give a term, then they say a concrete date, never a number of working days', () => {
    const vague = [...nl.entries()].filter(([, v]) => /binnen \d+ werkdagen|tijdig|dient u|derhalve/i.test(v)).map(([k]) => k);
    expect(vague).toEqual([]);
  });
});
