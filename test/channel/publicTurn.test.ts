import type { Activity, TurnContext } from 'botbuilder';
import { createAdapter } from '../../src/channel/adapter';
import { botAuthentication } from '../../src/channel/auth';
import { processTurn } from '../../src/channel/publicTurn';
import { createLogger } from '../../src/infra/log/logger';

/**
 * processTurn answers the caller what botbuilder's protected processActivity would have, with
 * public API only: the expectReplies replies, an invoke's response, or nothing.
 */
describe('a turn through the public adapter API', () => {
  const settings = { MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppTenantId: '' };
  const authentication = botAuthentication(settings);
  const adapter = createAdapter(settings, createLogger('silent'), authentication);
  const activity = (extra: Partial<Activity>) =>
    ({ channelId: 'test', serviceUrl: 'http://127.0.0.1:9', conversation: { id: 'c-1' }, from: { id: 'u' }, recipient: { id: 'b' }, locale: 'nl-NL', ...extra }) as Activity;
  const run = async (a: Activity, logic: (context: TurnContext) => Promise<void>) => processTurn(adapter, await authentication.authenticateRequest(a, ''), a, logic);

  it('when the caller expects replies, then every reply comes back with 200, in order', async () => {
    const response = await run(activity({ type: 'message', text: 'hoi', deliveryMode: 'expectReplies' }), async (context) => {
      await context.sendActivity('een');
      await context.sendActivities([{ type: 'message', text: 'twee' }, { type: 'message', text: 'drie' }]);
    });
    expect(response?.status).toBe(200);
    expect((response?.body as { activities: Activity[] }).activities.map((a) => a.text)).toEqual(['een', 'twee', 'drie']);
  });

  it('when the turn fails, then the person still gets the apology with an error id in the replies', async () => {
    const response = await run(activity({ type: 'message', text: 'hoi', deliveryMode: 'expectReplies' }), async () => {
      throw new Error('kapot');
    });
    expect(response?.status).toBe(200);
    const texts = (response?.body as { activities: Activity[] }).activities.map((a) => a.text);
    expect(texts).toEqual([expect.stringMatching(/[0-9A-F]{8}/)]);
  });

  it('when an invoke is answered, then its status and body are the answer; unanswered, it is 501', async () => {
    const answered = await run(activity({ type: 'invoke', name: 'adaptiveCard/action' }), async (context) => {
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'klaar' } } });
    });
    expect(answered).toEqual({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'klaar' } });
    expect(await run(activity({ type: 'invoke', name: 'adaptiveCard/action' }), async () => undefined)).toEqual({ status: 501 });
  });

  it('when a plain message needs no answer body, then there is none', async () => {
    expect(await run(activity({ type: 'message', text: 'hoi' }), async () => undefined)).toBeUndefined();
  });
});
