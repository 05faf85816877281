import { TestSmtp } from '../helpers/smtp';
import { draft, harness } from './fixtures';

describe('the channel in the organisation mail', () => {
  it.each([
    ['directline', 'website-chat'],
    ['webchat', 'website-chat'],
    ['msteams', 'Microsoft Teams'],
    ['slack', 'slack'],
  ])('when a complaint came in through %s, then the mail says it came through the %s', async (channel, name) => {
    const smtp = await TestSmtp.start();
    const h = await harness({ smtp });
    try {
      await h.delivery.sender.submit(draft('xtra', 'manager', { channel }), { idempotencyKey: `conv-${channel}` });
      await h.delivery.worker.drain();
      const mail = smtp.mails.find((m) => m.parsed.headers.get('x-klachtwijzer-kind') === 'organisation')!;
      expect(mail.parsed.text).toMatch(new RegExp(`Ingediend via:?\\s+${name}`));
      if (channel !== 'slack') expect(mail.parsed.text).not.toContain(channel);
    } finally {
      await h.dispose();
      await smtp.stop();
    }
  });
});
