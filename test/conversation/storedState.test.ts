import { ScenarioDriver, metaOf } from '../helpers/scenarioDriver';
import { startTestApp, type TestApp } from '../helpers/testApp';

/**
 * A conversation's state outlives a deployment: what an older version stored must not crash a
 * turn of the new one. Answers that no longer fit the answers model start afresh; answers that
 * fit go on where the person was.
 */
let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

type Stored = { dialogState: { dialogStack: Array<{ state: { dialogs: { dialogStack: Array<{ id: string; state: Record<string, unknown> }> } } }> } };

/** Rewrites the intake's stored state as another version of the bot might have left it. */
async function rewriteIntake(conversationId: string, change: (intake: Record<string, unknown>) => void): Promise<void> {
  const [row] = await t.db.query<{ key: string; data: string }>('SELECT key, data FROM bot_state WHERE key LIKE ?', [`%${conversationId}%`]);
  const data = JSON.parse(row!.data) as Stored;
  const intake = data.dialogState.dialogStack[0]!.state.dialogs.dialogStack.find((d) => d.id.endsWith('intake'))!;
  change(intake.state);
  await t.db.execute('UPDATE bot_state SET data = ? WHERE key = ?', [JSON.stringify(data), row!.key]);
}

async function atAboutStep(): Promise<ScenarioDriver> {
  const d = new ScenarioDriver(t.transport);
  await d.start({ organisation: 'xtra' });
  await d.send('self');
  const replies = await d.send('18_plus');
  expect(replies.map(metaOf).find(Boolean)?.step).toBe('about');
  return d;
}

const stepAsked = (replies: Awaited<ReturnType<ScenarioDriver['send']>>) => replies.map(metaOf).filter(Boolean).pop()?.step;

describe('a conversation stored by an older version', () => {
  it('when its answers no longer fit the model (an answer that does not exist any more, no model stamp), then the intake starts afresh instead of failing', async () => {
    const d = await atAboutStep();
    await rewriteIntake(d.conversationId, (s) => {
      s.answers = { ...(s.answers as object), role: 'role_of_an_old_version' };
      delete s.model;
    });
    const replies = await d.send('employee');
    expect(replies.some((r) => /errors?|fout/i.test(r.text ?? '') && /[0-9A-F]{8}/.test(r.text ?? ''))).toBe(false);
    expect(stepAsked(replies)).toBe('organisation');
  });

  it('when it was checked against an older model but its answers still fit, then the person goes on where they were', async () => {
    const d = await atAboutStep();
    await rewriteIntake(d.conversationId, (s) => {
      s.model = 'an-older-model';
    });
    const replies = await d.send('employee');
    expect(stepAsked(replies)).toBe('ladder');
  });

  it('when it carries an older model stamp and answers that no longer fit, then they are checked again and the intake starts afresh', async () => {
    const d = await atAboutStep();
    await rewriteIntake(d.conversationId, (s) => {
      s.answers = { ...(s.answers as object), ageBand: 'between_7_and_77' };
      s.model = 'an-older-model';
    });
    expect(stepAsked(await d.send('employee'))).toBe('organisation');
  });

  it('when it was stored by the botbuilder-dialogs stack (each dialog with a version hash), then the person goes on where they were', async () => {
    const d = await atAboutStep();
    const [row] = await t.db.query<{ key: string; data: string }>('SELECT key, data FROM bot_state WHERE key LIKE ?', [`%${d.conversationId}%`]);
    const data = JSON.parse(row!.data) as { dialogState: { dialogStack: Array<Record<string, unknown> & { state: { dialogs: { dialogStack: Array<Record<string, unknown>> } } }> } };
    // As botbuilder-dialogs 4.23.3's ComponentDialog stored a conversation: the root with the hash
    // of its dialogs, each inner dialog with its id as its version.
    const root = data.dialogState.dialogStack[0]!;
    root.version = '2193861045';
    for (const inner of root.state.dialogs.dialogStack) inner.version = inner.id;
    await t.db.execute('UPDATE bot_state SET data = ? WHERE key = ?', [JSON.stringify(data), row!.key]);
    expect(stepAsked(await d.send('employee'))).toBe('ladder');
    expect(stepAsked(await d.send('terug'))).toBe('about');
  });
});

