import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it accepts. It can be stopped and
 * started again on the same port (an outage), or made to hang after the greeting (a mail that
 * is being sent when the sender dies).
 */
export class TestSmtp {
  readonly mails: ReceivedMail[] = [];
  /** Connections that reached MAIL FROM while `hang` was on. */
  hungSessions = 0;
  hang = false;
  /** How many of the next messages to refuse with a temporary error (451), after reading them. */
  refuseNext = 0;
  readonly refused: ReceivedMail[] = [];
  port = 0;
  private server: SMTPServer | undefined;
  private readonly held: Array<() => void> = [];

  static async start(): Promise<TestSmtp> {
    const s = new TestSmtp();
    await s.listen(0);
    return s;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}/?ignoreTLS=true`;
  }

  private listen(port: number): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      size: 10 * 1024 * 1024,
      onMailFrom: (_address, _session, cb) => {
        if (!this.hang) return cb();
        this.hungSessions += 1;
        this.held.push(() => cb(new Error('shutting down')));
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw).then(
            (parsed) => {
              const mail = {
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                  to: session.envelope.rcptTo.map((r) => r.address),
                },
                raw,
                parsed,
              };
              if (this.refuseNext > 0) {
                this.refuseNext -= 1;
                this.refused.push(mail);
                return cb(Object.assign(new Error('Try again later'), { responseCode: 451 }));
              }
              this.mails.push(mail);
              cb();
            },
            (err: Error) => cb(err),
          );
        });
      },
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const addr = server.server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : port;
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.held.splice(0).forEach((release) => release());
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Starts again on the same port, as a mail server does after an outage. */
  async restart(): Promise<void> {
    await this.listen(this.port);
  }

  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.envelope.to.includes(address));
  }

  /** Waits (polling, never a fixed sleep) until `done()` holds; fails after `timeoutMs`. */
  async waitUntil(done: () => boolean, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > until) throw new Error('timed out waiting for mail');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
