import type { Activity } from 'botbuilder';

/**
 * One scenario driver for every transcript test: it answers by the step id in
 * `channelData.klachtwijzer`, so a test reads as "at this step, say that". The transport is
 * pluggable (in-process HTTP with expectReplies, a child process, a browser, several instances).
 */

export type Reply = Partial<Activity>;
/** Send one activity, get the bot's replies to it. */
export type Transport = (activity: Partial<Activity>) => Promise<Reply[]>;

export interface StepMeta {
  step: string;
  expects: 'choice' | 'text' | 'date' | 'number' | 'email' | 'phone';
  choices?: Array<{ value: string; title: string }>;
  progress: { current: number; total: number };
}

export interface Outcome {
  outcome: string;
  reference?: string;
}

/** What the user sends: text, or a card/button value, or an attachment. */
export type Answer = string | { text?: string; value?: unknown; attachments?: Activity['attachments']; locale?: string; channelData?: unknown };
export type AnswerContext = { meta: StepMeta; replies: Reply[]; times: number };
/** A fixed answer, a list (the n-th time the step is asked), or a function of what was asked. */
export type AnswerSpec = Answer | Answer[] | ((ctx: AnswerContext) => Answer);
export type Answers = Record<string, AnswerSpec>;

export interface Exchange {
  sent: Partial<Activity>;
  replies: Reply[];
}

export interface DriverOptions {
  conversationId?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  locale?: string;
}

let counter = 0;

export const metaOf = (a: Reply): StepMeta | undefined => (a.channelData as { klachtwijzer?: StepMeta } | undefined)?.klachtwijzer;
export const outcomeOf = (a: Reply): Outcome | undefined => (a.channelData as { klachtwijzerOutcome?: Outcome } | undefined)?.klachtwijzerOutcome;
export const textsOf = (replies: Reply[]): string[] => replies.map((r) => r.text ?? '').filter(Boolean);

export class ScenarioDriver {
  readonly conversationId: string;
  readonly userId: string;
  readonly transcript: Exchange[] = [];
  /** Every step asked, in order (a step asked twice appears twice). */
  readonly steps: string[] = [];
  private readonly asked = new Map<string, number>();
  private seq = 0;

  constructor(
    private readonly transport: Transport,
    private readonly opts: DriverOptions = {},
  ) {
    counter += 1;
    this.conversationId = opts.conversationId ?? `conv-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
    this.userId = opts.userId ?? `user-${counter}`;
  }

  private base(): Partial<Activity> {
    this.seq += 1;
    return {
      id: `${this.conversationId}-${this.seq}`,
      timestamp: new Date(Date.UTC(2026, 2, 10, 9, 0, this.seq % 60)),
      channelId: this.opts.channelId ?? 'test',
      serviceUrl: 'http://127.0.0.1:9',
      from: { id: this.userId, name: this.opts.userName ?? 'Gebruiker' },
      recipient: { id: 'klachtwijzer', name: 'Klachtwijzer' },
      conversation: { id: this.conversationId } as Activity['conversation'],
      locale: this.opts.locale ?? 'nl-NL',
      deliveryMode: 'expectReplies',
    };
  }

  private async exchange(activity: Partial<Activity>): Promise<Reply[]> {
    const replies = await this.transport(activity);
    this.transcript.push({ sent: activity, replies });
    const meta = this.lastMetaIn(replies);
    if (meta) this.steps.push(meta.step);
    return replies;
  }

  /** The conversation starts: the channel tells the bot a member joined. */
  start(channelData?: unknown): Promise<Reply[]> {
    return this.exchange({
      ...this.base(),
      type: 'conversationUpdate',
      membersAdded: [{ id: this.userId, name: this.opts.userName ?? 'Gebruiker' }],
      ...(channelData ? { channelData } : {}),
    });
  }

  send(answer: Answer): Promise<Reply[]> {
    const a = typeof answer === 'string' ? { text: answer } : answer;
    return this.exchange({
      ...this.base(),
      type: 'message',
      ...(a.text !== undefined ? { text: a.text } : {}),
      ...(a.value !== undefined ? { value: a.value } : {}),
      ...(a.attachments ? { attachments: a.attachments } : {}),
      ...(a.channelData ? { channelData: a.channelData } : {}),
      ...(a.locale ? { locale: a.locale } : {}),
    });
  }

  get lastReplies(): Reply[] {
    return this.transcript[this.transcript.length - 1]?.replies ?? [];
  }

  private lastMetaIn(replies: Reply[]): StepMeta | undefined {
    for (let i = replies.length - 1; i >= 0; i--) {
      const m = metaOf(replies[i]);
      if (m) return m;
    }
    return undefined;
  }

  /** The step the bot asks now, if it asks one. */
  get meta(): StepMeta | undefined {
    return this.lastMetaIn(this.lastReplies);
  }

  get outcome(): Outcome | undefined {
    for (const r of [...this.lastReplies].reverse()) {
      const o = outcomeOf(r);
      if (o) return o;
    }
    return undefined;
  }

  /** All bot texts so far, joined: for "the person was told …" assertions. */
  allText(): string {
    return this.transcript.flatMap((e) => textsOf(e.replies)).join('\n');
  }

  /**
   * Answer each asked step from `answers` until the bot asks nothing more, or `until` names the
   * step asked now. Throws when a step has no answer, so a path that changed is noticed.
   */
  async run(answers: Answers, opts: { until?: string; maxTurns?: number } = {}): Promise<{ outcome?: Outcome; steps: string[] }> {
    const max = opts.maxTurns ?? 80;
    for (let turn = 0; turn < max; turn++) {
      const meta = this.meta;
      if (!meta || meta.step === opts.until) return { outcome: this.outcome, steps: this.steps };
      const spec = answers[meta.step];
      if (spec === undefined) throw new Error(`no answer for step "${meta.step}" (asked so far: ${this.steps.join(' > ')})`);
      const times = this.asked.get(meta.step) ?? 0;
      this.asked.set(meta.step, times + 1);
      const answer = typeof spec === 'function' ? spec({ meta, replies: this.lastReplies, times }) : Array.isArray(spec) ? spec[Math.min(times, spec.length - 1)] : spec;
      await this.send(answer);
    }
    throw new Error(`still asking after ${max} turns: ${this.steps.join(' > ')}`);
  }
}

/** The real CloudAdapter over HTTP: POST /api/messages with expectReplies, replies from the body. */
export function httpTransport(baseUrl: string): Transport {
  return async (activity) => {
    const res = await fetch(`${baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { activities?: Reply[] };
    return body.activities ?? [];
  };
}
