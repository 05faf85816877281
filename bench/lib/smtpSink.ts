import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server that accepts and discards every message, in its own process so it does not
 * share the outbox's CPU: `node dist/bench/lib/smtpSink.js`. Sends `{ port }` over IPC, then
 * answers every IPC message with `{ received }`.
 */
let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, cb) {
    stream.on('end', () => {
      received += 1;
      cb();
    });
    stream.resume();
  },
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.server.address();
  process.send?.({ port: typeof addr === 'object' && addr ? addr.port : 0 });
});
process.on('message', () => process.send?.({ received }));
process.on('disconnect', () => process.exit(0));
