import { post } from './load';

/** The answers a benchmark conversation gives, by step id: a complaint about a rude employee. */
export const ANSWERS: Record<string, string> = {
  role: 'self',
  age: '18_plus',
  about: 'employee',
  ladder: 'employee',
  ladder_outcome: 'not_resolved',
  scope: 'conduct_or_service',
  category: 'conduct',
  event_date: '3-3-2026',
  event_date_confirm: 'ja',
  late_reason: 'Ik was ziek.',
  description: 'De begeleider schreeuwde tegen mij tijdens het gesprek op dinsdag.',
  location: 'Locatie Centrum',
  employee_name: 'skip',
  desired_outcome: 'Ik wil excuses en een nieuw gesprek.',
  prior_conversations: 'Ik sprak de begeleider op 4 maart.',
  why_insufficient: 'Er veranderde niets.',
  full_name: 'Anna de Vries',
  email: 'anna@example.nl',
  phone: '06 12345678',
  consent: 'yes',
  confirm: 'send',
  mail_summary: 'yes',
};

type Reply = { channelData?: { klachtwijzer?: { step: string }; klachtwijzerOutcome?: { outcome: string } } };

/**
 * One benchmark conversation, a turn at a time, over HTTP with expectReplies: `turn()` sends the
 * next activity (the conversation start first, then the answer to the step asked) and returns
 * false once the bot asks nothing more.
 */
export class BenchConversation {
  private seq = 0;
  /** The step the bot asks now (what the next turn answers). */
  step: string | undefined;
  private started = false;
  done = false;
  outcome: string | undefined;

  constructor(
    private readonly port: number,
    readonly id: string,
    private readonly organisation: string,
  ) {}

  private activity(extra: Record<string, unknown>) {
    return {
      type: 'message',
      id: `${this.id}-${++this.seq}`,
      channelId: 'bench',
      serviceUrl: 'http://127.0.0.1:9',
      from: { id: `u-${this.id}`, name: 'Bench' },
      recipient: { id: 'klachtwijzer' },
      conversation: { id: this.id },
      locale: 'nl-NL',
      deliveryMode: 'expectReplies',
      ...extra,
    };
  }

  async turn(): Promise<boolean> {
    if (this.done) return false;
    let body: Record<string, unknown>;
    if (!this.started) {
      this.started = true;
      body = this.activity({ type: 'conversationUpdate', membersAdded: [{ id: `u-${this.id}` }], channelData: { organisation: this.organisation } });
    } else {
      const text = ANSWERS[this.step!];
      if (text === undefined) throw new Error(`no benchmark answer for step "${this.step}"`);
      body = this.activity({ text });
    }
    const res = await post(this.port, '/api/messages', body);
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    const replies = (res.json?.activities ?? []) as Reply[];
    this.step = [...replies].reverse().find((r) => r.channelData?.klachtwijzer)?.channelData?.klachtwijzer?.step;
    if (!this.step) {
      this.done = true;
      this.outcome = replies.find((r) => r.channelData?.klachtwijzerOutcome)?.channelData?.klachtwijzerOutcome?.outcome;
    }
    return !this.done;
  }
}

/** The echo floor's "conversation": the same number of plain message turns. */
export function echoActivity(conversation: string, seq: number) {
  return {
    type: 'message',
    id: `${conversation}-${seq}`,
    channelId: 'bench',
    serviceUrl: 'http://127.0.0.1:9',
    from: { id: `u-${conversation}`, name: 'Bench' },
    recipient: { id: 'bot' },
    conversation: { id: conversation },
    deliveryMode: 'expectReplies',
    text: `bericht ${seq}`,
  };
}
