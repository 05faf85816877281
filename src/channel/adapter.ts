import { randomBytes } from 'node:crypto';
import { ActivityTypes, CloudAdapter, type TurnContext } from 'botbuilder';
import { botAuthentication, type BotFrameworkAuthentication } from './auth';
import type { Env } from '../config/env';
import { tFor, toLocale } from '../infra/i18n/i18n';
import type { Logger } from '../infra/log/logger';
import { turnLocale } from './turnState';

export type AuthSettings = Pick<Env, 'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppTenantId'> & Partial<Pick<Env, 'MicrosoftAppType' | 'BOT_OPENID_METADATA'>>;

/** Local mode: no app id, so no token is checked. Fine on a laptop, never on the internet. */
export const isLocalMode = (auth: AuthSettings): boolean => !auth.MicrosoftAppId;

/** A short id the person can quote and the operator can find in the log. */
export const newErrorId = (): string => randomBytes(4).toString('hex').toUpperCase();

/**
 * The Bot Framework adapter with our turn-error handling: the person gets an apology with an error
 * id in their language; the log gets that id and the error's class, never the message (it may
 * quote what the person typed). State is not saved for the failed turn, so the conversation goes
 * on from the last good answer. Connector clients are kept from turn to turn (reusedClients.ts).
 */
export function createAdapter(auth: AuthSettings, log: Logger, authentication: BotFrameworkAuthentication = botAuthentication(auth)): CloudAdapter {
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const errorId = newErrorId();
    const err = error as { name?: unknown; code?: unknown; stack?: unknown } | undefined;
    log.error(
      {
        errorId,
        errorClass: typeof err?.name === 'string' ? err.name : typeof error,
        code: typeof err?.code === 'string' ? err.code : undefined,
        // Stack frames only: the first line repeats the message.
        where: typeof err?.stack === 'string' ? err.stack.split('\n').slice(1, 6).map((l) => l.trim()) : undefined,
        channel: context.activity?.channelId,
      },
      'turn_error',
    );
    const t = tFor(turnLocale(context) ?? toLocale(context.activity?.locale), 'bot');
    try {
      await context.sendActivity({ type: ActivityTypes.Message, text: t('errors.turn', { errorId }) });
    } catch {
      log.warn({ errorId }, 'turn_error_apology_failed');
    }
  };
  return adapter;
}
