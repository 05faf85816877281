import { ScenarioDriver, metaOf, type StepMeta } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { BASE, LOCALE } from './scenarios';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

/** The question of each turn, in order (a turn that asks nothing is left out). */
function asked(d: ScenarioDriver): StepMeta[] {
  return d.transcript
    .map((e) => e.replies.map(metaOf).filter((m) => m !== undefined).pop())
    .filter((m): m is StepMeta => m !== undefined);
}

/**
 * The rule per turn: the first question is step 1; a question asked again keeps its place and
 * total; going on moves one step; the total changes only when the answer changed the path, and
 * then grows by at most the steps that answer put on the path: every step counted is asked later,
 * so the total never passes the summary's place; at the summary current = total.
 */
function expectStableProgress(metas: StepMeta[], opts: { changed?: boolean } = {}): void {
  expect(metas[0].progress.current).toBe(1);
  const end = metas[metas.length - 1].progress.total;
  for (let i = 1; i < metas.length; i++) {
    const [before, now] = [metas[i - 1], metas[i]];
    const turn = `${before.step} ${before.progress.current}/${before.progress.total} -> ${now.step} ${now.progress.current}/${now.progress.total}`;
    expect({ turn, ok: now.progress.current <= now.progress.total }).toEqual({ turn, ok: true });
    if (now.step === before.step && now.step !== 'confirm') {
      expect({ turn, progress: now.progress }).toEqual({ turn, progress: before.progress });
      continue;
    }
    if (before.step === 'confirm' || before.step === 'change_which') continue;
    // The total grows only by questions that are really asked later: never above the summary's place.
    expect({ turn, withinPath: now.progress.total <= end }).toEqual({ turn, withinPath: true });
    if (!opts.changed) expect({ turn, shrank: now.progress.total < before.progress.total }).toEqual({ turn, shrank: false });
    if (!opts.changed) expect({ turn, step: now.progress.current }).toEqual({ turn, step: before.progress.current + 1 });
  }
  const summary = metas.filter((m) => m.step === 'confirm');
  expect(summary.length).toBeGreaterThan(0);
  for (const m of summary) expect(m.progress.current).toBe(m.progress.total);
}

const PATHS: Array<[string, string, Record<string, unknown>]> = [
  ['an adult at a welfare organisation', 'xtra', {}],
  ['a parent at a youth-care organisation', 'jongleren', { role: 'parent_or_guardian', authorisation: 'ja', client_name: 'Overslaan', youth_care: 'nee' }],
  ['a 14-year-old who went to nobody yet', 'sterker', { age: '14', minor_help: 'ja', ladder: 'none', ladder_none: 'go_on', youth_care: 'nee' }],
];

describe('progress: a stable total for the path', () => {
  it.each(PATHS)('%s (%s): step 1 first, one step per answer, total = current at the summary', async (_who, org, extra) => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: org });
    await d.run({ ...BASE.nl, late_reason: 'Ik was lang ziek.', ...extra } as never, { until: 'confirm' });
    expectStableProgress(asked(d));
  });

  it('when a wrong answer or a question for help comes, then the place and the total stay the same', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'xtra' });
    await d.run({ ...BASE.nl }, { until: 'scope' });
    const before = d.meta!;
    await d.send('banaan');
    expect(d.meta).toMatchObject({ step: 'scope', progress: before.progress });
    await d.send('help');
    expect(d.meta).toMatchObject({ step: 'scope', progress: before.progress });
  });

  it('when the person changes an answer at the summary, then the total is worked out again and ends at current = total', async () => {
    const d = new ScenarioDriver(t.transport, { locale: LOCALE.nl });
    await d.start({ organisation: 'jongleren' });
    await d.run({ ...BASE.nl }, { until: 'confirm' });
    const first = d.meta!.progress;
    expect(first.current).toBe(first.total);
    await d.send('Iets veranderen');
    expect(d.meta?.step).toBe('change_which');
    // change_which belongs to the summary: it shows the summary's place.
    expect(d.meta?.progress).toEqual(first);
    const role = d.meta?.choices?.find((c) => c.value === 'role');
    expect(role).toBeDefined();
    await d.send({ value: { choice: 'role' } });
    expect(d.meta?.step).toBe('role');
    expect(d.meta?.progress.current).toBe(1);
    const from = asked(d).length - 1;
    await d.run({ ...BASE.nl, role: 'parent_or_guardian', authorisation: 'ja', client_name: 'Overslaan', youth_care: 'nee' }, { until: 'confirm' });
    const after = asked(d).slice(from);
    expectStableProgress(after, { changed: true });
    // The new path asks more (the child's name, the authorisation): the total grew by exactly those questions.
    const extra = after.filter((m) => m.step !== 'role' && m.step !== 'confirm').length;
    expect(d.meta!.progress.total).toBeLessThanOrEqual(first.total + extra);
  });
});
