import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../delivery/logger';
import { safeError } from '../delivery/logger';
import type { MailKind, StoredMessage } from './message';

export interface OutgoingMail {
  id: string;
  kind: MailKind;
  messageId: string;
  createdAt: number;
  message: StoredMessage;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'eml';
  send(mail: OutgoingMail): Promise<void>;
  /** Never throws: false (with a warning logged) when the server cannot be reached. */
  verify(): Promise<boolean>;
  close(): void;
}

/**
 * Every timeout stays well under the outbox lease (see outboxWorker), so a hung server cannot
 * make a send outlive its claim and let a second instance send the same mail.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

function toNodemailer(mail: OutgoingMail, from: string) {
  const m = mail.message;
  return {
    from,
    // Address objects, never strings: nodemailer encodes the name, so nothing in it is header syntax.
    to: m.to,
    ...(m.replyTo ? { replyTo: m.replyTo } : {}),
    subject: m.subject,
    text: m.text,
    html: m.html,
    attachments: m.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    messageId: mail.messageId,
    date: new Date(mail.createdAt),
    ...(m.references?.length ? { references: m.references, inReplyTo: m.references[m.references.length - 1] } : {}),
    headers: m.headers,
  };
}

/**
 * SMTP_URL decides: `smtp://` (STARTTLS when the server offers it; `?ignoreTLS=true` or
 * `?requireTLS=true` in the URL change that) or `smtps://` (TLS from the start). Without it,
 * every mail becomes an `.eml` file under `<dataDir>/mail/`, so a fresh install never mails a
 * real organisation.
 */
export function createTransport(opts: { smtpUrl?: string; mailFrom: string; dataDir: string; logger: Logger; leaseMs?: number }): MailTransport {
  return opts.smtpUrl ? smtpTransport(opts.smtpUrl, opts.mailFrom, opts.logger, opts.leaseMs) : emlTransport(opts.dataDir, opts.mailFrom, opts.logger);
}

/** Each timeout at most a third of the lease, so connect, greeting and data together end inside it. */
export function timeoutsFor(leaseMs?: number): typeof SMTP_TIMEOUTS {
  const cap = leaseMs === undefined ? Infinity : Math.max(1000, Math.floor(leaseMs / 3));
  return {
    connectionTimeout: Math.min(SMTP_TIMEOUTS.connectionTimeout, cap),
    greetingTimeout: Math.min(SMTP_TIMEOUTS.greetingTimeout, cap),
    socketTimeout: Math.min(SMTP_TIMEOUTS.socketTimeout, cap),
  };
}

function smtpTransport(url: string, from: string, logger: Logger, leaseMs?: number): MailTransport {
  // Settings in the URL win; these fill in what it leaves out.
  const transporter = nodemailer.createTransport({ url, pool: true, maxConnections: 4, ...timeoutsFor(leaseMs) });
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail(toNodemailer(mail, from));
    },
    async verify() {
      try {
        await transporter.verify();
        logger.info({ event: 'mail.transport_ready', transport: 'smtp' });
        return true;
      } catch (err) {
        logger.warn(
          { event: 'mail.transport_unreachable', transport: 'smtp', error: safeError(err) },
          'The SMTP server cannot be reached. Complaints are still accepted and kept in the outbox; they are sent once the server answers.',
        );
        return false;
      }
    },
    close() {
      transporter.close();
    },
  };
}

function emlTransport(dataDir: string, from: string, logger: Logger): MailTransport {
  const dir = join(dataDir, 'mail');
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    kind: 'eml',
    async send(mail) {
      const info = await transporter.sendMail(toNodemailer(mail, from));
      const stamp = new Date(mail.createdAt).toISOString().replace(/[:.]/g, '-');
      // One file name per mail: a retry after a crash overwrites the file instead of adding a copy.
      const path = join(dir, `${stamp}-${mail.kind}-${mail.id}.eml`);
      try {
        writeFileSync(`${path}.tmp`, info.message as Buffer);
      } catch (err) {
        // The folder is made when the first mail finds it missing (or someone removed it), not for every mail.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        mkdirSync(dir, { recursive: true });
        writeFileSync(`${path}.tmp`, info.message as Buffer);
      }
      renameSync(`${path}.tmp`, path);
      logger.info({ event: 'mail.written', mailId: mail.id, kind: mail.kind, path });
    },
    async verify() {
      logger.warn(
        { event: 'mail.transport_files', transport: 'eml', dir },
        'SMTP_URL is not set: mails are written as .eml files, nothing is sent to any organisation.',
      );
      return true;
    },
    close() {
      transporter.close();
    },
  };
}
