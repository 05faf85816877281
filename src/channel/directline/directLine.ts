import type { Activity } from 'botbuilder';
import type { SqlTranscriptStore, StoredActivity, StoredConversation } from '../../infra/directline/sqlTranscriptStore';
import { withClientAddress } from '../clientAddress';
import { maskIncomingActivity } from '../maskActivity';
import type { PostedActivity } from './schemas';
import { randomId, type TokenClaims, type TokenSigner } from './tokens';

/** One bot turn with `deliveryMode: "expectReplies"`: the activity in, the bot's replies out. */
export type BotTurn = (activity: Partial<Activity>) => Promise<Array<Partial<Activity>>>;

export const BOT_ACCOUNT = { id: 'klachtwijzer', name: 'Klachtwijzer', role: 'bot' } as const;

export interface DirectLineOptions {
  store: SqlTranscriptStore;
  signer: TokenSigner;
  bot: BotTurn;
  /** Where the bot would post if it did not answer in the HTTP body; never called with expectReplies. */
  serviceUrl: string;
  now?: () => Date;
  /** The text that replaces a person's answers once the complaint was sent (from locales/). */
  removedText?: (locale: 'nl' | 'en') => string;
  /** Event names and ids only; never what anyone typed. */
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface ConversationGrant {
  conversationId: string;
  token: string;
  expires_in: number;
}

export class DirectLineError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 502,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What a reload shows instead of an answer, once the complaint was sent. */
const REMOVED = { nl: '(verwijderd na het versturen)', en: '(removed after sending)' } as const;

/** Bot replies that mean nothing in a stored transcript. */
const NOT_KEPT = new Set(['typing', 'trace', 'delay']);
const USER_FIELDS = ['type', 'text', 'textFormat', 'name', 'value', 'locale', 'localTimestamp', 'localTimezone', 'attachments', 'entities'] as const;

/**
 * The Direct Line v3 protocol as Web Chat speaks it, minus the cloud: the transcript lives in
 * our database, and each user activity goes to the bot in-process and waits for its replies.
 */
export class DirectLine {
  private readonly now: () => Date;
  /** One bot turn at a time per conversation in this process, so a double click never races the state's eTag. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(private readonly o: DirectLineOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** A token for a new conversation (what the Azure service's `tokens/generate` does). */
  issueToken(opts: { organisation?: string; locale?: string }): ConversationGrant & { userId: string } {
    const conversationId = randomId('');
    // Never `dl_`: Web Chat ignores a userID with that prefix (it is reserved for Azure's tokens).
    const userId = randomId('kw-');
    const { token, expiresIn } = this.o.signer.issue({ cid: conversationId, uid: userId, org: opts.organisation, loc: opts.locale });
    return { conversationId, token, expires_in: expiresIn, userId };
  }

  refresh(claims: TokenClaims): ConversationGrant {
    const { cid, uid, org, loc } = claims;
    const { token, expiresIn } = this.o.signer.issue({ cid, uid, org, loc });
    return { conversationId: cid, token, expires_in: expiresIn };
  }

  /** Starts the token's conversation once (the bot's welcome comes with it); later calls just answer. */
  async start(claims: TokenClaims, token: string): Promise<ConversationGrant> {
    const { created, conversation } = await this.o.store.create({
      id: claims.cid,
      userId: claims.uid,
      ...(claims.org ? { organisation: claims.org } : {}),
      ...(claims.loc ? { locale: claims.loc } : {}),
    });
    if (created) {
      this.o.log?.info({ conversationId: conversation.id, organisation: conversation.organisation }, 'directline_conversation_started');
      await this.turn(conversation, {
        type: 'conversationUpdate',
        membersAdded: [{ id: conversation.userId, role: 'user' } as never],
      });
    }
    return { conversationId: conversation.id, token, expires_in: Math.max(0, claims.exp - Math.floor(this.now().getTime() / 1000)) };
  }

  async resume(claims: TokenClaims, conversationId: string, token: string): Promise<ConversationGrant> {
    await this.conversation(claims, conversationId);
    return { conversationId, token, expires_in: Math.max(0, claims.exp - Math.floor(this.now().getTime() / 1000)) };
  }

  /** Whether the token's conversation was started already (starting again is free). */
  async exists(conversationId: string): Promise<boolean> {
    return (await this.o.store.get(conversationId)) !== undefined;
  }

  async post(claims: TokenClaims, conversationId: string, input: PostedActivity, clientAddress?: string): Promise<{ id: string }> {
    const conversation = await this.conversation(claims, conversationId);
    const fields: Record<string, unknown> = {};
    for (const key of USER_FIELDS) if (input[key] !== undefined) fields[key] = input[key];
    const organisation = input.channelData?.organisation ?? conversation.organisation;
    const activity: Partial<Activity> = {
      ...fields,
      type: input.type,
      channelId: 'directline',
      serviceUrl: this.o.serviceUrl,
      timestamp: this.now(),
      // The sender is whoever holds the token, whatever the body claims.
      from: { id: conversation.userId, name: input.from?.name ?? '', role: 'user' },
      recipient: { ...BOT_ACCOUNT },
      conversation: { id: conversation.id } as Activity['conversation'],
      locale: input.locale ?? conversation.locale,
      channelData: { ...input.channelData, ...(organisation ? { organisation } : {}) },
    };
    // Typing is passed on to nobody: the bot does not use it, and the transcript does not need it.
    if (input.type === 'typing') return { id: `${conversation.id}|typing` };
    // A BSN is masked before anything is stored, so the transcript never holds one (AVG; the
    // bot masks it in its own state too and tells the person not to share it).
    maskIncomingActivity(activity);
    // What a person typed is shown back as they typed it, never as markdown.
    if (typeof activity.text === 'string') activity.textFormat = 'plain';
    // The echo, with the page's clientActivityID, is what tells Web Chat the message arrived.
    const [echoed] = await this.o.store.append(conversation.id, [toJson(activity)]);
    await this.turn(conversation, withClientAddress({ ...activity, id: echoed!.id }, clientAddress));
    return { id: echoed!.id };
  }

  async activities(claims: TokenClaims, conversationId: string, watermark: number): Promise<{ activities: StoredActivity[]; watermark: string }> {
    await this.conversation(claims, conversationId);
    const page = await this.o.store.list(conversationId, watermark);
    return { activities: page.activities, watermark: String(page.watermark) };
  }

  private async conversation(claims: TokenClaims, conversationId: string): Promise<StoredConversation> {
    if (claims.cid !== conversationId) throw new DirectLineError(403, 'TokenInvalid', 'this token belongs to another conversation');
    const conversation = await this.o.store.get(conversationId);
    if (!conversation) throw new DirectLineError(404, 'BadArgument', 'conversation not found (not started, or erased after its retention time)');
    return conversation;
  }

  private turn(conversation: StoredConversation, activity: Partial<Activity>): Promise<void> {
    const previous = this.turns.get(conversation.id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.runTurn(conversation, activity));
    this.turns.set(conversation.id, next);
    void next.finally(() => {
      if (this.turns.get(conversation.id) === next) this.turns.delete(conversation.id);
    }).catch(() => undefined);
    return next;
  }

  private async runTurn(conversation: StoredConversation, activity: Partial<Activity>): Promise<void> {
    const full: Partial<Activity> = {
      channelId: 'directline',
      serviceUrl: this.o.serviceUrl,
      timestamp: this.now(),
      from: { id: conversation.userId, name: '', role: 'user' },
      recipient: { ...BOT_ACCOUNT },
      conversation: { id: conversation.id } as Activity['conversation'],
      ...(conversation.locale ? { locale: conversation.locale } : {}),
      ...(conversation.organisation ? { channelData: { organisation: conversation.organisation } } : {}),
      ...activity,
      deliveryMode: 'expectReplies',
    };
    let replies: Array<Partial<Activity>>;
    try {
      replies = await this.o.bot(full);
    } catch (err) {
      this.o.log?.warn({ conversationId: conversation.id, errorClass: (err as Error)?.name }, 'directline_bot_failed');
      throw new DirectLineError(502, 'BotError', 'the bot could not handle this activity');
    }
    const kept = replies
      .filter((r) => !NOT_KEPT.has(String(r.type)))
      .map((r) =>
        toJson({
          ...r,
          id: undefined,
          channelId: 'directline',
          timestamp: this.now(),
          conversation: { id: conversation.id } as Activity['conversation'],
          from: { ...BOT_ACCOUNT, ...r.from, role: 'bot' },
          recipient: { id: conversation.userId, name: '', role: 'user' },
          replyToId: activity.id,
        }),
      );
    const outcome = replies
      .map((r) => (r.channelData as { klachtwijzerOutcome?: { outcome?: string } } | undefined)?.klachtwijzerOutcome?.outcome)
      .find(Boolean);
    if (outcome === 'erased') await this.o.store.eraseActivities(conversation.id);
    await this.o.store.append(conversation.id, kept);
    // Sent: a reload shows the bot's words, the reference and the dates, no longer what the person typed.
    if (outcome === 'submitted' || outcome === 'no_mailbox') {
      const locale = (activity.locale ?? conversation.locale ?? 'nl').toLowerCase().startsWith('en') ? 'en' : 'nl';
      await this.o.store.scrubUserContent(conversation.id, this.o.removedText?.(locale) ?? REMOVED[locale]);
    }
  }
}

/** Plain JSON (dates as ISO strings, undefined dropped), as it is stored and as Web Chat reads it. */
function toJson(activity: Partial<Activity>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
}
