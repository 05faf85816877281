import { complaintValidator } from '../helpers/complaintSchema';
import { TestSmtp } from '../helpers/smtp';
import { draft, harness, type Harness, PERSON } from './fixtures';

describe('what people type never becomes header syntax or markup', () => {
  let smtp: TestSmtp;
  let h: Harness;
  let n = 0;
  const validate = complaintValidator();

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    h = await harness({ smtp });
  });
  afterAll(async () => {
    await h.dispose();
    await smtp.stop();
  });

  async function deliver(patch: Parameters<typeof draft>[2]) {
    const result = await h.delivery.sender.submit(draft('jess', 'manager', patch), { idempotencyKey: `conv-safety-${++n}` });
    await h.delivery.worker.drain();
    const mails = smtp.mails.filter((m) => result.ok && m.parsed.headers.get('x-klachtwijzer-reference') === result.reference);
    return { result, mails, org: mails.find((m) => m.parsed.headers.get('x-klachtwijzer-kind') === 'organisation') };
  }

  const LINE_BREAKS: Array<[string, Parameters<typeof draft>[2]]> = [
    ['a name', { complainant: { name: 'Anna\r\nBcc: victim@evil.test', email: PERSON.email, role: 'self' } }],
    ['a name with a bare LF', { complainant: { name: 'Anna\nSubject: hacked', email: PERSON.email, role: 'self' } }],
    ['an e-mail address', { complainant: { name: PERSON.name, email: 'anna@example.nl\r\nBcc: victim@evil.test', role: 'self' } }],
    ['an employee name', { event: { date: '2026-03-30', description: 'x', category: 'other', employeeName: 'Piet\r\nBcc: victim@evil.test' } }],
    ['a location', { event: { date: '2026-03-30', description: 'x', category: 'other', location: 'Laak\r\nX-Evil: 1' } }],
    ["a client's name", { client: { name: 'Sam\u2028Bcc: victim@evil.test' } }],
  ];

  it.each(LINE_BREAKS)('when %s holds a line break, then the submit is refused as invalid and nothing is stored or sent', async (_what, patch) => {
    const before = smtp.mails.length;
    const stored = (await h.db.query('SELECT reference FROM delivery_complaints')).length;
    const { result } = await deliver(patch);
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await h.db.query('SELECT reference FROM delivery_complaints')).toHaveLength(stored);
    expect(JSON.stringify(result)).not.toContain('victim@evil.test');
    expect(smtp.mails.length).toBe(before);
  });

  it('when a name is written like an address list, then Reply-To still holds only the complainant and nobody else receives anything', async () => {
    const name = 'Evil <attacker@evil.test>, "Bcc" victim@evil.test; Subject: x';
    const { result, org, mails } = await deliver({ complainant: { name, email: PERSON.email, role: 'self' } });
    expect(result.ok).toBe(true);
    expect(org?.parsed.replyTo?.value).toEqual([{ name, address: PERSON.email }]);
    expect(org?.parsed.headers.has('bcc')).toBe(false);
    expect(org?.parsed.subject).toBe(`Klacht ${result.ok && result.reference} – JESS`);
    expect(mails.flatMap((m) => m.envelope.to).filter((a) => a.endsWith('evil.test'))).toEqual([]);
    expect(smtp.mails.some((m) => m.raw.match(/^(to|cc|bcc):.*evil\.test/im))).toBe(false);
  });

  it('when every field holds HTML and script, then the HTML mail shows it as text and the plain mail as typed', async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)><b>vet</b> & "quotes"';
    const { org } = await deliver({
      complainant: { name: `Anna ${evil}`.slice(0, 200), email: PERSON.email, role: 'self' },
      event: { date: '2026-03-30', description: `Beschrijving ${evil}`, category: 'other', location: `Laak ${evil}`, employeeName: `Piet ${evil}` },
      desiredOutcome: `Oplossing ${evil}`,
      timeLimit: { status: 'late', expiredOn: '2026-01-30', lateReason: `Reden ${evil}` },
    });
    const html = String(org?.parsed.html);
    expect(html).not.toMatch(/<script|<img|<b>|onerror=alert\(2\)>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&lt;b&gt;vet&lt;/b&gt; &amp; &quot;quotes&quot;');
    for (const label of ['Beschrijving', 'Oplossing', 'Reden', 'Laak', 'Piet', 'Anna']) expect(org?.parsed.text).toContain(`${label} ${evil}`);
  });

  it('when the description is 5,000 characters with line breaks and accents, then it arrives whole in the text, the HTML and complaint.json', async () => {
    const paragraph = 'Één keer per week ging het mis: “niemand” belde — ook niet na mijn mail. 😟\n';
    const description = paragraph.repeat(200).slice(0, 5000);
    expect(description).toHaveLength(5000);
    const { org } = await deliver({ event: { date: '2026-03-30', description, category: 'communication' } });
    const json = JSON.parse(org!.parsed.attachments[0].content.toString('utf8'));
    expect(validate(json)).toEqual([]);
    expect(json.event.description).toBe(description.trim());
    expect(org?.parsed.text).toContain(description.trim());
    expect(String(org?.parsed.html)).toContain(description.trim().replace(/"/g, '&quot;'));
  });
});
