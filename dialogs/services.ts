import type { TurnContext } from 'botbuilder';
import type { TFunction } from 'i18next';
import type { Locale } from '../src/domain/complaint/complaint';
import type { Voice } from '../src/infra/i18n/i18n';
import type { Clock, ComplaintSender, NotSentCounter, ProcedureRepository } from '../src/domain/ports';

/** Event names and ids only: never complaint text or personal data. */
export interface EventLog {
  info(fields: Record<string, unknown>, event: string): void;
  warn(fields: Record<string, unknown>, event: string): void;
}

/** What the dialogs need from the outside world, handed in by the composition root. */
export interface DialogServices {
  procedures: ProcedureRepository;
  sender: ComplaintSender;
  clock: Clock;
  /** Extra days off for every organisation (EXTRA_DAYS_OFF). */
  extraDaysOff: readonly string[];
  /** Days an unfinished conversation is kept (CONVERSATION_RETENTION_DAYS), told to the person. */
  conversationRetentionDays: number;
  log: EventLog;
  /** Counts conversations that end in a referral or a stop (organisation, reason, month) for the yearly report. */
  notSent?: NotSentCounter;
}

/** Conversation-wide facts kept beside the dialog stack. */
export interface ConversationInfo {
  locale?: Locale;
  /** The person chose the language; the activity's locale no longer changes it. */
  localeChosen?: boolean;
  welcomed?: boolean;
  paused?: boolean;
  /** "je" once the person wrote "je" (or said they are under 16); else "u" in Dutch. */
  voice?: Voice;
  /** `channelData.organisation` of the first activity, when it named an offered organisation. */
  presetOrganisation?: string;
  /** Helpers whose one-sentence explanation was said in this conversation (said only once). */
  explained?: string[];
}

/** The person's message, read once per turn by the root dialog (BSN already masked). */
export interface TurnInput {
  /** Trimmed text; the value of a card or button when there is no text. */
  text: string;
  /** `activity.value` of a card button, when it carries a choice. */
  choice?: string;
  command?: Command;
  /** An offered organisation named by `channelData.organisation`, before one was chosen. */
  presetOrganisation?: string;
}

/** `identity` answers "are you a real person?" (EU AI Act art. 50): no, a computer program. */
export const COMMANDS = ['help', 'back', 'restart', 'stop', 'delete', 'human', 'withdraw', 'language', 'identity', 'procedure', 'status', 'next_step'] as const;
export type Command = (typeof COMMANDS)[number];

export interface TurnInfo {
  locale: Locale;
  /** The bot's texts in this locale and the person's voice (tVoice). */
  t: TFunction;
  voice?: Voice;
  input: TurnInput;
  /** The conversation's list of helpers already explained (ConversationInfo.explained). */
  explained?: string[];
}

const TURN_KEY = Symbol('klachtwijzer.turn');

export function setTurnInfo(context: TurnContext, info: TurnInfo): void {
  context.turnState.set(TURN_KEY, info);
}

export function turnInfo(context: TurnContext): TurnInfo {
  const info = context.turnState.get(TURN_KEY) as TurnInfo | undefined;
  if (!info) throw new Error('turn info missing: the root dialog sets it before any child runs');
  return info;
}
